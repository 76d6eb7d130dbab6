/**
 * Editor latency on a 1,000-file project (architecture.md §7): the built language server (dist/server.js)
 * over stdio, a 3,000-line file opened and edited one line at a time, didChange →
 * publishDiagnostics measured per edit; then the Scan Workspace command's time, a second round of
 * edits with every file loaded, and the server's peak RSS. Runs inside `npm run bench`; alone:
 *
 *   node --import tsx bench/lint-throughput.ts --latency-only [--edits=100] [--cpu-prof] [--server-node-option=…] [--json]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { Commands, type ScanResult } from '../../server/src/shared/protocol';
import { type LspSession, startServer } from '../../server/test/support/lsp-harness';
import { type LineEdit, planEdits } from './workspace/editor-file';
import { summarizeProfile, type TimeWindow } from './profile';
import { generateProject, type LatencyProject, seededRandom } from './workspace/project';
import { absoluteBudget, distribution, type EditorLatencyResult, type LatencyRound } from './report';
import { measure, summarize } from '../support/measure';
import { parseOnly } from '../lint/phases';
import { environment } from '../support/report';

/** What to run. */
export interface LatencyOptions {
  /** Measured edits per round (warm-up edits come on top). */
  edits: number;
  seed: number;
  /** Write the server's CPU profile here and summarize the edits' share of it. */
  cpuProfileDir?: string;
  /** More Node options for the server process (`--max-old-space-size=256`), to experiment. */
  serverNodeOptions?: string[];
  log(line: string): void;
}

/** The server's debounce after a keystroke (typingDelayMs in server/src/lsp/diagnostics.ts). */
const debounceMs = 50;
const warmupEdits = 5;
const budgetP95Ms = 50;
const budgetRssMb = 400;
/**
 * Time bounds that keep the benchmark under two minutes even when the server hangs: a round of
 * edits stops early (with a warning) after `roundMs`; waits for the open and the scan fail after theirs.
 */
const bounds = { openMs: 15_000, editMs: 10_000, roundMs: 30_000, scanMs: 25_000 };

/** Runs the benchmark in a temporary workspace, which is removed afterwards. */
export async function runEditorLatency(options: LatencyOptions): Promise<EditorLatencyResult> {
  const project = generateProject(options.seed);
  // Ctrl-C: the temporary workspace goes too (the server, in the same process group, gets the signal as well).
  const interrupted = () => {
    project.remove();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  try {
    options.log(`editor latency: generated ${project.files.length} files + ${path.relative(project.root, project.editor.path)} in ${project.root}`);
    const baseline = await measureBaselines(project);
    return await measureServer(project, baseline, options);
  } finally {
    process.off('SIGINT', interrupted);
    project.remove();
  }
}

async function measureBaselines(project: LatencyProject): Promise<EditorLatencyResult['baseline']> {
  const text = project.editor.text;
  const parseTimes: number[] = [];
  for (let run = 0; run < 60; run++) {
    const start = performance.now();
    ts.createSourceFile(project.editor.path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    if (run >= 10) parseTimes.push(performance.now() - start);
  }
  const files = [...project.files, project.editor.path];
  const projectRuns = [];
  for (let run = 0; run < 4; run++) {
    const { run: timing } = await measure(parseOnly(files));
    if (run > 0) projectRuns.push(timing);
  }
  return { parseEditedFileMs: distribution(parseTimes).p50, parseProjectMs: Math.round(summarize(projectRuns).ms) };
}

/** What one server session measured, before the result is assembled. */
interface Measured {
  open: EditorLatencyResult['open'];
  rounds: LatencyRound[];
  scan: EditorLatencyResult['scan'];
  memory: EditorLatencyResult['memory'];
}

async function measureServer(project: LatencyProject, baseline: EditorLatencyResult['baseline'], options: LatencyOptions): Promise<EditorLatencyResult> {
  const warnings: string[] = [];
  const windows: TimeWindow[] = [];
  const profileDir = options.cpuProfileDir;
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=250'] : [];
  const execArgv = [...profiling, ...(options.serverNodeOptions ?? [])];
  const startedAt = performance.now();
  const session = await startServer(project.root, { scan: { onStartup: false } }, {}, { execArgv });
  let measured: Measured;
  try {
    measured = await Promise.race([driveServer(session, project, options, windows, warnings), serverExit(session)]);
  } finally {
    if (session.process.exitCode === null && session.process.signalCode === null) {
      const code = await session.stop();
      if (code !== 0) warnings.push(`the server exited with ${code} after shutdown + exit`);
    }
  }
  options.log(`editor latency: server session took ${Math.round(performance.now() - startedAt)} ms`);
  const result = assemble(project, baseline, measured, options.seed, warnings);
  if (profileDir) {
    const file = newestProfile(profileDir);
    result.profile = { file, summary: summarizeProfile(file, windows) };
  }
  return result;
}

/** Rejects when the server process ends (a crash, running out of heap), with the end of its stderr. */
function serverExit(session: LspSession): Promise<never> {
  let stderr = '';
  session.process.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  return new Promise((_, reject) => {
    session.process.once('exit', (code, signal) => reject(new Error(`the language server exited during the benchmark (code ${code}, signal ${signal})\n${stderr}`)));
  });
}

/** Open, a round of edits, the scan, a second round of edits; the server's memory after and peak during each. */
async function driveServer(session: LspSession, project: LatencyProject, options: LatencyOptions, windows: TimeWindow[], warnings: string[]): Promise<Measured> {
  const memory = new ServerMemory(session.process.pid, warnings);
  const document = new EditedDocument(session, project.editor.path, project.editor.text);
  const open = await document.open();
  memory.endPhase('open');
  const plan = planEdits(project.editor, 2 * (warmupEdits + options.edits), seededRandom(options.seed + 1));
  const half = plan.length / 2;
  const scanOff = await editRound(document, plan.slice(0, half), 'scan off', { warnings, windows });
  memory.endPhase('edits, scan off');
  options.log(`editor latency: scan off p95 ${scanOff.rawMs.p95} ms raw; scanning the workspace…`);
  const scan = await runScan(session);
  // Files the scan re-read invalidate the open file's cross-file summaries; let that re-analysis finish first.
  await quiet(session, 300, bounds.editMs);
  memory.endPhase('workspace scan');
  const scanned = await editRound(document, plan.slice(half), 'after workspace scan', { warnings, windows });
  memory.endPhase('edits after scan');
  return { open, rounds: [scanOff, scanned], scan, memory: memory.result() };
}

/** Resolves once no publishDiagnostics has arrived for `silenceMs` (or after `boundMs` in all). */
async function quiet(session: LspSession, silenceMs: number, boundMs: number): Promise<void> {
  const start = performance.now();
  let seen = session.published.length;
  let lastChange = performance.now();
  while (performance.now() - lastChange < silenceMs && performance.now() - start < boundMs) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (session.published.length !== seen) {
      seen = session.published.length;
      lastChange = performance.now();
    }
  }
}

/** The open document: its text as the client holds it, and the version it sends next. */
class EditedDocument {
  readonly uri: string;
  private readonly lines: string[];
  private version = 1;
  /** Rule id and line of each diagnostic last published, to tell whether an edit changed the findings. */
  private lastFingerprint = '';

  constructor(
    private readonly session: LspSession,
    readonly filePath: string,
    text: string,
  ) {
    this.uri = pathToFileURL(filePath).href;
    this.lines = text.split('\n');
  }

  /** didOpen → the first diagnostics (cold: imported files are read and summarized now). */
  async open(): Promise<EditorLatencyResult['open']> {
    const textDocument = { uri: this.uri, languageId: 'typescript', version: this.version, text: this.lines.join('\n') };
    const send = () => this.session.connection.sendNotification('textDocument/didOpen', { textDocument });
    const { ms, diagnostics } = await this.timed(send, bounds.openMs);
    this.lastFingerprint = fingerprint(diagnostics);
    return { firstDiagnosticsMs: Math.round(ms * 10) / 10, diagnostics: diagnostics.length };
  }

  /** Replaces one line (incremental didChange) and waits for the next diagnostics of the document. */
  async apply(edit: LineEdit, boundMs: number): Promise<{ ms: number; window: Omit<TimeWindow, 'label'>; diagnostics: number; changed: boolean }> {
    const range = { start: { line: edit.line, character: 0 }, end: { line: edit.line, character: this.lines[edit.line].length } };
    this.lines[edit.line] = edit.text;
    const textDocument = { uri: this.uri, version: ++this.version };
    const send = () => this.session.connection.sendNotification('textDocument/didChange', { textDocument, contentChanges: [{ range, text: edit.text }] });
    const { ms, window, diagnostics } = await this.timed(send, boundMs);
    const current = fingerprint(diagnostics);
    const changed = current !== this.lastFingerprint;
    this.lastFingerprint = current;
    return { ms, window, diagnostics: diagnostics.length, changed };
  }

  /**
   * Sends a notification and times it until the first publishDiagnostics for this document. The
   * client waits for each edit's diagnostics before the next edit, so the first publication after
   * version k is the one for version k (publishDiagnostics carries no version from this server).
   */
  private async timed(send: () => Promise<void>, boundMs: number): Promise<{ ms: number; window: Omit<TimeWindow, 'label'>; diagnostics: Diagnostic[] }> {
    let receivedAt = 0;
    let receivedTick = 0n;
    const accept = () => ((receivedAt = performance.now()), (receivedTick = process.hrtime.bigint()), true);
    const published = this.session.waitForDiagnostics(this.uri, accept, boundMs);
    const sentTick = process.hrtime.bigint();
    const sentAt = performance.now();
    await send();
    const diagnostics = await published;
    // The monotonic clock V8's profiler stamps samples with, so a profile can be cut to these spans.
    const window = { startMicros: Number(sentTick / 1000n), endMicros: Number(receivedTick / 1000n) };
    return { ms: receivedAt - sentAt, window, diagnostics };
  }
}

function fingerprint(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((diagnostic) => `${String(diagnostic.code)}@${diagnostic.range.start.line}`)
    .sort()
    .join(',');
}

/** Where a round reports to: warnings, and the spans a CPU profile is cut to. */
interface RoundContext {
  warnings: string[];
  windows: TimeWindow[];
}

/** Applies `plan` one edit at a time; the first `warmupEdits` are not counted. */
async function editRound(document: EditedDocument, plan: readonly LineEdit[], label: string, { warnings, windows }: RoundContext): Promise<LatencyRound> {
  const roundEnd = performance.now() + bounds.roundMs;
  const samples: number[] = [];
  let findingsChanged = 0;
  let fewest = Infinity;
  let most = 0;
  for (const [index, edit] of plan.entries()) {
    if (performance.now() > roundEnd) {
      warnings.push(`${label}: stopped after ${samples.length} of ${plan.length - warmupEdits} edits to stay within the time bound`);
      break;
    }
    const { ms, window, diagnostics, changed } = await document.apply(edit, Math.min(bounds.editMs, roundEnd - performance.now() + 2_000));
    if (index < warmupEdits) continue;
    samples.push(Math.round(ms * 10) / 10);
    windows.push({ label, ...window });
    if (changed) findingsChanged++;
    fewest = Math.min(fewest, diagnostics);
    most = Math.max(most, diagnostics);
  }
  return {
    label,
    rawMs: distribution(samples),
    afterDebounceMs: distribution(samples.map((sample) => sample - debounceMs)),
    samplesMs: samples,
    findingsChanged,
    diagnostics: [fewest, most],
  };
}

async function runScan(session: LspSession): Promise<EditorLatencyResult['scan']> {
  const before = session.published.length;
  const start = performance.now();
  const request = session.connection.sendRequest<ScanResult>('workspace/executeCommand', { command: Commands.scanWorkspace, arguments: [] });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`workspace scan took over ${bounds.scanMs} ms`)), bounds.scanMs)));
  try {
    const result = await Promise.race([request, timeout]);
    // The server writes every publishDiagnostics of the scan before the command's response.
    return { ms: Math.round(performance.now() - start), filesAnalyzed: result.filesAnalyzed, findings: result.findings, skipped: result.skipped, publishes: session.published.length - before };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The server process's resident memory from /proc (Linux): VmRSS after each phase, and VmHWM (peak
 * RSS) during it. The peak is reset between phases through /proc/<pid>/clear_refs where allowed.
 */
class ServerMemory {
  private readonly phases: Array<{ phase: string; rssMb: number; peakMb: number }> = [];
  private peakMb = NaN;
  private canReset = true;

  constructor(
    private readonly pid: number | undefined,
    private readonly warnings: string[],
  ) {}

  endPhase(phase: string): void {
    const { rssMb, peakMb } = this.read();
    this.phases.push({ phase, rssMb, peakMb });
    this.peakMb = Number.isNaN(this.peakMb) ? peakMb : Math.max(this.peakMb, peakMb);
    if (!this.canReset) return;
    try {
      fs.writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
    } catch {
      this.canReset = false;
      this.warnings.push('cannot reset the peak RSS between phases (clear_refs): each phase shows the peak since start');
    }
  }

  result(): EditorLatencyResult['memory'] {
    return { phases: this.phases, peakRssMb: this.peakMb };
  }

  private read(): { rssMb: number; peakMb: number } {
    let status: string;
    try {
      status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      const warning = 'no /proc/<pid>/status here: server memory not measured';
      if (!this.warnings.includes(warning)) this.warnings.push(warning);
      return { rssMb: NaN, peakMb: NaN };
    }
    const field = (name: string) => Math.round(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 102.4) / 10;
    return { rssMb: field('VmRSS'), peakMb: field('VmHWM') };
  }
}

function assemble(project: LatencyProject, baseline: EditorLatencyResult['baseline'], measured: Measured, seed: number, warnings: string[]): EditorLatencyResult {
  const [scanOff] = measured.rounds;
  const latency = measured.rounds.map((round) =>
    absoluteBudget(`didChange → publishDiagnostics p95 − ${debounceMs} ms debounce (${round.label})`, round.afterDebounceMs.p95, budgetP95Ms, 'ms'),
  );
  const editor = project.editor;
  return {
    environment: environment(ts.version),
    project: {
      files: project.files.length,
      lines: project.lines,
      bytes: project.bytes,
      seed,
      editedFile: { path: path.relative(project.root, editor.path), lines: editor.lines, bytes: Buffer.byteLength(editor.text), slots: editor.slots.length },
    },
    debounceMs,
    warmupEdits,
    baseline,
    open: measured.open,
    rounds: measured.rounds,
    scan: measured.scan,
    memory: measured.memory,
    ratios: {
      p95AfterDebounceToParse: Math.round((scanOff.afterDebounceMs.p95 / baseline.parseEditedFileMs) * 100) / 100,
      scanToParseProject: Math.round((measured.scan.ms / baseline.parseProjectMs) * 100) / 100,
    },
    budgets: { latency, peakRss: absoluteBudget('server peak RSS (VmHWM)', measured.memory.peakRssMb, budgetRssMb, 'MB') },
    warnings,
  };
}

/** The profile the server wrote when it exited. */
function newestProfile(dir: string): string {
  const profiles = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(dir, name))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!profiles[0]) throw new Error(`the server wrote no .cpuprofile into ${dir}`);
  return profiles[0];
}

/** A directory for the CPU profile that outlives the run. */
export function profileDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-server-profile-'));
}

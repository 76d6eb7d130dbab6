/**
 * What the ESLint plugin keeps for the life of an ESLint process (docs/eslint-plugin.md):
 * - one project model (ProjectHost) per root, the working directory ESLint runs in, so that wrappers
 *   and limiters defined in other files count, and those files are parsed once and reused across lints
 *   (a linted file that nothing imports is not held after its lint);
 * - the linted file's text from ESLint (it may be an unsaved editor buffer), its neighbours from disk,
 *   with a stamp each (StampedFileSystem) that a sweep compares with the disk at most once a second, so
 *   that in a long-lived process (an editor's ESLint server) a neighbour edited on disk is read again;
 * - one engine run per lint of a file: ESLint calls every enabled rule's `create` first, then walks the
 *   tree, so the first rule's `Program` handler runs the engine for all the rules registered, and each
 *   rule reports the findings of its id. A lint is recognised by its SourceCode object.
 */
import * as path from 'node:path';
import type { FileAnalysis } from '../analysis/file-analysis';
import { maxFileBytes, ProjectHost } from '../analysis/project/project-host';
import { isAnalyzablePath } from '../analysis/parse';
import { analyzeFile, renderMessage } from '../engine/analyze-file';
import { listWorkspaceFilesSync } from '../engine/discover';
import { ProjectConfigs, withProjectConfig } from '../engine/project-configs';
import { rules as allRules, ruleIds } from '../rules';
import type { Rule } from '../rules/types';
import type { TextEdit } from '@shared/edits';
import { formatConfigProblem, projectConfigFileName } from '@shared/project-config';
import { defaultSettings } from '@shared/settings';
import { StampedFileSystem } from './disk-stamps';
import { type ParsedSource, parserTree, type TreeOrigin } from './parser-tree';

/** What the session needs of an ESLint rule context (ESLint 9 and 10 both have these). */
export interface LintContext {
  filename: string;
  cwd: string;
  sourceCode: ParsedSource;
}

/** A 1-based line and 0-based column, as ESLint's `loc` counts. */
export interface EslintPosition {
  line: number;
  column: number;
}

/** One finding, ready for `context.report`. */
export interface SessionFinding {
  ruleId: string;
  messageId: string;
  data: Record<string, string>;
  /** The message the engine rendered (the CLI's); equal to ESLint's rendering of messageId + data. */
  message: string;
  loc: { start: EslintPosition; end: EslintPosition };
  /** The fix as an ESLint suggestion; absent when there is none or it needs the helper file. */
  suggestion?: { desc: string; edits: TextEdit[] };
}

/** What the session tells about each file it analysed (`HTTP_RESILIENCE_ESLINT_TRACE=1` prints it). */
export interface TraceEvent {
  file: string;
  /** Where the tree came from; `skipped` when the file was not analysed, with why. */
  origin: TreeOrigin | { kind: 'reused' } | { kind: 'skipped'; reason: string };
  /** How many findings the engine returned for the rules enabled. */
  findings: number;
}

/** How a session behaves; the plugin's defaults suit ESLint's CLI and editor servers alike. */
export interface SessionOptions {
  /** Least time between two comparisons of the remembered files with the disk, in ms (default 1000). */
  freshnessIntervalMs?: number;
  /** Where rule crashes and `.http-resilience.json` problems go (default: stderr). */
  log?: (line: string) => void;
  trace?: (event: TraceEvent) => void;
  clock?: () => number;
}

/** The project model, remembering which files some other file imported (those are worth holding). */
class TrackingHost extends ProjectHost {
  readonly imported = new Set<string>();

  override resolveImport(fromFile: string, specifier: string): FileAnalysis | undefined {
    const target = super.resolveImport(fromFile, specifier);
    if (target) this.imported.add(target.path);
    return target;
  }
}

interface RootState {
  files: StampedFileSystem;
  host: TrackingHost;
  configs: ProjectConfigs;
  lastSweep: number;
  /** How long the last sweep took: a sweep runs at most once per 50 of its own durations. */
  sweepMs: number;
}

interface Pass {
  ruleIds: Set<string>;
  findings?: Map<string, SessionFinding[]>;
}

const defaultFreshnessMs = 1000;

/** The state of one ESLint process (or of one test). */
export class LintSession {
  private readonly roots = new Map<string, RootState>();
  private readonly passes = new WeakMap<object, Pass>();
  private readonly freshnessMs: number;
  private readonly log: (line: string) => void;
  private readonly clock: () => number;

  constructor(private readonly options: SessionOptions = {}) {
    this.freshnessMs = options.freshnessIntervalMs ?? defaultFreshnessMs;
    this.log = options.log ?? ((line) => void process.stderr.write(`http-resilience: ${line}\n`));
    this.clock = options.clock ?? (() => performance.now());
  }

  /** From a rule's `create`: the rule takes part in this lint of the file. */
  register(context: LintContext, ruleId: string): void {
    let pass = this.passes.get(context.sourceCode);
    if (!pass) this.passes.set(context.sourceCode, (pass = { ruleIds: new Set() }));
    pass.ruleIds.add(ruleId);
  }

  /** The findings of `ruleId` in this lint; the engine runs on the first call of the lint. */
  findingsFor(context: LintContext, ruleId: string): SessionFinding[] {
    let pass = this.passes.get(context.sourceCode);
    if (!pass) this.passes.set(context.sourceCode, (pass = { ruleIds: new Set([ruleId]) }));
    pass.findings ??= this.analyze(context, pass.ruleIds);
    return pass.findings.get(ruleId) ?? [];
  }

  private analyze(context: LintContext, enabled: ReadonlySet<string>): Map<string, SessionFinding[]> {
    const result = new Map<string, SessionFinding[]>();
    const filePath = path.resolve(context.cwd, context.filename);
    const text = context.sourceCode.text;
    const skip = (reason: string) => {
      this.options.trace?.({ file: filePath, origin: { kind: 'skipped', reason }, findings: 0 });
      return result;
    };
    // The files the CLI would skip, skipped the same way.
    if (!isAnalyzablePath(filePath)) return skip('not a file extension the analyzer reads');
    if (Buffer.byteLength(text) > maxFileBytes) return skip(`over ${maxFileBytes / 1024 / 1024} MiB`);
    if (text.slice(0, 8000).includes('\0')) return skip('binary content');
    try {
      const state = this.stateFor(path.resolve(context.cwd));
      if (state.configs.isIgnored(filePath)) return skip(`ignored by ${projectConfigFileName}`);
      state.files.remember(filePath);
      const cached = state.host.cached(filePath);
      let origin: TraceEvent['origin'];
      let analysis;
      if (cached && cached.text === text) {
        // Read from disk as another file's neighbour, or linted before with the same text.
        analysis = cached;
        origin = { kind: 'reused' };
      } else {
        const adopted = parserTree(filePath, context.sourceCode);
        origin = adopted.origin;
        analysis = state.host.setFile(filePath, text, adopted.tree);
      }
      // A file our parser rejects is a file problem in the CLI, with no findings; ESLint's parser accepted it.
      if (analysis.syntaxError) return skip(`TypeScript reports a syntax error: ${analysis.syntaxError.message}`);
      const selected = allRules.filter((rule) => enabled.has(rule.meta.id));
      const captured = new Map<string, Array<{ messageId: string; data: Record<string, string | number> }>>();
      const settings = withProjectConfig(defaultSettings, state.configs.forFile(filePath));
      const reported = analyzeFile(analysis, settings, this.log, selected.map((rule) => capturing(rule, captured)));
      for (const finding of reported) {
        const key = `${finding.ruleId}\0${finding.start}\0${finding.end}\0${finding.message}`;
        const source = captured.get(key)?.shift();
        const data = Object.fromEntries(Object.entries(source?.data ?? {}).map(([name, value]) => [name, String(value)]));
        const template = allRules.find((rule) => rule.meta.id === finding.ruleId)?.meta.messages[source?.messageId ?? ''];
        const fix = finding.fix;
        const entry: SessionFinding = {
          ruleId: finding.ruleId,
          // ESLint renders messageId + data itself; when that would differ from the engine's text, the
          // engine's text is reported as it is (`message`), so ESLint and the CLI always say the same.
          messageId: source && template !== undefined && interpolate(template, data) === finding.message ? source.messageId : '',
          data,
          message: finding.message,
          loc: {
            start: { line: finding.range.start.line + 1, column: finding.range.start.character },
            end: { line: finding.range.end.line + 1, column: finding.range.end.character },
          },
          ...(fix && fix.edits.length > 0 && (fix.helperImports ?? []).length === 0 && (fix.helperTypeImports ?? []).length === 0 ? { suggestion: { desc: fix.title, edits: fix.edits } } : {}),
        };
        const list = result.get(finding.ruleId) ?? [];
        list.push(entry);
        result.set(finding.ruleId, list);
      }
      this.options.trace?.({ file: filePath, origin, findings: reported.length });
      // A linted file nothing has imported yet is not held after its lint: ESLint drops its own tree too,
      // and holding every file's tree through a large run costs more in garbage collection than parsing
      // again the few that something imports later (from disk, then).
      if (!state.host.imported.has(filePath)) state.host.release(filePath);
    } catch (error) {
      this.log(`internal error on ${filePath}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return result;
    }
    return result;
  }

  /** The project model of `root`, after forgetting what changed on disk since the last sweep. */
  private stateFor(root: string): RootState {
    let state = this.roots.get(root);
    if (!state) {
      state = this.createState(root);
      this.roots.set(root, state);
      return state;
    }
    const now = this.clock();
    if (now - state.lastSweep < Math.max(this.freshnessMs, 50 * state.sweepMs)) return state;
    const changes = state.files.changes();
    state.sweepMs = this.clock() - now;
    state.lastSweep = now;
    // A file that appeared may be what an import now resolves to, and the resolutions that missed it
    // sit in other files' summaries; a config file decides severities and server profiles everywhere.
    // Both are rare: the whole model starts again. A changed or deleted file drops itself and the
    // summaries of the files that import it.
    if (changes.appeared.length > 0 || changes.changed.some((file) => path.basename(file) === projectConfigFileName)) {
      state = this.createState(root);
      this.roots.set(root, state);
      return state;
    }
    for (const file of changes.changed) state.host.invalidate(file);
    return state;
  }

  private createState(root: string): RootState {
    const files = new StampedFileSystem();
    const configs = new ProjectConfigs(ruleIds, (problems) => problems.forEach((problem) => this.log(formatConfigProblem(problem))), files);
    const host = new TrackingHost(files, undefined, undefined, (file) => configs.forFile(file)?.config);
    // The files under the root, as the CLI would lint them: a module only browser code imports is browser code.
    // Listed when a linted file first needs that verdict (one marked 'use client', a test, … never does).
    host.setProjectFiles(() => listWorkspaceFilesSync(root));
    return { files, host, configs, lastSweep: this.clock(), sweepMs: 0 };
  }
}

/** `rule`, with the message id and data of each report remembered (the engine returns rendered messages). */
function capturing(rule: Rule, captured: Map<string, Array<{ messageId: string; data: Record<string, string | number> }>>): Rule {
  return {
    meta: rule.meta,
    check(ctx) {
      rule.check({
        file: ctx.file,
        report(at, messageId, data = {}, extra) {
          const start = 'kind' in at ? at.getStart(ctx.file.sourceFile) : at.start;
          const end = 'kind' in at ? at.getEnd() : at.end;
          const message = renderMessage(rule.meta.messages[messageId] ?? messageId, data);
          const key = `${rule.meta.id}\0${start}\0${end}\0${message}`;
          const list = captured.get(key) ?? [];
          list.push({ messageId, data });
          captured.set(key, list);
          ctx.report(at, messageId, data, extra);
        },
      });
    },
  };
}

/** ESLint's rendering of `meta.messages` templates (eslint/lib/linter/interpolate.js). */
function interpolate(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{([^{}]+)\}\}/gu, (whole, term: string) => (term.trim() in data ? data[term.trim()] : whole));
}

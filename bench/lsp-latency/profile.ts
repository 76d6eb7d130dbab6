/**
 * Reads the server's V8 CPU profile (`--cpu-prof`) and says where its time went while the client
 * waited for diagnostics: self and inclusive time per function, mapped back to the TypeScript
 * sources through dist/server.js.map.
 */
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';

/** A span the client waited for (didChange sent → diagnostics received), on the monotonic clock. */
export interface TimeWindow {
  /** Which round of edits it belongs to. */
  label: string;
  startMicros: number;
  endMicros: number;
}

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

/** The `.cpuprofile` format (Chrome DevTools protocol `Profiler.Profile`). */
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const repositoryRoot = path.resolve(__dirname, '..', '..');
const bundle = path.join(repositoryRoot, 'dist', 'server.js');
const shownFunctions = 16;

/** A text summary per round of the windows' share of the profile. */
export function summarizeProfile(file: string, windows: readonly TimeWindow[]): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const names = frameNames(profile);
  const labels = [...new Set(windows.map((window) => window.label))];
  return labels.map((label) => summarizeRound(profile, names, label, windows.filter((window) => window.label === label))).join('\n\n');
}

function summarizeRound(profile: CpuProfile, names: Map<number, string>, label: string, windows: readonly TimeWindow[]): string {
  const { self, inclusive } = timeInWindows(profile, names, windows);
  const perEdit = (micros: number) => micros / 1000 / windows.length;
  const idle = self.get('(idle)') ?? 0;
  const gc = self.get('(garbage collector)') ?? 0;
  let busy = 0;
  for (const [name, micros] of self) if (name !== '(idle)') busy += micros;
  const top = (times: Map<string, number>, skip: (name: string) => boolean) =>
    [...times.entries()]
      .filter(([name]) => !skip(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, shownFunctions)
      .map(([name, micros]) => `    ${perEdit(micros).toFixed(2).padStart(7)} ms  ${((micros / busy) * 100).toFixed(0).padStart(3)}%  ${name}`);
  return [
    `  ${label}: ${windows.length} edits; per edit the server was busy ${perEdit(busy).toFixed(1)} ms (GC ${perEdit(gc).toFixed(1)} ms) and idle ${perEdit(idle).toFixed(1)} ms (debounce, IPC)`,
    '  self time per edit:',
    ...top(self, (name) => name === '(idle)'),
    '  inclusive time per edit, our functions (and the parser entry):',
    ...top(inclusive, (name) => !(name.includes('server/src/') || name.startsWith('createSourceFile '))),
  ].join('\n');
}

/** Self and inclusive microseconds per function name, over the samples taken inside the windows. */
function timeInWindows(profile: CpuProfile, names: Map<number, string>, windows: readonly TimeWindow[]): { self: Map<string, number>; inclusive: Map<string, number> } {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const sorted = [...windows].sort((a, b) => a.startMicros - b.startMicros);
  let at = profile.startTime;
  let windowIndex = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    // A sample stands for the time until the next one (as DevTools counts it).
    const duration = profile.timeDeltas[i + 1] ?? 0;
    while (windowIndex < sorted.length && sorted[windowIndex].endMicros < at) windowIndex++;
    const window = sorted[windowIndex];
    if (!window || at < window.startMicros) continue;
    const leaf = profile.samples[i];
    const leafName = names.get(leaf) ?? '?';
    self.set(leafName, (self.get(leafName) ?? 0) + duration);
    const seen = new Set<string>();
    for (let id: number | undefined = leaf; id !== undefined; id = parents.get(id)) {
      const name = names.get(id) ?? '?';
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + duration);
    }
  }
  return { self, inclusive };
}

/** `functionName source.ts:line` per profile node, through the bundle's source map when there is one. */
function frameNames(profile: CpuProfile): Map<number, string> {
  const sourceMap = loadSourceMap();
  const names = new Map<number, string>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    const name = frame.functionName || '(anonymous)';
    if (!frame.url) {
      names.set(node.id, name);
      continue;
    }
    names.set(node.id, `${name}  ${location(frame, sourceMap)}`);
  }
  return names;
}

function location(frame: CallFrame, sourceMap: SourceMap | undefined): string {
  const filePath = frame.url.startsWith('file:') ? new URL(frame.url).pathname : frame.url;
  if (sourceMap && filePath === bundle) {
    const entry = sourceMap.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource) {
      const original = entry.originalSource.startsWith('file:') ? new URL(entry.originalSource).pathname : path.resolve(path.dirname(bundle), entry.originalSource);
      return `${path.relative(repositoryRoot, original)}:${(entry.originalLine ?? 0) + 1}`;
    }
  }
  return `${path.relative(repositoryRoot, filePath)}:${frame.lineNumber + 1}`;
}

function loadSourceMap(): SourceMap | undefined {
  try {
    return new SourceMap(JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    return undefined;
  }
}

/**
 * Files nested deeper than a recursive walk's call stack: a 10,000-term `"a" + "a" + …`, long `a.b.c…` and
 * `.then(…)` chains (TypeScript parses those in loops, so the tree is as deep as the code is long), and
 * parentheses, arrow functions, ternaries, arrays, objects, calls, blocks and `else if` chains at depths
 * TypeScript's own recursive parser handles. Each is analysed — through `lintFiles`, the CLI bundle and the
 * language server — with no internal error, and the request at the deepest point is still found. A file
 * too deep for TypeScript's parser is a parse problem of that file, not an internal error.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { lintFiles } from '../src/engine/lint-files';
import { ProjectHost } from '../src/analysis/project/project-host';
import type { ts } from '../src/analysis/ts';
import type { FileReport } from '../src/shared/findings';
import { defaultSettings } from '../src/shared/settings';
import { runCli } from './support/run-cli';
import { startServer } from './support/lsp-harness';

/** The request at the deepest point of each file: `missing-timeout` must still report it. */
const deepFetch = "fetch('https://api.example.com/deep')";
/** A fan-out after the deep part: `unbounded-concurrency` must still report it. */
const fanOut = 'export async function load(ids: string[]) {\n  return Promise.all(ids.map((id) => fetch(`https://api.example.com/${id}`)));\n}\n';

const terms = (count: number, term: string, separator: string) => Array.from({ length: count }, () => term).join(separator);

/**
 * Deep files TypeScript parses. The depths of the constructs its recursive-descent parser nests on stay well
 * below what it manages before its code is optimized (its frames are larger then): about a third to a half.
 */
const deepFiles: Record<string, string> = {
  'concat-4000.ts': `export const s = ${deepFetch} + ${terms(3_999, '"a"', ' + ')};\n`,
  'concat-10000.ts': `export const s = ${deepFetch} + ${terms(9_999, '"a"', ' + ')};\n`,
  'then-chain.ts': `export const c = ${deepFetch}${'.then(String)'.repeat(10_000)};\n`,
  'member-chain.ts': `declare const config: any;\nexport const m = ${deepFetch.replace("'https://api.example.com/deep'", `config${'.next'.repeat(10_000)}`)};\n`,
  'comma.ts': `let x = 0;\nexport const r = (${deepFetch}, ${terms(10_000, 'x', ', ')});\n`,
  'as-chain.ts': `export const q = ${deepFetch}${' as any'.repeat(10_000)};\n`,
  'else-if.js': `export function route(x) {\n  ${Array.from({ length: 1_500 }, (_, i) => `if (x === ${i}) { x++; }`).join(' else ')} else { return ${deepFetch}; }\n}\n`,
  'parentheses.ts': `export const p = ${'('.repeat(300)}${deepFetch}${')'.repeat(300)};\n`,
  'arrows.ts': `export const f = ${'() => '.repeat(400)}${deepFetch};\n`,
  'ternaries.ts': `declare const x: boolean;\nexport const t = ${'x ? 1 : '.repeat(1_000)}${deepFetch};\n`,
  'nested-ternaries.ts': `declare const x: boolean;\nexport const t = ${'x ? ('.repeat(250)}${deepFetch}${') : 1'.repeat(250)};\n`,
  'arrays.ts': `export const a = ${'['.repeat(300)}${deepFetch}${']'.repeat(300)};\n`,
  'objects.ts': `export const o = ${'{ a: '.repeat(300)}${deepFetch}${' }'.repeat(300)};\n`,
  'calls.ts': `declare function f(x: unknown): unknown;\nexport const k = ${'f('.repeat(300)}${deepFetch}${')'.repeat(300)};\n`,
  'blocks.ts': `export function h() ${'{ '.repeat(1_000)}${deepFetch};${' }'.repeat(1_000)}\n`,
};

/** Deeper than TypeScript's recursive-descent parser goes: reported as a parse problem. */
const tooDeepForTypeScript = `export const p = ${'('.repeat(100_000)}1${')'.repeat(100_000)};\n${fanOut}`;

/** Zero-based lines of the deep request (the first `fetch(` of each file) and of the fan-out in `text`. */
function expectedLines(text: string): { deep: number; fanOut: number } {
  const lines = text.split('\n');
  return { deep: lines.findIndex((line) => line.includes('fetch(')), fanOut: lines.findIndex((line) => line.includes('Promise.all')) };
}

let dir: string;
const contents = new Map<string, string>();

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-deep-'));
  for (const [name, text] of Object.entries(deepFiles)) {
    contents.set(name, `${text}${fanOut}`);
    fs.writeFileSync(path.join(dir, name), contents.get(name)!);
  }
  fs.writeFileSync(path.join(dir, 'too-deep.ts'), tooDeepForTypeScript);
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('deeply nested files through lintFiles', () => {
  let reports: Map<string, FileReport>;
  const logs: string[] = [];
  before(async () => {
    const files = [...contents.keys(), 'too-deep.ts'].map((name) => path.join(dir, name));
    const list = await lintFiles(files, { settings: defaultSettings, log: (line) => logs.push(line) });
    assert.equal(list.length, files.length, 'one report per file');
    reports = new Map(list.map((report) => [path.basename(report.file), report]));
  });

  for (const name of Object.keys(deepFiles)) {
    it(`analyses ${name} and finds the request at its deepest point`, () => {
      const report = reports.get(name)!;
      assert.equal(report.problem, undefined, `${name}: ${report.problem?.kind}: ${report.problem?.message}`);
      const lines = expectedLines(contents.get(name)!);
      assert.ok(
        report.findings.some((finding) => finding.ruleId === 'missing-timeout' && finding.range.start.line === lines.deep),
        `missing-timeout on line ${lines.deep + 1}: ${report.findings.map((finding) => `${finding.ruleId}@${finding.range.start.line + 1}`).join(', ')}`,
      );
      assert.ok(report.findings.some((finding) => finding.ruleId === 'unbounded-concurrency' && finding.range.start.line === lines.fanOut));
    });
  }

  it('reports a file too deep for TypeScript as a parse problem, not an internal error', () => {
    const report = reports.get('too-deep.ts')!;
    assert.equal(report.problem?.kind, 'parse-error');
    assert.match(report.problem?.message ?? '', /^Parsing error: TypeScript's parser ran out of stack space/);
  });

  it('logs no internal error', () => {
    assert.deepEqual(
      logs.filter((line) => /internal error/i.test(line)),
      [],
    );
  });
});

describe('the tree of a deep file', () => {
  it('has every parent set and its calls in source order', () => {
    const host = new ProjectHost(() => undefined);
    const analysis = host.setFile(path.join(dir, 'concat-10000.ts'), contents.get('concat-10000.ts')!);
    const deepest = analysis.calls.find((call) => call.getText().startsWith('fetch('))!;
    let depth = 0;
    let node: ts.Node | undefined = deepest;
    for (; node && node !== analysis.sourceFile; node = node.parent) depth++;
    assert.equal(node, analysis.sourceFile, 'the parents lead up to the file');
    assert.ok(depth > 10_000, `the request is ${depth} levels down`);
    const positions = analysis.calls.map((call) => call.pos);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
  });

  it('survives an edit: the incremental re-parse that runs out of stack gives way to a full parse', () => {
    const host = new ProjectHost(() => undefined);
    const file = path.join(dir, 'edited.ts');
    const text = contents.get('concat-10000.ts')!;
    host.setOverlay(file, text);
    const edited = host.setOverlay(file, text.replace('"a" + "a"', '"b" + "a"'));
    assert.equal(edited.syntaxError, undefined);
    assert.ok(edited.httpCalls.some((http) => http.node.getText() === deepFetch));
  });
});

describe('deeply nested files through the CLI bundle', () => {
  it('lints every file with no internal error and finds the deep requests', async () => {
    const run = await runCli(['lint', '--format', 'json', dir], { cwd: dir, timeoutMs: 120_000 });
    assert.ok(run.code === 0 || run.code === 1, `exit code ${run.code}: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /internal error/i);
    const report = JSON.parse(run.stdout) as {
      filesAnalyzed: number;
      findings: Array<{ ruleId: string; file: string; line: number }>;
      fileProblems: Array<{ file: string; kind: string; message: string }>;
    };
    assert.deepEqual(
      report.fileProblems.map((problem) => [path.basename(problem.file), problem.kind]),
      [['too-deep.ts', 'parse-error']],
    );
    for (const [name, text] of contents) {
      const line = expectedLines(text).deep + 1;
      assert.ok(
        report.findings.some((finding) => path.basename(finding.file) === name && finding.ruleId === 'missing-timeout' && finding.line === line),
        `${name}: missing-timeout on line ${line}`,
      );
    }
  });
});

describe('a deep file in the language server', () => {
  it('is analysed when opened and again after an edit', async () => {
    const server = await startServer(dir, { scan: { onStartup: false } });
    try {
      const file = path.join(dir, 'concat-10000.ts');
      const uri = pathToFileURL(file).href;
      const text = contents.get('concat-10000.ts')!;
      const lines = expectedLines(text);
      const deepFound = (diagnostics: Array<{ code?: unknown; range: { start: { line: number } } }>) =>
        diagnostics.some((diagnostic) => diagnostic.code === 'missing-timeout' && diagnostic.range.start.line === lines.deep);
      const opened = server.waitForDiagnostics(uri, (diagnostics) => deepFound(diagnostics) && diagnostics.some((diagnostic) => diagnostic.code === 'unbounded-concurrency'), 30_000);
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      await opened;
      // Dropping the fan-out re-parses the 10,000-level tree incrementally, which TypeScript's incremental parser cannot.
      const edited = server.waitForDiagnostics(uri, (diagnostics) => deepFound(diagnostics) && !diagnostics.some((diagnostic) => diagnostic.code === 'unbounded-concurrency'), 30_000);
      const withoutFanOut = text.slice(0, text.indexOf('export async function load'));
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: withoutFanOut }] });
      await edited;
      assert.deepEqual(
        server.logs.filter((line) => /failed|internal error/i.test(line)),
        [],
      );
    } finally {
      await server.stop();
    }
  });
});

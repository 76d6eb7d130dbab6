/**
 * "Apply to helper" as a text transformation over the real helper (the .ts source and the .mjs/.cjs forms
 * the build writes): only the probed origin's entry changes, the defaults and their comments stay, and the
 * edited helper still loads and serves that origin with the new numbers. Also the `mapLimit` bounds at call
 * sites that name the origin in a URL literal.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import ts from 'typescript';
import { applyBoundAtCallSites, applyProbeResult, applyRecommendations, applyToOrigin, callSiteMessage } from '../src/probe/apply-settings';

const root = path.resolve(__dirname, '../..');
const helperSource = fs.readFileSync(path.join(root, 'server/resources/resilient-http.ts'), 'utf8');
const probed = 'http://127.0.0.1:8080';
const emptyEntries = 'export const originSettings: Record<string, OriginSettings> = {};';
const recommendations = { connections: 4, concurrency: 3, keepAliveTimeoutMs: 4_000, connectTimeoutMs: null, headersTimeoutMs: 2_000 };

/** The text of `export const <name> = { … }` up to its closing `};`. */
const block = (text: string, name: string) => new RegExp(`(?:export const |exports\\.)${name}\\b[\\s\\S]*?\\n\\};`).exec(text)?.[0];

// Undone after the file's tests, last first: the helpers' pools, then the scratch folder.
const undo: Array<() => unknown> = [];
after(async () => {
  for (let step = undo.pop(); step; step = undo.pop()) await step();
});
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-apply-'));
undo.push(() => fs.rmSync(scratch, { recursive: true, force: true }));
fs.symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');

type LoadedHelper = { settingsFor(url: string): Record<string, number | boolean>; resilientAgent: { close(): Promise<void> } };
let loads = 0;
/** Imports an edited helper from a scratch folder (with the repository's undici), as the user's project would run it. */
async function load(text: string, extension: 'ts' | 'mjs' | 'cjs'): Promise<LoadedHelper> {
  const file = path.join(scratch, `helper-${loads++}.${extension}`);
  fs.writeFileSync(file, text);
  const loaded = (await import(pathToFileURL(file).href)) as LoadedHelper & { default?: LoadedHelper };
  const helper = extension === 'cjs' && loaded.default ? loaded.default : loaded;
  undo.push(() => helper.resilientAgent.close());
  return helper;
}

/** The type errors of an edited helper, checked with strict options against the repository's undici and @types/node. */
function typeErrors(text: string): string[] {
  const file = path.join(scratch, `typed-${loads++}.ts`);
  fs.writeFileSync(file, text);
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: ['node'], skipLibCheck: true };
  const program = ts.createProgram([file], options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `${diagnostic.file ? path.basename(diagnostic.file.fileName) : '-'}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
}

describe('Apply to helper', () => {
  it('adds an entry for the probed origin only; the defaults and their comments stay byte for byte', async () => {
    const applied = applyProbeResult(helperSource, { origin: probed, recommendations });
    assert.ok(applied);
    assert.equal(block(applied.text, 'resilientHttpSettings'), block(helperSource, 'resilientHttpSettings'));
    const entry = `'${probed}': { connections: 4, keepAliveTimeoutMs: 4_000, headersTimeoutMs: 2_000, concurrency: 3 },`;
    assert.equal(applied.text, helperSource.replace(`${emptyEntries}\n`, `${emptyEntries.replace('{};', `{\n  ${entry}\n};`)}\n`), 'only the entry is new');
    assert.deepEqual(applied.changes, ['connections: 8 → 4', 'keepAliveTimeoutMs: 3_000 → 4_000', 'headersTimeoutMs: 10_000 → 2_000', 'concurrency: 8 → 3']);
    assert.deepEqual(applied.skipped, ['connectTimeoutMs']);
    assert.equal(applied.created, true);
    assert.equal(applied.message, `${probed} (new entry) in originSettings: ${applied.changes.join(', ')}; other origins keep their settings.`);

    const helper = await load(applied.text, 'ts');
    const own = helper.settingsFor(`${probed}/users`);
    const other = helper.settingsFor('https://api.example.com/');
    assert.deepEqual([own.connections, own.keepAliveTimeoutMs, own.headersTimeoutMs, own.concurrency, own.connectTimeoutMs], [4, 4_000, 2_000, 3, 5_000]);
    assert.deepEqual([other.connections, other.keepAliveTimeoutMs, other.headersTimeoutMs, other.concurrency], [8, 3_000, 10_000, 8]);
  });

  it('updates an existing entry in place, keeps its other settings and the other origins\' entries; a second apply changes nothing', () => {
    const withEntries = helperSource.replace(emptyEntries, emptyEntries.replace('{};', `{\n  'https://api.example.com': { connections: 16 },\n  '${probed}': {\n    connections: 6,\n    maxAttempts: 5,\n  },\n};`));
    assert.notEqual(withEntries, helperSource);
    const applied = applyToOrigin(withEntries, probed, { recommendations });
    assert.ok(applied);
    assert.equal(applied.created, false);
    assert.match(applied.text, /'https:\/\/api\.example\.com': \{ connections: 16 \},\n {2}'http:\/\/127\.0\.0\.1:8080': \{\n {4}connections: 4,\n {4}maxAttempts: 5,\n {4}keepAliveTimeoutMs: 4_000,\n {4}headersTimeoutMs: 2_000,\n {4}concurrency: 3,\n {2}\},\n/);
    assert.equal(applied.changes[0], 'connections: 6 → 4', 'from the origin\'s own value, not the default');
    assert.doesNotMatch(applied.message, /new entry/);

    const again = applyToOrigin(applied.text, probed, { recommendations });
    assert.ok(again);
    assert.equal(again.text, applied.text);
    assert.deepEqual(again.changes, []);
    assert.match(again.message, /no value changed/);
  });

  for (const extension of ['mjs', 'cjs'] as const) {
    it(`writes the ${extension} form the build makes, which then loads with the entry`, async (t) => {
      const form = path.join(root, `dist/resources/resilient-http.${extension}`);
      if (!fs.existsSync(form)) return t.skip('run the build first (npm test does)');
      const applied = applyRecommendations(fs.readFileSync(form, 'utf8'), recommendations, probed);
      assert.ok(applied);
      assert.deepEqual(applied.changes, ['connections: 8 → 4', 'keepAliveTimeoutMs: 3_000 → 4_000', 'headersTimeoutMs: 10_000 → 2_000', 'concurrency: 8 → 3']);
      const helper = await load(applied.text, extension);
      assert.equal(helper.settingsFor(probed).connections, 4);
      assert.equal(helper.settingsFor('https://api.example.com').connections, 8);
    });
  }

  it('finds nothing to write in a helper without originSettings, and without an origin changes the defaults saying so', () => {
    const v1 = helperSource.replace(emptyEntries, '');
    assert.notEqual(v1, helperSource);
    assert.equal(applyToOrigin(v1, probed, { recommendations }), undefined);
    const everyone = applyRecommendations(helperSource, recommendations);
    assert.ok(everyone);
    assert.ok(everyone.changes.every((change) => change.endsWith('(every origin)')), everyone.changes.join(', '));
    assert.equal(block(everyone.text, 'originSettings'), block(helperSource, 'originSettings'));
  });
});

describe('Apply to helper: the retry allowance and HTTP/2', () => {
  const http1 = { recommendations, protocol: 'http/1.1' as const, http2: null, retryBudgetRatio: 0.02 };
  const h2 = {
    recommendations: { connections: null, concurrency: 4, keepAliveTimeoutMs: 4_000, connectTimeoutMs: 1_000, headersTimeoutMs: 2_000 },
    protocol: 'h2' as const,
    http2: { serverMaxConcurrentStreams: 6, allowH2: true, maxConcurrentStreams: 4 },
    retryBudgetRatio: 0.05,
  };

  it('writes the retry allowance as the origin\'s budgetRatio, which the loaded helper then uses; the file type-checks', async () => {
    const applied = applyProbeResult(helperSource, { origin: probed, ...http1 });
    assert.ok(applied);
    assert.match(applied.text, new RegExp(`'${probed.replace(/[.]/g, '\\.')}': \\{ connections: 4, keepAliveTimeoutMs: 4_000, headersTimeoutMs: 2_000, concurrency: 3, budgetRatio: 0\\.02 \\},`));
    assert.deepEqual(applied.changes.slice(-1), ['budgetRatio: 0.1 → 0.02']);
    assert.doesNotMatch(applied.text, /allowH2: (true|false) \}/, 'an HTTP/1.1 origin gets no allowH2 of its own: false is the default');
    assert.equal(block(applied.text, 'resilientHttpSettings'), block(helperSource, 'resilientHttpSettings'));
    assert.deepEqual(typeErrors(applied.text), []);
    const helper = await load(applied.text, 'ts');
    assert.equal(helper.settingsFor(`${probed}/a`).budgetRatio, 0.02);
    assert.equal(helper.settingsFor('https://api.example.com').budgetRatio, 0.1);
  });

  it('keeps budgetRatio when the probe measured no retry allowance, and says so with the probe\'s reason', () => {
    const because = 'no knee, so no load the host took without distress to measure its error rate at';
    const applied = applyProbeResult(helperSource, { origin: probed, ...http1, retryBudgetRatio: null, details: { because: { retryBudgetRatio: because } } });
    assert.ok(applied);
    assert.doesNotMatch(applied.text, /budgetRatio: 0\.1 \}|budgetRatio: null/);
    assert.ok(!applied.changes.some((change) => change.startsWith('budgetRatio')));
    assert.deepEqual(applied.kept, [`budgetRatio stays 0.1: the probe measured no retry allowance (${because})`]);
    assert.ok(applied.message.includes(`; budgetRatio stays 0.1: the probe measured no retry allowance (${because}); other origins keep their settings.`), applied.message);
  });

  it('over HTTP/2 writes allowH2 and the stream bound, keeps connections and says why; the file type-checks and loads', async () => {
    const applied = applyProbeResult(helperSource, { origin: probed, ...h2 });
    assert.ok(applied);
    const entry = `'${probed}': { keepAliveTimeoutMs: 4_000, connectTimeoutMs: 1_000, headersTimeoutMs: 2_000, concurrency: 4, allowH2: true, maxConcurrentStreams: 4, budgetRatio: 0.05 },`;
    assert.ok(applied.text.includes(entry), block(applied.text, 'originSettings'));
    assert.deepEqual(applied.changes, [
      'keepAliveTimeoutMs: 3_000 → 4_000',
      'connectTimeoutMs: 5_000 → 1_000',
      'headersTimeoutMs: 10_000 → 2_000',
      'concurrency: 8 → 4',
      'allowH2: false → true',
      'maxConcurrentStreams: 100 → 4',
      'budgetRatio: 0.1 → 0.05',
    ]);
    assert.ok(!applied.changes.some((change) => change.startsWith('connections')), 'no socket count is claimed over HTTP/2');
    assert.deepEqual(applied.kept, ['connections stays 8: over HTTP/2 one connection carries the streams, which maxConcurrentStreams bounds']);
    assert.equal(applied.message, `${probed} (new entry) in originSettings: ${applied.changes.join(', ')}; ${applied.kept[0]}; other origins keep their settings.`);
    assert.deepEqual(typeErrors(applied.text), []);
    const helper = await load(applied.text, 'ts');
    const own = helper.settingsFor(probed);
    assert.deepEqual([own.allowH2, own.maxConcurrentStreams, own.connections, own.concurrency], [true, 4, 8, 4]);
    assert.equal(helper.settingsFor('https://api.example.com').allowH2, false);
  });

  it('an HTTP/1.1 result switches off an entry\'s allowH2 (its streams would be pipelined requests); a second apply changes nothing', () => {
    const asH2 = applyProbeResult(helperSource, { origin: probed, ...h2 });
    assert.ok(asH2);
    const asHttp1 = applyProbeResult(asH2.text, { origin: probed, ...http1 });
    assert.ok(asHttp1);
    assert.ok(asHttp1.changes.includes('allowH2: true → false'), asHttp1.changes.join(', '));
    assert.match(asHttp1.text, /allowH2: false, maxConcurrentStreams: 4, budgetRatio: 0\.02, connections: 4 \},/);
    assert.deepEqual(typeErrors(asHttp1.text), []);
    const again = applyProbeResult(asHttp1.text, { origin: probed, ...http1 });
    assert.equal(again?.text, asHttp1.text);
    assert.deepEqual(again?.changes, []);
  });

  it('a helper without the newer settings gets the numbers and a message naming what it lacks', () => {
    const older = helperSource.replace(/\n\s*\/\*\*[^\n]*\*\/\n\s*allowH2: false,/, '').replace(/\n\s*\/\*\*[^\n]*\*\/\n\s*maxConcurrentStreams: 100,/, '');
    assert.ok(!/allowH2|maxConcurrentStreams: 100/.test(block(older, 'resilientHttpSettings') ?? ''), 'the fixture lost both settings');
    const applied = applyProbeResult(older, { origin: probed, ...h2 });
    assert.ok(applied);
    assert.doesNotMatch(block(applied.text, 'originSettings') ?? '', /allowH2|maxConcurrentStreams/);
    assert.ok(applied.kept.includes('allowH2 not written: this helper has no such setting yet (re-insert it with a quick fix)'), applied.kept.join('; '));
  });
});

describe('Apply to helper at mapLimit call sites', () => {
  const source = [
    "import { limitFor, mapLimit, resilientFetch } from './resilient-http';",
    'const API = `http://127.0.0.1:8080/v1`;',
    "export const users = (ids: string[]) => mapLimit(ids, 8, (id) => resilientFetch(`http://127.0.0.1:8080/users/${id}`));",
    'export const items = (ids: string[]) =>',
    '  mapLimit(',
    '    ids.slice(0, 10),',
    '    16,',
    "    (id) => resilientFetch('http://127.0.0.1:8080/items/' + id),",
    '  );',
    "export const other = (ids: string[]) => mapLimit(ids, 8, (id) => resilientFetch(`http://127.0.0.1:9090/users/${id}`));",
    'export const viaConstant = (ids: string[]) => mapLimit(ids, 8, (id) => resilientFetch(`${API}/users/${id}`));',
    "export const bounded = (ids: string[]) => mapLimit(ids, limitFor('http://127.0.0.1:8080'), (id) => resilientFetch(`http://127.0.0.1:8080/a/${id}`));",
    '',
  ].join('\n');

  it('sets the bound of calls naming the origin in a URL literal, and leaves other origins, constants and non-literal bounds', () => {
    const result = applyBoundAtCallSites(source, probed, 3);
    assert.deepEqual(result.changed, ['line 3: 8 → 3', 'line 7: 16 → 3']);
    assert.equal(result.notNumbers, 1);
    const lines = result.text.split('\n');
    assert.match(lines[2], /mapLimit\(ids, 3, /);
    assert.equal(lines[6], '    3,');
    assert.deepEqual([lines[9], lines[10], lines[11]], source.split('\n').slice(9, 12), 'another origin, a constant base URL and limitFor stay');
    assert.deepEqual(applyBoundAtCallSites(result.text, probed, 3).changed, [], 'a second apply changes nothing');
  });

  it('says which bounds changed and which calls were not changed, and why', () => {
    const result = applyBoundAtCallSites(source, probed, 3);
    assert.equal(
      callSiteMessage(probed, [{ file: 'src/jobs.ts', bounds: result }], 3),
      `mapLimit bound 3 for ${probed} at src/jobs.ts line 3: 8 → 3, src/jobs.ts line 7: 16 → 3; 1 call with a bound that is no number literal and calls whose URL is not a literal of this origin were not changed.`,
    );
    assert.equal(
      callSiteMessage(probed, [{ file: 'src/jobs.ts', bounds: applyBoundAtCallSites('mapLimit(ids, 8, fn);\n', probed, 3) }], 3),
      `No mapLimit bound for ${probed} changed; calls whose URL is not a literal of this origin were not changed.`,
    );
  });
});

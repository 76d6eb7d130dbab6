/**
 * `.http-resilience.json`: parsed with positions, validated entry by entry, found from the linted file
 * upwards, applied the same way by the engine and the language server, and described by the JSON
 * schema the extension registers.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parseProjectConfig } from '../src/engine/project-config';
import { withServerProfile } from '../src/engine/save-profile';
import { ProjectConfigs, withProjectConfig } from '../src/engine/project-configs';
import { lintFiles } from '../src/engine/lint-files';
import { ruleIds } from '../src/rules';
import type { ConfigProblem } from '../src/shared/project-config';
import { defaultSettings } from '../src/shared/settings';
import { type LspSession, startServer } from './support/lsp-harness';

const schemaPath = path.resolve(__dirname, '../../schemas/http-resilience.schema.json');
const parse = (text: string) => parseProjectConfig('/p/.http-resilience.json', text, ruleIds);
/** `line:column` (1-based) of the first occurrence of `needle`: positions found by searching, not counted by hand. */
function at(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}
const where = (problems: ConfigProblem[]) => problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);

function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-config-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const fanOut = 'export async function load(urls: string[]) {\n  return Promise.all(urls.map((url) => fetch(url, { signal: AbortSignal.timeout(5_000) })));\n}\n';

describe('parsing .http-resilience.json', () => {
  it('reads rules, ignores, helper path, servers and env', () => {
    const { config, problems } = parse(
      JSON.stringify({
        $schema: './node_modules/http-resilience/schemas/http-resilience.schema.json',
        rules: { 'missing-retry': 'off', 'missing-timeout': 'error' },
        ignores: ['generated/**'],
        helperPath: 'lib/resilient-http.ts',
        servers: { 'https://API.example.com:443/v1': { idleTimeoutMs: 4000, knee: 8, measuredAt: '2026-11-30T10:00:00Z', errors: { reset: 2 } } },
        env: { API_URL: 'https://api.example.com' },
      }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.rules, { 'missing-retry': 'off', 'missing-timeout': 'error' });
    assert.deepEqual(config.ignores, ['generated/**']);
    assert.equal(config.helperPath, 'lib/resilient-http.ts');
    assert.deepEqual(config.servers, { 'https://api.example.com': { idleTimeoutMs: 4000, knee: 8, measuredAt: '2026-11-30T10:00:00Z', errors: { reset: 2 } } });
    assert.deepEqual(config.env, { API_URL: 'https://api.example.com' });
  });

  it('says where JSON is broken and ignores the whole file', () => {
    const text = '{\n  "rules": {\n    "missing-retry": "off",\n  }\n}\n';
    const { config, problems } = parse(text);
    assert.deepEqual(where(problems), [`${at(text, '}')} not valid JSON (property name expected); the whole file is ignored`]);
    assert.deepEqual(config.rules, {});
  });

  it('drops a wrong entry with its position and keeps the rest', () => {
    const text = '{\n  "rules": { "no-such-rule": "off", "missing-retry": "loud", "missing-timeout": "error" },\n  "ignores": "dist",\n  "helperPath": "../outside.ts",\n  "servers": { "ftp://x": {}, "https://a.example": { "idleTimeoutMs": -1, "knee": 4 } },\n  "colour": true\n}\n';
    const { config, problems } = parse(text);
    assert.deepEqual(where(problems), [
      `${at(text, '"no-such-rule"')} unknown rule "no-such-rule"; ignored`,
      `${at(text, '"loud"')} rule "missing-retry": severity must be "off", "info", "warning" or "error", got "loud"; ignored`,
      `${at(text, '"dist"')} "ignores" must be an array of glob patterns; ignored`,
      `${at(text, '"../outside.ts"')} "helperPath" must be a relative path inside the project, got "../outside.ts"; ignored`,
      `${at(text, '"ftp://x"')} "servers": "ftp://x" is not an http(s) origin; ignored`,
      `${at(text, '-1')} "servers.https://a.example.idleTimeoutMs" must be a positive number, got -1; ignored`,
      `${at(text, '"colour"')} unknown key "colour" (known: $schema, rules, ignores, helperPath, servers, env); ignored`,
    ]);
    assert.deepEqual(config.rules, { 'missing-timeout': 'error' });
    assert.deepEqual(config.servers, { 'https://a.example': { knee: 4 } });
  });

  it('a file that is not an object is ignored with a message', () => {
    assert.deepEqual(where(parse('[1, 2]').problems), ['1:1 must be a JSON object; the whole file is ignored']);
    assert.deepEqual(where(parse('').problems), ['1:1 not valid JSON (value expected); the whole file is ignored']);
  });
});

describe('saving a server profile', () => {
  it('creates the file, appends an origin like its siblings, replaces one in place, and refuses a broken file', () => {
    const created = withServerProfile(undefined, 'https://API.example.com:443/v1', { idleTimeoutMs: 5000 });
    assert.equal(created, '{\n  "servers": {\n    "https://api.example.com": {\n      "idleTimeoutMs": 5000\n    }\n  }\n}\n');
    const appended = withServerProfile(created, 'http://127.0.0.1:8080', { knee: 4 });
    assert.ok(appended.startsWith(created.slice(0, created.indexOf('\n  }\n}'))), 'the first entry is untouched');
    assert.deepEqual(parse(appended).config.servers, { 'https://api.example.com': { idleTimeoutMs: 5000 }, 'http://127.0.0.1:8080': { knee: 4 } });
    const replaced = withServerProfile(appended, 'https://api.example.com', { knee: 8 });
    assert.deepEqual(parse(replaced).config.servers, { 'https://api.example.com': { knee: 8 }, 'http://127.0.0.1:8080': { knee: 4 } }, 'no field of the old entry lingers');
    assert.throws(() => withServerProfile('{ "servers": ', 'https://a.example', {}), /not a valid JSON object; fix it first/);
  });
});

describe('the JSON schema the extension registers', () => {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as { properties: { rules: { properties: Record<string, unknown> } } };
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('names every rule, and only the rules', () => {
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), [...ruleIds].sort());
  });

  it('accepts what the parser accepts and rejects what it rejects', () => {
    const good = { rules: { 'missing-retry': 'off' }, ignores: ['dist/**'], helperPath: 'src/http.ts', servers: { 'https://api.example.com': { idleTimeoutMs: 5000, measuredAt: '2026-11-30T10:00:00Z' } }, env: { API: 'https://api.example.com' } };
    assert.ok(validate(good), JSON.stringify(validate.errors));
    assert.deepEqual(parse(JSON.stringify(good)).problems, []);
    for (const bad of [{ rules: { 'no-such-rule': 'off' } }, { rules: { 'missing-retry': 'loud' } }, { ignores: 'dist' }, { helperPath: '../x.ts' }, { colour: true }, { servers: { 'https://a.example': { idleTimeoutMs: -1 } } }]) {
      assert.equal(validate(bad), false, JSON.stringify(bad));
      assert.ok(parse(JSON.stringify(bad)).problems.length > 0, JSON.stringify(bad));
    }
  });

  it('accepts an HTTP/2 profile with its stream limit and bound, as the parser does; profiles without them stay valid', () => {
    const h2 = { protocol: 'h2', serverMaxConcurrentStreams: 4_294_967_295, maxConcurrentStreams: 16, knee: 16, measuredAt: '2026-11-30T10:00:00Z' };
    const config = { servers: { 'https://h2.example.com': h2, 'https://old.example.com': { knee: 4, protocol: 'http/1.1' } } };
    assert.ok(validate(config), JSON.stringify(validate.errors));
    const parsed = parse(JSON.stringify(config));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.config.servers['https://h2.example.com'], h2);
    const bad = { servers: { 'https://h2.example.com': { maxConcurrentStreams: 0 } } };
    assert.equal(validate(bad), false);
    assert.deepEqual(where(parse(JSON.stringify(bad)).problems).map((problem) => problem.replace(/^\d+:\d+ /, '')), ['"servers.https://h2.example.com.maxConcurrentStreams" must be a positive number, got 0; ignored']);
  });

  it('accepts a retry allowance above 0 and at most 1, as the parser does; profiles without one stay valid', () => {
    const config = { servers: { 'https://api.example.com': { knee: 8, retryBudgetRatio: 0.02 }, 'https://old.example.com': { knee: 4 } } };
    assert.ok(validate(config), JSON.stringify(validate.errors));
    const parsed = parse(JSON.stringify(config));
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.config.servers, config.servers);
    for (const ratio of [0, 1.5, '2 %']) {
      const bad = { servers: { 'https://api.example.com': { retryBudgetRatio: ratio } } };
      assert.equal(validate(bad), false, JSON.stringify(bad));
      assert.deepEqual(where(parse(JSON.stringify(bad)).problems).map((problem) => problem.replace(/^\d+:\d+ /, '')), [`"servers.https://api.example.com.retryBudgetRatio" must be a number above 0 and at most 1, got ${JSON.stringify(ratio)}; ignored`]);
    }
  });

  it('is registered for .http-resilience.json in the extension manifest', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { contributes: { jsonValidation: Array<{ fileMatch: string; url: string }> } };
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.http-resilience.json', url: './schemas/http-resilience.schema.json' }]);
  });
});

describe('finding and applying the file', () => {
  it('the nearest file above the linted file applies; its rules, ignores, helper path and server profiles count', async (t) => {
    // Measured yesterday: a fixed date would turn stale (and its message change) 30 days after it.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const dir = tempProject({
      '.http-resilience.json': JSON.stringify({ rules: { 'unbounded-concurrency': 'error' }, ignores: ['generated/**'] }),
      'packages/api/.http-resilience.json': JSON.stringify({
        rules: { 'unbounded-concurrency': 'off' },
        helperPath: 'src/http.ts',
        servers: { 'https://api.example.com': { idleTimeoutMs: 3000, measuredAt: yesterday } },
      }),
      'src/load.ts': fanOut,
      'generated/load.ts': fanOut,
      'packages/api/src/load.ts': fanOut,
      'packages/api/src/pool.ts': "import { Pool } from 'undici';\nexport const pool = new Pool('https://api.example.com', { connections: 8, keepAliveTimeout: 3_000 });\n",
    });
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const configs = new ProjectConfigs(ruleIds);
    const root = path.join(dir, 'src/load.ts');
    const nested = path.join(dir, 'packages/api/src/load.ts');
    assert.equal(configs.forFile(root)?.config.file, path.join(dir, '.http-resilience.json'));
    assert.equal(configs.forFile(nested)?.config.file, path.join(dir, 'packages/api/.http-resilience.json'));
    assert.ok(configs.isIgnored(path.join(dir, 'generated/load.ts')));
    assert.ok(!configs.isIgnored(root));
    assert.equal(withProjectConfig(defaultSettings, configs.forFile(nested)).helperPath, path.join(dir, 'packages/api/src/http.ts'));
    assert.deepEqual(withProjectConfig(defaultSettings, configs.forFile(root), { 'unbounded-concurrency': 'info' }).rules, { 'unbounded-concurrency': 'info' }, 'flags win');

    const [rootReport, nestedReport, poolReport] = await lintFiles([root, nested, path.join(dir, 'packages/api/src/pool.ts')], { settings: defaultSettings, configs });
    const fanOuts = (report: typeof rootReport) => report.findings.filter((finding) => finding.ruleId === 'unbounded-concurrency').map((finding) => finding.severity);
    assert.deepEqual(fanOuts(rootReport), ['error'], 'the root file raises it');
    assert.deepEqual(fanOuts(nestedReport), [], 'the nearer file turns it off');
    const idle = poolReport.findings.find((finding) => finding.ruleId === 'keepalive-mismatch');
    assert.ok(idle?.message.includes(`api.example.com only 3 s (probed ${yesterday.slice(0, 10)})`), idle?.message);
  });

  it('reports a broken file once per text, with its position, and applies the defaults', (t) => {
    const broken = '{ "rules": { "missing-retry": "of" } }';
    const dir = tempProject({ '.http-resilience.json': broken });
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const reported: string[] = [];
    const configs = new ProjectConfigs(ruleIds, (problems) => reported.push(...where(problems)));
    const file = path.join(dir, 'a.ts');
    assert.deepEqual(withProjectConfig(defaultSettings, configs.forFile(file)).rules, {});
    configs.invalidate();
    configs.forFile(file);
    assert.deepEqual(reported, [`${at(broken, '"of"')} rule "missing-retry": severity must be "off", "info", "warning" or "error", got "of"; ignored`]);
    fs.writeFileSync(path.join(dir, '.http-resilience.json'), '{ "rules": { "missing-retry": "off" } }');
    configs.invalidate();
    assert.deepEqual(withProjectConfig(defaultSettings, configs.forFile(file)).rules, { 'missing-retry': 'off' }, 'a later fix takes effect');
  });
});

describe('language server: the config file, watched', () => {
  let dir: string;
  let server: LspSession;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;

  before(async () => {
    dir = tempProject({ '.http-resilience.json': JSON.stringify({ rules: { 'unbounded-concurrency': 'off' } }), 'load.ts': fanOut });
    server = await startServer(dir, { scan: { onStartup: false } });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies the file like the CLI, re-lints when it changes, and reports a broken one with its position', async () => {
    const quiet = server.waitForDiagnostics(uriOf('load.ts'));
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf('load.ts'), languageId: 'typescript', version: 1, text: fanOut } });
    assert.deepEqual((await quiet).filter((diagnostic) => diagnostic.code === 'unbounded-concurrency'), [], 'the config turned the rule off');
    const config = path.join(dir, '.http-resilience.json');
    const changed = async (text: string) => {
      fs.writeFileSync(config, text);
      await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
    };
    const flagged = server.waitForDiagnostics(uriOf('load.ts'), (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'unbounded-concurrency'));
    await changed('{ "rules": { "unbounded-concurrency": "error" } }');
    assert.equal((await flagged).find((diagnostic) => diagnostic.code === 'unbounded-concurrency')?.severity, 1, 'error, as the file says');
    const defaults = server.waitForDiagnostics(uriOf('load.ts'), (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'unbounded-concurrency' && diagnostic.severity === 2));
    const broken = '{ "rules": { "unbounded-concurrency": "error", } }';
    await changed(broken);
    await defaults;
    assert.ok(server.logs.some((line) => line.startsWith(`${config}:${at(broken, '}')}: not valid JSON`)), server.logs.join('\n'));
  });
});

/**
 * Saved server profiles reach the rules: code is linked to an origin through constants, templates,
 * imports, client factories, pools and `env`; keepalive-mismatch, the knee messages of
 * pool-concurrency-mismatch and missing-timeout's fix quote the measured numbers, with the age told by an
 * injected clock (stale past 30 days); the fixes use the profile's numbers and type-check.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFile } from '../src/engine/analyze-file';
import { fixToFixedPoint } from '../src/engine/fixes/fix-passes';
import { readHelperTemplate } from '../src/engine/fixes/helper-template';
import { originOfCall } from '../src/analysis/origins';
import { KnownServers } from '../src/analysis/project/known-servers';
import { ProjectHost } from '../src/analysis/project/project-host';
import type { ServerProfile } from '../src/shared/project-config';
import { defaultSettings, type Settings } from '../src/shared/settings';
import { rules } from '../src/rules';
import { helperPathOf, matrixRoot, typeCheck } from './support/matrix-harness';

const measuredAt = '2026-11-28T10:00:00.000Z';
const api: ServerProfile = { idleTimeoutMs: 5_000, knee: 8, p50Ms: 40, p99Ms: 400, errors: { '503': 12, reset: 3 }, measuredAt };
const profiles = { servers: { 'https://api.example.com': api, 'https://slow.example.com': { knee: 3, measuredAt } }, env: { API_URL: 'https://api.example.com' } };
const daysAfter = (days: number) => () => new Date(Date.parse(measuredAt) + days * 86_400_000 + 3_600_000);

/** A project of in-memory files with the profiles above, its clock `days` after the measurement. */
function project(files: Record<string, string>, days = 3, withProfiles = true): ProjectHost {
  const read = (file: string) => files[file];
  return new ProjectHost(read, () => undefined, new KnownServers(), () => (withProfiles ? profiles : undefined), daysAfter(days));
}

function findings(files: Record<string, string>, file: string, ruleId: string, days = 3, withProfiles = true) {
  const host = project(files, days, withProfiles);
  return analyzeFile(host.setFile(file, files[file]), defaultSettings).filter((finding) => finding.ruleId === ruleId);
}

describe('linking code to origins', () => {
  const endpoints = "export const API = 'https://api.example.com';\nexport const BASE = `${API}/v2`;\n";
  const cases: Array<[string, string, string | undefined]> = [
    ['a URL literal', "fetch('https://api.example.com/users');", 'https://api.example.com'],
    ['a template with a constant base', "const API = 'https://api.example.com';\nfetch(`${API}/users/${id}`);", 'https://api.example.com'],
    ['a concatenation with an imported base', "import { API } from './endpoints';\nfetch(API + '/users/' + id);", 'https://api.example.com'],
    ['a template of an imported template', "import { BASE } from './endpoints';\nfetch(`${BASE}/users`);", 'https://api.example.com'],
    ['new URL(path, base)', "import { API } from './endpoints';\nfetch(new URL('/users', API));", 'https://api.example.com'],
    ['process.env through the env mapping', 'fetch(`${process.env.API_URL}/users`);', 'https://api.example.com'],
    ['an unmapped env var with a fallback', "fetch(`${process.env.OTHER ?? 'https://fallback.example.org'}/users`);", 'https://fallback.example.org'],
    ['axios.create({ baseURL })', "import axios from 'axios';\nimport { API } from './endpoints';\nconst client = axios.create({ baseURL: API });\nclient.get('/users');", 'https://api.example.com'],
    ['got.extend({ prefixUrl })', "import got from 'got';\nconst client = got.extend({ prefixUrl: 'https://api.example.com' });\nclient.get('users');", 'https://api.example.com'],
    ['ky.create({ prefixUrl })', "import ky from 'ky';\nconst client = ky.create({ prefixUrl: 'https://api.example.com' });\nclient.get('users');", 'https://api.example.com'],
    ['new Pool(url).request', "import { Pool } from 'undici';\nimport { API } from './endpoints';\nconst pool = new Pool(API);\npool.request({ path: '/users', method: 'GET' });", 'https://api.example.com'],
    ['a parameter (not linked)', 'export const get = (url: string) => fetch(url);', undefined],
    ['a host from a variable (not linked)', 'fetch(`https://${host}/users`);', undefined],
  ];
  for (const [name, code, expected] of cases) {
    it(name, () => {
      const files = { '/p/endpoints.ts': endpoints, '/p/main.ts': `declare const id: string, host: string;\n${code}\n` };
      const host = project(files);
      const file = host.setFile('/p/main.ts', files['/p/main.ts']);
      assert.equal(file.httpCalls.length, 1);
      assert.equal(originOfCall(file.httpCalls[0], file), expected);
    });
  }
});

describe('keepalive-mismatch with a saved profile', () => {
  const code = "import { Agent, fetch } from 'undici';\nconst API = 'https://api.example.com';\nconst agent = new Agent({ keepAliveTimeout: 10_000 });\nexport const get = () => fetch(`${API}/users`, { dispatcher: agent, signal: AbortSignal.timeout(2_000) });\n";
  const files = { '/p/a.ts': code };

  it('quotes the measured idle timeout and its date, and fixes below it', () => {
    const [finding] = findings(files, '/p/a.ts', 'keepalive-mismatch', 3);
    assert.match(finding.message, /Idle sockets stay 10 s, api\.example\.com only 5 s \(probed 2026-11-28\)/);
    assert.match(finding.message, /keepAliveTimeout: 4_000/);
  });

  it('says stale past 30 days, and still uses the profile', () => {
    const [finding] = findings(files, '/p/a.ts', 'keepalive-mismatch', 41);
    assert.match(finding.message, /api\.example\.com only 5 s \(probed 41 days ago, stale\)/);
    assert.equal(findings(files, '/p/a.ts', 'keepalive-mismatch', 30)[0].message.includes('stale'), false, '30 days is not stale yet');
  });

  it('without the profile says assumed', () => {
    const [finding] = findings(files, '/p/a.ts', 'keepalive-mismatch', 3, false);
    assert.match(finding.message, /\(assumed\)/);
  });
});

describe('pool-concurrency-mismatch above the measured knee', () => {
  const code = (bound: number, connections: number) =>
    "import pLimit from 'p-limit';\nimport { Pool, fetch } from 'undici';\nconst API = 'https://api.example.com';\n" +
    `const limit = pLimit(${bound});\n` +
    'export const users = (ids: string[]) => Promise.all(ids.map((id) => limit(() => fetch(`${API}/users/${id}`, { signal: AbortSignal.timeout(2_000) }))));\n' +
    `export const pool = new Pool(API, { connections: ${connections} });\n`;

  it('reports a limiter and a pool above the knee, with both numbers and when the knee was measured', () => {
    const found = findings({ '/p/a.ts': code(16, 32) }, '/p/a.ts', 'pool-concurrency-mismatch');
    const messages = found.map((finding) => finding.message).sort();
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /^`limit` runs 16 at once, over the knee 8 of api\.example\.com \(probed 2026-11-28\); use 8\.$/);
    assert.match(messages[1], /^`new Pool` opens 32 sockets, over the knee 8 of api\.example\.com \(probed 2026-11-28\); use 8\.$/);
    assert.ok(messages.every((message) => message.length <= 140));
  });

  it('is quiet at and below the knee, and without a profile', () => {
    assert.deepEqual(findings({ '/p/a.ts': code(8, 8) }, '/p/a.ts', 'pool-concurrency-mismatch'), []);
    assert.deepEqual(findings({ '/p/a.ts': code(4, 2) }, '/p/a.ts', 'pool-concurrency-mismatch').map((f) => f.message).filter((m) => m.includes('took')), []);
    assert.deepEqual(findings({ '/p/a.ts': code(16, 32) }, '/p/a.ts', 'pool-concurrency-mismatch', 3, false), []);
  });

  it('says stale past 30 days', () => {
    const found = findings({ '/p/a.ts': code(16, 8) }, '/p/a.ts', 'pool-concurrency-mismatch', 41);
    assert.match(found[0].message, /\(probed 41 days ago, stale\)/);
  });
});

describe('unbounded-concurrency bounds a fan-out at the measured knee', () => {
  const code = "const SLOW = 'https://slow.example.com';\nexport const all = (ids: string[]) => Promise.all(ids.map((id) => fetch(`${SLOW}/items/${id}`)));\n";
  it('mapLimit(…, knee, …) with a profile, the helper\'s 8 without', () => {
    const [measured] = findings({ '/p/a.ts': code }, '/p/a.ts', 'unbounded-concurrency');
    assert.match(measured.message, /`mapLimit\(ids, 3, …\)`/);
    assert.ok(measured.fix?.edits.some((edit) => edit.newText.startsWith('mapLimit(ids, 3, ')), JSON.stringify(measured.fix));
    const [assumed] = findings({ '/p/a.ts': code }, '/p/a.ts', 'unbounded-concurrency', 3, false);
    assert.match(assumed.message, /`mapLimit\(ids, 8, …\)`/);
  });
});

describe('fixes take their numbers from the profile and type-check', () => {
  const dir = path.join(matrixRoot, 'nodenext-esm');
  const file = path.join(dir, 'profile-numbers.ts');
  const before = [
    "import pLimit from 'p-limit';",
    "import { Agent, Pool, fetch } from 'undici';",
    '',
    "const API = 'https://api.example.com';",
    'const limit = pLimit(16);',
    'const agent = new Agent({ keepAliveTimeout: 10_000 });',
    'export const pool = new Pool(API, { connections: 32 });',
    '',
    'export async function users(ids: string[]) {',
    '  return Promise.all(ids.map((id) => limit(() => fetch(`${API}/users/${id}`, { dispatcher: agent }))));',
    '}',
    'export const item = (id: string) => fetch(`${API}/items/${id}`);',
    '',
  ].join('\n');
  const after = [
    "import pLimit from 'p-limit';",
    "import { Agent, Pool, fetch } from 'undici';",
    '',
    "const API = 'https://api.example.com';",
    'const limit = pLimit(8);',
    'const agent = new Agent({ keepAliveTimeout: 4_000 });',
    'export const pool = new Pool(API, { connections: 8 });',
    '',
    'export async function users(ids: string[]) {',
    '  return Promise.all(ids.map((id) => limit(() => fetch(`${API}/users/${id}`, { dispatcher: agent }))));',
    '}',
    'export const item = (id: string) => fetch(`${API}/items/${id}`, { signal: AbortSignal.timeout(1_600) });',
    '',
  ].join('\n');
  const only = new Set(['pool-concurrency-mismatch', 'keepalive-mismatch', 'missing-timeout']);
  const settings: Settings = { ...defaultSettings, rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, only.has(rule.meta.id) ? 'warning' : 'off'])) };

  it('knee for the limiter and connections, below the idle timeout, 4 × p99 for the request timeout', () => {
    const host = project({ [file]: before });
    const run = fixToFixedPoint(host, file, before, settings, { helperPath: helperPathOf('nodenext-esm'), readFile: () => undefined, template: readHelperTemplate });
    assert.equal(run.text, after);
    assert.deepEqual(typeCheck('nodenext-esm', new Map([[file, run.text]])).errors, []);
  });

  it('without a profile the fixes keep the defaults', () => {
    const host = project({ [file]: before }, 3, false);
    const run = fixToFixedPoint(host, file, before, settings, { helperPath: helperPathOf('nodenext-esm'), readFile: () => undefined, template: readHelperTemplate });
    assert.match(run.text, /pLimit\(16\)/);
    assert.match(run.text, /AbortSignal\.timeout\(10_000\)/);
  });
});

describe('messages quoting a profile of a long realistic origin stay within 140 characters', () => {
  const origin = 'https://api.payments.example.com';
  const payments: ServerProfile = { idleTimeoutMs: 2_000, knee: 6, p50Ms: 40, p99Ms: 900, errors: { '503': 12, '429': 4, reset: 3, timeout: 2 }, measuredAt };
  const code = [
    "import https from 'node:https';",
    "import axios from 'axios';",
    "import pLimit from 'p-limit';",
    "import { Agent, Pool, fetch } from 'undici';",
    `const PAYMENTS = '${origin}';`,
    'const agent = new Agent({ keepAliveTimeout: 10_000 });',
    'export const charge = (id: string) => fetch(`${PAYMENTS}/charges/${id}`, { dispatcher: agent, signal: AbortSignal.timeout(2_000) });',
    'export const pool = new Pool(PAYMENTS, { connections: 32 });',
    'const limit = pLimit(64);',
    'export const refunds = (ids: string[]) => Promise.all(ids.map((id) => limit(() => pool.request({ path: `/refunds/${id}`, method: "GET" }))));',
    'const keepAlive = new https.Agent({ keepAlive: true });',
    'const kept = new https.Agent({ keepAlive: true, timeout: 10_000 });',
    'export const payout = (id: string) => axios.get(`${PAYMENTS}/payouts/${id}`, { httpsAgent: keepAlive, timeout: 2_000 });',
    'export const payee = (id: string) => axios.get(`${PAYMENTS}/payees/${id}`, { httpsAgent: kept, timeout: 2_000 });',
    'export const invoice = (id: string) => fetch(`${PAYMENTS}/invoices/${id}`);',
    '',
  ].join('\n');
  const quoted = new Set(['keepalive-mismatch', 'pool-concurrency-mismatch', 'missing-timeout']);

  /** The findings of the three profile-quoting rules, `days` after the measurement, or with this session's probe of the idle timeout. */
  function quoting(days: number, session = false) {
    const known = new KnownServers();
    if (session) known.setIdleTimeoutMs(origin, 2_000);
    const host = new ProjectHost((file) => (file === '/p/pay.ts' ? code : undefined), () => undefined, known, () => ({ servers: { [origin]: payments }, env: {} }), daysAfter(days));
    return analyzeFile(host.setFile('/p/pay.ts', code), defaultSettings).filter((finding) => quoted.has(finding.ruleId));
  }

  for (const [name, days, session] of [['probed 3 days ago', 3, false], ['stale: probed 400 days ago', 400, false], ['probed this session', 3, true]] as const) {
    it(`${name}: every keepalive-mismatch and knee message names the host and is at most 140 characters`, () => {
      const found = quoting(days, session);
      const byRule = (id: string) => found.filter((finding) => finding.ruleId === id);
      assert.ok(byRule('keepalive-mismatch').length >= 2, found.map((finding) => finding.message).join('\n'));
      assert.equal(byRule('pool-concurrency-mismatch').length, 2, found.map((finding) => finding.message).join('\n'));
      for (const finding of found) {
        assert.ok(finding.message.length <= 140, `${finding.ruleId} is ${finding.message.length} characters: ${finding.message}`);
        if (finding.fix) assert.ok(finding.fix.title.length <= 140, `${finding.ruleId} fix title: ${finding.fix.title}`);
      }
      const measured = [...byRule('keepalive-mismatch'), ...byRule('pool-concurrency-mismatch')].filter((finding) => finding.message.includes('api.payments.example.com'));
      assert.ok(measured.length >= 3, found.map((finding) => finding.message).join('\n'));
      const when = session ? /\(probed this session\)/ : days > 30 ? /\(probed 400 days ago, stale\)/ : /\(probed 2026-11-28\)/;
      assert.ok(byRule('keepalive-mismatch').some((finding) => when.test(finding.message)), byRule('keepalive-mismatch').map((finding) => finding.message).join('\n'));
      assert.ok(byRule('missing-timeout').some((finding) => finding.fix?.title.includes('api.payments.example.com')), 'the timeout fix quotes the p99 of the host');
    });
  }

  it('undici\'s default idle of 4 s against the measured 2 s says it is the default', () => {
    const withDefault = code.replace('new Agent({ keepAliveTimeout: 10_000 })', 'new Agent({ connections: 8 })');
    const host = new ProjectHost((file) => (file === '/p/pay.ts' ? withDefault : undefined), () => undefined, new KnownServers(), () => ({ servers: { [origin]: payments }, env: {} }), daysAfter(400));
    const agentLine = withDefault.split('\n').findIndex((line) => line.includes('new Agent('));
    const [finding] = analyzeFile(host.setFile('/p/pay.ts', withDefault), defaultSettings).filter((candidate) => candidate.ruleId === 'keepalive-mismatch' && candidate.range.start.line === agentLine);
    assert.equal(finding?.message, 'Idle sockets stay 4 s (default), api.payments.example.com only 2 s (probed 400 days ago, stale); set `keepAliveTimeout: 1_000`.');
    assert.ok(finding.message.length <= 140);
  });
});

describe('limiter-without-bound bounds a limiter at the measured knee', () => {
  const code = (url: string, other = url) =>
    "import PQueue from 'p-queue';\n" +
    'const queue = new PQueue();\n' +
    `export const items = (ids: string[]) => Promise.all(ids.map((id) => queue.add(() => fetch(\`${url}/items/\${id}\`, { signal: AbortSignal.timeout(2_000) }))));\n` +
    `export const users = (ids: string[]) => Promise.all(ids.map((id) => queue.add(() => fetch(\`${other}/users/\${id}\`, { signal: AbortSignal.timeout(2_000) }))));\n`;

  it('says the knee and the host, and its fix sets the knee; without a profile it stays as it was', () => {
    const files = { '/p/a.ts': code('https://slow.example.com') };
    const [measured, ...rest] = findings(files, '/p/a.ts', 'limiter-without-bound');
    assert.equal(rest.length, 0);
    assert.equal(measured.message, '`new PQueue()` has no bound; set `concurrency` to the knee 3 of slow.example.com (probed 2026-11-28).');
    assert.deepEqual(measured.fix?.edits.map((edit) => edit.newText), ['{ concurrency: 3 }']);
    assert.equal(measured.fix?.title, 'Bound the limiter to 3 at a time, the knee of slow.example.com');
    const [assumed] = findings(files, '/p/a.ts', 'limiter-without-bound', 3, false);
    assert.equal(assumed.message, '`new PQueue()` has no concurrency bound, so every `fetch` starts at once; set `concurrency` (e.g. 8).');
    assert.deepEqual(assumed.fix?.edits.map((edit) => edit.newText), ['{ concurrency: 8 }']);
  });

  it('says stale past 30 days, and uses no knee for a limiter whose requests go to several origins or to a host without one', () => {
    assert.match(findings({ '/p/a.ts': code('https://slow.example.com') }, '/p/a.ts', 'limiter-without-bound', 41)[0].message, /the knee 3 of slow\.example\.com \(probed 41 days ago, stale\)\.$/);
    const mixed = findings({ '/p/a.ts': code('https://slow.example.com', 'https://api.example.com') }, '/p/a.ts', 'limiter-without-bound');
    assert.equal(mixed.length, 1);
    assert.match(mixed[0].message, /\(e\.g\. 8\)\.$/, 'one host\'s knee is no bound for another\'s requests');
    const unprofiled = findings({ '/p/a.ts': code('https://unprofiled.example.net') }, '/p/a.ts', 'limiter-without-bound');
    assert.equal(unprofiled.length, 1);
    assert.match(unprofiled[0].message, /\(e\.g\. 8\)\.$/);
  });

  it('its fix type-checks under the fix matrix’s nodenext-esm setting', () => {
    const dir = path.join(matrixRoot, 'nodenext-esm');
    const file = path.join(dir, 'profile-limiter.ts');
    const before = "import pLimit from 'p-limit';\nconst SLOW = 'https://slow.example.com';\nconst limit = pLimit(Infinity);\nexport const all = (ids: string[]) => Promise.all(ids.map((id) => limit(() => fetch(`${SLOW}/items/${id}`, { signal: AbortSignal.timeout(2_000) }))));\n";
    const only: Settings = { ...defaultSettings, rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, rule.meta.id === 'limiter-without-bound' ? 'warning' : 'off'])) };
    const run = fixToFixedPoint(project({ [file]: before }), file, before, only, { helperPath: helperPathOf('nodenext-esm'), readFile: () => undefined, template: readHelperTemplate });
    assert.equal(run.text, before.replace('pLimit(Infinity)', 'pLimit(3)'));
    assert.deepEqual(typeCheck('nodenext-esm', new Map([[file, run.text]])).errors, []);
  });
});

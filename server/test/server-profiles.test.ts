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
    assert.match(finding.message, /the 5 s measured for https:\/\/api\.example\.com on 2026-11-28/);
    assert.match(finding.message, /keepAliveTimeout: 4_000/);
  });

  it('says stale past 30 days, and still uses the profile', () => {
    const [finding] = findings(files, '/p/a.ts', 'keepalive-mismatch', 41);
    assert.match(finding.message, /measured for https:\/\/api\.example\.com 41 days ago, stale: re-probe/);
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

  it('reports a limiter and a pool above the knee, with both numbers and what was seen above it', () => {
    const found = findings({ '/p/a.ts': code(16, 32) }, '/p/a.ts', 'pool-concurrency-mismatch');
    const messages = found.map((finding) => finding.message).sort();
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /^`limit` runs 16 at once but api\.example\.com took 8, then 503s and resets \(measured on 2026-11-28\); set the bound to 8\.$/);
    assert.match(messages[1], /^`new Pool` opens 32 sockets but api\.example\.com took 8, then 503s and resets .*`connections: 8`\.$/);
    assert.ok(messages.every((message) => message.length <= 140));
  });

  it('is quiet at and below the knee, and without a profile', () => {
    assert.deepEqual(findings({ '/p/a.ts': code(8, 8) }, '/p/a.ts', 'pool-concurrency-mismatch'), []);
    assert.deepEqual(findings({ '/p/a.ts': code(4, 2) }, '/p/a.ts', 'pool-concurrency-mismatch').map((f) => f.message).filter((m) => m.includes('took')), []);
    assert.deepEqual(findings({ '/p/a.ts': code(16, 32) }, '/p/a.ts', 'pool-concurrency-mismatch', 3, false), []);
  });

  it('says stale past 30 days', () => {
    const found = findings({ '/p/a.ts': code(16, 8) }, '/p/a.ts', 'pool-concurrency-mismatch', 41);
    assert.match(found[0].message, /\(measured 41 days ago, stale: re-probe\)/);
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

/**
 * Lints across monorepo packages: a fan-out in `apps/api` whose requests go seven calls down, through
 * `@acme/http`'s barrel files into its transport, is flagged; a look-alike calling a function of the same package
 * that sends nothing, and an import of a package that is not in the workspace, are not. Wrapper chains are
 * bounded by the cost of a walk (`maxSummariesPerWalk` functions), not by their depth.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { maxSummariesPerWalk } from '../src/analysis/wrappers';
import { lintFiles } from '../src/engine/lint-files';
import type { FileReport } from '../src/shared/findings';
import { defaultSettings } from '../src/shared/settings';

function tempTree(t: TestContext, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-workspace-lint-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** `ruleId@line` (1-based) of every finding in the report of `file`. */
async function findingsOf(dir: string, files: string[], file: string): Promise<string[]> {
  const logs: string[] = [];
  const reports = await lintFiles(
    files.map((name) => path.join(dir, name)),
    { settings: defaultSettings, log: (line) => logs.push(line) },
  );
  assert.deepEqual(logs.filter((line) => /internal error/i.test(line)), []);
  const report = reports.find((candidate: FileReport) => candidate.file === path.join(dir, file));
  assert.ok(report, `a report for ${file}`);
  assert.equal(report.problem, undefined);
  return report.findings.map((finding) => `${finding.ruleId}@${finding.range.start.line + 1}`);
}

/** Seven calls from the fan-out's callback to `fetch`: three in apps/api, four in packages/http behind four barrel files. */
const monorepo: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*'] }),
  'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - 'apps/*'\n",
  'packages/http/package.json': JSON.stringify({
    name: '@acme/http',
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.mjs', require: './dist/index.cjs' } },
  }),
  'packages/http/src/index.ts': "export * from './client';\nexport { formatUser } from './format';\n",
  'packages/http/src/client/index.ts': "export * from './public';\n",
  'packages/http/src/client/public.ts': "export * from './named';\n",
  'packages/http/src/client/named.ts': "export { getJson } from './json';\n",
  'packages/http/src/client/json.ts': "import { send } from '../transport/send';\nexport async function getJson(url: string) {\n  return request(url);\n}\nasync function request(url: string) {\n  return send(url);\n}\n",
  'packages/http/src/transport/send.ts':
    "export async function send(url: string) {\n  return raw(url);\n}\nasync function raw(url: string) {\n  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });\n  return response.json();\n}\n",
  'packages/http/src/format.ts': 'export function formatUser(id: string) {\n  return `user:${id}`;\n}\n',
  'apps/api/package.json': JSON.stringify({ name: '@acme/api', dependencies: { '@acme/http': 'workspace:*', express: '^5.0.0' } }),
  'apps/api/src/users.ts': [
    "import { getJson } from '@acme/http';",
    'async function loadUser(id: string) {',
    '  return fetchUser(id);',
    '}',
    'async function fetchUser(id: string) {',
    '  return getJson(`https://api.example.com/users/${id}`);',
    '}',
    'export async function loadAll(ids: string[]) {',
    '  return Promise.all(ids.map((id) => loadUser(id)));',
    '}',
    '',
  ].join('\n'),
  'apps/api/src/format.ts': [
    "import { formatUser } from '@acme/http';",
    'export async function formatAll(ids: string[]) {',
    '  return Promise.all(ids.map((id) => formatUser(id)));',
    '}',
    '',
  ].join('\n'),
  'apps/api/src/external.ts': [
    "import { getJson } from '@other/http';",
    'export async function loadAll(ids: string[]) {',
    '  return Promise.all(ids.map((id) => getJson(`https://api.example.com/users/${id}`)));',
    '}',
    '',
  ].join('\n'),
};

describe('lint across workspace packages', () => {
  it('flags a fan-out seven calls above a fetch in another package, through four barrel files', async (t) => {
    const dir = tempTree(t, monorepo);
    const findings = await findingsOf(dir, ['apps/api/src/users.ts'], 'apps/api/src/users.ts');
    assert.ok(findings.includes('unbounded-concurrency@9'), findings.join(', '));
  });

  it('stays quiet on a look-alike whose package function sends nothing, and on a package outside the workspace', async (t) => {
    const dir = tempTree(t, monorepo);
    assert.deepEqual(await findingsOf(dir, ['apps/api/src/format.ts'], 'apps/api/src/format.ts'), []);
    assert.deepEqual(await findingsOf(dir, ['apps/api/src/external.ts'], 'apps/api/src/external.ts'), []);
  });

  it('finds nothing to follow once the package leaves the workspace', async (t) => {
    const dir = tempTree(t, { ...monorepo, 'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n" });
    assert.deepEqual(await findingsOf(dir, ['apps/api/src/users.ts'], 'apps/api/src/users.ts'), []);
  });
});

/** A fan-out over `f0`, which calls `f1`, … `f<links>`, which sends a request with a timeout. */
function chain(links: number): string {
  const lines = ['export async function loadAll(ids: string[]) {', '  return Promise.all(ids.map((id) => f0(id)));', '}'];
  for (let index = 0; index < links; index++) lines.push(`async function f${index}(id: string) { return f${index + 1}(id); }`);
  lines.push(`async function f${links}(id: string) { return fetch(\`https://api.example.com/\${id}\`, { signal: AbortSignal.timeout(5_000) }); }`);
  return `${lines.join('\n')}\n`;
}

describe('wrapper chains are bounded by cost, not depth', () => {
  it('follows a chain of 3,000 calls', async (t) => {
    const dir = tempTree(t, { 'package.json': '{}', 'chain.ts': chain(3_000) });
    assert.deepEqual(await findingsOf(dir, ['chain.ts'], 'chain.ts'), ['unbounded-concurrency@2', 'missing-retry@2']);
  });

  it('finishes a chain longer than one walk may follow, and stops the walk there', async (t) => {
    const dir = tempTree(t, { 'package.json': '{}', 'chain.ts': chain(maxSummariesPerWalk + 100) });
    // The walk from the fan-out's `f0` summarizes `maxSummariesPerWalk` functions and leaves the rest unfollowed.
    assert.deepEqual(await findingsOf(dir, ['chain.ts'], 'chain.ts'), []);
  });
});

/**
 * System test: eslint-plugin-http-resilience as a user installs it (docs/eslint-plugin.md). The plugin
 * package is packed with `npm pack`, installed from the tarball into temporary projects next to eslint 9
 * (with TypeScript 5: typescript-eslint's tree is of another TypeScript, so the plugin parses) and eslint
 * 10 (with the TypeScript the analyzer bundles: the plugin analyses typescript-eslint's tree), and run with
 * `npx eslint` and a flat config (eslint.config.mjs: typescript-eslint's parser for .ts, the plugin's
 * recommended config) over copies of fixtures. Then oxlint, whose JS plugins load ESLint plugins.
 *
 * Tests reach no registry: `npm install --offline` installs from the npm cache that
 * scripts/install-test-tools.sh fills (~/.cache/http-resilience-test-tools); without it the test fails
 * at once and names the script.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ts } from '../../src/analysis/ts';
import { ruleDocsUrl, rules } from '../../src/rules';
import { killChild } from '../support/child-processes';
import { cleanupAfter } from '../support/cleanup';
import { expectedKeys, fixtureFiles, fixturesRoot } from '../support/fixture-expectations';
import { installScript } from '../support/system-tools';

const repoRoot = path.resolve(__dirname, '../../..');
const toolsDir = path.join(os.homedir(), '.cache', 'http-resilience-test-tools');
const npmCache = path.join(toolsDir, 'npm-cache');
/** Projects the install script made with `npm install --save-exact`: their package.json pins what is in the cache. */
const templates = { eslint9: path.join(toolsDir, 'eslint-plugin', 'eslint9'), eslint10: path.join(toolsDir, 'eslint-plugin', 'eslint10'), oxlint: path.join(toolsDir, 'eslint-plugin', 'oxlint') };
/** Fixture folders copied into the projects (cross-file wrappers, tsconfig aliases, a fix fixture). */
const fixtureFolders = ['missing-timeout', 'unbounded-concurrency', 'agent-per-request'];
const installTimeoutMs = 180_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program in its own process group, killed with everything it started after `timeoutMs`. */
function run(command: string, args: readonly string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms: ${command} ${args.join(' ')}]`;
      void killChild(child, { group: true });
    }, timeoutMs);
    child.once('error', (error) => (clearTimeout(timer), resolve({ code: null, stdout, stderr: `${stderr}\n${error.message}` })));
    child.once('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

function said(result: Run): string {
  return `exit ${result.code}\nstdout: ${result.stdout.slice(0, 4000)}\nstderr: ${result.stderr.slice(0, 4000)}`;
}

/** The exact versions a template project pins. */
function pinned(template: string): Record<string, string> {
  const file = path.join(template, 'package.json');
  if (!fs.existsSync(file) || !fs.existsSync(npmCache)) {
    throw new Error(`${file} or the npm cache ${npmCache} is missing: run ${installScript} (it fills the cache these installs come from)`);
  }
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies: Record<string, string> }).dependencies;
}

/** A project with `devDependencies` and the plugin installed from the tarball, offline. */
async function installProject(root: string, name: string, devDependencies: Record<string, string>, tarball: string): Promise<string> {
  const dir = path.join(root, name);
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true }); // the repository root: nothing above it counts as test code
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `hr-${name}`, private: true, type: 'module', devDependencies }, null, 2)}\n`);
  const installed = await run('npm', ['install', '--offline', '--cache', npmCache, '--no-audit', '--no-fund', '--save-dev', tarball], dir, installTimeoutMs);
  assert.equal(installed.code, 0, `npm install --offline failed (run ${installScript} if the cache lacks a package)\n${said(installed)}`);
  for (const folder of fixtureFolders) fs.cpSync(path.join(fixturesRoot, folder), path.join(dir, 'src', folder), { recursive: true });
  // The fixtures expect what this repository's package.json says (Node ≥ 20.18.1, undici 7: dispatcher-mismatch
  // reads it); the copies get a package.json that says the same, below the project's (npm installs nothing for it).
  const { engines, dependencies } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string> };
  fs.writeFileSync(path.join(dir, 'src', 'package.json'), `${JSON.stringify({ private: true, engines: { node: engines.node }, dependencies: { undici: dependencies.undici } }, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'src', 'disabled.ts'), disabledSource);
  fs.writeFileSync(path.join(dir, 'src', 'plain.mjs'), plainJavaScript);
  return dir;
}

const disabledSource = [
  'export async function a(url: string) {',
  '  // eslint-disable-next-line http-resilience/missing-timeout',
  '  return fetch(url);',
  '}',
  'export async function b(url: string) {',
  '  // http-resilience-disable-next-line missing-timeout',
  '  return fetch(url);',
  '}',
  'export async function c(url: string) {',
  '  return fetch(url); // expect: missing-timeout',
  '}',
  '',
].join('\n');

const plainJavaScript = 'export async function load(url) {\n  const res = await fetch(url); // expect: missing-timeout\n  return res.json();\n}\n';

const eslintConfig = `import httpResilience from 'eslint-plugin-http-resilience';
import tseslint from 'typescript-eslint';

export default [
  { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
  httpResilience.configs.recommended,
];
`;

/** `file:line:rule` keys that the copied files' `// expect:` comments demand, relative to the project. */
function expectedFindings(dir: string): string[] {
  const keys: string[] = [];
  for (const file of fixtureFiles(path.join(dir, 'src'))) {
    if (/\.fixed\.[cm]?[jt]sx?$/.test(file)) continue;
    for (const key of expectedKeys(fs.readFileSync(file, 'utf8'))) keys.push(`${path.relative(dir, file)}:${key}`);
  }
  return keys.sort();
}

interface EslintResult {
  filePath: string;
  messages: Array<{
    ruleId: string | null;
    line: number;
    message: string;
    fatal?: boolean;
    suggestions?: Array<{ desc: string; fix: { range: [number, number]; text: string } }>;
  }>;
}

describe('eslint-plugin-http-resilience installed from its tarball', { timeout: 900_000 }, () => {
  const cleanup = cleanupAfter({ after });
  let root = '';
  let tarball = '';

  before(async () => {
    for (const template of Object.values(templates)) pinned(template); // fails at once without the cache
    assert.ok(fs.existsSync(path.join(repoRoot, 'packages/eslint-plugin/dist/index.js')), 'run `npm run build` first');
    root = cleanup.defer(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hr-plugin-install-'))), (made) =>
      fs.rmSync(made, { recursive: true, force: true }),
    );
    const packed = await run('npm', ['pack', '--pack-destination', root, '--json'], path.join(repoRoot, 'packages/eslint-plugin'), 120_000);
    assert.equal(packed.code, 0, said(packed));
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    assert.deepEqual(info.files.map((file) => file.path).sort(), ['LICENSE', 'README.md', 'dist/index.js', 'package.json']);
    tarball = path.join(root, info.filename);
  });

  const variants = [
    { name: 'eslint9', expectTree: /parsed with TypeScript \S+ \(other-version: the parser's is 5\./ },
    { name: 'eslint10', expectTree: new RegExp(`the parser's TypeScript ${ts.version.replace(/\./g, '\\.')} tree`) },
  ] as const;

  for (const variant of variants) {
    it(`${variant.name}: npx eslint with the recommended config reports the fixtures' findings, suggestions, both disable comments`, async () => {
      const versions = pinned(templates[variant.name]);
      if (variant.name === 'eslint10') assert.equal(versions.typescript, ts.version, `the eslint10 project must pin the TypeScript the analyzer bundles (${ts.version}): update ${installScript}`);
      const dir = await installProject(root, variant.name, versions, tarball);
      fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), eslintConfig);

      const linted = await run('npx', ['--no', '--', 'eslint', '--format', 'json', 'src'], dir, 240_000, { HTTP_RESILIENCE_ESLINT_TRACE: '1' });
      assert.ok(linted.code === 0 || linted.code === 1, said(linted));
      const results = JSON.parse(linted.stdout) as EslintResult[];
      const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal).map((message) => `${result.filePath}: ${message.message}`));
      assert.deepEqual(fatal, []);
      const actual = results
        .flatMap((result) =>
          result.messages.filter((message) => message.ruleId?.startsWith('http-resilience/')).map((message) => `${path.relative(dir, result.filePath)}:${message.line}:${message.ruleId!.slice('http-resilience/'.length)}`),
        )
        .sort();
      assert.deepEqual(actual, expectedFindings(dir));

      // Which tree was analysed: ours for TypeScript 5, typescript-eslint's own for the same TypeScript.
      assert.match(linted.stderr, variant.expectTree, linted.stderr.slice(0, 2000));

      // The fix is a suggestion in ESLint's JSON output; applied, it gives the fix fixture's expected file.
      const hoist = results.find((result) => result.filePath.endsWith(path.join('agent-per-request', 'fix-hoist.ts')));
      const suggestion = hoist?.messages.find((message) => message.ruleId === 'http-resilience/agent-per-request')?.suggestions?.[0];
      assert.ok(suggestion, 'agent-per-request offers its fix as a suggestion');
      assert.match(suggestion.desc, /once, at module scope/);
      const text = fs.readFileSync(hoist.filePath, 'utf8');
      const fixed = text.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + text.slice(suggestion.fix.range[1]);
      assert.equal(fixed, fs.readFileSync(path.join(fixturesRoot, 'agent-per-request', 'fix-hoist.fixed.ts'), 'utf8'));
      // Fixes that need the helper file are not offered (unbounded-concurrency's mapLimit).
      const mapLimit = results.find((result) => result.filePath.endsWith(path.join('unbounded-concurrency', 'fix-map-limit.ts')));
      assert.ok(mapLimit?.messages.some((message) => message.ruleId === 'http-resilience/unbounded-concurrency' && message.suggestions === undefined));

      // The installed package's rule metadata: docs URLs, the version.
      const meta = await run(
        process.execPath,
        ['--input-type=module', '-e', "import p from 'eslint-plugin-http-resilience'; console.log(JSON.stringify({ meta: p.meta, urls: Object.fromEntries(Object.entries(p.rules).map(([id, rule]) => [id, rule.meta.docs.url])) }));"],
        dir,
        60_000,
      );
      assert.equal(meta.code, 0, said(meta));
      const { meta: pluginMeta, urls } = JSON.parse(meta.stdout) as { meta: { name: string; version: string; namespace: string }; urls: Record<string, string> };
      const rootVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
      assert.deepEqual(pluginMeta, { name: 'eslint-plugin-http-resilience', version: rootVersion, namespace: 'http-resilience' });
      assert.deepEqual(urls, Object.fromEntries(rules.map((rule) => [rule.meta.id, ruleDocsUrl(rule.meta.id)])));
    });
  }

  it('oxlint loads the plugin through jsPlugins: the same findings, and --fix-suggestions applies a suggestion', async () => {
    const dir = await installProject(root, 'oxlint', pinned(templates.oxlint), tarball);
    const severities = Object.fromEntries(rules.map((rule) => [`http-resilience/${rule.meta.id}`, rule.meta.severity === 'error' ? 'error' : 'warn']));
    fs.writeFileSync(path.join(dir, '.oxlintrc.json'), `${JSON.stringify({ jsPlugins: ['eslint-plugin-http-resilience'], rules: severities }, null, 2)}\n`);

    const linted = await run('npx', ['--no', '--', 'oxlint', '--format', 'json', 'src'], dir, 240_000);
    assert.ok(linted.code === 0 || linted.code === 1, said(linted));
    const report = JSON.parse(linted.stdout) as { diagnostics: Array<{ code: string; filename: string; labels: Array<{ span: { line: number } }> }> };
    const actual = report.diagnostics
      .filter((diagnostic) => diagnostic.code.startsWith('http-resilience('))
      .map((diagnostic) => `${path.normalize(diagnostic.filename)}:${diagnostic.labels[0].span.line}:${diagnostic.code.slice('http-resilience('.length, -1)}`)
      .sort();
    assert.deepEqual(actual, expectedFindings(dir));

    const target = path.join(dir, 'src', 'agent-per-request', 'fix-hoist.ts');
    const fixedRun = await run('npx', ['--no', '--', 'oxlint', '--fix-suggestions', path.relative(dir, target)], dir, 240_000);
    assert.ok(fixedRun.code === 0 || fixedRun.code === 1, said(fixedRun));
    assert.equal(fs.readFileSync(target, 'utf8'), fs.readFileSync(path.join(fixturesRoot, 'agent-per-request', 'fix-hoist.fixed.ts'), 'utf8'));
  });
});

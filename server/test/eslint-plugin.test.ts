/**
 * The ESLint plugin's shape and behaviour (docs/eslint-plugin.md): the package manifest, the flat-config
 * plugin object and its rule metadata, options rejected by ESLint's own validation, both kinds of disable
 * comment, which tree is analysed (the parser's, or our own parse), one engine run per lint, and a
 * neighbour changed on disk seen again by a long-lived process.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { ts } from '../src/analysis/ts';
import { createPlugin, type HttpResiliencePlugin } from '../src/eslint/plugin';
import type { SessionOptions, TraceEvent } from '../src/eslint/lint-session';
import { ruleDocsUrl, rules } from '../src/rules';
import { cleanupAfter } from './support/cleanup';

const repoRoot = path.resolve(__dirname, '../..');
const pluginDir = path.join(repoRoot, 'packages/eslint-plugin');

/** A temporary project (a `.git` marks its root, so the temp folder's own path never counts as test code). */
function scratchProject(t: { after(fn: () => Promise<void>): unknown }, files: Record<string, string>): string {
  const dir = cleanupAfter(t).defer(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hr-eslint-'))), (made) => fs.rmSync(made, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

function eslintFor(cwd: string, plugin: HttpResiliencePlugin, extra: Linter.Config[] = []): ESLint {
  return new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [{ files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } }, plugin.configs.recommended, ...extra],
  });
}

async function lint(eslint: ESLint, file: string, text = fs.readFileSync(file, 'utf8')): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(text, { filePath: file });
  return result.messages;
}

function traced(options: SessionOptions = {}): { plugin: HttpResiliencePlugin; events: TraceEvent[] } {
  const events: TraceEvent[] = [];
  return { plugin: createPlugin({ freshnessIntervalMs: 0, ...options, trace: (event) => events.push(event) }), events };
}

/** typescript-eslint's parser as this test calls it. */
interface TsEslintParser {
  parseForESLint(code: string, options?: Record<string, unknown>): { ast: object; services: Record<string, unknown> };
}

const fanOut = "import { load } from './lib';\n\nexport async function loadAll(urls: string[]) {\n  return Promise.all(urls.map((url) => load(url)));\n}\n";
const sendingWrapper = 'export async function load(url: string) {\n  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });\n  return res.json();\n}\n';
const quietWrapper = 'export async function load(url: string) {\n  return url.length;\n}\n';
const bareFetch = 'export async function load(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}\n';

describe('eslint-plugin-http-resilience: the package', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const root = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };

  it('has its own manifest: name, the root version, its bundle as main, eslint 9 or 10 as peer, no dependencies', () => {
    assert.equal(manifest.name, 'eslint-plugin-http-resilience');
    assert.equal(manifest.version, root.version);
    assert.equal(manifest.main, './dist/index.js');
    assert.deepEqual(manifest.peerDependencies, { eslint: '^9 || ^10' });
    assert.deepEqual(manifest.engines, { node: root.engines.node });
    assert.deepEqual(manifest.files, ['dist/index.js', 'README.md', 'LICENSE']);
    assert.equal(manifest.dependencies, undefined, 'everything is bundled');
    assert.ok(fs.existsSync(path.join(pluginDir, 'dist/index.js')), 'npm run build writes the bundle');
  });

  it('ships the repository licence and a README', () => {
    assert.equal(fs.readFileSync(path.join(pluginDir, 'LICENSE'), 'utf8'), fs.readFileSync(path.join(repoRoot, 'LICENSE'), 'utf8'));
    assert.match(fs.readFileSync(path.join(pluginDir, 'README.md'), 'utf8'), /eslint-plugin-http-resilience/);
  });

  it("the README links every rule to the page meta.docs.url names, and to no page of the unpublished repository", () => {
    const readme = fs.readFileSync(path.join(pluginDir, 'README.md'), 'utf8');
    for (const { meta } of rules) assert.ok(readme.includes(`[http-resilience/${meta.id}](${ruleDocsUrl(meta.id)})`), `README has no link for ${meta.id} to ${ruleDocsUrl(meta.id)}`);
    assert.doesNotMatch(readme, /github\.com\/[^)\s]*\/blob\//, 'a GitHub page of a repository that is not published');
  });

  it('the bundle needs nothing but Node: no require of eslint, typescript or any package', () => {
    const bundle = fs.readFileSync(path.join(pluginDir, 'dist/index.js'), 'utf8');
    const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]));
    // source-map-support: TypeScript's optional require inside a try.
    const outside = [...required].filter((name) => !/^(node:)?[a-z_/]+$/.test(name) || ['eslint', 'typescript'].includes(name)).filter((name) => name !== 'source-map-support' && /^[\w@]/.test(name));
    assert.deepEqual(outside, []);
  });
});

describe('eslint-plugin-http-resilience: the plugin object', () => {
  const plugin = createPlugin();

  it('meta names the package, its version and the namespace', () => {
    const root = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(plugin.meta, { name: 'eslint-plugin-http-resilience', version: root.version, namespace: 'http-resilience' });
  });

  it('has all fourteen rules with ESLint metadata taken from ours', () => {
    assert.deepEqual(Object.keys(plugin.rules).sort(), rules.map((rule) => rule.meta.id).sort());
    assert.equal(Object.keys(plugin.rules).length, 14);
    for (const rule of rules) {
      const meta = plugin.rules[rule.meta.id].meta!;
      assert.equal(meta.type, rule.meta.severity === 'info' ? 'suggestion' : 'problem', rule.meta.id);
      assert.equal(meta.docs?.description, rule.meta.description);
      assert.equal(meta.docs?.url, ruleDocsUrl(rule.meta.id));
      assert.ok(fs.existsSync(path.join(repoRoot, 'docs/rules', `${rule.meta.id}.md`)));
      assert.deepEqual(meta.messages, rule.meta.messages, 'the same templates, {{name}} placeholders kept');
      assert.deepEqual(meta.schema, []);
      assert.equal(meta.hasSuggestions, rule.meta.fixable ? true : undefined);
      assert.equal(meta.fixable, undefined, 'no autofix: every fix changes what the program does');
    }
  });

  it('configs.recommended registers the plugin with each rule at its default severity (info → warn)', () => {
    const recommended = plugin.configs.recommended;
    assert.equal(recommended.plugins?.['http-resilience'], plugin);
    const expected = Object.fromEntries(rules.map((rule) => [`http-resilience/${rule.meta.id}`, rule.meta.severity === 'error' ? 'error' : 'warn']));
    assert.deepEqual(recommended.rules, expected);
    assert.equal(recommended.rules?.['http-resilience/wrong-pool-option'], 'error');
    assert.equal(recommended.rules?.['http-resilience/missing-retry'], 'warn');
    assert.equal(recommended.files, undefined, 'applies to whatever files the user lints');
  });
});

describe('eslint-plugin-http-resilience: with ESLint', () => {
  it('rejects options with ESLint\'s own message (the rules take none)', async (t) => {
    const dir = scratchProject(t, { 'src/api.ts': bareFetch });
    const { plugin } = traced();
    const eslint = eslintFor(dir, plugin, [{ rules: { 'http-resilience/missing-timeout': ['error', { bogus: 1 }] } }]);
    await assert.rejects(lint(eslint, path.join(dir, 'src/api.ts')), /Key "http-resilience\/missing-timeout"[\s\S]*should NOT have more than 0 items/);
    const accepted = eslintFor(dir, plugin, [{ rules: { 'http-resilience/missing-timeout': ['error'] } }]);
    assert.equal((await lint(accepted, path.join(dir, 'src/api.ts'))).length, 1);
  });

  it('honours eslint-disable-next-line http-resilience/<id> and our http-resilience-disable-next-line <id>', async (t) => {
    const dir = scratchProject(t, { 'src/api.ts': bareFetch });
    const eslint = eslintFor(dir, traced().plugin);
    const file = path.join(dir, 'src/api.ts');
    const flagged = await lint(eslint, file);
    assert.deepEqual(flagged.map((message) => [message.ruleId, message.line, message.severity]), [['http-resilience/missing-timeout', 2, 1]]);
    const disabled = (comment: string) => bareFetch.replace('  const res', `  ${comment}\n  const res`);
    assert.deepEqual(await lint(eslint, file, disabled('// eslint-disable-next-line http-resilience/missing-timeout')), []);
    assert.deepEqual(await lint(eslint, file, disabled('// http-resilience-disable-next-line missing-timeout')), []);
    assert.deepEqual(await lint(eslint, file, `/* http-resilience-disable missing-timeout */\n${bareFetch}`), []);
    // Another rule's id disables nothing.
    assert.equal((await lint(eslint, file, disabled('// http-resilience-disable-next-line missing-retry'))).length, 1);
  });

  it('offers the fix as a suggestion, never as an autofix (--fix changes nothing)', async (t) => {
    const dir = scratchProject(t, { 'src/api.ts': bareFetch });
    const eslint = new ESLint({
      cwd: dir,
      fix: true,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, traced().plugin.configs.recommended],
    });
    const [result] = await eslint.lintText(bareFetch, { filePath: path.join(dir, 'src/api.ts') });
    assert.equal(result.output, undefined, 'no autofix applied');
    const [message] = result.messages;
    assert.equal(message.suggestions?.length, 1);
    assert.match(message.suggestions[0].desc, /signal/);
    assert.equal(message.fix, undefined);
  });

  it('runs the engine once per lint of a file, whatever the number of rules', async (t) => {
    const dir = scratchProject(t, { 'src/api.ts': bareFetch });
    const { plugin, events } = traced();
    const eslint = eslintFor(dir, plugin);
    await lint(eslint, path.join(dir, 'src/api.ts'));
    await lint(eslint, path.join(dir, 'src/api.ts'), `${bareFetch}\n`);
    assert.deepEqual(events.map((event) => event.file), [path.join(dir, 'src/api.ts'), path.join(dir, 'src/api.ts')]);
  });

  it('analyses the parser\'s tree when typescript-eslint used our TypeScript version, else parses with ours', async (t) => {
    const dir = scratchProject(t, { 'src/api.ts': bareFetch, 'src/api.mjs': bareFetch.replace(': string', '') });
    // typescript-eslint's own parser: the repository's TypeScript, another version than the one the analyzer bundles.
    const { plugin, events } = traced();
    const viaTsEslint = await lint(eslintFor(dir, plugin), path.join(dir, 'src/api.ts'));
    const parserVersion = (JSON.parse(fs.readFileSync(require.resolve('typescript/package.json'), 'utf8')) as { version: string }).version;
    assert.notEqual(parserVersion, ts.version, 'this test needs the two versions to differ');
    assert.deepEqual(events.at(-1)?.origin, { kind: 'parsed', reason: 'other-version', parserTypeScript: parserVersion });

    // A parser whose TypeScript tree was built by the analyzer's own TypeScript: adopted as it is.
    let adoptedTree: unknown;
    const sameVersionParser: Linter.Parser = {
      meta: { name: 'same-typescript-parser' },
      parseForESLint(code: string, options?: Record<string, unknown>) {
        const result = (tseslint.parser as unknown as TsEslintParser).parseForESLint(code, options);
        adoptedTree = ts.createSourceFile(String(options?.filePath), code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
        const map = new WeakMap<object, unknown>([[result.ast, adoptedTree]]);
        return { ...result, services: { ...result.services, esTreeNodeToTSNodeMap: map } };
      },
    };
    const adopting = traced();
    const eslint = new ESLint({
      cwd: dir,
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: sameVersionParser } }, adopting.plugin.configs.recommended],
    });
    const viaSameVersion = await lint(eslint, path.join(dir, 'src/api.ts'));
    assert.deepEqual(adopting.events.at(-1)?.origin, { kind: 'adopted', typescript: ts.version });
    assert.ok(adoptedTree);
    assert.deepEqual(viaSameVersion, viaTsEslint, 'the same findings either way');

    // ESLint's default parser (espree) for JavaScript: no TypeScript tree, parsed with ours.
    const js = await lint(eslintFor(dir, plugin), path.join(dir, 'src/api.mjs'));
    assert.equal(js.length, 1);
    assert.deepEqual(events.at(-1)?.origin, { kind: 'parsed', reason: 'no-typescript-tree' });
  });

  it('follows a wrapper into the file that defines it, and sees that file change on disk after the interval', async (t) => {
    const dir = scratchProject(t, { 'src/app.ts': fanOut, 'src/lib.ts': sendingWrapper });
    let now = 0;
    const { plugin } = traced({ freshnessIntervalMs: 1000, clock: () => now });
    const eslint = eslintFor(dir, plugin);
    const app = path.join(dir, 'src/app.ts');
    const fanOutFindings = async () => (await lint(eslint, app)).filter((message) => message.ruleId === 'http-resilience/unbounded-concurrency').map((message) => message.line);

    assert.deepEqual(await fanOutFindings(), [4], 'lib.ts read from disk: load() sends a request');
    fs.writeFileSync(path.join(dir, 'src/lib.ts'), quietWrapper);
    now += 200;
    assert.deepEqual(await fanOutFindings(), [4], 'within the interval the model is not compared with the disk');
    now += 1000;
    assert.deepEqual(await fanOutFindings(), [], 'after it, the changed neighbour is read again');
    fs.writeFileSync(path.join(dir, 'src/lib.ts'), `${sendingWrapper}// saved again\n`);
    now += 1000;
    assert.deepEqual(await fanOutFindings(), [4]);
  });

  it('an import that did not resolve resolves once the file appears; a deleted neighbour stops counting', async (t) => {
    const dir = scratchProject(t, { 'src/app.ts': fanOut });
    const { plugin } = traced();
    const eslint = eslintFor(dir, plugin);
    const app = path.join(dir, 'src/app.ts');
    const fanOutLines = async () => (await lint(eslint, app)).filter((message) => message.ruleId === 'http-resilience/unbounded-concurrency').map((message) => message.line);
    assert.deepEqual(await fanOutLines(), []);
    fs.writeFileSync(path.join(dir, 'src/lib.ts'), sendingWrapper);
    assert.deepEqual(await fanOutLines(), [4]);
    fs.rmSync(path.join(dir, 'src/lib.ts'));
    assert.deepEqual(await fanOutLines(), []);
  });

  it('a workspace package created after the first lint is found: directory listings are remembered too', async (t) => {
    const dir = scratchProject(t, {
      'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'] }),
      'packages/app/package.json': JSON.stringify({ name: '@acme/app' }),
      'packages/app/src/app.ts': fanOut.replace("'./lib'", "'@acme/lib'"),
    });
    const { plugin } = traced();
    const eslint = eslintFor(dir, plugin);
    const app = path.join(dir, 'packages/app/src/app.ts');
    const fanOutLines = async () => (await lint(eslint, app)).filter((message) => message.ruleId === 'http-resilience/unbounded-concurrency').map((message) => message.line);
    assert.deepEqual(await fanOutLines(), []);
    fs.mkdirSync(path.join(dir, 'packages/lib/src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'packages/lib/package.json'), JSON.stringify({ name: '@acme/lib', main: 'dist/index.js' }));
    fs.writeFileSync(path.join(dir, 'packages/lib/src/index.ts'), sendingWrapper);
    assert.deepEqual(await fanOutLines(), [4]);
  });

  it('lints the text ESLint gives (an unsaved buffer), not the file on disk', async (t) => {
    const dir = scratchProject(t, { 'src/api.ts': quietWrapper });
    const eslint = eslintFor(dir, traced().plugin);
    assert.deepEqual((await lint(eslint, path.join(dir, 'src/api.ts'), bareFetch)).map((message) => message.line), [2]);
  });
});

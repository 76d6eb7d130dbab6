/**
 * The project model reads every file through one seam that puts editor buffers over the disk: an unsaved
 * package.json, tsconfig or `.nvmrc` changes what the analysis concludes, in the model and in the server.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ProjectHost } from '../src/analysis/project/project-host';
import { analyzeFile } from '../src/engine/analyze-file';
import { defaultSettings } from '../src/shared/settings';
import { type LspSession, startServer } from './support/lsp-harness';

const fanOut = 'export async function load(urls: string[]) {\n  return Promise.all(urls.map((url) => fetch(url)));\n}\n';
const browserManifest = JSON.stringify({ name: 'web', dependencies: { react: '^19.0.0', 'react-dom': '^19.0.0' } });
const serverManifest = JSON.stringify({ name: 'api', dependencies: { express: '^5.0.0' } });

function tempProject(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-model-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const rulesOf = (host: ProjectHost, file: string) => analyzeFile(host.getFile(file)!, defaultSettings).map((finding) => finding.ruleId);

describe('project model: editor buffers over the disk', () => {
  it('an unsaved package.json decides where the code runs, and closing it returns to the disk', (t) => {
    const dir = tempProject({ 'package.json': browserManifest, 'src/load.ts': fanOut });
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const invalidated: string[][] = [];
    const host = new ProjectHost(undefined, (paths) => invalidated.push(paths));
    const file = path.join(dir, 'src/load.ts');
    assert.deepEqual(rulesOf(host, file), [], 'a React package is browser code');
    host.setProjectFileOverlay(path.join(dir, 'package.json'), serverManifest);
    assert.ok(invalidated.some((paths) => paths.includes(file)), 'the open files are told to re-lint');
    assert.ok(rulesOf(host, file).includes('unbounded-concurrency'), 'the buffer, not the disk, decides');
    host.closeOverlay(path.join(dir, 'package.json'));
    assert.deepEqual(rulesOf(host, file), []);
  });

  it('an unsaved tsconfig adds a path alias that imports then follow', (t) => {
    const dir = tempProject({
      'tsconfig.json': '{ "compilerOptions": {} }',
      'src/lib/api.ts': 'export function getUser(id: string) {\n  return fetch(`https://api.example.com/users/${id}`);\n}\n',
      'src/main.ts': "import { getUser } from '@/lib/api';\nexport const all = (ids: string[]) => Promise.all(ids.map((id) => getUser(id)));\n",
    });
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const host = new ProjectHost();
    const main = path.join(dir, 'src/main.ts');
    assert.equal(host.resolveImport(main, '@/lib/api'), undefined);
    host.setProjectFileOverlay(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { "paths": { "@/*": ["./src/*"] } } }');
    assert.equal(host.resolveImport(main, '@/lib/api')?.path, path.join(dir, 'src/lib/api.ts'));
  });

  it('an unsaved .nvmrc changes the Node.js version the rules see', (t) => {
    const dir = tempProject({ '.nvmrc': '20\n', 'src/a.ts': '' });
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const host = new ProjectHost();
    const file = path.join(dir, 'src/a.ts');
    assert.equal(host.runtimeVersionsOf(file).node?.major, 20);
    host.setProjectFileOverlay(path.join(dir, '.nvmrc'), '24\n');
    assert.equal(host.runtimeVersionsOf(file).node?.major, 24);
  });

  it('release lets go of a parsed file but keeps an editor buffer', () => {
    const host = new ProjectHost((file) => (file === '/p/a.ts' ? fanOut : undefined));
    host.getFile('/p/a.ts');
    host.release('/p/a.ts');
    assert.equal(host.cached('/p/a.ts'), undefined, 'dropped');
    assert.ok(host.getFile('/p/a.ts'), 'read again on demand');
    host.setOverlay('/p/b.ts', fanOut);
    host.release('/p/b.ts');
    assert.ok(host.cached('/p/b.ts'), 'an open buffer stays');
  });

  it('a workspace scan keeps a file read earlier as an import while its text is the same, and re-reads it once changed', () => {
    const files = new Map([['/p/lib.ts', fanOut], ['/p/main.ts', "import { load } from './lib';\nexport const run = (urls: string[]) => load(urls);\n"]]);
    const invalidated: string[][] = [];
    const host = new ProjectHost((file) => files.get(file), (paths) => invalidated.push(paths));
    const lib = host.resolveImport('/p/main.ts', './lib');
    assert.ok(lib && host.getFile('/p/main.ts'));
    assert.equal(host.refresh('/p/lib.ts'), lib, 'the same analysis');
    assert.equal(invalidated.length, 0, 'main.ts keeps its summaries');
    files.set('/p/lib.ts', `${fanOut}// edited\n`);
    const reread = host.refresh('/p/lib.ts');
    assert.notEqual(reread, lib);
    assert.equal(reread?.text, files.get('/p/lib.ts'));
    assert.ok(invalidated.some((paths) => paths.includes('/p/main.ts')), 'main.ts is told');
    files.delete('/p/lib.ts');
    assert.equal(host.refresh('/p/lib.ts'), undefined, 'gone from the disk');
  });

  it('typing in an open source file resolves its imports once; a new buffer starts over', () => {
    const files = new Map([['/p/lib/index.ts', fanOut], ['/p/main.ts', "import { load } from './lib';\n"]]);
    const reads: string[] = [];
    const host = new ProjectHost((file) => (reads.push(file), files.get(file)));
    host.setOverlay('/p/main.ts', files.get('/p/main.ts')!);
    assert.equal(host.resolveImport('/p/main.ts', './lib')?.path, '/p/lib/index.ts');
    const missed = (from: number) => reads.slice(from).filter((file) => !files.has(file));
    assert.ok(missed(0).includes('/p/lib.ts'), 'the candidates before lib/index.ts were tried');
    const before = reads.length;
    for (const line of ['// a', '// ab', '// abc']) {
      host.setOverlay('/p/main.ts', `${files.get('/p/main.ts')}${line}\n`);
      assert.equal(host.resolveImport('/p/main.ts', './lib')?.path, '/p/lib/index.ts');
    }
    assert.deepEqual(missed(before), [], 'no candidate is looked for again while typing');
    host.setOverlay('/p/lib.ts', 'export const load = (urls: string[]) => urls;\n');
    assert.equal(host.resolveImport('/p/main.ts', './lib')?.path, '/p/lib.ts', 'a new buffer is a new file the import now names');
  });

  it('a read function stands for the whole file system (scratch projects)', () => {
    const files = new Map([['/p/.git/HEAD', 'ref'], ['/p/test/a.ts', fanOut]]);
    const host = new ProjectHost((file) => files.get(file) ?? (file === '/p/.git' ? '' : undefined));
    assert.equal(host.repositoryRelativePath('/p/test/a.ts'), 'test/a.ts');
    assert.deepEqual(rulesOf(host, '/p/test/a.ts'), [], 'test code inside the repository');
  });
});

describe('language server: an open package.json counts before it is saved', () => {
  let dir: string;
  let server: LspSession;
  const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;
  let version = 1;

  before(async () => {
    dir = tempProject({ 'package.json': browserManifest, 'load.ts': fanOut });
    server = await startServer(dir, { scan: { onStartup: false } });
  });
  after(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-lints the open source file when the package.json buffer changes, and never lints package.json', async () => {
    const quiet = server.waitForDiagnostics(uriOf('load.ts'));
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf('load.ts'), languageId: 'typescript', version: version++, text: fanOut } });
    assert.deepEqual(await quiet, [], 'browser package: nothing');
    const flagged = server.waitForDiagnostics(uriOf('load.ts'), (diagnostics) => diagnostics.length > 0);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf('package.json'), languageId: 'json', version: version++, text: serverManifest } });
    const diagnostics = await flagged;
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'unbounded-concurrency'));
    assert.ok(!server.published.some((params) => params.uri === uriOf('package.json')), 'package.json itself gets no diagnostics');
    const actions = await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: uriOf('package.json') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
  });
});

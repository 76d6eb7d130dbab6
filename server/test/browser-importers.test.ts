/**
 * A module no file marks as browser code counts as browser code when only browser code imports it
 * (project/import-graph.ts): from the CLI's file list, and kept current while editor buffers change.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { ProjectHost } from '../src/analysis/project/project-host';
import { analyzeFile } from '../src/engine/analyze-file';
import { Commands } from '../src/shared/protocol';
import { defaultSettings } from '../src/shared/settings';
import { cleanupAfter } from './support/cleanup';
import { startServer } from './support/lsp-harness';

const client = (from: string) => `'use client';\nimport { loadPrices } from '${from}';\nexport function Prices() {\n  void loadPrices();\n  return null;\n}\n`;
const prices = "export async function loadPrices() {\n  const res = await fetch('https://prices.example.com/v1/prices');\n  return res.json();\n}\n";
const route = "import { loadPrices } from '../lib/prices';\nexport async function GET() {\n  return Response.json(await loadPrices());\n}\n";

function tempProject(files: Record<string, string>): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-importers-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, files: Object.keys(files).map((name) => path.join(dir, name)) };
}

const rulesOf = (host: ProjectHost, file: string) => analyzeFile(host.getFile(file)!, defaultSettings).map((finding) => finding.ruleId);

describe('modules only browser code imports', () => {
  it('are browser code once the project files are known, and server code without the list', (t) => {
    const project = tempProject({ 'components/prices.tsx': client('../lib/prices'), 'lib/prices.ts': prices });
    t.after(() => fs.rmSync(project.dir, { recursive: true, force: true }));
    const module = path.join(project.dir, 'lib/prices.ts');
    assert.deepEqual(rulesOf(new ProjectHost(), module), ['missing-timeout'], 'without the file list nothing is known');
    const host = new ProjectHost();
    host.setProjectFiles(project.files);
    assert.equal(host.getFile(module)!.environment, 'browser');
    assert.deepEqual(rulesOf(host, module), []);
  });

  it('a type-only import does not make a module server code; a value import does, and a test file counts for neither', (t) => {
    const project = tempProject({
      'components/prices.tsx': client('../lib/prices'),
      'lib/prices.ts': prices,
      'app/route.ts': "import type { loadPrices } from '../lib/prices';\nexport const GET = () => new Response('ok');\n",
      'lib/prices.test.ts': "import { loadPrices } from './prices';\nvoid loadPrices();\n",
    });
    t.after(() => fs.rmSync(project.dir, { recursive: true, force: true }));
    const module = path.join(project.dir, 'lib/prices.ts');
    const host = new ProjectHost();
    host.setProjectFiles(project.files);
    assert.equal(host.getFile(module)!.environment, 'browser');
    fs.writeFileSync(path.join(project.dir, 'app/route.ts'), route);
    host.invalidate(path.join(project.dir, 'app/route.ts'));
    assert.equal(host.getFile(module)!.environment, 'node', 'the route imports its value now');
  });

  it("through modules of their own, but never past 'use server' or a module nothing imports", (t) => {
    const project = tempProject({
      'components/prices.tsx': client('../lib/price-list'),
      'lib/price-list.ts': "export { loadPrices } from './prices';\n",
      'lib/prices.ts': prices,
      'app/actions.ts': "'use server';\nimport { loadPrices } from '../lib/prices';\nexport async function refresh() {\n  return loadPrices();\n}\n",
      'lib/orphan.ts': prices,
    });
    t.after(() => fs.rmSync(project.dir, { recursive: true, force: true }));
    const host = new ProjectHost();
    host.setProjectFiles(project.files);
    assert.equal(host.getFile(path.join(project.dir, 'lib/price-list.ts'))!.environment, 'browser', 'the barrel only a client component imports');
    assert.equal(host.getFile(path.join(project.dir, 'lib/prices.ts'))!.environment, 'node', "a 'use server' module imports it too");
    assert.equal(host.getFile(path.join(project.dir, 'app/actions.ts'))!.environment, 'node', "'use server' runs on the server whoever imports it");
    assert.equal(host.getFile(path.join(project.dir, 'lib/orphan.ts'))!.environment, 'node', 'nothing imports it: an entry point');
  });

  it('a listing function is called once, by the first file that has no mark of its own (the ESLint plugin)', (t) => {
    const project = tempProject({
      'components/prices.tsx': client('../lib/prices'),
      'lib/prices.ts': prices,
      'lib/prices.test.ts': "import { loadPrices } from './prices';\nvoid loadPrices();\n",
      'app/route.ts': route,
    });
    t.after(() => fs.rmSync(project.dir, { recursive: true, force: true }));
    let listings = 0;
    const host = new ProjectHost();
    host.setProjectFiles(() => {
      listings++;
      return project.files.filter((file) => !file.endsWith('route.ts'));
    });
    assert.equal(host.getFile(path.join(project.dir, 'components/prices.tsx'))!.environment, 'browser');
    assert.equal(host.getFile(path.join(project.dir, 'lib/prices.test.ts'))!.environment, 'test');
    assert.equal(listings, 0, "'use client' and test files say where they run themselves");
    assert.equal(host.getFile(path.join(project.dir, 'lib/prices.ts'))!.environment, 'browser', 'the listing leaves the route out');
    assert.equal(host.getFile(path.join(project.dir, 'app/route.ts'))!.environment, 'node');
    assert.equal(listings, 1);
  });

  it('follows editor buffers: a server importer added later flips it back, and the module is told', async (t) => {
    const project = tempProject({ 'components/prices.tsx': client('../lib/prices'), 'lib/prices.ts': prices, 'app/route.ts': 'export const GET = () => new Response(null);\n' });
    t.after(() => fs.rmSync(project.dir, { recursive: true, force: true }));
    const told: string[][] = [];
    const host = new ProjectHost(undefined, (paths) => told.push(paths));
    const module = path.join(project.dir, 'lib/prices.ts');
    const component = path.join(project.dir, 'components/prices.tsx');
    await host.indexProjectFiles(project.files, () => new Promise((resolve) => setImmediate(resolve)));
    assert.ok(told.some((paths) => paths.includes(module)), 'the finished index tells every file');
    assert.deepEqual(rulesOf(host, module), []);

    told.length = 0;
    host.setOverlay(path.join(project.dir, 'app/route.ts'), route);
    assert.ok(told.some((paths) => paths.includes(module)), 'the module it now imports is told to re-lint');
    assert.deepEqual(rulesOf(host, module), ['missing-timeout']);

    host.setOverlay(path.join(project.dir, 'app/route.ts'), "'use client';\n" + route);
    assert.deepEqual(rulesOf(host, module), [], "typing 'use client' at the top of the importer makes it browser code again");

    host.setOverlay(component, "'use client';\nexport function Prices() {\n  return null;\n}\n");
    host.setOverlay(path.join(project.dir, 'app/route.ts'), 'export const GET = () => new Response(null);\n');
    assert.deepEqual(rulesOf(host, module), ['missing-timeout'], 'with no importer left it is an entry point');

    told.length = 0;
    const page = path.join(project.dir, 'app/page.tsx');
    host.setOverlay(page, client('../lib/prices'));
    assert.ok(told.some((paths) => paths.includes(module)), 'a new unsaved file counts as an importer');
    assert.deepEqual(rulesOf(host, module), []);
  });

  it('a keystroke that changes no import keeps the verdicts and tells no one', async (t) => {
    const project = tempProject({ 'components/prices.tsx': client('../lib/prices'), 'lib/prices.ts': prices });
    t.after(() => fs.rmSync(project.dir, { recursive: true, force: true }));
    const told: string[][] = [];
    const host = new ProjectHost(undefined, (paths) => told.push(paths));
    await host.indexProjectFiles(project.files, () => Promise.resolve());
    const module = path.join(project.dir, 'lib/prices.ts');
    assert.equal(host.getFile(module)!.environment, 'browser');
    told.length = 0;
    const component = path.join(project.dir, 'components/prices.tsx');
    host.setOverlay(component, client('../lib/prices').replace('return null', 'return "prices"'));
    assert.deepEqual(told, []);
    assert.equal(host.getFile(module)!.environment, 'browser');
  });
});

describe('language server: modules only browser code imports', { timeout: 60_000 }, () => {
  const cleanup = cleanupAfter({ after });
  it('counts them as browser code after a workspace scan, and flips back when an open buffer imports them from a route', async () => {
    const project = cleanup.defer(tempProject({ 'components/prices.tsx': client('../lib/prices'), 'lib/prices.ts': prices }), (made) =>
      fs.rmSync(made.dir, { recursive: true, force: true }),
    );
    const server = cleanup.defer(await startServer(project.dir, { scan: { onStartup: false } }), async (started) => assert.equal(await started.stop(), 0));
    const uriOf = (name: string) => pathToFileURL(path.join(project.dir, name)).href;
    const rules = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => String(diagnostic.code));
    const open = (name: string, text: string) =>
      server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId: 'typescript', version: 1, text } });

    const first = server.waitForDiagnostics(uriOf('lib/prices.ts'), (diagnostics) => diagnostics.length > 0);
    await open('lib/prices.ts', prices);
    assert.deepEqual(rules(await first), ['missing-timeout'], 'before a scan the project files are unknown');

    const quiet = server.waitForDiagnostics(uriOf('lib/prices.ts'), (diagnostics) => diagnostics.length === 0);
    await server.connection.sendRequest('workspace/executeCommand', { command: Commands.scanWorkspace, arguments: [] });
    await quiet;

    const flagged = server.waitForDiagnostics(uriOf('lib/prices.ts'), (diagnostics) => diagnostics.length > 0);
    await open('app/route.ts', route);
    assert.deepEqual(rules(await flagged), ['missing-timeout'], 'an unsaved route handler imports it now');
  });
});

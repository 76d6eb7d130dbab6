/** Protocol tests: the built server as a child process, real JSON-RPC over stdio, every handler. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { Commands, type ScanResult } from '../src/shared/protocol';
import { cleanupAfter } from './support/cleanup';
import { type LspSession, startServer } from './support/lsp-harness';

const fanOut = 'export async function load(urls: string[]) {\n  return Promise.all(urls.map((url) => fetch(url)));\n}\n';
const rulesOf = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => String(diagnostic.code)).sort();

let dir: string;
let server: LspSession;
const uriOf = (name: string) => pathToFileURL(path.join(dir, name)).href;
const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
let version = 1;
const open = (name: string, text: string) =>
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(name), languageId: 'typescript', version: version++, text } });
const change = (name: string, text: string) =>
  server.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uriOf(name), version: version++ }, contentChanges: [{ text }] });
const close = (name: string) => server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(name) } });

describe('language server over stdio', { timeout: 90_000 }, () => {
  const cleanup = cleanupAfter({ after });
  before(async () => {
    dir = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-lsp-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
    write('api.ts', 'export async function getUser(id: string) {\n  return fetch(`/users/${id}`, { signal: AbortSignal.timeout(5_000) });\n}\n');
    write('main.ts', "import { getUser } from './api';\nexport const all = (ids: string[]) => Promise.all(ids.map((id) => getUser(id)));\n");
    for (let index = 0; index < 40; index++) write(`gen${index}.ts`, fanOut);
    server = cleanup.defer(await startServer(dir, { scan: { onStartup: false } }), async (started) =>
      assert.equal(await started.stop(), 0, 'the server exits with 0 after shutdown + exit'),
    );
  });

  it('publishes diagnostics on open with code, source, docs link and range', async () => {
    const published = server.waitForDiagnostics(uriOf('open.ts'), (diagnostics) => diagnostics.length > 0);
    await open('open.ts', fanOut);
    const diagnostics = await published;
    assert.deepEqual(rulesOf(diagnostics), ['missing-retry', 'missing-timeout', 'unbounded-concurrency']);
    const fanOutDiagnostic = diagnostics.find((diagnostic) => diagnostic.code === 'unbounded-concurrency')!;
    assert.equal(fanOutDiagnostic.source, 'http-resilience');
    assert.match(fanOutDiagnostic.codeDescription?.href ?? '', /docs\/rules\/unbounded-concurrency\.md$/);
    const line = fanOut.split('\n').findIndex((text) => text.includes('Promise.all'));
    assert.equal(fanOutDiagnostic.range.start.line, line);
    assert.equal(fanOutDiagnostic.range.start.character, fanOut.split('\n')[line].indexOf('Promise.all'));
  });

  it('points at the request a wrapper in another file sends (relatedInformation)', async () => {
    const published = server.waitForDiagnostics(uriOf('main.ts'), (diagnostics) => diagnostics.length > 0);
    await open('main.ts', fs.readFileSync(path.join(dir, 'main.ts'), 'utf8'));
    const fanOutDiagnostic = (await published).find((diagnostic) => diagnostic.code === 'unbounded-concurrency');
    assert.ok(fanOutDiagnostic, 'the wrapper call is a request site');
    const related = fanOutDiagnostic.relatedInformation?.[0];
    assert.equal(related?.location.uri, uriOf('api.ts'));
    assert.equal(related?.location.range.start.line, 1);
  });

  it('re-analyses on change and publishes only the latest version', async () => {
    const clean = 'export const nothing = 1;\n';
    const settled = server.waitForDiagnostics(uriOf('open.ts'), (diagnostics) => diagnostics.length === 0);
    const before = server.published.length;
    await change('open.ts', `${fanOut}// v2\n`);
    await change('open.ts', `${fanOut}// v3\n`);
    await change('open.ts', clean);
    await settled;
    const forFile = server.published.slice(before).filter((params) => params.uri === uriOf('open.ts'));
    assert.ok(forFile.length >= 1);
    assert.deepEqual(forFile.at(-1)?.diagnostics, [], 'the last publication is for the last text');
    assert.ok(forFile.length < 3, `debounced: ${forFile.length} publications for 3 quick changes`);
  });

  it('clears diagnostics on close', async () => {
    await change('open.ts', fanOut);
    await server.waitForDiagnostics(uriOf('open.ts'), (diagnostics) => diagnostics.length > 0);
    const cleared = server.waitForDiagnostics(uriOf('open.ts'), (diagnostics) => diagnostics.length === 0);
    await close('open.ts');
    assert.deepEqual(await cleared, []);
  });

  it('applies a configuration change (rule turned off) to open documents', async () => {
    const first = server.waitForDiagnostics(uriOf('config.ts'), (diagnostics) => diagnostics.length > 0);
    await open('config.ts', fanOut);
    assert.ok(rulesOf(await first).includes('missing-timeout'));
    server.settings.rules = { 'missing-timeout': 'off', 'unbounded-concurrency': 'error' };
    const updated = server.waitForDiagnostics(uriOf('config.ts'), (diagnostics) => !rulesOf(diagnostics).includes('missing-timeout'));
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const diagnostics = await updated;
    assert.equal(diagnostics.find((diagnostic) => diagnostic.code === 'unbounded-concurrency')?.severity, 1);
    server.settings.rules = {};
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await close('config.ts');
  });

  it('updates a dependent file when the file it imports changes on disk', async () => {
    write('api.ts', 'export async function getUser(id: string) {\n  return { id };\n}\n');
    const updated = server.waitForDiagnostics(uriOf('main.ts'), (diagnostics) => !rulesOf(diagnostics).includes('unbounded-concurrency'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('api.ts'), type: 2 }] });
    await updated;
    await close('main.ts');
  });

  it('scans the workspace with progress and publishes for files that are not open', async () => {
    const progressBefore = server.progress.length;
    const generated = server.waitForDiagnostics(uriOf('gen7.ts'), (diagnostics) => diagnostics.length > 0);
    const result: ScanResult = await server.connection.sendRequest('workspace/executeCommand', { command: Commands.scanWorkspace, arguments: [] });
    assert.equal(result.cancelled, false);
    assert.ok(result.filesAnalyzed >= 40, `analysed ${result.filesAnalyzed}`);
    assert.ok(result.findings >= 120);
    assert.deepEqual(rulesOf(await generated), ['missing-retry', 'missing-timeout', 'unbounded-concurrency']);
    const kinds = server.progress.slice(progressBefore).map((value) => (value as { kind: string }).kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('report'));
    assert.equal(kinds.at(-1), 'end');
    assert.ok(server.statuses.some((status) => status.findings >= 120), 'the status bar count follows');
  });

  it('cancels a scan between files', async () => {
    const source = new CancellationTokenSource();
    const pending = server.connection.sendRequest('workspace/executeCommand', { command: Commands.scanWorkspace, arguments: [] }, source.token);
    source.cancel();
    const result = (await pending.catch((error: unknown) => ({ error }))) as ScanResult | { error: unknown };
    if ('error' in result) assert.match(String((result.error as Error).message), /cancel/i);
    else {
      assert.equal(result.cancelled, true);
      assert.ok(result.filesAnalyzed < 42);
    }
  });

  it('clears a scanned file that is deleted on disk', async () => {
    await server.waitForDiagnostics(uriOf('gen3.ts'), (diagnostics) => diagnostics.length > 0).catch(() => undefined);
    const cleared = server.waitForDiagnostics(uriOf('gen3.ts'), (diagnostics) => diagnostics.length === 0);
    fs.rmSync(path.join(dir, 'gen3.ts'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('gen3.ts'), type: 3 }] });
    assert.deepEqual(await cleared, []);
  });

  it('follows workspace folder changes', async () => {
    const extra = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-lsp-extra-'));
    try {
      fs.writeFileSync(path.join(extra, 'added.ts'), fanOut);
      const extraUri = pathToFileURL(extra).href;
      await server.connection.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: extraUri, name: 'extra' }], removed: [] },
      });
      const added = server.waitForDiagnostics(pathToFileURL(path.join(extra, 'added.ts')).href, (diagnostics) => diagnostics.length > 0);
      const result: ScanResult = await server.connection.sendRequest('workspace/executeCommand', { command: Commands.scanWorkspace, arguments: [] });
      assert.equal(result.cancelled, false);
      assert.ok((await added).some((diagnostic) => diagnostic.code === 'unbounded-concurrency'));
    } finally {
      fs.rmSync(extra, { recursive: true, force: true });
    }
  });

  it('survives bad documents and keeps answering', async () => {
    await open('broken.ts', 'export const = ;\nfunction (');
    await open('binary.ts', '\u0000\u0001\u0002ELF\u0000'.repeat(100));
    const long = Array.from({ length: 50_000 }, (_, index) => `export const v${index} = ${index};`).join('\n');
    const longPublished = server.waitForDiagnostics(uriOf('long.ts'), (diagnostics) => diagnostics.length > 0, 30_000);
    await open('long.ts', `${long}\n${fanOut}`);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'untitled:Untitled-1', languageId: 'typescript', version: 1, text: fanOut },
    });
    assert.ok((await longPublished).some((diagnostic) => diagnostic.range.start.line >= 50_000));
    const alive = server.waitForDiagnostics(uriOf('after.ts'), (diagnostics) => diagnostics.length > 0);
    await open('after.ts', fanOut);
    assert.ok((await alive).length > 0);
    assert.equal(server.process.exitCode, null, 'still running');
  });
});

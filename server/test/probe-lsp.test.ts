/**
 * The probe over LSP: the built server (dist/server.js) over stdio, a real 127.0.0.1 server to probe.
 * `httpResilience/probe` reports work-done progress (the client's token or one the server creates),
 * stops every socket on $/cancelRequest, returns the version-1 JSON, and feeds the measured idle timeout
 * to keepalive-mismatch; "Probe this host" code actions sit on URL literals.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type CodeAction, CancellationTokenSource, type Command, type ProgressToken, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport, WorkDoneProgressCreateRequest } from 'vscode-languageserver-protocol/node';
import { ClientCommands, ProbeRequest } from '../src/shared/protocol';
import { cleanupAfter } from './support/cleanup';
import { type LspSession, startServer as startLanguageServer } from './support/lsp-harness';
import { startServer } from './support/load-servers';
import { waitUntil } from './support/load-servers';

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

let dir: string;
let lsp: LspSession;
const progress: Array<{ token: ProgressToken; value: ProgressValue }> = [];
const created: ProgressToken[] = [];
const progressEvents = new EventEmitter();

describe('probe over LSP', { timeout: 90_000 }, () => {
  const cleanup = cleanupAfter({ after });
  before(async () => {
    dir = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-probe-lsp-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
    lsp = cleanup.defer(await startLanguageServer(dir, { scan: { onStartup: false } }), async (started) => assert.equal(await started.stop(), 0, 'the server exits with 0'));
    lsp.connection.onNotification('$/progress', (params: { token: ProgressToken; value: ProgressValue }) => {
      progress.push(params);
      progressEvents.emit('progress');
    });
    lsp.connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      created.push(params.token);
    });
  });
  it('reports progress on the client token and returns the version-1 JSON with preflight details', async () => {
    const server = await startServer();
    try {
      const result = await lsp.connection.sendRequest(ProbeRequest.type, { url: server.url, limits: { maxRequests: 25, maxConcurrency: 2, idleWaitSeconds: 0 }, workDoneToken: 'probe-1' });
      assert.equal(result.version, 1);
      assert.equal(result.origin, server.origin);
      assert.equal(result.requestsSent, server.arrivals.length);
      assert.ok(result.steps.length >= 1);
      assert.equal(result.details.preflight?.status, 200);
      assert.equal(result.details.limits.maxRequests, 25);
      const kinds = progress.filter((entry) => entry.token === 'probe-1').map((entry) => entry.value.kind);
      assert.equal(kinds[0], 'begin');
      assert.ok(kinds.includes('report'));
      assert.equal(kinds.at(-1), 'end');
    } finally {
      await server.close();
    }
  });

  it('creates a progress when the client sends no token', async () => {
    const server = await startServer();
    try {
      await lsp.connection.sendRequest(ProbeRequest.type, { url: server.url, limits: { maxRequests: 10, maxConcurrency: 1, idleWaitSeconds: 0 } });
      assert.equal(created.length, 1);
      const kinds = progress.filter((entry) => entry.token === created[0]).map((entry) => entry.value.kind);
      assert.deepEqual([kinds[0], kinds.at(-1)], ['begin', 'end']);
    } finally {
      await server.close();
    }
  });

  it('stops every socket on $/cancelRequest and answers with what it had', async () => {
    const server = await startServer({ delayMs: 40 });
    try {
      const source = new CancellationTokenSource();
      const pending = lsp.connection.sendRequest(ProbeRequest.type, { url: server.url, limits: { maxRequests: 300, idleWaitSeconds: 30 }, workDoneToken: 'probe-cancel' }, source.token);
      await server.waitFor(() => server.arrivals.length >= 15, 10_000, '15 probe requests');
      source.cancel();
      const answer = await pending.then((result) => ({ result }), (error: unknown) => ({ error }));
      if ('result' in answer) assert.equal(answer.result.stoppedBecause, 'cancelled');
      else assert.match(String(answer.error), /cancel/i);
      await server.waitFor(() => server.openSockets === 0, 5000, 'all probe sockets closed');
      // The end of the progress proves the handler finished; nothing may arrive after it.
      await waitForProgressEnd('probe-cancel');
      const arrivals = server.arrivals.length;
      assert.ok(arrivals < 300);
      const marker = await lsp.connection.sendRequest(ProbeRequest.type, { url: `${server.origin}/marker`, limits: { maxRequests: 1, idleWaitSeconds: 0 } });
      assert.equal(marker.requestsSent, 1);
      assert.equal(server.arrivals.filter((arrival) => arrival.path !== '/marker').length, arrivals, 'no probe request after cancellation');
    } finally {
      await server.close();
    }
  });

  it('answers InvalidParams for a URL it will not probe, without sending anything', async () => {
    await assert.rejects(lsp.connection.sendRequest(ProbeRequest.type, { url: 'ftp://example.com/' }), (error: { code: number; message: string }) => error.code === -32602 && /only http and https/.test(error.message));
  });

  it('records the measured idle timeout: keepalive-mismatch then names it', async () => {
    const server = await startServer({ keepAliveTimeout: 500 });
    try {
      const result = await lsp.connection.sendRequest(ProbeRequest.type, { url: server.url, limits: { maxRequests: 10, maxConcurrency: 1, idleWaitSeconds: 5 } });
      assert.ok(result.idleTimeoutMs !== null, 'idle timeout measured');
      const uri = pathToFileURL(path.join(dir, 'pool.ts')).href;
      const text = `import { Pool } from 'undici';\nexport const pool = new Pool('${server.origin}', { connections: 8, keepAliveTimeout: 60_000 });\n`;
      const published = lsp.waitForDiagnostics(uri, (diagnostics) => diagnostics.some((diagnostic) => diagnostic.code === 'keepalive-mismatch'));
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      const diagnostic = (await published).find((candidate) => candidate.code === 'keepalive-mismatch')!;
      assert.match(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value, new RegExp(`probe measured for ${server.origin.replace(/[.]/g, '\\.')}`));
    } finally {
      await server.close();
    }
  });

  it('offers "Probe this host" on URL literals, with the userinfo removed', async () => {
    const uri = pathToFileURL(path.join(dir, 'client.ts')).href;
    const text = "import { Pool } from 'undici';\nexport const pool = new Pool('https://bot:secret@api.example.com/v1', { connections: 4 });\nexport const n = 1;\n";
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const at = (line: number) => ({ textDocument: { uri }, range: { start: { line, character: 5 }, end: { line, character: 5 } }, context: { diagnostics: [] } });
    const actions = await lsp.connection.sendRequest<Array<CodeAction | Command>>('textDocument/codeAction', at(1));
    const probe = actions.map((action) => ('command' in action && typeof action.command === 'object' ? action.command : action) as Command).find((command) => command.command === ClientCommands.probeHost);
    assert.ok(probe, 'a probe action on the pool line');
    assert.deepEqual(probe.arguments, ['https://api.example.com/v1']);
    const none = await lsp.connection.sendRequest<Array<CodeAction | Command>>('textDocument/codeAction', at(2));
    assert.equal(none.filter((action) => JSON.stringify(action).includes(ClientCommands.probeHost)).length, 0, 'nothing on a line without a URL');
  });
});

function waitForProgressEnd(token: ProgressToken): Promise<void> {
  return waitUntil(progressEvents, 'progress', () => progress.some((entry) => entry.token === token && entry.value.kind === 'end'), 5000, `progress end for ${String(token)}`);
}

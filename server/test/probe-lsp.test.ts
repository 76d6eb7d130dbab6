/**
 * The probe over LSP: the built server (dist/server.js) over stdio, a real 127.0.0.1 server to probe.
 * `httpResilience/probe` reports work-done progress (the client's token or one the server creates),
 * stops every socket on $/cancelRequest, returns the version-1 JSON, and feeds the measured idle timeout
 * to keepalive-mismatch; "Probe this host" code actions sit on URL literals. A cancelled probe says it
 * cannot be saved; "Save to project" (`httpResilience/saveProfile`) refuses it, and for a complete probe
 * replaces only that origin's entry of .http-resilience.json and re-lints with it.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CodeAction, CancellationTokenSource, type Command, type Diagnostic, type ProgressToken, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport, WorkDoneProgressCreateRequest } from 'vscode-languageserver-protocol/node';
import { partialBecause } from '../src/shared/probe/partial';
import { ClientCommands, ProbeRequest, SaveProfileRequest } from '../src/shared/protocol';
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
      if ('result' in answer) {
        assert.equal(answer.result.stoppedBecause, 'cancelled');
        assert.match(answer.result.unsavableBecause ?? '', /cancelled, so its result is partial/);
        assert.match(partialBecause(answer.result) ?? '', /^the probe was cancelled (after concurrency [\d, ]+|before any concurrency step ran)$/);
      } else assert.match(String(answer.error), /cancel/i);
      const config = path.join(dir, '.http-resilience.json');
      await assert.rejects(
        lsp.connection.sendRequest(SaveProfileRequest.type, { origin: server.origin, folderUri: pathToFileURL(dir).href }),
        (error: { code: number; message: string }) => error.code === -32600 && /^Nothing saved: the probe was cancelled/.test(error.message),
      );
      assert.equal(fs.existsSync(config), false, 'nothing written');
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

  it('a ramp stopped by the request budget below its cap is partial and cannot be saved', async () => {
    const server = await startServer({ delayMs: 10 });
    try {
      // 25 requests leave room for concurrency 1, 2, 4 of the ramp to 32.
      const result = await lsp.connection.sendRequest(ProbeRequest.type, { url: server.url, limits: { maxRequests: 25, maxConcurrency: 32, idleWaitSeconds: 0 } });
      assert.deepEqual(result.steps.map((step) => step.concurrency), [1, 2, 4]);
      assert.equal(result.details.steps.filter((step) => step.distress !== undefined).length, 0, 'a 10 ms server gains from each doubling');
      assert.match(result.stoppedBecause, /^request budget reached/);
      assert.equal(partialBecause(result), `the ramp stopped at concurrency 4 of 32 (${result.stoppedBecause})`);
      assert.equal(result.unsavableBecause, partialBecause(result));
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
      assert.match(typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value, new RegExp(`${new URL(server.origin).host.replace(/[.]/g, '\\.')} only \\S+ m?s \\(probed this session\\)`));
    } finally {
      await server.close();
    }
  });

  it('Save to project replaces only the origin’s entry of .http-resilience.json and re-lints with it', async () => {
    const server = await startServer({ delayMs: 5 });
    const config = path.join(dir, '.http-resilience.json');
    const uri = pathToFileURL(path.join(dir, 'saved.ts')).href;
    try {
      const head = '{\n  "rules": { "missing-timeout": "warn" },\n  "servers": {\n    "http://other.example": { "idleTimeoutMs": 9000 },\n    ';
      const tail = '\n  }\n}\n';
      fs.writeFileSync(config, `${head}"${server.origin}": { "idleTimeoutMs": 1000, "measuredAt": "2026-01-01T00:00:00.000Z" }${tail}`);
      await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 1 }] });
      const message = (diagnostics: Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.code === 'keepalive-mismatch').map((diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value)).join(' ');
      const configured = lsp.waitForDiagnostics(uri, (diagnostics) => /\S+ only 1 s \(probed \d+ days ago, stale\)/.test(message(diagnostics)));
      const text = `import { Pool } from 'undici';\nexport const pool = new Pool('${server.origin}', { connections: 2, keepAliveTimeout: 60_000 });\n`;
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      await configured;

      // No idle wait: the new profile has a knee but no idle timeout, so the rule falls back to its assumption.
      const result = await lsp.connection.sendRequest(ProbeRequest.type, { url: server.url, limits: { maxRequests: 30, maxConcurrency: 2, idleWaitSeconds: 0 } });
      assert.equal(result.unsavableBecause, undefined, 'a complete probe can be saved');
      assert.notEqual(result.knee, null);
      const relinted = lsp.waitForDiagnostics(uri, (diagnostics) => /a Node\.js server only 5 s \(assumed\)/.test(message(diagnostics)));
      const saved = await lsp.connection.sendRequest(SaveProfileRequest.type, { origin: server.origin, folderUri: pathToFileURL(dir).href });
      assert.equal(fileURLToPath(saved.uri), config);
      assert.equal(saved.replaced, true);
      await relinted;

      const written = fs.readFileSync(config, 'utf8');
      assert.ok(written.startsWith(`${head}"${server.origin}": {`), 'the rest of the file is unchanged');
      assert.ok(written.endsWith(`}${tail}`));
      const entry = (JSON.parse(written) as { servers: Record<string, Record<string, unknown>> }).servers[server.origin];
      assert.equal(entry.knee, result.knee);
      assert.equal(typeof result.retryBudgetRatio, 'number', 'a probe with a knee gives a retry allowance');
      assert.equal(entry.retryBudgetRatio, result.retryBudgetRatio, 'saved as the probe gave it');
      assert.equal(entry.idleTimeoutMs, undefined, 'replaced, not merged with the old entry');
      assert.match(String(entry.measuredWith), /^http-resilience \d+\.\d+\.\d+/);
      const again = await lsp.connection.sendRequest(SaveProfileRequest.type, { origin: server.origin, folderUri: pathToFileURL(dir).href });
      assert.equal(again.replaced, true);
      assert.equal(fs.readFileSync(config, 'utf8').split(`"${server.origin}"`).length, 2, 'one entry for the origin');
      await assert.rejects(lsp.connection.sendRequest(SaveProfileRequest.type, { origin: 'http://never-probed.example' }), /No probe of http:\/\/never-probed\.example in this session/);
    } finally {
      await lsp.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      fs.rmSync(config, { force: true });
      await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 3 }] });
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

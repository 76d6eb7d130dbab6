/**
 * A probe changes what the code lenses say ("Probe this host" becomes "… idle 0.5 s, probed this session ·
 * Re-probe"), so the server asks a client that supports it to request them again
 * (`workspace/codeLens/refresh`); a client that does not say so is never sent one. The built server
 * over stdio, a real server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type CodeLens, CodeLensRefreshRequest, type InitializeParams } from 'vscode-languageserver-protocol/node';
import { ProbeRequest } from '../src/shared/protocol';
import { cleanupAfter } from './support/cleanup';
import { type LspSession, startServer as startLanguageServer } from './support/lsp-harness';
import { startServer } from './support/load-servers';

const capabilities = (refreshSupport: boolean): Partial<InitializeParams> => ({
  capabilities: {
    workspace: { workspaceFolders: true, configuration: true, codeLens: { refreshSupport } },
    window: { workDoneProgress: true },
  },
});

async function lensTitles(lsp: LspSession, uri: string): Promise<string[]> {
  const lenses = await lsp.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  return lenses.map((lens) => lens.command?.title ?? '');
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

for (const refreshSupport of [true, false]) {
  describe(`code lenses after a probe, client ${refreshSupport ? 'with' : 'without'} refreshSupport`, { timeout: 60_000 }, () => {
    const cleanup = cleanupAfter({ after });

    it(refreshSupport ? 'asks for the lenses again once the probe measured the host, and they say so' : 'sends no refresh request, and the lenses still say what was measured', async () => {
      const dir = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-lens-refresh-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
      const server = cleanup.defer(await startServer({ keepAliveTimeout: 500 }), (started) => started.close());
      const lsp = cleanup.defer(await startLanguageServer(dir, { scan: { onStartup: false } }, capabilities(refreshSupport)), async (started) => assert.equal(await started.stop(), 0));
      let refreshes = 0;
      let refreshed = () => {};
      const firstRefresh = new Promise<void>((resolve) => (refreshed = resolve));
      lsp.connection.onRequest(CodeLensRefreshRequest.method, () => {
        refreshes++;
        refreshed();
        return null;
      });
      const uri = pathToFileURL(path.join(dir, 'api.ts')).href;
      const text = `export const API = '${server.origin}';\nexport const users = () => fetch(\`\${API}/users\`);\n`;
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      assert.deepEqual(await lensTitles(lsp, uri), ['Probe this host']);

      const result = await lsp.connection.sendRequest(ProbeRequest.type, { url: server.url, limits: { maxRequests: 10, maxConcurrency: 1, idleWaitSeconds: 5 } });
      assert.ok(result.idleTimeoutMs !== null, 'the probe measured the idle timeout');
      if (refreshSupport) await within(firstRefresh, 10_000, 'workspace/codeLens/refresh request');
      const [title] = await lensTitles(lsp, uri);
      assert.match(title, new RegExp(`^${new URL(server.origin).host.replace(/[.]/g, '\\.')} — idle \\S+ s, probed this session · Re-probe$`));
      assert.equal(refreshes, refreshSupport ? 1 : 0);
    });
  });
}

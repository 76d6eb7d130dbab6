/**
 * Code lenses over LSP (the built server on stdio): a pool constructor, a client factory and a URL
 * constant whose origin has a saved profile say what was measured and re-probe it; one without a profile
 * offers "Probe this host". Both run the client command `httpResilience.probeHost` with the origin.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver-protocol/node';
import { ClientCommands } from '../src/shared/protocol';
import { cleanupAfter } from './support/cleanup';
import { startServer } from './support/lsp-harness';

const text = [
  "import axios from 'axios';",
  "import { Pool } from 'undici';",
  "export const API = 'https://api.example.com';",
  'export const pool = new Pool(API, { connections: 8 });',
  "export const other = axios.create({ baseURL: 'https://unknown.example.org/v1' });",
  '',
].join('\n');

describe('code lenses over LSP', { timeout: 60_000 }, () => {
  it('a known origin shows its profile and Re-probe; an unknown one "Probe this host"', async (t) => {
    const cleanup = cleanupAfter(t);
    const dir = cleanup.defer(fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hr-lens-'))), (made) => fs.rmSync(made, { recursive: true, force: true }));
    const measuredAt = new Date(Date.now() - 3 * 86_400_000 - 3_600_000).toISOString();
    const config = { servers: { 'https://api.example.com': { knee: 8, idleTimeoutMs: 5_000, retryBudgetRatio: 0.02, measuredAt } } };
    fs.writeFileSync(path.join(dir, '.http-resilience.json'), JSON.stringify(config));
    fs.writeFileSync(path.join(dir, 'a.ts'), text);
    const server = cleanup.defer(await startServer(dir, { scan: { onStartup: false } }), (started) => started.stop());
    const uri = pathToFileURL(path.join(dir, 'a.ts')).href;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const lenses = await server.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const byLine = lenses.map((lens) => `${lens.range.start.line}: ${lens.command?.title} → ${lens.command?.command}(${JSON.stringify(lens.command?.arguments)})`);
    assert.deepEqual(byLine, [
      `2: api.example.com — knee 8, idle 5 s, retry budget 2 %, probed 3 days ago · Re-probe → ${ClientCommands.probeHost}(["https://api.example.com"])`,
      `3: api.example.com — knee 8, idle 5 s, retry budget 2 %, probed 3 days ago · Re-probe → ${ClientCommands.probeHost}(["https://api.example.com"])`,
      `4: Probe this host → ${ClientCommands.probeHost}(["https://unknown.example.org"])`,
    ]);
  });
});

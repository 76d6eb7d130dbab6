/**
 * System test: a real third-party LSP client. Headless Neovim (Debian's) starts dist/server.js over stdio
 * through its own LSP client (nvim/lsp-diagnostics.lua), opens a fixture and must receive our diagnostics
 * on exactly the lines the fixture expects. Needs nvim (scripts/install-test-tools.sh); without it the
 * test fails at once and says so. Neovim runs in its own process group with throwaway state and cache
 * folders, and is killed with everything it started if it has not finished in time.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { killChild } from '../support/child-processes';
import { cleanupAfter } from '../support/cleanup';
import { expectedKeys, fixturesRoot } from '../support/fixture-expectations';
import { requireProgram } from '../support/system-tools';

const repoRoot = path.resolve(__dirname, '../../..');
const serverScript = path.join(repoRoot, 'dist/server.js');
const luaScript = path.join(__dirname, 'nvim', 'lsp-diagnostics.lua');
const fixture = path.join(fixturesRoot, 'unbounded-concurrency', 'flagged.ts');
/** What the Lua script waits for the diagnostics; the kill below comes well after it. */
const diagnosticsTimeoutMs = 20_000;
const killAfterMs = 60_000;

interface NeovimReport {
  nvim: string;
  uri: string;
  diagnostics: Array<{ line: number; col: number; source: string; message: string; severity: number }>;
}

describe('Neovim as the LSP client', { timeout: 90_000 }, () => {
  it('receives the fixture diagnostics through vim.diagnostic', async (t) => {
    const nvim = requireProgram('nvim'); // "nvim not found: run scripts/install-test-tools.sh"
    assert.ok(fs.existsSync(serverScript), `${serverScript} is missing: run \`npm run build\` first`);
    const cleanup = cleanupAfter(t);
    const home = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'hr-nvim-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
    const expected = expectedKeys(fs.readFileSync(fixture, 'utf8')).map((key) => Number(key.split(':')[0]));

    const child = cleanup.defer(
      spawn(nvim, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${luaScript}`], {
        cwd: repoRoot,
        detached: true, // its own process group: the kill reaches the language server it started, too
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          // Nothing of the user's Neovim: its log and state go to a folder removed afterwards.
          XDG_STATE_HOME: path.join(home, 'state'),
          XDG_CACHE_HOME: path.join(home, 'cache'),
          XDG_CONFIG_HOME: path.join(home, 'config'),
          XDG_DATA_HOME: path.join(home, 'data'),
          HTTP_RESILIENCE_LSP_CMD: JSON.stringify([process.execPath, serverScript, '--stdio']),
          HTTP_RESILIENCE_LSP_FILE: fixture,
          HTTP_RESILIENCE_LSP_MIN: String(expected.length),
          HTTP_RESILIENCE_LSP_TIMEOUT_MS: String(diagnosticsTimeoutMs),
        },
      }),
      (spawned) => killChild(spawned, { group: true }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
      const timer = setTimeout(() => void killChild(child, { group: true }), killAfterMs);
      child.once('error', (error) => (clearTimeout(timer), resolve({ code: null, signal: null, error })));
      child.once('close', (code, signal) => (clearTimeout(timer), resolve({ code, signal })));
    });
    const said = `nvim: exit ${outcome.code}, signal ${outcome.signal}${outcome.error ? `, ${outcome.error.message}` : ''}\nstdout: ${stdout}\nstderr: ${stderr}`;
    assert.equal(outcome.code, 0, said);

    const report = JSON.parse(stdout.trim().split('\n').filter((line) => line.startsWith('{')).at(-1) ?? 'null') as NeovimReport | null;
    assert.ok(report, `no JSON report on stdout\n${said}`);
    assert.match(report.nvim, /^\d+\.\d+\.\d+$/);
    assert.equal(report.uri, pathToFileURL(fixture).href);
    assert.ok(report.diagnostics.every((diagnostic) => diagnostic.source === 'http-resilience'));
    assert.deepEqual(report.diagnostics.map((diagnostic) => diagnostic.line).sort((a, b) => a - b), expected.sort((a, b) => a - b));
    const fanOut = report.diagnostics.find((diagnostic) => / runs for all of `\w+` at once; /.test(diagnostic.message));
    assert.ok(fanOut, 'the unbounded-concurrency message reaches the editor');
    const text = fs.readFileSync(fixture, 'utf8').split('\n')[fanOut.line - 1];
    assert.equal(fanOut.col, text.indexOf('Promise.all') + 1);
    t.diagnostic(`Neovim ${report.nvim}: ${report.diagnostics.length} diagnostics`);
  });
});

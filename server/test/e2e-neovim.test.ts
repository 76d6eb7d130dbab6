/**
 * A real third-party LSP client: headless Neovim (Debian's) starts dist/server.js over stdio, opens a
 * fixture and must receive our diagnostics on exactly the lines the fixture expects.
 * Uses the shared recipe ../shared/recipes/vscode-e2e/ci-nvim-lsp.sh (it installs neovim if missing).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { expectedKeys, fixturesRoot } from './support/fixture-expectations';

const repoRoot = path.resolve(__dirname, '../..');
const recipe = path.resolve(repoRoot, '../shared/recipes/vscode-e2e/ci-nvim-lsp.sh');
const fixture = path.join(fixturesRoot, 'unbounded-concurrency', 'flagged.ts');

interface NeovimReport {
  nvim: string;
  uri: string;
  diagnostics: Array<{ line: number; col: number; source: string; message: string; severity: number }>;
}

describe('Neovim as the LSP client', () => {
  it('receives the fixture diagnostics through vim.diagnostic', async () => {
    assert.ok(fs.existsSync(recipe), `the shared recipe is missing: ${recipe}`);
    const expected = expectedKeys(fs.readFileSync(fixture, 'utf8')).map((key) => Number(key.split(':')[0]));
    const command = JSON.stringify([process.execPath, path.join(repoRoot, 'dist/server.js'), '--stdio']);
    const { stdout } = await promisify(execFile)('bash', [recipe, command, fixture, String(expected.length)], {
      cwd: repoRoot,
      env: { ...process.env, LSP_TIMEOUT_MS: '20000' },
      timeout: 120_000,
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as NeovimReport;
    assert.match(report.nvim, /^\d+\.\d+\.\d+$/);
    assert.equal(report.uri, `file://${fixture}`);
    assert.ok(report.diagnostics.every((diagnostic) => diagnostic.source === 'http-resilience'));
    assert.deepEqual(report.diagnostics.map((diagnostic) => diagnostic.line).sort((a, b) => a - b), expected.sort((a, b) => a - b));
    const fanOut = report.diagnostics.find((diagnostic) => diagnostic.message.startsWith('`Promise.all` starts one request'));
    assert.ok(fanOut, 'the unbounded-concurrency message reaches the editor');
    const text = fs.readFileSync(fixture, 'utf8').split('\n')[fanOut.line - 1];
    assert.equal(fanOut.col, text.indexOf('Promise.all') + 1);
  });
});

/**
 * The probe results page in a real browser (headless Chromium via playwright-core, installed by
 * install-code-server.sh): a real `http-resilience probe --json` run against a Node server on 127.0.0.1
 * (keepAliveTimeout 2 s; a ramp to 8 that fits its 80 requests, so the result is complete), rendered with the
 * webview's own HTML, under its CSP. Checks that the nonce'd script runs (the three buttons post their messages), the chart's lines and bars have size, every step is
 * in the table, and the measured idle timeout is within 15 % of when the server really closed the socket; saves a screenshot (SHOT=path.png).
 *
 *   PW_CORE=<playwright-core dir> node --import tsx client/test/e2e/render-probe-page.ts
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { ProbeJson } from '@shared/probe/json';
import { renderProbePage } from '../../src/probe/webview-html';

interface Page {
  addInitScript(script: string): Promise<void>;
  goto(url: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  evaluate<T>(script: string): Promise<T>;
  screenshot(options: { path: string; fullPage: boolean }): Promise<unknown>;
  on(event: 'pageerror', listener: (error: Error) => void): void;
}
interface Browser {
  newPage(options: { viewport: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

const root = path.resolve(__dirname, '../../..');

/** Probes a local server; `idleTruthMs` is the longest a socket sat idle before the server closed it, seen by the server. */
async function probeLocalServer(): Promise<{ result: ProbeJson; idleTruthMs: number }> {
  const lastAnswer = new WeakMap<object, number>();
  let idleTruthMs = 0;
  const server = http.createServer((request, response) => {
    response.on('finish', () => lastAnswer.set(request.socket, performance.now()));
    setTimeout(() => response.end('ok'), 2);
  });
  // Node may add a buffer to keepAliveTimeout (newer versions do), so the truth is measured, not assumed.
  server.on('connection', (socket) => socket.on('close', () => (idleTruthMs = Math.max(idleTruthMs, performance.now() - (lastAnswer.get(socket) ?? performance.now())))));
  server.keepAliveTimeout = 2_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'dist/cli.js'), 'probe', `http://127.0.0.1:${port}/`, '--json', '--max-requests', '80', '--max-concurrency', '8', '--idle-wait', '5', '--no-progress'], {
      timeout: 60_000,
    });
    return { result: JSON.parse(stdout) as ProbeJson, idleTruthMs };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

async function main(): Promise<void> {
  const { result, idleTruthMs } = await probeLocalServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-probe-page-'));
  const file = path.join(dir, 'probe.html');
  fs.writeFileSync(file, renderProbePage(result, 'e2e-nonce', 'https://webview.invalid'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- playwright-core lives in the e2e tool cache, not in package.json
  const { chromium } = require(process.env.PW_CORE ?? 'playwright-core') as { chromium: { launch(options: object): Promise<Browser> } };
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Stands in for the webview API; injected by the browser driver, so the page's CSP still governs the page.
    await page.addInitScript('window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });');
    await page.goto(`file://${file}`);
    await page.click('#copy');
    await page.click('#apply');
    await page.click('#save');
    const seen = await page.evaluate<{ posted: unknown[]; lines: number[]; bars: number; rows: number; idle: string }>(`({
      posted: window.__posted,
      lines: [...document.querySelectorAll('#chart polyline')].map((line) => line.getBoundingClientRect().width),
      bars: document.querySelectorAll('#chart rect.errors').length,
      rows: document.querySelectorAll('#steps tbody tr').length,
      idle: document.getElementById('idle').textContent,
    })`);
    if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT, fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(seen.posted, [{ type: 'copy' }, { type: 'apply' }, { type: 'save' }], 'the nonce’d script ran and posted the three messages');
    assert.equal(seen.rows, result.steps.length);
    assert.equal(seen.bars, result.steps.length);
    if (result.steps.length > 1) assert.ok(seen.lines.length === 2 && seen.lines.every((width) => width > 0), `chart lines ${JSON.stringify(seen.lines)}`);
    assert.ok(result.idleTimeoutMs !== null && Math.abs(result.idleTimeoutMs - idleTruthMs) <= 0.15 * idleTruthMs, `idle timeout ${result.idleTimeoutMs} ms, server closed after ${Math.round(idleTruthMs)} ms`);
    console.log(`probe page: ${result.steps.length} steps, knee ${result.knee}, idle ${result.idleTimeoutMs} ms (server: ${Math.round(idleTruthMs)} ms), ${result.requestsSent} requests — rendered and checked`);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`probe page check failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});

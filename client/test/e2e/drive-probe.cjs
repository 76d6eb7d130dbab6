/* global document, setTimeout */
// The probe as a person runs it in real VS Code (code-server, the installed .vsix): starts a Node server
// on 127.0.0.1 that counts what reaches it, runs "HTTP Resilience: Probe Host…" from the command palette,
// types the URL, reads the confirmation and clicks "Send probe", then waits for the results panel and
// reads the page inside the webview: every step in the table, the chart drawn, the idle keep-alive the
// server really used (within 15 %), nothing but GETs and at most 32 in flight at the server.
// Usage: node drive-probe.cjs WORKBENCH_URL   (PW_CORE = path of playwright-core; SHOT = screenshot path)
const { withChromiumPage } = require('./chromium.cjs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const [workbench] = process.argv.slice(2);
const shot = process.env.SHOT || path.join(os.tmpdir(), 'http-resilience-probe-panel.png');
const started = Date.now();
const log = (...args) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s]`, ...args);

/** A server that records methods, in-flight peak and how long idle sockets lived before it closed them. */
function startTarget() {
  const seen = { requests: 0, methods: new Set(), inFlight: 0, maxInFlight: 0, idleTruthMs: 0 };
  const lastAnswer = new WeakMap();
  const server = http.createServer((request, response) => {
    seen.requests++;
    seen.methods.add(request.method);
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    response.on('close', () => seen.inFlight--);
    response.on('finish', () => lastAnswer.set(request.socket, Date.now()));
    setTimeout(() => response.end('ok'), 5);
  });
  server.keepAliveTimeout = 2_000;
  server.on('connection', (socket) => socket.on('close', () => (seen.idleTruthMs = Math.max(seen.idleTruthMs, Date.now() - (lastAnswer.get(socket) ?? Date.now())))));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, seen, url: `http://127.0.0.1:${server.address().port}/health` })));
}

/** The webview's inner document: the frame that has the results table. */
async function resultsFrame(page, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      const found = await frame.evaluate(() => Boolean(document.querySelector('#steps'))).catch(() => false);
      if (found) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no probe results panel within ${timeoutMs} ms`);
}

async function run(page, target) {
  await page.goto(workbench);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 15_000 });
  await page.keyboard.type('HTTP Resilience: Probe Host');
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Probe Host"]', { timeout: 30_000 });
  await page.keyboard.press('Enter');
  // No editor is open, so the command asks for the URL.
  await page.waitForSelector('.quick-input-widget input[placeholder*="https://"]', { state: 'visible', timeout: 15_000 });
  await page.keyboard.type(target.url);
  await page.keyboard.press('Enter');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  log('confirmation:', text.slice(0, 200));
  if (!/Up to \d+ GET requests/.test(text) || !text.includes(new URL(target.url).origin)) throw new Error(`the confirmation does not say what will be sent: ${text}`);
  if (target.seen.requests !== 0) throw new Error('requests were sent before the user confirmed');
  await dialog.getByRole('button', { name: 'Send probe' }).click();
  const frame = await resultsFrame(page, 120_000);
  log('results panel open');
  const page_ = await frame.evaluate(() => ({
    rows: document.querySelectorAll('#steps tbody tr').length,
    lines: [...document.querySelectorAll('#chart polyline')].map((line) => line.getBoundingClientRect().width),
    idle: document.getElementById('idle').textContent,
    summary: document.querySelector('.summary').textContent,
  }));
  await page.screenshot({ path: shot });
  log('screenshot', shot);
  return page_;
}

async function main() {
  const target = await startTarget();
  try {
    const shown = await withChromiumPage((page) => run(page, target));
    log('panel:', JSON.stringify(shown));
    const problems = [];
    if (shown.rows < 1) problems.push('no step in the table');
    if (shown.rows > 1 && !(shown.lines.length === 2 && shown.lines.every((width) => width > 0))) problems.push(`chart lines ${JSON.stringify(shown.lines)}`);
    const idle = Number((/about ([\d,]+) ms/.exec(shown.idle) || [])[1]?.replace(/,/g, ''));
    if (!(Math.abs(idle - target.seen.idleTruthMs) <= 0.15 * target.seen.idleTruthMs)) problems.push(`idle ${idle} ms, the server closed after ${target.seen.idleTruthMs} ms`);
    if ([...target.seen.methods].some((method) => method !== 'GET' && method !== 'HEAD')) problems.push(`methods ${[...target.seen.methods]}`);
    if (target.seen.maxInFlight > 32) problems.push(`${target.seen.maxInFlight} in flight`);
    if (target.seen.requests > 300) problems.push(`${target.seen.requests} requests`);
    log(`server saw ${target.seen.requests} requests (${[...target.seen.methods]}), at most ${target.seen.maxInFlight} at once; idle ${idle} ms vs ${target.seen.idleTruthMs} ms`);
    return problems;
  } finally {
    target.server.closeAllConnections();
    target.server.close();
  }
}

main().then(
  (problems) => {
    console.log(problems.length === 0 ? 'probe check: the panel shows the probe of a local server' : `probe check failed: ${problems.join('; ')}`);
    process.exit(problems.length === 0 ? 0 : 1);
  },
  (error) => {
    console.error('probe check failed:', error);
    process.exit(1);
  },
);

/* global document, setTimeout */
// The probe as a person runs it in real VS Code (code-server, the installed .vsix): starts a Node server
// on 127.0.0.1 that counts what reaches it, runs "HTTP Resilience: Probe Host…" from the command palette,
// types the URL, reads the confirmation and clicks "Send probe", then waits for the results panel and
// reads the page inside the webview: every step in the table, the chart drawn, the idle keep-alive the
// server really used (within 15 %), nothing but GETs and at most 32 in flight at the server. The URL box
// shows no validation error before anything is typed. Then it probes the same origin again: the one panel
// shows the previous result marked stale, the notification's Cancel stops the probe after a few steps, and
// the panel shows a partial result that names the steps that ran, with Apply and Save disabled.
// Usage: node drive-probe.cjs WORKBENCH_URL
//   (PW_CORE = path of playwright-core; PROBE_SHOT (or SHOT), SHOT_PARTIAL = screenshots of the complete and the partial result)
const { withChromiumPage } = require('./chromium.cjs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const [workbench] = process.argv.slice(2);
const shot = process.env.PROBE_SHOT || process.env.SHOT || path.join(os.tmpdir(), 'http-resilience-probe-panel.png');
const partialShot = process.env.SHOT_PARTIAL || path.join(os.tmpdir(), 'http-resilience-probe-partial.png');
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

/** The webview's inner document: the frame whose page has `selector` (by default the results table). */
async function resultsFrame(page, timeoutMs, selector = '#steps') {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      const found = await frame.evaluate((wanted) => Boolean(document.querySelector(wanted)), selector).catch(() => false);
      if (found) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no probe results panel with ${selector} within ${timeoutMs} ms`);
}

/**
 * The probe's progress notification. Under the smoke-test driver (the suite's code-server) VS Code shows
 * no toasts, so the notification is looked for in the notification center too, opened with the bell.
 */
async function probeNotification(page) {
  const item = page.locator('.notification-list-item').filter({ hasText: 'probing 127.0.0.1' }).first();
  if (await item.waitFor({ timeout: 3000 }).then(() => true, () => false)) return item;
  if (!(await page.locator('.notifications-center.visible').count())) await page.locator('[id="status.notifications"]').click();
  await item.waitFor({ timeout: 15_000 });
  return item;
}

/** Closes the notification center if it is open, so that screenshots show the panel. */
async function closeNotificationCenter(page) {
  if (await page.locator('.notifications-center.visible').count()) await page.locator('[id="status.notifications"]').click();
}

/** Palette → Probe Host → the URL typed into the input box → the confirmation, read and accepted. Returns the box's message before typing. */
async function startProbe(page, target) {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 15_000 });
  await page.keyboard.type('HTTP Resilience: Probe Host');
  await page.waitForSelector('.quick-input-list .monaco-list-row[aria-label*="Probe Host"]', { timeout: 30_000 });
  await page.keyboard.press('Enter');
  // No editor is open, so the command asks for the URL.
  await page.waitForSelector('.quick-input-widget input[placeholder*="https://"]', { state: 'visible', timeout: 15_000 });
  await page.waitForTimeout(300); // the box validates its initial value as it opens
  const untyped = await page.locator('.quick-input-widget .quick-input-message').innerText();
  await page.keyboard.type(target.url);
  await page.keyboard.press('Enter');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  const text = (await dialog.innerText()).replace(/\s+/g, ' ');
  log('confirmation:', text.slice(0, 200));
  if (!/Up to \d+ GET requests/.test(text) || !text.includes(new URL(target.url).origin)) throw new Error(`the confirmation does not say what will be sent: ${text}`);
  const before = target.seen.requests;
  await page.waitForTimeout(500);
  if (target.seen.requests !== before) throw new Error('requests were sent before the user confirmed');
  await dialog.getByRole('button', { name: 'Send probe' }).click();
  return untyped;
}

async function run(page, target) {
  await page.goto(workbench);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  const untyped = await startProbe(page, target);
  const notification = (await (await probeNotification(page)).innerText()).replace(/\s+/g, ' ');
  const statusBar = await page.locator('.part.statusbar').innerText();
  const frame = await resultsFrame(page, 120_000);
  await closeNotificationCenter(page);
  log('results panel open');
  const page_ = await frame.evaluate(() => ({
    rows: document.querySelectorAll('#steps tbody tr').length,
    lines: [...document.querySelectorAll('#chart polyline')].map((line) => line.getBoundingClientRect().width),
    idle: document.getElementById('idle').textContent,
    summary: document.querySelector('.summary').textContent,
    p99: [...document.querySelectorAll('#steps tbody tr td:nth-child(7)')].map((cell) => cell.textContent),
    buttons: [...document.querySelectorAll('.actions button')].map((button) => `${button.id}:${button.disabled ? 'disabled' : 'enabled'}`),
  }));
  await page.screenshot({ path: shot });
  log('screenshot', shot);
  return { ...page_, untyped, notification, statusBar, partial: await probeAgainAndCancel(page, target) };
}

/** The same origin again: the panel is reused and marked stale; Cancel in the notification after a few steps leaves a partial result. */
async function probeAgainAndCancel(page, target) {
  await page.locator('.monaco-workbench .part.sidebar').click({ position: { x: 100, y: 300 } }).catch(() => {});
  await startProbe(page, target);
  const staleFrame = await resultsFrame(page, 15_000, '#stale');
  const stale = await staleFrame.evaluate(() => ({ rows: document.querySelectorAll('#steps tbody tr').length, buttons: [...document.querySelectorAll('.actions button')].map((button) => `${button.id}:${button.disabled ? 'disabled' : 'enabled'}`) }));
  const notification = await probeNotification(page);
  // Cancel once the ramp is past concurrency 1, so that some steps ran and higher ones did not (early: on a
  // loaded machine reading the notification is slow, and the run must not end before the click).
  const until = Date.now() + 60_000;
  while (Date.now() < until && !/concurrency (2|4|8|16)\b/.test(await notification.innerText().catch(() => ''))) await page.waitForTimeout(50);
  await notification.getByRole('button', { name: 'Cancel' }).click();
  const progress = (await notification.innerText().catch(() => '(closed)')).replace(/\s+/g, ' ');
  log('notification at cancel:', progress);
  const frame = await resultsFrame(page, 30_000, '#partial');
  await closeNotificationCenter(page);
  const shown = await frame.evaluate(() => ({
    banner: document.getElementById('partial').textContent,
    summary: document.querySelector('.summary').textContent,
    rows: document.querySelectorAll('#steps tbody tr').length,
    recommendations: Boolean(document.getElementById('recommendations')),
    buttons: [...document.querySelectorAll('.actions button')].map((button) => `${button.id}:${button.disabled ? 'disabled' : 'enabled'}`),
    stale: Boolean(document.getElementById('stale')),
  }));
  const panels = await page.locator('.tab[aria-label*="Probe: 127.0.0.1"]').count();
  // The disabled buttons and why, in the picture.
  await frame.evaluate(() => (document.getElementById('disabled-why') ?? document.querySelector('.actions')).scrollIntoView({ block: 'end' }));
  await page.screenshot({ path: partialShot });
  log('screenshot', partialShot);
  return { ...shown, progress, panels, staleBefore: stale };
}

async function main() {
  const target = await startTarget();
  try {
    const shown = await withChromiumPage((page) =>
      run(page, target).catch(async (error) => {
        // What the workbench showed when a step failed: a screenshot and the notifications' text.
        await page.screenshot({ path: shot.replace(/\.png$/, '.failed.png') }).catch(() => {});
        log('notifications:', await page.evaluate(() => [...document.querySelectorAll('.notification-list-item')].map((item) => item.textContent).join(' | ')).catch(() => '(none)'));
        throw error;
      }),
    );
    log('panel:', JSON.stringify(shown));
    const problems = [];
    if (shown.rows < 1) problems.push('no step in the table');
    if (!/only its host receives requests/.test(shown.untyped)) problems.push(`the empty URL box shows ${JSON.stringify(shown.untyped)}, not its prompt`);
    if (!/Cancel/.test(shown.notification)) problems.push(`the progress notification has no Cancel: ${JSON.stringify(shown.notification)}`);
    if (!/Probing 127\.0\.0\.1/.test(shown.statusBar)) problems.push(`no probe text in the status bar: ${JSON.stringify(shown.statusBar)}`);
    if (!shown.p99.every((cell) => /\d+ ms/.test(cell))) problems.push(`p99 column ${JSON.stringify(shown.p99)}`);
    if (shown.buttons.join() !== 'apply:enabled,save:enabled,copy:enabled') problems.push(`complete result buttons ${shown.buttons}`);
    const partial = shown.partial;
    if (partial.staleBefore.rows !== shown.rows || partial.staleBefore.buttons.join() !== 'apply:disabled,save:disabled,copy:enabled') problems.push(`stale panel ${JSON.stringify(partial.staleBefore)}`);
    if (partial.panels !== 1) problems.push(`${partial.panels} probe panels for one origin`);
    if (!/Partial result: the probe was cancelled after concurrency 1(, \d+)*\./.test(partial.banner)) problems.push(`partial banner ${JSON.stringify(partial.banner)}`);
    if (/knee at|beyond it/.test(partial.summary) || !/no knee claimed/.test(partial.summary)) problems.push(`partial summary ${JSON.stringify(partial.summary)}`);
    if (partial.recommendations || partial.stale) problems.push('a partial result shows recommendations or is still stale');
    if (partial.buttons.join() !== 'apply:disabled,save:disabled,copy:enabled') problems.push(`partial result buttons ${partial.buttons}`);
    if (partial.rows >= 6) problems.push(`the cancelled run shows ${partial.rows} steps`);
    if (shown.rows > 1 && !(shown.lines.length === 2 && shown.lines.every((width) => width > 0))) problems.push(`chart lines ${JSON.stringify(shown.lines)}`);
    const idle = Number((/about ([\d,]+) ms/.exec(shown.idle) || [])[1]?.replace(/,/g, ''));
    if (!(Math.abs(idle - target.seen.idleTruthMs) <= 0.15 * target.seen.idleTruthMs)) problems.push(`idle ${idle} ms, the server closed after ${target.seen.idleTruthMs} ms`);
    if ([...target.seen.methods].some((method) => method !== 'GET' && method !== 'HEAD')) problems.push(`methods ${[...target.seen.methods]}`);
    if (target.seen.maxInFlight > 32) problems.push(`${target.seen.maxInFlight} in flight`);
    if (target.seen.requests > 600) problems.push(`${target.seen.requests} requests in two probes`);
    log(`server saw ${target.seen.requests} requests (${[...target.seen.methods]}), at most ${target.seen.maxInFlight} at once; idle ${idle} ms vs ${target.seen.idleTruthMs} ms`);
    return problems;
  } finally {
    target.server.closeAllConnections();
    target.server.close();
  }
}

main().then(
  (problems) => {
    console.log(problems.length === 0 ? 'probe check: the panel shows the probe of a local server, and a cancelled probe as partial with Apply and Save disabled' : `probe check failed: ${problems.join('; ')}`);
    process.exit(problems.length === 0 ? 0 : 1);
  },
  (error) => {
    console.error('probe check failed:', error);
    process.exit(1);
  },
);

/* global document, requestAnimationFrame, setTimeout, __dirname */
// The code lens of a known origin, and its Re-probe, in code-server's workbench (headless Chromium):
//   1. starts a Node server on 127.0.0.1 that counts what reaches it and answers 503 above 4 requests in flight
//      (so the probe finds a knee), and makes a workspace in FOLDER (make-workspace.ts --known-origin) whose
//      src/orders-api.ts has a URL constant with the server's origin;
//   2. saves the origin's profile with the real CLI, `probe <url> --save --config FOLDER/.http-resilience.json`;
//   3. opens src/orders-api.ts and waits for the lens on the constant; its text must be the one the profile gives
//      ("<host> — knee N, idle S s, probed today · Re-probe"); screenshot code-lens-known-origin.png in SHOTS_DIR;
//   4. clicks "Re-probe": the confirmation names the origin and nothing is sent before "Send probe"; after it, the
//      server sees the probe's GETs and the results panel of that origin appears with its steps and idle timeout;
//   5. the lens then says what the probe measured: the saved knee and retry budget, the panel's idle timeout, "probed
//      this session" (the server sends workspace/codeLens/refresh; the panel opens without taking focus, see results-panels.ts).
// The server is stopped whatever happens. Exit 0 when all of it holds.
// Usage: node drive-known-origin.cjs CODE_SERVER_URL FOLDER   (PW_CORE = path of playwright-core; SHOTS_DIR = pictures, default the temp folder)
const { withChromiumPage } = require('./chromium.cjs');
const { quickOpen } = require('./workbench.cjs');
const { execFile, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const [codeServer, folderArg] = process.argv.slice(2);
if (!codeServer || !folderArg) {
  console.error('usage: drive-known-origin.cjs CODE_SERVER_URL FOLDER');
  process.exit(2);
}
const folder = path.resolve(folderArg);
const root = path.resolve(__dirname, '../../..');
const shotsDir = path.resolve(process.env.SHOTS_DIR || os.tmpdir());
const lensShot = path.join(shotsDir, 'code-lens-known-origin.png');
const fileName = 'orders-api.ts';
const started = Date.now();
const log = (...args) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s]`, ...args);

/** Above this many requests in flight the server answers 503: the probe's ramp sees distress at 8 and keeps 4 as the knee. */
const capacity = 4;

/**
 * A server that counts requests and methods, answers in 50 ms, and sheds load above `capacity` in flight. The
 * 50 ms keep the busy machine's jitter far below the probe's latency distress (3× the baseline), so the only
 * distress is the 503s.
 */
function startTarget() {
  const seen = { requests: 0, methods: new Set(), inFlight: 0, shed: 0 };
  const server = http.createServer((request, response) => {
    seen.requests++;
    seen.methods.add(request.method);
    seen.inFlight++;
    response.on('close', () => seen.inFlight--);
    if (seen.inFlight > capacity) {
      seen.shed++;
      response.statusCode = 503;
      response.end('busy');
      return;
    }
    setTimeout(() => response.end('ok'), 50);
  });
  server.keepAliveTimeout = 2_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({ server, seen, origin: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** The workspace with the known-origin file, then the origin's profile as `probe --save` writes it. */
async function workspaceWithProfile(target) {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'make-workspace.ts'), folder, '--plain', '--known-origin', target.origin], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const config = path.join(folder, '.http-resilience.json');
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(root, 'dist/cli.js'), 'probe', `${target.origin}/`, '--save', '--config', config, '--no-progress'], { cwd: folder, timeout: 120_000 });
  log('probe --save:', stderr.trim().split('\n').at(-1));
  const profile = JSON.parse(fs.readFileSync(config, 'utf8')).servers?.[target.origin];
  if (!profile || typeof profile.knee !== 'number' || typeof profile.idleTimeoutMs !== 'number' || !profile.measuredAt) {
    throw new Error(`probe --save wrote no knee, idle timeout and date for ${target.origin}: ${JSON.stringify(profile)}; the probe said:\n${stdout}`);
  }
  return profile;
}

/** Seconds as the lens writes them (lsp/code-lens.ts): one decimal unless whole. */
const seconds = (ms) => (ms % 1_000 === 0 ? `${ms / 1_000} s` : `${(ms / 1_000).toFixed(1)} s`);

/** The lens's text for `profile` (lsp/code-lens.ts), with `idle` and `when` as given. */
function lensTitle(origin, profile, idle, when) {
  const budget = profile.retryBudgetRatio === undefined ? '' : `, retry budget ${Math.round(profile.retryBudgetRatio * 1_000) / 10} %`;
  return `${new URL(origin).host} — knee ${profile.knee}, idle ${idle}${budget}, ${when} · Re-probe`;
}

/** What the lens must say for the saved `profile`. */
function expectedLens(origin, profile) {
  const days = Math.floor((Date.now() - Date.parse(profile.measuredAt)) / 86_400_000);
  if (days !== 0) throw new Error(`the profile was measured ${days} days ago, not by this run`);
  return lensTitle(origin, profile, seconds(profile.idleTimeoutMs), 'probed today');
}

/** The lens's text, no-break spaces as spaces. */
const lensText = async (lens) => (await lens.innerText()).replace(/\u00a0/g, ' ').trim();

/** The webview's inner document: the frame whose page has `selector`. */
async function frameWith(page, selector, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const frame of page.frames()) {
      if (await frame.evaluate((wanted) => Boolean(document.querySelector(wanted)), selector).catch(() => false)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no probe results panel with ${selector} within ${timeoutMs} ms`);
}

async function run(page, target, profile, failures) {
  const expected = expectedLens(target.origin, profile);
  await page.goto(`${codeServer.replace(/\/?$/, '/')}?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  log('workbench ready');
  await quickOpen(page, fileName);
  // The lens comes once the language server has started and analysed the file.
  const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Re-probe' }).first();
  await lens.waitFor({ timeout: 60_000 });
  const text = await lensText(lens);
  log('code lens:', text);
  if (text !== expected) failures.push(`the lens says ${JSON.stringify(text)}, the saved profile gives ${JSON.stringify(expected)}`);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: lensShot });
  log('screenshot', lensShot);

  const before = target.seen.requests;
  await lens.locator('a', { hasText: 'Re-probe' }).click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15_000 });
  const confirmation = (await dialog.innerText()).replace(/\s+/g, ' ');
  log('confirmation:', confirmation.slice(0, 160));
  if (!confirmation.includes(`Send live requests to ${target.origin}?`) || !/Up to \d+ GET requests/.test(confirmation)) failures.push(`the confirmation does not say what will be sent to ${target.origin}: ${confirmation}`);
  if (target.seen.requests !== before) failures.push(`${target.seen.requests - before} requests reached the server before "Send probe"`);
  await dialog.getByRole('button', { name: 'Send probe' }).click();

  const frame = await frameWith(page, '#steps', 120_000);
  const panel = await frame.evaluate(() => ({
    heading: document.querySelector('h1')?.textContent ?? '',
    rows: document.querySelectorAll('#steps tbody tr').length,
    summary: document.querySelector('.summary')?.textContent ?? '',
    idle: document.getElementById('idle')?.textContent ?? '',
  }));
  const tabs = await page.locator(`.tab[aria-label*="Probe: ${new URL(target.origin).host}"]`).count();
  log('results panel:', JSON.stringify(panel), `tabs: ${tabs}`);
  const sent = target.seen.requests - before;
  log(`Re-probe: the server saw ${sent} requests (${[...target.seen.methods]}), ${target.seen.shed} answered 503 in all`);
  if (sent < 1) failures.push('the server saw no request after "Send probe"');
  if (!panel.heading.includes(target.origin)) failures.push(`the results panel is for ${JSON.stringify(panel.heading)}, not ${target.origin}`);
  if (panel.rows < 1) failures.push('the results panel has no step');
  if (tabs !== 1) failures.push(`${tabs} "Probe: ${new URL(target.origin).host}" tabs`);
  if ([...target.seen.methods].some((method) => method !== 'GET' && method !== 'HEAD')) failures.push(`methods ${[...target.seen.methods]}`);
  if (!/about [\d,]+ ms/.test(panel.idle)) failures.push(`the results panel gives no idle timeout: ${JSON.stringify(panel.idle)}`);
  // The server sends workspace/codeLens/refresh once the probe measured the origin; the lens must then say so.
  const idleMs = Number((/about ([\d,]+) ms/.exec(panel.idle) || [])[1]?.replace(/,/g, ''));
  // The session's measurement replaces the idle timeout only; the knee and retry budget stay the saved ones.
  const wanted = lensTitle(target.origin, profile, 'S', 'probed this session');
  const withoutIdle = (text) => text.replace(/idle [\d.]+ s/, 'idle S');
  const after = await lensAfter(page, (text) => withoutIdle(text) === wanted, 30_000);
  log('code lens after Re-probe:', after);
  const lensIdle = /idle ([\d.]+) s/.exec(after);
  if (withoutIdle(after) !== wanted) failures.push(`after Re-probe the lens says ${JSON.stringify(after)}, not ${JSON.stringify(wanted)}`);
  else if (!(Math.abs(Number(lensIdle[1]) * 1_000 - idleMs) <= 100)) failures.push(`after Re-probe the lens gives idle ${lensIdle[1]} s, the results panel ${idleMs} ms`);
}

/** The text of the first Re-probe lens once `done(text)` holds, or its last text after `timeoutMs`. */
async function lensAfter(page, done, timeoutMs) {
  const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Re-probe' }).first();
  const until = Date.now() + timeoutMs;
  let text = '(no lens)';
  while (Date.now() < until) {
    text = await lens.innerText({ timeout: 1_000 }).then((shown) => shown.replace(/\u00a0/g, ' ').trim(), () => '(no lens)');
    if (done(text)) return text;
    await page.waitForTimeout(250);
  }
  return text;
}

async function main() {
  const failures = [];
  const target = await startTarget();
  try {
    const profile = await workspaceWithProfile(target);
    log('profile:', JSON.stringify(profile));
    await withChromiumPage((page) =>
      run(page, target, profile, failures).catch(async (error) => {
        const picture = path.join(os.tmpdir(), 'http-resilience-known-origin-failed.png');
        await page.screenshot({ path: picture }).catch(() => {});
        log(`failed; workbench at ${picture}`);
        throw error;
      }),
    );
  } finally {
    target.server.closeAllConnections();
    target.server.close();
  }
  return failures;
}

main().then(
  (failures) => {
    for (const failure of failures) console.log(`known-origin check: ${failure}`);
    console.log(failures.length === 0 ? 'known-origin check: the lens names the saved knee, idle timeout and age, Re-probe probes the server, and the lens then says probed this session' : `known-origin check: ${failures.length} failed`);
    process.exit(failures.length === 0 ? 0 : 1);
  },
  (error) => {
    console.error('known-origin check failed:', error);
    process.exit(1);
  },
);

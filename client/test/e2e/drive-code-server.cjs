/* global requestAnimationFrame, document */
// The UI check of the e2e run, at the level a person sees: in code-server's workbench (headless Chromium)
// it opens FILE through Quick Open, waits until the editor shows squiggles, opens the Problems panel and
// waits for a row containing EXPECTED; then it points at the first warning (for the hover) and saves a
// screenshot (SHOT=path.png; docs/images/diagnostics.png is one). Exit 0 when EXPECTED is in the panel.
// Usage: node drive-code-server.cjs URL FILE EXPECTED   (PW_CORE = path of playwright-core)
const { withChromiumPage } = require('./chromium.cjs');
const { quickOpen } = require('./workbench.cjs');
const os = require('node:os');
const path = require('node:path');

const [url, file, expected] = process.argv.slice(2);
if (!url || !file || !expected) {
  console.error('usage: drive-code-server.cjs URL FILE EXPECTED');
  process.exit(2);
}
const shot = process.env.SHOT || path.join(os.tmpdir(), 'http-resilience-workbench.png');
const started = Date.now();
const log = (...args) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s]`, ...args);

/** Squiggles of every severity: the editor draws diagnostics as `.squiggly-<severity>` decorations. */
const squiggles = '.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info';

/** Waits for the workbench to show the workspace in the explorer. */
async function workbenchReady(page) {
  await page.goto(url);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  log('workbench and explorer visible');
}

/** Ctrl+Shift+M, then the text of every row once one of them mentions `text`. */
async function problemsPanelRows(page, text) {
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 15_000 });
  await page.waitForFunction((wanted) => document.querySelector('.markers-panel')?.innerText.includes(wanted), text, { timeout: 15_000 });
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.innerText));
}

/** Moves the mouse onto the first warning so that the picture has its hover (not needed by the check). */
async function hoverFirstWarning(page) {
  // A mouse move, not locator.hover(): the editor's overlay layer lies above the decorations.
  const box = await page.locator('.monaco-editor .squiggly-warning').first().boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const shown = await page.waitForSelector('.monaco-hover .marker', { timeout: 10_000 }).then(() => true, () => false);
  log(shown ? 'hover shown' : 'no hover (the picture has none; the check does not need it)');
}

async function check(page) {
  await workbenchReady(page);
  await quickOpen(page, file);
  // The squiggles appear once the language server has published diagnostics for the file.
  await page.waitForSelector(squiggles, { timeout: 60_000 });
  log('squiggles:', await page.locator('.monaco-editor .squiggly-warning').count(), 'warning,', await page.locator('.monaco-editor .squiggly-info').count(), 'info');
  const rows = await problemsPanelRows(page, expected);
  log(`Problems panel: ${rows.length} rows, first: ${(rows[1] || rows[0] || '').replace(/\s+/g, ' ').slice(0, 160)}`);
  await hoverFirstWarning(page);
  // Two animation frames: the hover is painted before the screenshot is taken.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: shot });
  log('screenshot', shot);
  return rows.some((row) => row.includes(expected));
}

withChromiumPage((page) => {
  page.on('pageerror', (error) => log('page error:', error.message));
  return check(page);
}).then(
  (found) => {
    console.log(found ? `ui check: "${expected}" is in the Problems panel` : `ui check: "${expected}" is not in the Problems panel`);
    process.exit(found ? 0 : 1);
  },
  (error) => {
    console.error('ui check failed:', error);
    process.exit(1);
  },
);

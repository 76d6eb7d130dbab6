/* global requestAnimationFrame, document */
// A check at the level a person sees: opens FILE in code-server's workbench with Quick Open, waits for
// squiggles, opens the Problems panel, waits for EXPECTED in it and saves a screenshot (SHOT=path.png).
// Adapted from ../shared/recipes/vscode-e2e/drive-code-server.js.
// Usage: node drive-code-server.cjs URL FILE EXPECTED   (PW_CORE = path of playwright-core)
const { withChromiumPage } = require('./chromium.cjs');
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

async function openAndRead(page) {
  await page.goto(url);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  log('workbench and explorer visible');
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 15_000 });
  await page.keyboard.type(file);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${file}"]`, { timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab[aria-label*="${file}"]`, { timeout: 15_000 });
  // Squiggles are .squiggly-* decorations; they appear once the server has published diagnostics.
  await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-info', { timeout: 60_000 });
  log('squiggles:', await page.locator('.monaco-editor .squiggly-warning').count(), 'warning,', await page.locator('.monaco-editor .squiggly-info').count(), 'info');
  await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 15_000 });
  await page.waitForFunction((text) => document.querySelector('.markers-panel')?.innerText.includes(text), expected, { timeout: 15_000 });
  const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) => elements.map((element) => element.innerText));
  log(`Problems panel: ${rows.length} rows, first: ${(rows[1] || rows[0] || '').replace(/\s+/g, ' ').slice(0, 160)}`);
  // For the picture: the first finding's hover, as a person pointing at the squiggle sees it.
  // (A mouse move, not locator.hover(): the editor's overlay layer sits above the decorations.)
  const squiggle = await page.locator('.monaco-editor .squiggly-warning').first().boundingBox();
  if (squiggle) await page.mouse.move(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
  const hover = await page.waitForSelector('.monaco-hover .marker', { timeout: 10_000 }).then(() => true, () => false);
  log(hover ? 'hover shown' : 'no hover (the picture has none; the check does not need it)');
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: shot });
  log('screenshot', shot);
  return rows.some((row) => row.includes(expected));
}

async function main() {
  return withChromiumPage((page) => {
    page.on('pageerror', (error) => log('page error:', error.message));
    return openAndRead(page);
  });
}

main().then(
  (found) => {
    console.log(found ? `ui check: "${expected}" is in the Problems panel` : `ui check: "${expected}" is not in the Problems panel`);
    process.exit(found ? 0 : 1);
  },
  (error) => {
    console.error('ui check failed:', error);
    process.exit(1);
  },
);

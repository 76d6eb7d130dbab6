/* global document, requestAnimationFrame, __dirname */
// The editor-experience check of the e2e run, as a person does it in code-server's workbench (headless
// Chromium), with every request that leaves loopback refused (the docs must open offline):
//   1. Ctrl+. on a finding (the light bulb when headless Chromium does not deliver the shortcut: the same Quick
//      Fix menu): it lists "Fix all HTTP Resilience problems" and "Show documentation for <rule>" (fix-all-quickfix.png);
//   2. the rule link of a missing-timeout row in the Problems panel opens the shipped page in a Markdown preview
//      tab whose text is the page's (docs-in-editor.png);
//   3. Scan Workspace, then Show Output: the "HTTP Resilience" channel has the start and the scan lines
//      (output-channel.png).
// Pictures go to SHOTS_DIR (default: the temp folder; SHOTS_DIR=docs/images refreshes the README's).
// Usage: node drive-editor.cjs URL   (PW_CORE = path of playwright-core). Exit 0 when all three hold.
const { withChromiumPage } = require('./chromium.cjs');
const { focusWorkbench, quickOpen } = require('./workbench.cjs');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [url] = process.argv.slice(2);
if (!url) {
  console.error('usage: drive-editor.cjs URL');
  process.exit(2);
}
const shotsDir = path.resolve(process.env.SHOTS_DIR || os.tmpdir());
const docsPage = fs.readFileSync(path.resolve(__dirname, '../../../docs/rules/missing-timeout.md'), 'utf8');
// The page's first paragraph, as the preview renders it (inline code without backticks).
const pageSentence = docsPage.split('\n').find((line) => line && !line.startsWith('#')).replace(/`/g, '').slice(0, 60);
const started = Date.now();
const log = (...args) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s]`, ...args);
const failures = [];
const refused = new Set();

function isLoopback(address) {
  const { hostname, protocol } = new URL(address);
  return !/^https?:$|^wss?:$/.test(protocol) || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

async function shot(page, name) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const file = path.join(shotsDir, name);
  await page.screenshot({ path: file });
  log('screenshot', file);
}

async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 15_000 });
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** 1. The quick-fix menu on the first warning squiggle. */
async function quickFixMenu(page) {
  const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
  await squiggle.waitFor({ timeout: 60_000 });
  const box = await squiggle.boundingBox();
  await page.mouse.click(box.x + 2, box.y + box.height / 2);
  await page.keyboard.press('Control+Period');
  const opened = await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 10_000 }).then(() => true, () => false);
  if (opened) log('menu opened by Ctrl+.');
  else {
    // The same menu from the light bulb, as a person clicks it.
    log('no menu after Ctrl+.; clicking the light bulb');
    await page.locator('.monaco-editor .lightBulbWidget').first().click();
    await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 15_000 });
  }
  await page.waitForFunction(() => document.querySelector('.action-widget')?.innerText.includes('Fix all HTTP Resilience problems'), undefined, { timeout: 15_000 }).catch(() => {});
  const items = await page.locator('.action-widget .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.innerText.trim()));
  log('quick-fix menu:', JSON.stringify(items));
  await shot(page, 'fix-all-quickfix.png');
  await page.keyboard.press('Escape');
  if (!items.some((item) => item.includes('Fix all HTTP Resilience problems'))) failures.push('"Fix all HTTP Resilience problems" is not in the Ctrl+. menu');
  if (!items.some((item) => /^Show documentation for [a-z-]+$/.test(item))) failures.push('no "Show documentation for <rule>" in the Ctrl+. menu');
}

/** 2. The code lens above a client factory whose origin the linter knows: "Probe this host" without a saved profile. */
async function probeLens(page) {
  const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Probe this host' }).first();
  await lens.scrollIntoViewIfNeeded({ timeout: 30_000 }).catch(() => {});
  await lens.waitFor({ timeout: 30_000 });
  log('code lens:', (await lens.innerText()).trim());
}

/** The text of every frame (webviews are nested iframes) that contains `text`. */
async function framesWith(page, text) {
  const found = [];
  for (const frame of page.frames()) {
    const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
    if (body.includes(text)) found.push(frame.url());
  }
  return found;
}

/** 2. The rule link in the Problems panel opens the shipped page in the Markdown preview. */
async function docsFromProblemsPanel(page) {
  await page.keyboard.press('Control+Shift+M');
  const link = page.locator('.markers-panel a.monaco-link', { hasText: 'missing-timeout' }).first();
  await link.waitFor({ timeout: 15_000 });
  await link.click();
  await page.waitForSelector('.tab[aria-label*="missing-timeout.md"]', { timeout: 20_000 });
  let frames = [];
  for (let attempt = 0; attempt < 50 && frames.length === 0; attempt++) {
    frames = await framesWith(page, pageSentence);
    if (frames.length === 0) await page.waitForTimeout(200);
  }
  const rawShown = await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: '# missing-timeout' }).count();
  log(`docs tab open; frames showing the page: ${frames.length}; raw Markdown editors: ${rawShown}`);
  await shot(page, 'docs-in-editor.png');
  if (frames.length === 0) failures.push('the missing-timeout page is not rendered in a preview');
  if (rawShown > 0) failures.push('the page opened as Markdown source, not in the preview');
}

/** 3. Scan Workspace, Show Output: the channel has our lines. */
async function outputAfterScan(page) {
  await focusWorkbench(page);
  await runCommand(page, 'HTTP Resilience: Scan Workspace');
  await page.locator('.notifications-toasts .notification-toast', { hasText: 'HTTP Resilience:' }).first().waitFor({ timeout: 30_000 }).catch(() => log('no scan notification'));
  await runCommand(page, 'HTTP Resilience: Show Output');
  // The channel is a read-only editor in the panel: its lines are the editor's view lines.
  const lines = page.locator('.part.panel .monaco-editor .view-lines').first();
  let text = '';
  for (let attempt = 0; attempt < 100 && !(text.includes('language server started') && text.includes('Workspace scan:')); attempt++) {
    // The editor draws spaces as no-break spaces.
    text = (await lines.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
    if (!text.includes('Workspace scan:')) await page.waitForTimeout(200);
  }
  const startLine = text.includes('language server started');
  const scanLine = text.includes('Workspace scan:');
  log('output channel:', JSON.stringify(text.split('\n').slice(0, 8)));
  await shot(page, 'output-channel.png');
  if (!startLine) failures.push('the output channel has no start line');
  if (!scanLine) failures.push('the output channel has no scan line');
}

withChromiumPage(async (page) => {
  page.on('pageerror', (error) => log('page error:', error.message));
  await page.context().route('**/*', (route) => {
    if (isLoopback(route.request().url())) return route.continue();
    refused.add(new URL(route.request().url()).origin);
    return route.abort();
  });
  await page.goto(url);
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  log('workbench ready');
  // Each check runs even when one before it failed; a failure leaves a picture of the workbench behind.
  const checks = { openFile: () => quickOpen(page, 'timeouts.ts'), quickFixMenu, probeLens, docsFromProblemsPanel, outputAfterScan };
  for (const [name, check] of Object.entries(checks)) {
    try {
      await check(page);
    } catch (error) {
      failures.push(`${name}: ${error.message.split('\n')[0]}`);
      await page.keyboard.press('Escape').catch(() => {});
      const picture = path.join(os.tmpdir(), `http-resilience-editor-${name}-failed.png`);
      await page.screenshot({ path: picture }).catch(() => {});
      log(`${name} failed; workbench at ${picture}`);
    }
  }
}).then(
  () => {
    if (refused.size > 0) log('refused (not loopback):', [...refused].join(', '));
    for (const failure of failures) console.log(`editor check: ${failure}`);
    console.log(failures.length === 0 ? 'editor check: Fix all in the quick-fix menu, the Probe this host code lens, docs in a preview offline, output lines after a scan' : `editor check: ${failures.length} failed`);
    process.exit(failures.length === 0 ? 0 : 1);
  },
  (error) => {
    console.error('editor check failed:', error);
    process.exit(1);
  },
);

// What every e2e driver does in the code-server workbench, the way a person does it.

/** Keyboard focus in the workbench, not on the page body, so its shortcuts reach it. */
async function focusWorkbench(page) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
}

/** Ctrl+P, the file name, Enter; resolves once its tab is there. */
async function quickOpen(page, name) {
  await focusWorkbench(page);
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 15_000 });
  await page.keyboard.type(name);
  // The file search starts cold on a busy machine: give it time, it is not what the checks are about.
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`, { timeout: 60_000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.tab[aria-label*="${name}"]`, { timeout: 15_000 });
}

module.exports = { focusWorkbench, quickOpen };

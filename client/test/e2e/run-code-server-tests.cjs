/* global setTimeout, clearTimeout */
// Runs the extension-host test entry inside code-server, driven by headless Debian chromium: the analogue
// of @vscode/test-electron's runTests(). Adapted from ../shared/recipes/vscode-e2e/run-ext-tests-code-server.js.
// Usage: node run-code-server-tests.cjs <extensionDevelopmentPath> <extensionTestsPath.js> <folder> <port>
// code-server must run with `--vscode-option enable-smoke-test-driver`, or the payload is ignored.
// PW_CORE = path of playwright-core; TEST_TIMEOUT_MS bounds the whole run (default 5 min).
const { chromium } = require(process.env.PW_CORE || 'playwright-core');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [devPath, testsPath, folder] = process.argv.slice(2, 5).map((arg) => path.resolve(arg));
const port = process.argv[5];
const host = `127.0.0.1:${port}`;
const remote = (file) => `vscode-remote://${host}${file}`;
const payload = JSON.stringify([['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsPath)]]);
const url = `http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`;
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 300_000);

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    // The web workbench calls these when an extension-test run logs / ends (the hooks @vscode/test-web uses).
    const exited = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationLog', (_type, args) => console.log(...args));
      void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    });
    let timer;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(() => resolve(`no result within ${timeoutMs} ms`), timeoutMs);
    });
    await page.goto(url);
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    console.log(`extension tests finished: exit code ${code}`);
    return code === 0 ? 0 : 1;
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error('e2e launcher failed:', error);
    process.exit(1);
  },
);

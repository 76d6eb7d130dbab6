/* global setTimeout, clearTimeout */
// Runs the mocha suite (out/e2e/index.js) inside code-server's extension host, the way
// @vscode/test-electron's runTests() does in desktop VS Code: it opens the workbench in headless Chromium
// with a `payload` in the URL that names the extension under test and the test entry point; the workbench
// then loads the extension, runs the entry point and reports the outcome back to the page.
// Usage: node run-code-server-tests.cjs <extensionDevelopmentPath> <extensionTestsPath.js> <folder> <port>
// code-server must run with `--vscode-option enable-smoke-test-driver`: without it the payload is ignored.
// PW_CORE = path of playwright-core; TEST_TIMEOUT_MS bounds the whole run (default 5 min).
// Its own Chromium launch, not chromium.cjs: at Playwright's default window size, as it always ran. With
// chromium.cjs's larger window here, the probe check that runs later (drive-probe.cjs) failed in 2 runs of 2.
const { chromium } = require(process.env.PW_CORE || 'playwright-core');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const [devPath, testsPath, folder] = process.argv.slice(2, 5).map((arg) => path.resolve(arg));
const port = process.argv[5];
const host = `127.0.0.1:${port}`;
// Paths in the payload are on the code-server side, addressed through its remote authority.
const remote = (file) => `vscode-remote://${host}${file}`;
const payload = JSON.stringify([['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsPath)]]);
const url = `http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`;
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS || 300_000);

/** Opens the workbench and resolves with the suite's exit code, or a sentence when it never reported one. */
async function runSuite(page) {
  // The workbench's test driver calls window.codeAutomationLog for each log line of the run and
  // window.codeAutomationExit with its exit code (@vscode/test-web listens to the same two).
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
  return code;
}

/** Headless Debian Chromium with a throwaway profile, closed and removed whatever happens. */
async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    return await runSuite(context.pages()[0] || (await context.newPage()));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    console.log(`extension tests finished: exit code ${code}`);
    process.exit(code === 0 ? 0 : 1);
  },
  (error) => {
    console.error('e2e launcher failed:', error);
    process.exit(1);
  },
);

// Headless Chromium (Debian's) through playwright-core from the e2e tool cache, with a throwaway profile:
// runs `use(page)` and always closes the browser and removes the profile.
const { chromium } = require(process.env.PW_CORE || 'playwright-core');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

async function withChromiumPage(use) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'chrome-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    return await use(context.pages()[0] || (await context.newPage()));
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

module.exports = { withChromiumPage };

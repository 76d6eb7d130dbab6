/** The extension-host test entry (`extensionTestsPath`, the contract of @vscode/test-electron's runTests): runs the mocha suite. */
import * as path from 'node:path';
import Mocha from 'mocha';

/** Runs extension.test.js, then editor-experience.test.js, next to this file; rejects when a test fails. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  mocha.addFile(path.join(__dirname, 'editor-experience.test.js'));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // The plain closing line CI reads, whichever launcher ran the suite.
      console.log(`e2e: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} e2e tests failed`));
      else resolve();
    });
  });
}

/**
 * The fixture harness (architecture.md §7): every fixture folder is linted as one project (so cross-file
 * wrappers and limiters resolve), and each file's findings must equal its `// expect:` lines exactly.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { lintFiles } from '../src/engine/lint-files';
import { ProjectConfigs } from '../src/engine/project-configs';
import { rules } from '../src/rules';
import { defaultSettings } from '../src/shared/settings';
import { compareKeys, expectedKeys, fixtureFiles, fixturesRoot } from './support/fixture-expectations';

const folders = fs
  .readdirSync(fixturesRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

for (const folder of folders) {
  describe(`fixtures: ${folder}`, async () => {
    const files = fixtureFiles(path.join(fixturesRoot, folder));
    const crashes: string[] = [];
    // A folder's `.http-resilience.json` (server profiles) applies, as it does for `lint`.
    const configs = new ProjectConfigs(rules.map((rule) => rule.meta.id));
    const reports = await lintFiles(files, { settings: defaultSettings, log: (message) => crashes.push(message), configs });

    it('no rule crashes and every file parses', () => {
      assert.deepEqual(crashes, []);
      assert.deepEqual(reports.filter((report) => report.problem).map((report) => `${report.file}: ${report.problem?.message}`), []);
    });

    for (const report of reports) {
      it(path.relative(fixturesRoot, report.file), () => {
        const actual = report.findings.map((finding) => `${finding.range.start.line + 1}:${finding.ruleId}`).sort(compareKeys);
        const expected = expectedKeys(fs.readFileSync(report.file, 'utf8'));
        assert.deepEqual(actual, expected);
      });
    }
  });
}

describe('fixture coverage', () => {
  for (const rule of rules) {
    const id = rule.meta.id;
    it(`${id} has a folder with flagged and clean files`, () => {
      const dir = path.join(fixturesRoot, id);
      assert.ok(fs.existsSync(dir), `test-fixtures/${id}/ is missing`);
      const texts = fixtureFiles(dir).map((file) => fs.readFileSync(file, 'utf8'));
      assert.ok(texts.some((text) => expectedKeys(text).some((key) => key.endsWith(`:${id}`))), `no file in test-fixtures/${id}/ expects ${id}`);
      assert.ok(texts.some((text) => !expectedKeys(text).some((key) => key.endsWith(`:${id}`)) && /\bclean\b/i.test(text)), `no clean fixture in test-fixtures/${id}/`);
    });
  }
});

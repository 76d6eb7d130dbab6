/**
 * The fix matrix (test-fixtures/fix-matrix/README.md): every fixable message id of the registry, fixed in
 * every kind of project where its fix applies — NodeNext ESM, bundler ESM, CommonJS TypeScript, plain
 * JavaScript under `// @ts-check`. Each fixture is fixed as `lint --fix` does (reading the setting's
 * tsconfig.json and package.json), compared whole with its `.fixed` file, fixed a second time (nothing may
 * change), and all fixed files of a setting type-check together with the helper the fixes create, under
 * the setting's own tsconfig and the real types of the libraries (`tsc --noEmit -p <setting>`, in memory).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readHelperTemplate } from '../src/engine/fixes/helper-template';
import { rules } from '../src/rules';
import { fixMatrixFile, helperPathOf, matrixFixtures, matrixRoot, matrixSettings, notApplicable, reportedMessageIds, typeCheck } from './support/matrix-harness';

const settings = matrixSettings();

describe('fix matrix: coverage', () => {
  it('has the four kinds of project', () => {
    assert.deepEqual(settings, ['bundler-esm', 'checkjs-cjs', 'commonjs', 'nodenext-esm']);
  });

  it('every message id of a fixable rule has a fixture in every setting, or the README says why not', () => {
    const skipped = notApplicable();
    const missing: string[] = [];
    const contradicted: string[] = [];
    for (const rule of rules.filter((candidate) => candidate.meta.fixable)) {
      for (const messageId of Object.keys(rule.meta.messages)) {
        const key = `${rule.meta.id}/${messageId}`;
        const reason = skipped.get(key);
        for (const setting of settings) {
          const has = matrixFixtures(setting).some((fixture) => fixture.ruleId === rule.meta.id && fixture.messageId === messageId);
          const excused = reason !== undefined && (reason.settings === 'all' || reason.settings.has(setting));
          if (!has && !excused) missing.push(`${setting}: ${key}`);
          if (has && excused) contradicted.push(`${setting}: ${key} has a fixture but the README says it does not apply`);
        }
      }
    }
    assert.deepEqual(missing, [], 'fixtures missing (add one, or a README row saying why the fix does not apply there)');
    assert.deepEqual(contradicted, []);
  });

  it('names every fixture after a message id of its rule', () => {
    const unknown = settings.flatMap((setting) =>
      matrixFixtures(setting)
        .filter((fixture) => !Object.hasOwn(rules.find((rule) => rule.meta.id === fixture.ruleId)?.meta.messages ?? {}, fixture.messageId))
        .map((fixture) => path.relative(matrixRoot, fixture.file)),
    );
    assert.deepEqual(unknown, []);
  });
});

for (const setting of settings) {
  describe(`fix matrix: ${setting}`, () => {
    const fixtures = matrixFixtures(setting);
    const fixed = new Map<string, string>();
    let helper: { path: string; text: string } | undefined;

    for (const fixture of fixtures) {
      it(`${fixture.ruleId}/${fixture.messageId}`, () => {
        const text = fs.readFileSync(fixture.file, 'utf8');
        const reported = reportedMessageIds(fixture.file, text);
        assert.ok(
          reported.some((finding) => finding.ruleId === fixture.ruleId && finding.messageId === fixture.messageId && finding.fixed),
          `${path.basename(fixture.file)} gets no ${fixture.ruleId}/${fixture.messageId} finding with a fix (it got: ${reported.map((finding) => `${finding.ruleId}/${finding.messageId}${finding.fixed ? ' (fix)' : ''}`).join(', ') || 'nothing'})`,
        );
        const run = fixMatrixFile(fixture.file, text, setting);
        assert.ok(run.applied.includes(fixture.ruleId), `the ${fixture.ruleId} fix applies`);
        assert.deepEqual([...run.helper.edits.keys()].map((file) => path.relative(matrixRoot, file)), [], 'no other file is edited (undici is declared)');
        assert.equal(run.text, fs.readFileSync(fixture.fixedFile, 'utf8'), `${path.basename(fixture.fixedFile)} is the whole fixed file`);
        const installed = run.helper.create ?? helper;
        const second = fixMatrixFile(fixture.file, run.text, setting, installed);
        assert.deepEqual(second.applied, [], 'a second --fix changes nothing');
        assert.equal(second.text, run.text);
        fixed.set(fixture.file, run.text);
        if (run.helper.create) {
          assert.ok(!helper || helper.path === run.helper.create.path, 'one helper form per setting');
          helper = run.helper.create;
        }
      });
    }

    it('the fixed files and the helper type-check under the setting\'s tsconfig', (t) => {
      assert.ok(fixed.size > 0, 'some fixture was fixed');
      const files = new Map(fixed);
      const flavor = /\.cjs$/.test(helper?.path ?? '') ? 'cjs' : /\.mjs$/.test(helper?.path ?? '') ? 'mjs' : 'ts';
      const helperFile = helper?.path ?? helperPathOf(setting).replace(/\.ts$/, `.${flavor}`);
      files.set(helperFile, helper?.text ?? readHelperTemplate(flavor) ?? '');
      const { errors, ms } = typeCheck(setting, files);
      t.diagnostic(`${setting}: ${files.size} files type-checked in ${Math.round(ms)} ms`);
      assert.deepEqual(errors, []);
    });
  });
}

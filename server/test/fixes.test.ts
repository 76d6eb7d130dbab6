/**
 * Fix tests (architecture.md §7): every `fix-*.ts` fixture is fixed as `lint --fix` does, compared whole with
 * its `.fixed.ts`, and the fixed files type-check together with the inserted helper (no new errors).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import ts from 'typescript';
import { fixFixture, type FixOutcome } from './support/fix-harness';
import { fixtureFiles, fixturesRoot } from './support/fixture-expectations';

const pairs = fixtureFiles(fixturesRoot).filter((file) => /[\\/]fix-[^\\/]+\.ts$/.test(file));
const repoModules = path.resolve(__dirname, '../../node_modules');

/** Diagnostics of a set of files under strict settings, as `file: TSxxxx message` lines. */
function typeErrors(dir: string): string[] {
  const files = fs.readdirSync(dir).map((name) => path.join(dir, name));
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: ['node'],
    typeRoots: [path.join(repoModules, '@types')],
    baseUrl: dir,
    paths: { undici: [path.join(repoModules, 'undici')] },
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const file = diagnostic.file ? path.basename(diagnostic.file.fileName) : '-';
    return `${file}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}

describe('quick fixes, whole-file', () => {
  const outcomes = new Map<string, FixOutcome>();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-fixes-'));
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('has a fix fixture for every rule that offers a fix', () => {
    assert.ok(pairs.length >= 6, `only ${pairs.length} fix fixtures`);
  });

  for (const file of pairs) {
    const name = path.relative(fixturesRoot, file);
    it(`${name} becomes ${name.replace(/\.ts$/, '.fixed.ts')}`, () => {
      const outcome = fixFixture(file);
      outcomes.set(file, outcome);
      assert.ok(outcome.applied.length > 0, 'at least one fix applies');
      const expected = fs.readFileSync(file.replace(/\.ts$/, '.fixed.ts'), 'utf8');
      assert.equal(outcome.text, expected);
    });
  }

  it('the fixed files type-check with the inserted helper: no new compiler errors', () => {
    const before = path.join(temp, 'before');
    const afterDir = path.join(temp, 'after');
    fs.mkdirSync(before);
    fs.mkdirSync(afterDir);
    let helper: string | undefined;
    for (const file of pairs) {
      const outcome = outcomes.get(file) ?? fixFixture(file);
      const flat = path.relative(fixturesRoot, file).split(path.sep).join('--');
      fs.copyFileSync(file, path.join(before, flat));
      fs.writeFileSync(path.join(afterDir, flat), outcome.text);
      helper ??= outcome.helper?.text;
    }
    assert.ok(helper, 'some fix installs the helper');
    fs.writeFileSync(path.join(afterDir, 'resilient-http.ts'), helper);
    fs.writeFileSync(path.join(before, 'resilient-http.ts'), helper);
    const known = new Set(typeErrors(before));
    const introduced = typeErrors(afterDir).filter((line) => !known.has(line));
    assert.deepEqual(introduced, []);
    assert.deepEqual(typeErrors(afterDir).filter((line) => line.startsWith('resilient-http.ts')), [], 'the helper itself type-checks under strict');
  });
});

/**
 * The ESLint plugin's fourteen rules under ESLint's own RuleTester (docs/eslint-plugin.md), on the rule
 * fixtures: each file of test-fixtures/<rule>/ is an `invalid` case with an error on every line its
 * `// expect: <rule>` comments name, or a `valid` case when it expects nothing of that rule. Files are
 * given their real path, so the project model reads the neighbours they import (wrappers, limiters,
 * pools defined in other files). Every suggestion is checked: its title and the text it produces (the
 * engine's fix, applied alone), and for the fix fixtures whose fix is the only one, the `.fixed.ts` file;
 * and every message reads as the engine's (the CLI's).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { lintFiles } from '../src/engine/lint-files';
import { createPlugin } from '../src/eslint/plugin';
import { rules } from '../src/rules';
import type { ReportedFinding } from '../src/shared/findings';
import { defaultSettings } from '../src/shared/settings';
import { expectedKeys, fixtureFiles, fixturesRoot } from './support/fixture-expectations';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const plugin = createPlugin({ freshnessIntervalMs: 0 });
const ruleTester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

function applyEdits(text: string, edits: ReadonlyArray<{ start: number; end: number; newText: string }>): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.newText + out.slice(edit.end);
  return out;
}

/** The suggestion a finding's fix becomes in ESLint: none when there is no fix or it needs the helper file. */
function suggestionsOf(finding: ReportedFinding | undefined, text: string): Array<{ desc: string; output: string }> {
  const fix = finding?.fix;
  if (!fix || fix.edits.length === 0 || (fix.helperImports ?? []).length > 0 || (fix.helperTypeImports ?? []).length > 0) return [];
  // The engine's offsets are into the text without a byte order mark (as ESLint's), which ESLint puts back.
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  return [{ desc: fix.title, output: bom + applyEdits(text.slice(bom.length), fix.edits) }];
}

for (const rule of rules) {
  const id = rule.meta.id;
  describe(`ESLint RuleTester: http-resilience/${id}`, async () => {
    const folder = path.join(fixturesRoot, id);
    const files = fixtureFiles(folder);
    // The engine's findings give each error its suggestions (the fixes); the lines come from `// expect:`.
    const reports = new Map((await lintFiles(files, { settings: defaultSettings })).map((report) => [report.file, report.findings]));
    const valid: RuleTester.ValidTestCase[] = [];
    const invalid: RuleTester.InvalidTestCase[] = [];
    for (const file of files) {
      const code = fs.readFileSync(file, 'utf8');
      const lines = expectedKeys(code)
        .filter((key) => key.endsWith(`:${id}`))
        .map((key) => Number(key.split(':')[0]));
      const name = path.relative(fixturesRoot, file);
      if (lines.length === 0) {
        valid.push({ name, code, filename: file });
        continue;
      }
      const ours = (reports.get(file) ?? []).filter((finding) => finding.ruleId === id).sort((a, b) => a.start - b.start);
      const seen = new Map<number, number>();
      const errors = lines.map((line) => {
        const index = seen.get(line) ?? 0;
        seen.set(line, index + 1);
        const finding = ours.filter((candidate) => candidate.range.start.line + 1 === line)[index];
        // ESLint renders the rule's message id with its data; it must read exactly as the engine's message.
        return { line, message: finding?.message ?? `(the engine reports no ${id} on line ${line})`, suggestions: suggestionsOf(finding, code) };
      });
      const fixed = file.replace(/\.ts$/, '.fixed.ts');
      const withSuggestions = errors.filter((error) => error.suggestions.length > 0);
      if (/[\\/]fix-[^\\/]+\.ts$/.test(file) && ours.length === 1 && withSuggestions.length === 1 && fs.existsSync(fixed)) {
        // The fix fixture's expected output, written by hand: the one suggestion must produce it.
        withSuggestions[0].suggestions = [{ desc: withSuggestions[0].suggestions[0].desc, output: fs.readFileSync(fixed, 'utf8') }];
      }
      invalid.push({ name, code, filename: file, errors });
    }
    ruleTester.run(id, plugin.rules[id], { valid, invalid });
  });
}

describe('ESLint RuleTester: options and JavaScript', () => {
  ruleTester.run('missing-timeout', plugin.rules['missing-timeout'], {
    valid: [],
    invalid: [
      {
        name: 'a JavaScript file, parsed by ESLint with espree and by the analyzer with TypeScript',
        code: "export async function load(url) {\n  const res = await fetch(url);\n  return res.json();\n}\n",
        filename: path.join(fixturesRoot, 'missing-timeout', 'scratch-javascript.mjs'),
        languageOptions: { parser: undefined },
        errors: [{ line: 2, column: 21, messageId: 'fetch', suggestions: 1 }],
      },
    ],
  });
});

/**
 * `--format stylish`: ESLint's stylish output, so that problem matchers turn it into problems and
 * annotations. Checked three ways: against ESLint's own stylish formatter (same findings, same bytes),
 * and by reading it back with the regular expressions of VS Code's `$eslint-stylish` problem matcher
 * (microsoft/vscode, src/vs/workbench/contrib/tasks/common/problemMatcher.ts: the file line was
 * `^([^\s].*)$` and is `^((?:[a-zA-Z]:)*[./\\]+.*?)$` in current releases, read as an absolute path)
 * and of GitHub Actions' eslint-stylish matcher (actions/setup-node, .github/eslint-stylish.json).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { ESLint } from 'eslint';
import { parseCommandLine, type LintArguments } from '../src/cli/args';
import { formatStylish, formatText, stylishInfoPrefix } from '../src/cli/format-text';
import { type Io, runLint } from '../src/cli/lint-command';
import { type OutputFinding, type RunSummary, summarize } from '../src/cli/report';
import type { FileReport, Range, ReportedFinding } from '../src/shared/findings';
import type { Severity } from '../src/shared/settings';

const fixtures = path.resolve(__dirname, '../../test-fixtures');

/** A multi-line problem matcher: a file line, then location lines in a loop. */
interface Matcher {
  name: string;
  file: RegExp;
  location: RegExp;
  groups: { line: number; column: number; severity: number; message: number; code: number };
}

const vscodeGroups = { line: 1, column: 2, severity: 3, message: 4, code: 5 };
const vscodeLocation = /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.+?)(?:\s\s+(.*))?$/;
const matchers: Matcher[] = [
  { name: 'VS Code $eslint-stylish', file: /^((?:[a-zA-Z]:)*[./\\]+.*?)$/, location: vscodeLocation, groups: vscodeGroups },
  { name: 'VS Code $eslint-stylish (older releases)', file: /^([^\s].*)$/, location: vscodeLocation, groups: vscodeGroups },
  {
    name: 'GitHub Actions eslint-stylish',
    file: /^\s*([^\s].*)$/,
    location: /^\s+(\d+):(\d+)\s+(error|warning|info)\s+(.*)\s\s+(.*)$/,
    groups: { line: 1, column: 2, severity: 3, message: 4, code: 5 },
  },
];

interface Matched {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string;
}

/**
 * Reads output the way both tools run a looping multi-line matcher: a line matching the file pattern
 * followed by one matching the location pattern opens a file; location lines then match in a loop until
 * one does not. Colour codes are stripped first, as the GitHub runner does.
 */
function readBack(output: string, matcher: Matcher): Matched[] {
  const lines = stripVTControlCharacters(output).split('\n');
  const found: Matched[] = [];
  let file: string | undefined;
  for (const [index, line] of lines.entries()) {
    const location = file === undefined ? null : matcher.location.exec(line);
    if (file !== undefined && location) {
      const { groups } = matcher;
      found.push({
        file,
        line: Number(location[groups.line]),
        column: Number(location[groups.column]),
        severity: location[groups.severity],
        message: location[groups.message].trim(),
        code: (location[groups.code] ?? '').trim(),
      });
      continue;
    }
    const header = matcher.file.exec(line);
    file = header && matcher.location.test(lines[index + 1] ?? '') ? header[1] : undefined;
  }
  return found;
}

/** What a matcher should recover for a finding: `info` is a warning whose message says so. */
function expected(summary: RunSummary, finding: OutputFinding): Matched {
  return {
    file: path.resolve(summary.cwd, finding.file),
    line: finding.line,
    column: finding.column,
    severity: finding.severity === 'error' ? 'error' : 'warning',
    message: `${finding.severity === 'info' ? stylishInfoPrefix : ''}${finding.message.replace(/\s+/g, ' ').replace(/([^ ])\.$/, '$1')}`,
    code: finding.ruleId,
  };
}

/**
 * The same findings as ESLint lint results (severity 2 error, 1 warning, infos as warnings), messages on
 * one line: the one thing we do on purpose that ESLint does not (a new line or two spaces in a message
 * would end it early for both matchers).
 */
function asEslintResults(summary: RunSummary): ESLint.LintResult[] {
  const byFile = new Map<string, OutputFinding[]>();
  for (const finding of summary.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  return [...byFile].map(([file, findings]) => {
    const messages = findings.map((finding): ESLint.LintResult['messages'][number] => ({
      ruleId: finding.ruleId,
      severity: finding.severity === 'error' ? 2 : 1,
      message: `${finding.severity === 'info' ? stylishInfoPrefix : ''}${finding.message.replace(/\s+/g, ' ')}`,
      line: finding.line,
      column: finding.column,
      ...(finding.fixable ? { fix: { range: [0, 0] as [number, number], text: '' } } : {}),
    }));
    const count = (severity: 1 | 2, fixable = false) => messages.filter((message) => message.severity === severity && (!fixable || 'fix' in message)).length;
    return {
      filePath: path.resolve(summary.cwd, file),
      messages,
      suppressedMessages: [],
      errorCount: count(2),
      fatalErrorCount: 0,
      warningCount: count(1),
      fixableErrorCount: count(2, true),
      fixableWarningCount: count(1, true),
      usedDeprecatedRules: [],
    };
  });
}

const cwd = path.resolve('/work/project');
const at = (file: string) => path.join(cwd, file);
const range = (line: number, character: number): Range => ({ start: { line, character }, end: { line, character: character + 3 } });
function finding(file: string, ruleId: string, severity: Severity, line: number, message: string, fixable = false): ReportedFinding {
  return { ruleId, severity, message, file: at(file), range: range(line, 2), start: 0, end: 1, related: [], ...(fixable ? { fix: { title: 'fix', edits: [] } } : {}) };
}

const reports: FileReport[] = [
  { file: at('src/z.ts'), findings: [finding('src/z.ts', 'missing-timeout', 'warning', 4, '`fetch(url)` has no `signal`. Add one.', true)] },
  {
    file: at('src/a.ts'),
    findings: [
      finding('src/a.ts', 'wrong-pool-option', 'error', 119, 'Two  spaces and\na new line must not end the message early.'),
      finding('src/a.ts', 'unbounded-concurrency', 'warning', 2, 'Ends with an ellipsis …', true),
      finding('src/a.ts', 'missing-retry', 'info', 9, 'No retry on the path.'),
    ],
  },
  { file: at('src/broken.ts'), findings: [], problem: { kind: 'parse-error', message: 'Parsing error: Expression expected.', range: range(0, 6) } },
];

describe('formatStylish', () => {
  const summary = summarize(cwd, reports);
  const withoutInfos = summarize(cwd, reports.map((report) => ({ ...report, findings: report.findings.filter((entry) => entry.severity !== 'info') })));

  it("is byte for byte what ESLint's stylish formatter prints for the same findings", async () => {
    const stylish = await new ESLint().loadFormatter('stylish');
    for (const color of [false, true]) {
      const ours = formatStylish(withoutInfos, color).replace(/\n\d+ files? could not be analysed:\n[\s\S]*$/, '\n');
      const eslint = await stylish.format(asEslintResults(withoutInfos), { color });
      // ESLint colours through util.styleText (other codes, same text); the characters must agree exactly.
      assert.equal(color ? stripVTControlCharacters(ours) : ours, color ? stripVTControlCharacters(eslint) : eslint);
    }
  });

  it('prints infos as warning rows marked (info), which ESLint prints the same way, and counts them apart', async () => {
    const text = formatStylish(summary, false);
    const eslint = await (await new ESLint().loadFormatter('stylish')).format(asEslintResults(summary), { color: false });
    const rows = (output: string) => output.split('\n').filter((line) => !line.startsWith('\u2716') && !/could not be analysed|^ {2}\//.test(line));
    assert.deepEqual(rows(text).slice(0, -2), rows(eslint).slice(0, -2));
    assert.match(text, /^ {3}10:3 {2}warning {2}\(info\) No retry on the path +missing-retry$/m);
    assert.match(text, /^\u2716 4 problems \(1 error, 2 warnings, 1 info\)$/m);
    assert.match(text, /^ {2}0 errors and 2 warnings potentially fixable with the `--fix` option\.$/m);
  });

  it('lists files that could not be analysed after the summary, never as rows', () => {
    const text = formatStylish(summary, false);
    assert.ok(text.endsWith(`1 file could not be analysed:\n  ${at('src/broken.ts')}:1:7: Parsing error: Expression expected.\n`), text);
    for (const matcher of matchers) assert.ok(!readBack(text, matcher).some((entry) => entry.file.endsWith('broken.ts')), matcher.name);
  });

  it('prints nothing when there is nothing to say, as ESLint does', () => {
    assert.equal(formatStylish(summarize(cwd, [{ file: at('src/clean.ts'), findings: [] }]), false), '');
  });

  for (const matcher of matchers) {
    it(`reads back with the ${matcher.name} problem matcher: file, line, column, severity, message, rule id`, () => {
      for (const color of [false, true]) {
        assert.deepEqual(readBack(formatStylish(summary, color), matcher), summary.findings.map((entry) => expected(summary, entry)));
      }
    });
  }

  it('keeps --format text as it was: relative paths, info and skipped rows (what it is not: ESLint-exact)', () => {
    const text = formatText(summary, false);
    assert.ok(text.includes('\nsrc/a.ts\n') || text.startsWith('src/a.ts\n'), text);
    assert.match(text, / info +No retry on the path\. /);
    assert.match(text, /skipped {2}Parsing error/);
    // VS Code's current matcher reads no file line from it: its paths are relative.
    assert.deepEqual(readBack(text, matchers[0]), []);
  });
});

describe('lint --format stylish over the fixtures', () => {
  it('lets every matcher recover every finding of the JSON report, with absolute paths', async () => {
    const run = async (format: string) => {
      let stdout = '';
      const io: Io = { cwd: fixtures, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: () => true }, env: {}, version: '0.0.0' };
      await runLint(parseCommandLine(['lint', '--format', format, '--no-progress']) as LintArguments, io);
      return stdout;
    };
    const [stylish, json] = await Promise.all([run('stylish'), run('json')]);
    const report = JSON.parse(json) as { findings: Array<{ file: string; line: number; column: number; severity: Severity; ruleId: string; message: string }> };
    assert.ok(report.findings.length > 50);
    assert.ok(new Set(report.findings.map((entry) => entry.severity)).size === 3, 'the fixtures have errors, warnings and infos');
    const summary = { cwd: fixtures } as RunSummary;
    const want = report.findings.map((entry) => expected(summary, { ...entry, endLine: 0, endColumn: 0, related: [], fixable: false, snippet: '' }));
    for (const matcher of matchers) assert.deepEqual(readBack(stylish, matcher), want, matcher.name);
  });
});

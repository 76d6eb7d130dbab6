/** The CLI's output formats and exit code over synthetic reports: JSON, SARIF 2.1.0, stylish text. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { FileReport, Range, ReportedFinding } from '../src/shared/findings';
import { formatJson } from '../src/cli/format-json';
import { buildSarifLog } from '../src/cli/format-sarif';
import { formatText } from '../src/cli/format-text';
import { exitCodeFor } from '../src/cli/lint-command';
import { summarize } from '../src/cli/report';
import { ruleDocsUrl, rules } from '../src/rules';
import type { Severity } from '../src/shared/settings';

const cwd = path.resolve('/work/project');
const at = (file: string) => path.join(cwd, file);
const range = (line: number, character: number, endLine: number, endCharacter: number): Range => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

function finding(file: string, ruleId: string, severity: Severity, where: Range, related: ReportedFinding['related'] = []): ReportedFinding {
  return { ruleId, severity, message: `${ruleId} says so`, file: at(file), range: where, start: 0, end: 1, related };
}

/** Deliberately out of order, with a related place, a parse error with a position and a problem without one. */
const reports: FileReport[] = [
  { file: at('src/z.ts'), findings: [finding('src/z.ts', 'missing-timeout', 'warning', range(4, 2, 4, 9))] },
  {
    file: at('src/a b#1.ts'),
    findings: [
      finding('src/a b#1.ts', 'missing-retry', 'info', range(9, 0, 9, 5)),
      finding('src/a b#1.ts', 'unbounded-concurrency', 'error', range(2, 9, 3, 1), [
        { file: at('src/pool.ts'), range: range(0, 6, 0, 10), message: 'the pool' },
      ]),
    ],
  },
  { file: at('src/clean.ts'), findings: [] },
  { file: at('src/broken.ts'), findings: [], problem: { kind: 'parse-error', message: 'Parsing error: Expression expected.', range: range(0, 6, 0, 6) } },
  { file: at('src/dangling.ts'), findings: [], problem: { kind: 'unreadable', message: 'Cannot read file (ENOENT): gone' } },
];
const summary = summarize(cwd, reports);

describe('formatJson', () => {
  const report = JSON.parse(formatJson(summary)) as Record<string, unknown> & { findings: Array<Record<string, unknown>> };

  it('has exactly the documented keys, 1-based positions and relative paths, sorted by file, line, column', () => {
    assert.deepEqual(Object.keys(report), ['version', 'filesAnalyzed', 'findings', 'fileProblems']);
    assert.equal(report.version, 1);
    assert.equal(report.filesAnalyzed, 3, 'the two files with a problem are not counted');
    assert.deepEqual(report.findings, [
      { ruleId: 'unbounded-concurrency', severity: 'error', file: 'src/a b#1.ts', line: 3, column: 10, endLine: 4, endColumn: 2, message: 'unbounded-concurrency says so' },
      { ruleId: 'missing-retry', severity: 'info', file: 'src/a b#1.ts', line: 10, column: 1, endLine: 10, endColumn: 6, message: 'missing-retry says so' },
      { ruleId: 'missing-timeout', severity: 'warning', file: 'src/z.ts', line: 5, column: 3, endLine: 5, endColumn: 10, message: 'missing-timeout says so' },
    ]);
  });

  it('lists file problems with a 1-based place when there is one', () => {
    assert.deepEqual(report.fileProblems, [
      { file: 'src/broken.ts', kind: 'parse-error', message: 'Parsing error: Expression expected.', line: 1, column: 7 },
      { file: 'src/dangling.ts', kind: 'unreadable', message: 'Cannot read file (ENOENT): gone' },
    ]);
  });
});

describe('buildSarifLog', () => {
  const log = buildSarifLog(summary, '1.2.3');
  const run = log.runs[0];

  it('is one SARIF 2.1.0 run describing every rule, with help URIs and default levels', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    const driver = run.tool.driver;
    assert.equal(driver.name, 'http-resilience');
    assert.equal(driver.version, '1.2.3');
    assert.match(driver.informationUri ?? '', /^https:\/\//);
    assert.deepEqual(driver.rules?.map((rule) => rule.id), rules.map((rule) => rule.meta.id));
    const levels = { info: 'note', warning: 'warning', error: 'error' };
    for (const [index, rule] of (driver.rules ?? []).entries()) {
      assert.equal(rule.helpUri, ruleDocsUrl(rule.id));
      assert.equal(rule.shortDescription?.text, rules[index].meta.description);
      assert.equal(rule.defaultConfiguration?.level, levels[rules[index].meta.severity]);
    }
  });

  it('has results with rule index, level, message and 1-based regions relative to %SRCROOT%', () => {
    const [first, second, third] = run.results ?? [];
    assert.equal(first.ruleId, 'unbounded-concurrency');
    assert.equal(run.tool.driver.rules?.[first.ruleIndex ?? -1]?.id, 'unbounded-concurrency');
    assert.deepEqual([first.level, second.level, third.level], ['error', 'note', 'warning']);
    assert.deepEqual(first.message, { text: 'unbounded-concurrency says so' });
    assert.deepEqual(first.locations?.[0].physicalLocation, {
      artifactLocation: { uri: 'src/a%20b%231.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 10, endLine: 4, endColumn: 2 },
    });
    assert.deepEqual(first.relatedLocations, [
      {
        id: 0,
        message: { text: 'the pool' },
        physicalLocation: { artifactLocation: { uri: 'src/pool.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 7, endLine: 1, endColumn: 11 } },
      },
    ]);
    assert.equal(second.relatedLocations, undefined);
  });

  it('resolves %SRCROOT% to the working directory as an absolute URI ending in a slash', () => {
    const base = run.originalUriBaseIds?.['%SRCROOT%']?.uri ?? '';
    assert.match(base, /^file:\/\/.*\/$/);
    assert.equal(new URL('src/z.ts', base).pathname.endsWith('/work/project/src/z.ts'), true);
  });

  it('reports files that could not be analysed as tool execution notifications', () => {
    const notifications = run.invocations?.[0].toolExecutionNotifications ?? [];
    assert.equal(run.invocations?.[0].executionSuccessful, true);
    assert.deepEqual(notifications.map((notification) => notification.descriptor?.id), ['parse-error', 'unreadable']);
    assert.match(notifications[0].message.text ?? '', /src\/broken\.ts: Parsing error/);
    assert.deepEqual(notifications[0].locations?.[0].physicalLocation?.region, { startLine: 1, startColumn: 7 });
    assert.equal(notifications[1].locations?.[0].physicalLocation?.region, undefined);
  });
});

describe('formatText', () => {
  const text = formatText(summary, false);
  const lines = text.split('\n');

  it('groups rows under a relative file header, in order, with a blank line between files', () => {
    const header = lines.indexOf('src/a b#1.ts');
    assert.ok(header >= 0, text);
    // Like stylish: line numbers right-aligned, columns left-aligned, every column padded.
    assert.equal(lines[header + 1], '   3:10  error  unbounded-concurrency says so  unbounded-concurrency');
    assert.equal(lines[header + 2], '  10:1   info   missing-retry says so          missing-retry');
    assert.equal(lines[header + 3], '');
    assert.deepEqual(lines.filter((line) => /^\S/.test(line)).slice(0, 4), ['src/a b#1.ts', 'src/broken.ts', 'src/dangling.ts', 'src/z.ts']);
  });

  it('aligns the rule ids of a file in one column', () => {
    const header = lines.indexOf('src/a b#1.ts');
    const rows = lines.slice(header + 1, header + 3);
    assert.equal(rows[0].length - 'unbounded-concurrency'.length, rows[1].length - 'missing-retry'.length);
  });

  it('shows files that could not be analysed like ESLint shows a parsing error', () => {
    assert.equal(lines[lines.indexOf('src/broken.ts') + 1], '  1:7  skipped  Parsing error: Expression expected.');
    assert.equal(lines[lines.indexOf('src/dangling.ts') + 1], '  0:0  skipped  Cannot read file (ENOENT): gone');
  });

  it('ends with the summary line, and a note about skipped files', () => {
    assert.deepEqual(lines.slice(-3), ['✖ 3 problems (1 error, 1 warning, 1 info)', '2 files could not be analysed (shown as "skipped" above).', '']);
    assert.equal(formatText(summarize(cwd, [reports[2]]), false), 'No problems found in 1 file.\n');
    assert.match(formatText(summarize(cwd, []), false), /^No problems found in 0 files\.\n$/);
  });

  it('uses ANSI colours only when asked', () => {
    assert.ok(!text.includes('\u001b['));
    assert.ok(formatText(summary, true).includes('\u001b[31merror'));
  });
});

describe('exitCodeFor', () => {
  it('is 1 when a finding is at or above --fail-on, never for off, and ignores file problems', () => {
    assert.deepEqual((['info', 'warning', 'error', 'off'] as const).map((level) => exitCodeFor(summary, level)), [1, 1, 1, 0]);
    const warningsOnly = summarize(cwd, [reports[0], reports[3]]);
    assert.deepEqual((['info', 'warning', 'error', 'off'] as const).map((level) => exitCodeFor(warningsOnly, level)), [1, 1, 0, 0]);
    assert.equal(exitCodeFor(summarize(cwd, [reports[3]]), 'info'), 0);
  });

  it('is 1 with more warnings than --max-warnings, whatever --fail-on says; infos and errors are not warnings', () => {
    // summary: 1 error, 1 warning, 1 info.
    assert.equal(exitCodeFor(summary, 'off', 0), 1);
    assert.equal(exitCodeFor(summary, 'off', 1), 0, 'exactly the maximum passes');
    const warningsOnly = summarize(cwd, [reports[0]]);
    assert.equal(exitCodeFor(warningsOnly, 'error', 0), 1);
    assert.equal(exitCodeFor(warningsOnly, 'error', 1), 0);
    assert.equal(exitCodeFor(warningsOnly, 'error', undefined), 0);
    const noWarnings = summarize(cwd, [{ file: at('src/a b#1.ts'), findings: [reports[1].findings[0]] }]);
    assert.equal(noWarnings.counts.info, 1);
    assert.equal(exitCodeFor(noWarnings, 'error', 0), 0);
    assert.equal(exitCodeFor(noWarnings, 'info', 5), 1, '--fail-on still applies under the maximum');
  });
});

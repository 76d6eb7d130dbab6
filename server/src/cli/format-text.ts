/**
 * `--format text`: like ESLint's "stylish" for people — a table per file (relative paths, `info` and
 * `skipped` rows), then one summary line. `--format stylish`: ESLint's stylish as problem matchers read it.
 */
import * as path from 'node:path';
import type { Severity } from '@shared/settings';
import { compareText, type OutputFinding, type RunSummary } from './report';

/** ANSI styling, or none. */
interface Style {
  underline(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  /** Red for errors and skipped files, yellow for warnings, cyan for infos. */
  tone(kind: Severity | 'skipped', text: string): string;
}

const plain: Style = { underline: (text) => text, dim: (text) => text, bold: (text) => text, tone: (_, text) => text };
const toneCodes: Record<Severity | 'skipped', number> = { error: 31, skipped: 31, warning: 33, info: 36 };
const ansi: Style = {
  underline: (text) => `\u001b[4m${text}\u001b[24m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
  bold: (text) => `\u001b[1m${text}\u001b[22m`,
  tone: (kind, text) => `\u001b[${toneCodes[kind]}m${text}\u001b[39m`,
};

/** One line of a file's table, before padding. */
interface Row {
  line: string;
  column: string;
  kind: Severity | 'skipped';
  message: string;
  ruleId: string;
}

/** Renders the text report; `color` when writing to a terminal that wants it. */
export function formatText(summary: RunSummary, color: boolean): string {
  const style = color ? ansi : plain;
  const rowsByFile = new Map<string, Row[]>();
  const add = (file: string, row: Row) => rowsByFile.set(file, [...(rowsByFile.get(file) ?? []), row]);
  for (const finding of summary.findings) {
    add(finding.file, { line: `${finding.line}`, column: `${finding.column}`, kind: finding.severity, message: finding.message, ruleId: finding.ruleId });
  }
  // A file that could not be analysed gets a line like ESLint's "Parsing error"; it is not counted as a problem.
  for (const problem of summary.problems) {
    add(problem.file, { line: `${problem.line ?? 0}`, column: `${problem.column ?? 0}`, kind: 'skipped', message: problem.message, ruleId: '' });
  }
  const blocks = [...rowsByFile.keys()]
    .sort(compareText)
    .map((file) => [style.underline(file), ...renderTable(rowsByFile.get(file) ?? [], style)].join('\n'));
  return `${blocks.map((block) => `${block}\n\n`).join('')}${summaryLines(summary, style).join('\n')}\n`;
}

/** Pads every column to the widest cell before colouring, so escape codes never skew the alignment. */
function renderTable(rows: readonly Row[], style: Style): string[] {
  const width = (pick: (row: Row) => string) => Math.max(...rows.map((row) => pick(row).length));
  const lineWidth = width((row) => row.line);
  const columnWidth = width((row) => row.column);
  const kindWidth = width((row) => row.kind);
  const messageWidth = width((row) => oneLine(row.message));
  return rows.map((row) => {
    const position = `${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}`;
    const kind = style.tone(row.kind, row.kind.padEnd(kindWidth));
    const message = row.ruleId ? oneLine(row.message).padEnd(messageWidth) : oneLine(row.message);
    return `  ${style.dim(position)}  ${kind}  ${message}${row.ruleId ? `  ${style.dim(row.ruleId)}` : ''}`;
  });
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summaryLines(summary: RunSummary, style: Style): string[] {
  const { error, warning, info } = summary.counts;
  const total = error + warning + info;
  const lines =
    total === 0
      ? [`No problems found in ${plural(summary.filesAnalyzed, 'file')}.`]
      : [
          style.tone(
            error > 0 ? 'error' : warning > 0 ? 'warning' : 'info',
            `✖ ${plural(total, 'problem')} (${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(info, 'info')})`,
          ),
        ];
  const skipped = summary.problems.length;
  if (skipped > 0) lines.push(`${plural(skipped, 'file')} could not be analysed (shown as "skipped" above).`);
  return lines;
}

/** The prefix that tells an `info` finding from a warning in `--format stylish`, where it is printed as one. */
export const stylishInfoPrefix = '(info) ';

/**
 * Renders `--format stylish`: ESLint's stylish formatter, line for line, so that VS Code's `$eslint-stylish`
 * and GitHub Actions' eslint-stylish problem matchers turn it into problems and annotations:
 *
 * - a blank line, then per file with findings its absolute path (both matchers resolve it as absolute;
 *   VS Code's only accepts a line starting with `/`, `.`, `\` or a drive letter), then
 *   `  line:column  severity  message  ruleId` rows padded into columns, then a blank line;
 * - `✖ N problems (E errors, W warnings)` and, when some are, ESLint's "potentially fixable" line;
 *   nothing at all when there are no findings (and no files were skipped).
 *
 * ESLint knows only `error` and `warning`, and the GitHub runner drops an annotation whose severity is
 * `info`, so an `info` finding prints as a `warning` row whose message starts with `(info) `; the summary
 * then adds `, I infos` and does not count them as warnings (nor does `--max-warnings`). Messages are put
 * on one line with single spaces (both matchers end the message at the first run of two spaces) and lose
 * a final period, as ESLint's do. Files that could not be analysed are listed after the summary, never
 * as rows: they are not problems in the code and do not change the exit code.
 */
export function formatStylish(summary: RunSummary, color: boolean): string {
  const style = color ? ansi : plain;
  const byFile = new Map<string, OutputFinding[]>();
  for (const finding of summary.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  let output = '\n';
  // By absolute path, as ESLint sorts its results (relative paths sort `../` apart).
  const files = [...byFile.keys()].map((file) => [path.resolve(summary.cwd, file), file] as const).sort(([a], [b]) => compareText(a, b));
  for (const [absolute, file] of files) {
    const findings = byFile.get(file) ?? [];
    const rows: Row[] = findings.map((finding) => ({
      line: `${finding.line}`,
      column: `${finding.column}`,
      kind: finding.severity === 'error' ? 'error' : 'warning',
      message: `${finding.severity === 'info' ? stylishInfoPrefix : ''}${stylishMessage(finding.message)}`,
      ruleId: finding.ruleId,
    }));
    output += `${style.underline(absolute)}\n${renderTable(rows, style).join('\n')}\n\n`;
  }
  const { error, warning, info } = summary.counts;
  const total = error + warning + info;
  const tone = (text: string) => style.tone(error > 0 ? 'error' : 'warning', style.bold(text));
  if (total > 0) {
    const infos = info > 0 ? `, ${plural(info, 'info')}` : '';
    output += `${tone(`\u2716 ${plural(total, 'problem')} (${plural(error, 'error')}, ${plural(warning, 'warning')}${infos})`)}\n`;
    const fixable = (severity: Severity) => summary.findings.filter((finding) => finding.fixable && finding.severity === severity).length;
    const [fixableErrors, fixableWarnings] = [fixable('error'), fixable('warning')];
    if (fixableErrors > 0 || fixableWarnings > 0) {
      output += `${tone(`  ${plural(fixableErrors, 'error')} and ${plural(fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`)}\n`;
    }
  }
  if (summary.problems.length > 0) {
    output += `${plural(summary.problems.length, 'file')} could not be analysed:\n`;
    for (const problem of summary.problems) {
      const place = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
      output += `  ${path.resolve(summary.cwd, problem.file)}${place}: ${oneLine(problem.message)}\n`;
    }
  }
  return total > 0 || summary.problems.length > 0 ? output : '';
}

/** One line, single spaces, no final period unless a space precedes it (ESLint's rule). */
function stylishMessage(message: string): string {
  const text = message.replace(/\s+/g, ' ').trim();
  return text.length > 1 && text.endsWith('.') && text.at(-2) !== ' ' ? text.slice(0, -1) : text;
}

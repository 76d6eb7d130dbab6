/** `--format text`: like ESLint's "stylish" — a table per file, then one summary line. */
import type { Severity } from '../shared/settings';
import { compareText, type RunSummary } from './report';

/** ANSI styling, or none. */
interface Style {
  underline(text: string): string;
  dim(text: string): string;
  /** Red for errors and skipped files, yellow for warnings, cyan for infos. */
  tone(kind: Severity | 'skipped', text: string): string;
}

const plain: Style = { underline: (text) => text, dim: (text) => text, tone: (_, text) => text };
const toneCodes: Record<Severity | 'skipped', number> = { error: 31, skipped: 31, warning: 33, info: 36 };
const ansi: Style = {
  underline: (text) => `\u001b[4m${text}\u001b[24m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
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

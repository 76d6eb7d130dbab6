/** `--format text`: like ESLint's stylish formatter, grouped by file, with a summary line. */
import type { Severity } from '../settings';
import type { OutputFinding, RunSummary } from './report';

/** ANSI styling, or none. */
interface Style {
  underline(text: string): string;
  dim(text: string): string;
  severity(severity: Severity | 'problem', text: string): string;
}

const plain: Style = { underline: (text) => text, dim: (text) => text, severity: (_, text) => text };
const ansi: Style = {
  underline: (text) => `\u001b[4m${text}\u001b[24m`,
  dim: (text) => `\u001b[2m${text}\u001b[22m`,
  severity: (severity, text) => `\u001b[${severity === 'error' || severity === 'problem' ? 31 : severity === 'warning' ? 33 : 36}m${text}\u001b[39m`,
};

/** Renders the text report; `color` when writing to a terminal that wants it. */
export function formatText(summary: RunSummary, color: boolean): string {
  const style = color ? ansi : plain;
  const byFile = new Map<string, string[]>();
  const add = (file: string, line: string) => byFile.set(file, [...(byFile.get(file) ?? []), line]);
  const rows = summary.findings.map((finding) => row(finding));
  const positionWidth = Math.max(0, ...rows.map((cells) => cells[0].length));
  const severityWidth = Math.max(0, ...rows.map((cells) => cells[1].length));
  summary.findings.forEach((finding, index) => {
    const [position, severity, message, rule] = rows[index];
    add(finding.file, `  ${style.dim(position.padEnd(positionWidth))}  ${style.severity(finding.severity, severity.padEnd(severityWidth))}  ${message}  ${style.dim(rule)}`);
  });
  for (const problem of summary.problems) {
    const position = problem.line ? `${problem.line}:${problem.column ?? 1}` : '0:0';
    add(problem.file, `  ${style.dim(position)}  ${style.severity('problem', 'skipped')}  ${problem.message}`);
  }
  const blocks = [...byFile.keys()].sort().map((file) => `${style.underline(file)}\n${byFile.get(file)!.join('\n')}`);
  return `${blocks.length > 0 ? `${blocks.join('\n\n')}\n\n` : ''}${summaryLine(summary, style)}\n`;
}

function row(finding: OutputFinding): [string, string, string, string] {
  return [`${finding.line}:${finding.column}`, finding.severity, finding.message, finding.ruleId];
}

function summaryLine(summary: RunSummary, style: Style): string {
  const { error, warning, info } = summary.counts;
  const total = error + warning + info;
  const skipped = summary.problems.length > 0 ? `, ${summary.problems.length} file${summary.problems.length === 1 ? '' : 's'} skipped` : '';
  if (total === 0) return `No problems found in ${summary.filesAnalyzed} file${summary.filesAnalyzed === 1 ? '' : 's'}${skipped}.`;
  const worst: Severity = error > 0 ? 'error' : warning > 0 ? 'warning' : 'info';
  const text = `✖ ${total} problem${total === 1 ? '' : 's'} (${error} error${error === 1 ? '' : 's'}, ${warning} warning${warning === 1 ? '' : 's'}, ${info} info) in ${summary.filesAnalyzed} files${skipped}`;
  return style.severity(worst, text);
}

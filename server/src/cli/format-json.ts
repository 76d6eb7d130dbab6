/** `--format json`: the stable shape other tools rely on (version 1). */
import type { RunSummary } from './report';

/** Renders the JSON report. */
export function formatJson(summary: RunSummary): string {
  const findings = summary.findings.map(({ ruleId, severity, file, line, column, endLine, endColumn, message }) => ({
    ruleId,
    severity,
    file,
    line,
    column,
    endLine,
    endColumn,
    message,
  }));
  return `${JSON.stringify({ version: 1, filesAnalyzed: summary.filesAnalyzed, findings, fileProblems: summary.problems }, null, 2)}\n`;
}

/** `--format json`: the stable shape other tools rely on (version 1; add fields, never rename them). */
import type { RunSummary } from './report';

/** Renders the JSON report. */
export function formatJson(summary: RunSummary): string {
  // Listed field by field so that internal additions to OutputFinding never leak into the contract.
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
  const fileProblems = summary.problems.map(({ file, kind, message, line, column }) => ({ file, kind, message, line, column }));
  return `${JSON.stringify({ version: 1, filesAnalyzed: summary.filesAnalyzed, findings, fileProblems }, null, 2)}\n`;
}

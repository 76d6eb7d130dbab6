/** What every output format needs: findings flattened, relative paths, 1-based positions, counts. */
import * as path from 'node:path';
import type { FileReport, ReportedFinding } from '../analysis/lint-types';
import type { Severity } from '../settings';

/** A finding as the outside world counts: 1-based, path relative to the working directory. */
export interface OutputFinding {
  ruleId: string;
  severity: Severity;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  related: Array<{ file: string; line: number; column: number; endLine: number; endColumn: number; message: string }>;
}

/** A file that could not be analysed. */
export interface OutputProblem {
  file: string;
  kind: string;
  message: string;
  line?: number;
  column?: number;
}

/** A whole run, ready to format. */
export interface RunSummary {
  filesAnalyzed: number;
  findings: OutputFinding[];
  problems: OutputProblem[];
  counts: Record<Severity, number>;
}

/** `src/app.ts` for an absolute path under `cwd`, forward slashes on every platform. */
export function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || path.basename(file);
}

function toOutput(cwd: string, finding: ReportedFinding): OutputFinding {
  const { start, end } = finding.range;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    file: relativePath(cwd, finding.file),
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    message: finding.message,
    related: finding.related.map((related) => ({
      file: relativePath(cwd, related.file),
      line: related.range.start.line + 1,
      column: related.range.start.character + 1,
      endLine: related.range.end.line + 1,
      endColumn: related.range.end.character + 1,
      message: related.message,
    })),
  };
}

/** Flattens and sorts the reports of a run. */
export function summarize(cwd: string, reports: readonly FileReport[]): RunSummary {
  const findings = reports.flatMap((report) => report.findings.map((finding) => toOutput(cwd, finding)));
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  const problems: OutputProblem[] = reports
    .filter((report) => report.problem)
    .map((report) => ({
      file: relativePath(cwd, report.file),
      kind: report.problem!.kind,
      message: report.problem!.message,
      ...(report.problem!.range ? { line: report.problem!.range.start.line + 1, column: report.problem!.range.start.character + 1 } : {}),
    }));
  const counts: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return { filesAnalyzed: reports.length - problems.length, findings, problems, counts };
}

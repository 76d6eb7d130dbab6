/** What every output format needs: findings flattened and sorted, relative paths, 1-based positions, counts. */
import * as path from 'node:path';
import type { FileReport, Range, ReportedFinding } from '../shared/findings';
import type { Severity } from '../shared/settings';

/** A 1-based span as people and SARIF count (the end column points just past the last character). */
export interface OutputSpan {
  /** Relative to the working directory, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Another place that takes part in a finding, 1-based. */
export interface OutputRelated extends OutputSpan {
  message: string;
}

/** A finding as the outside world counts: 1-based, path relative to the working directory. */
export interface OutputFinding extends OutputSpan {
  ruleId: string;
  severity: Severity;
  message: string;
  related: OutputRelated[];
}

/** A file that could not be analysed; `line`/`column` (1-based) when the problem has a place. */
export interface OutputProblem {
  file: string;
  kind: string;
  message: string;
  line?: number;
  column?: number;
}

/** A whole run, ready to format. */
export interface RunSummary {
  /** The directory paths are relative to. */
  cwd: string;
  /** Files linted without a problem. */
  filesAnalyzed: number;
  findings: OutputFinding[];
  problems: OutputProblem[];
  counts: Record<Severity, number>;
}

/** `src/app.ts` for an absolute path under `cwd`, forward slashes on every platform. */
export function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || path.basename(file);
}

/** Compares by UTF-16 code units: the same order on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function span(cwd: string, file: string, range: Range): OutputSpan {
  return {
    file: relativePath(cwd, file),
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function toOutput(cwd: string, finding: ReportedFinding): OutputFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    ...span(cwd, finding.file, finding.range),
    message: finding.message,
    related: finding.related.map((related) => ({ ...span(cwd, related.file, related.range), message: related.message })),
  };
}

function problemOf(cwd: string, report: FileReport): OutputProblem[] {
  if (!report.problem) return [];
  const { kind, message, range } = report.problem;
  const place = range ? { line: range.start.line + 1, column: range.start.character + 1 } : {};
  return [{ file: relativePath(cwd, report.file), kind, message, ...place }];
}

/** Flattens the reports of a run; findings sorted by file, line, column (then rule id, for ties). */
export function summarize(cwd: string, reports: readonly FileReport[]): RunSummary {
  const findings = reports.flatMap((report) => report.findings.map((finding) => toOutput(cwd, finding)));
  findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId));
  const problems = reports.flatMap((report) => problemOf(cwd, report)).sort((a, b) => compareText(a.file, b.file));
  const counts: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return { cwd, filesAnalyzed: reports.length - problems.length, findings, problems, counts };
}

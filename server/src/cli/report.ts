/** What every output format needs: findings flattened and sorted, relative paths, 1-based positions, counts. */
import * as path from 'node:path';
import type { FileReport, Range, ReportedFinding } from '@shared/findings';
import type { Severity } from '@shared/settings';

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
  /** Whether the rule offers a fix for it (`--fix` or the editor's quick fix). */
  fixable: boolean;
  /**
   * The line the finding starts on, whitespace collapsed: what SARIF fingerprints hash, so that they
   * survive lines moving and re-indentation. Empty when the source could not be read.
   */
  snippet: string;
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

/** Reads a linted file's text again (for snippets); undefined when it cannot. */
export type SourceReader = (file: string) => string | undefined;

function toOutput(cwd: string, finding: ReportedFinding, readSource: SourceReader): OutputFinding {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    ...span(cwd, finding.file, finding.range),
    message: finding.message,
    related: finding.related.map((related) => ({ ...span(cwd, related.file, related.range), message: related.message })),
    fixable: finding.fix !== undefined,
    snippet: snippetOf(readSource(finding.file), finding),
  };
}

/**
 * The whole line, not the span: spans are often just the callee (`Promise.all`), which would tell a
 * file's fan-outs apart only by their order.
 */
function snippetOf(text: string | undefined, finding: ReportedFinding): string {
  if (text === undefined) return '';
  const lineStart = text.lastIndexOf('\n', finding.start - 1) + 1;
  const newline = text.indexOf('\n', finding.start);
  return normalizeWhitespace(text.slice(lineStart, newline < 0 ? text.length : newline));
}

function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function problemOf(cwd: string, report: FileReport): OutputProblem[] {
  if (!report.problem) return [];
  const { kind, message, range } = report.problem;
  const place = range ? { line: range.start.line + 1, column: range.start.character + 1 } : {};
  return [{ file: relativePath(cwd, report.file), kind, message, ...place }];
}

/**
 * Flattens the reports of a run; findings sorted by file, line, column (then rule id, for ties).
 * `readSource` gives the files' text for snippets (none by default: every snippet is empty).
 */
export function summarize(cwd: string, reports: readonly FileReport[], readSource: SourceReader = () => undefined): RunSummary {
  const findings = reports.flatMap((report) => report.findings.map((finding) => toOutput(cwd, finding, readSource)));
  findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.ruleId, b.ruleId));
  const problems = reports.flatMap((report) => problemOf(cwd, report)).sort((a, b) => compareText(a.file, b.file));
  const counts: Record<Severity, number> = { info: 0, warning: 0, error: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return { cwd, filesAnalyzed: reports.length - problems.length, findings, problems, counts };
}

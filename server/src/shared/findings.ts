/** The result shapes of linting files; shared by the CLI formatters and the language server. */
import type { Fix } from './edits';
import type { Severity } from './settings';

/** A zero-based position, UTF-16 code units, as editors and LSP count. */
export interface Position {
  line: number;
  character: number;
}

/** A zero-based half-open range. */
export interface Range {
  start: Position;
  end: Position;
}

/** Another place that takes part in a finding. */
export interface ReportedRelated {
  file: string;
  range: Range;
  message: string;
}

/** A finding with its severity resolved and its message rendered. */
export interface ReportedFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Absolute path. */
  file: string;
  range: Range;
  /** Offsets into the file text, for fixes. */
  start: number;
  end: number;
  related: ReportedRelated[];
  /** The rule's fix, when it offers one. */
  fix?: Fix;
}

/** Why a file could not be analysed (it is skipped, never fatal). */
export interface FileProblem {
  kind: 'parse-error' | 'unreadable' | 'too-large' | 'binary' | 'internal-error';
  message: string;
  /** Where the first parse error is, when there is one. */
  range?: Range;
}

/** The outcome for one file. */
export interface FileReport {
  /** Absolute path. */
  file: string;
  findings: ReportedFinding[];
  problem?: FileProblem;
}

/**
 * Scoring of the accuracy corpus: matches findings to hand-made labels and counts true positives,
 * false negatives and false positives per rule family. Pure functions, no file access, so the unit
 * test can drive them with literals.
 */

/** The five rule families the corpus is labelled by. */
export const families = ['concurrency', 'pools', 'retries', 'timeouts', 'bodies'] as const;
export type Family = (typeof families)[number];

export type Verdict = 'problem' | 'clean';
export type Split = 'development' | 'validation';

/** Which family each rule reports for. */
export const familyOfRule: Readonly<Record<string, Family>> = {
  'unbounded-concurrency': 'concurrency',
  'limiter-without-bound': 'concurrency',
  'default-pool': 'pools',
  'pool-concurrency-mismatch': 'pools',
  'agent-per-request': 'pools',
  'wrong-pool-option': 'pools',
  'keepalive-mismatch': 'pools',
  'dispatcher-mismatch': 'pools',
  'missing-retry': 'retries',
  'retry-without-backoff': 'retries',
  'retry-never-triggers': 'retries',
  'unsafe-retry-method': 'retries',
  'missing-timeout': 'timeouts',
  'unconsumed-body': 'bodies',
};

/** One labelled site, as stored in bench/accuracy/labels/<name>.json. */
export interface Label {
  /** Relative to the repository root, forward slashes. */
  path: string;
  /** 1-based line of the call the rule would anchor on. */
  line: number;
  family: Family;
  /** The rule id the labeller had in mind (informative only: matching is by family). */
  rule?: string;
  verdict: Verdict;
  reason: string;
}

/** A labels file. */
export interface LabelFile {
  repo: string;
  commit: string;
  split: Split;
  labels: Label[];
}

/** A finding reduced to what scoring needs. */
export interface ScoredFinding {
  /** Relative to the repository root, forward slashes. */
  path: string;
  /** 1-based line where the finding's range starts. */
  line: number;
  ruleId: string;
}

/** How far (in lines) a finding may start from the labelled line and still count. */
export const lineTolerance = 2;

/** True when `finding` is of `label`'s family, in its file, and starts within the tolerance. */
export function findingMatchesLabel(finding: ScoredFinding, label: Label): boolean {
  return (
    finding.path === label.path &&
    familyOfRule[finding.ruleId] === label.family &&
    Math.abs(finding.line - label.line) <= lineTolerance
  );
}

/** A label with the findings that matched it. */
export interface LabelOutcome {
  label: Label;
  matched: ScoredFinding[];
  /** TP (problem matched), FN (problem not matched), FP (clean matched), TN (clean not matched). */
  outcome: 'TP' | 'FN' | 'FP' | 'TN';
}

/** Counts for one family (or all families together). */
export interface Counts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
  /** Findings of this family on lines that carry no label of this family. */
  unlabelled: number;
  /** TP / (TP + FP); undefined when nothing was matched. */
  precision?: number;
  /** TP / (TP + FN); undefined when there are no problem labels. */
  recall?: number;
}

/** The score of one repository: every label's outcome and the unlabelled findings. */
export interface RepoScore {
  outcomes: LabelOutcome[];
  unlabelled: ScoredFinding[];
}

/** Matches the findings of one repository against its labels. */
export function scoreRepo(labels: readonly Label[], findings: readonly ScoredFinding[]): RepoScore {
  const outcomes = labels.map((label): LabelOutcome => {
    const matched = findings.filter((finding) => findingMatchesLabel(finding, label));
    const hit = matched.length > 0;
    const outcome = label.verdict === 'problem' ? (hit ? 'TP' : 'FN') : hit ? 'FP' : 'TN';
    return { label, matched, outcome };
  });
  const unlabelled = findings.filter(
    (finding) => familyOfRule[finding.ruleId] !== undefined && !labels.some((label) => findingMatchesLabel(finding, label)),
  );
  return { outcomes, unlabelled };
}

function withRatios(counts: Counts): Counts {
  const precision = counts.tp + counts.fp > 0 ? counts.tp / (counts.tp + counts.fp) : undefined;
  const recall = counts.tp + counts.fn > 0 ? counts.tp / (counts.tp + counts.fn) : undefined;
  return { ...counts, precision, recall };
}

/** Per-family and overall counts over several repository scores. */
export function summarize(scores: readonly RepoScore[]): { byFamily: Record<Family, Counts>; overall: Counts } {
  const empty = (): Counts => ({ tp: 0, fn: 0, fp: 0, tn: 0, unlabelled: 0 });
  const byFamily = Object.fromEntries(families.map((family) => [family, empty()])) as Record<Family, Counts>;
  for (const score of scores) {
    for (const { label, outcome } of score.outcomes) {
      const counts = byFamily[label.family];
      if (outcome === 'TP') counts.tp++;
      else if (outcome === 'FN') counts.fn++;
      else if (outcome === 'FP') counts.fp++;
      else counts.tn++;
    }
    for (const finding of score.unlabelled) byFamily[familyOfRule[finding.ruleId]].unlabelled++;
  }
  const overall = empty();
  for (const family of families) {
    for (const key of ['tp', 'fn', 'fp', 'tn', 'unlabelled'] as const) overall[key] += byFamily[family][key];
    byFamily[family] = withRatios(byFamily[family]);
  }
  return { byFamily, overall: withRatios(overall) };
}

/** Problems in a labels file's shape; empty when it is valid. */
export function validateLabelFile(value: unknown): string[] {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null) return ['not an object'];
  const file = value as Partial<LabelFile>;
  if (typeof file.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(file.repo)) problems.push('"repo" must be owner/name');
  if (typeof file.commit !== 'string' || !/^[0-9a-f]{40}$/.test(file.commit)) problems.push('"commit" must be 40 hex digits');
  if (file.split !== 'development' && file.split !== 'validation') problems.push('"split" must be development or validation');
  if (!Array.isArray(file.labels)) return [...problems, '"labels" must be an array'];
  file.labels.forEach((label: Partial<Label>, index) => {
    const where = `labels[${index}]`;
    if (typeof label.path !== 'string' || label.path.startsWith('/') || label.path.includes('\\')) problems.push(`${where}: "path" must be relative with forward slashes`);
    if (!Number.isInteger(label.line) || (label.line as number) < 1) problems.push(`${where}: "line" must be a 1-based integer`);
    if (!families.includes(label.family as Family)) problems.push(`${where}: "family" must be one of ${families.join(', ')}`);
    if (label.rule !== undefined && familyOfRule[label.rule] !== label.family) problems.push(`${where}: rule "${label.rule}" is not of family "${label.family}"`);
    if (label.verdict !== 'problem' && label.verdict !== 'clean') problems.push(`${where}: "verdict" must be problem or clean`);
    if (typeof label.reason !== 'string' || label.reason.trim() === '') problems.push(`${where}: "reason" is required`);
  });
  return problems;
}

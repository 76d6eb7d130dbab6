/** Turns measured phases into the benchmark's result object, a table and the budget verdicts. */
import * as os from 'node:os';
import type { Corpus } from '../lint/corpus';
import type { PhaseRun } from './measure';
import type { PhaseOutput } from '../lint/phases';

/** One phase's median time, spread, memory peaks and output. */
export interface PhaseResult {
  label: string;
  medianMs: number;
  runsMs: number[];
  filesPerSecond: number;
  linesPerSecond: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
  output: PhaseOutput;
}

/** A time ratio checked against its architecture.md §7 budget. */
export interface BudgetCheck {
  /** Ratio of the medians: the verdict. */
  ratio: number;
  /** Ratio within each round (same order as `runsMs`): phases of a round ran back to back, so a noisy machine shows here. */
  perRun: number[];
  budget: number;
  /** `le`: ratio ≤ budget passes; `lt`: ratio < budget passes. */
  comparison: 'le' | 'lt';
  withinBudget: boolean;
}

/** Everything `--json` prints. */
export interface BenchResult {
  environment: {
    node: string;
    platform: string;
    cpu: string;
    /** 1-minute load average when the benchmark ended; above the core count, other work skewed the times. */
    loadAverage: number;
    /** The TypeScript ts-morph bundles: the baseline's parser and ours. */
    typescript: string;
    /** ESLint, typescript-eslint and the TypeScript it parses with, when ESLint ran. */
    eslint?: { eslint: string; typescriptEslint: string; typescript: string };
  };
  corpus: { packages: string[]; files: number; lines: number; bytes: number };
  warmupRuns: number;
  measuredRuns: number;
  phases: Partial<Record<PhaseId, PhaseResult>>;
  budgets: { lintToParse?: BudgetCheck; lintToEslint?: BudgetCheck };
}

/** The phases, in the order the table shows them. */
export type PhaseId = 'parse' | 'lint' | 'eslint';

const round3 = (value: number): number => Math.round(value * 1000) / 1000;
const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** A phase's result from its runs' summary (median time, largest peaks). */
export function phaseResult(label: string, summary: PhaseRun & { allMs: number[] }, output: PhaseOutput, corpus: Corpus): PhaseResult {
  const seconds = summary.ms / 1000;
  return {
    label,
    medianMs: Math.round(summary.ms),
    runsMs: summary.allMs.map(Math.round),
    filesPerSecond: Math.round(corpus.files.length / seconds),
    linesPerSecond: Math.round(corpus.lines / seconds),
    peakRssMb: mb(summary.peakRss),
    peakHeapUsedMb: mb(summary.peakHeapUsed),
    output,
  };
}

/** Checks `numerator / denominator` against a budget. */
export function budgetCheck(numerator: PhaseResult, denominator: PhaseResult, budget: number, comparison: 'le' | 'lt'): BudgetCheck {
  const ratio = numerator.medianMs / denominator.medianMs;
  const perRun = numerator.runsMs.map((ms, round) => round3(ms / denominator.runsMs[round]));
  return { ratio: round3(ratio), perRun, budget, comparison, withinBudget: comparison === 'le' ? ratio <= budget : ratio < budget };
}

/** Where the benchmark runs, for the record. */
export function environment(typescript: string, eslint?: BenchResult['environment']['eslint']): BenchResult['environment'] {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: `${cpus[0]?.model ?? 'unknown'} ×${cpus.length}`,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    typescript,
    eslint,
  };
}

const number = (value: number): string => value.toLocaleString('en-US');

/** The human-readable report. */
export function formatTable(result: BenchResult): string {
  const { corpus } = result;
  const lines = [
    `Corpus: ${corpus.packages.join(', ')} — ${number(corpus.files)} files, ${number(corpus.lines)} lines, ${mb(corpus.bytes)} MB`,
    describeEnvironment(result.environment),
    `Median of ${result.measuredRuns} interleaved runs after ${result.warmupRuns} warm-up; memory = highest peak of those runs`,
    '',
  ];
  const header = ['phase', 'median', 'runs (ms)', 'files/s', 'lines/s', 'peak RSS', 'peak heap', 'output'];
  const rows = Object.values(result.phases).map((phase) => [
    phase.label,
    `${number(phase.medianMs)} ms`,
    phase.runsMs.map(number).join(' / '),
    number(phase.filesPerSecond),
    number(phase.linesPerSecond),
    `${phase.peakRssMb} MB`,
    `${phase.peakHeapUsedMb} MB`,
    describeOutput(phase.output),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  for (const row of [header, ...rows]) lines.push(row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
  lines.push('');
  const { lintToParse, lintToEslint } = result.budgets;
  if (lintToParse) lines.push(formatBudget('lint / parse-only', lintToParse));
  if (lintToEslint) lines.push(formatBudget('lint / eslint    ', lintToEslint));
  const lint = result.phases.lint;
  if (lint) lines.push(`lint throughput   = ${number(lint.filesPerSecond)} files/s, ${number(lint.linesPerSecond)} lines/s`);
  return lines.join('\n');
}

function describeEnvironment(env: BenchResult['environment']): string {
  const eslint = env.eslint ? `; ESLint ${env.eslint.eslint}, typescript-eslint ${env.eslint.typescriptEslint} (TypeScript ${env.eslint.typescript})` : '';
  return `Node ${env.node}, ${env.platform}, ${env.cpu}, load ${env.loadAverage}; TypeScript ${env.typescript} (ts-morph)${eslint}`;
}

function describeOutput(output: PhaseOutput): string {
  const parts = [`${number(output.files)} files`];
  if (Object.keys(output.byRule).length > 0 || output.findings > 0) parts.push(`${number(output.findings)} finding${output.findings === 1 ? '' : 's'}`);
  if (output.problems > 0) parts.push(`${number(output.problems)} not analysed`);
  return parts.join(', ');
}

function formatBudget(name: string, check: BudgetCheck): string {
  const operator = check.comparison === 'le' ? '≤' : '<';
  const verdict = check.withinBudget ? 'ok' : '*** OVER BUDGET ***';
  const perRun = check.perRun.map((ratio) => ratio.toFixed(2)).join(' / ');
  return `${name} = ${check.ratio.toFixed(2)}× (budget ${operator} ${check.budget.toFixed(2)}×)  ${verdict}   [per run: ${perRun}]`;
}

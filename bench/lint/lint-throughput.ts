/**
 * The benchmarks of architecture.md §7. Lint throughput on a large real TypeScript tree: our lint against
 * TypeScript's parser alone and against ESLint + typescript-eslint's parser with one trivial rule,
 * measured in the same process over the same files. Then editor latency (lsp-latency.ts): the
 * built language server on a generated 1,000-file project.
 *
 *   npm run bench [-- --json] [-- --runs=5] [-- --no-eslint] [-- --edits=100] [-- --no-latency | --latency-only]
 *                 [-- --cpu-prof] [-- --server-node-option=--max-old-space-size=256]
 *
 * `--json` prints the results as JSON on stdout (the tables then go to stderr); the editor latency
 * result is its `editorLatency` key. `--cpu-prof` profiles the language server during the edits and
 * keeps the profile. The exit code is 0 even when a budget is exceeded; the tables say OVER BUDGET.
 */
import { ts } from 'ts-morph';
import { prepareCorpus } from './corpus';
import { profileDirectory, runEditorLatency } from '../lsp-latency/lsp-latency';
import { type EditorLatencyResult, formatLatencyTable } from '../lsp-latency/report';
import { measure, type Phase, type PhaseRun, summarize } from '../support/measure';
import { eslintTrivialRule, eslintVersions, ourLint, parseOnly, type PhaseOutput } from './phases';
import { type BenchResult, budgetCheck, environment, formatTable, type PhaseId, phaseResult } from '../support/report';

interface Options {
  json: boolean;
  runs: number;
  eslint: boolean;
  throughput: boolean;
  latency: boolean;
  /** Measured edits per latency round. */
  edits: number;
  cpuProfile: boolean;
  /** `--server-node-option=<flag>` (repeatable): Node options for the language server process. */
  serverNodeOptions: string[];
}

interface PhaseSpec {
  id: PhaseId;
  label: string;
  phase: Phase<PhaseOutput>;
}

function parseArguments(args: readonly string[]): Options {
  const runs = positiveInteger(args, '--runs', 3);
  const edits = positiveInteger(args, '--edits', 100);
  const latencyOnly = args.includes('--latency-only');
  return {
    json: args.includes('--json'),
    runs,
    eslint: !args.includes('--no-eslint'),
    throughput: !latencyOnly,
    latency: latencyOnly || !args.includes('--no-latency'),
    edits,
    cpuProfile: args.includes('--cpu-prof'),
    serverNodeOptions: args.filter((arg) => arg.startsWith('--server-node-option=')).map((arg) => arg.slice('--server-node-option='.length)),
  };
}

function positiveInteger(args: readonly string[], name: string, fallback: number): number {
  const argument = args.find((arg) => arg.startsWith(`${name}=`));
  const value = argument ? Number(argument.slice(name.length + 1)) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${argument}`);
  return value;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const throughput = options.throughput ? await lintThroughput(options) : undefined;
  const editorLatency = options.latency ? await editorLatencyBench(options) : undefined;
  const tables = [throughput && formatTable(throughput), editorLatency && formatLatencyTable(editorLatency)].filter((table) => table !== undefined);
  if (options.json) {
    log(`\n${tables.join('\n\n')}`);
    process.stdout.write(`${JSON.stringify({ ...throughput, editorLatency }, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${tables.join('\n\n')}\n`);
  }
}

async function editorLatencyBench(options: Options): Promise<EditorLatencyResult> {
  const cpuProfileDir = options.cpuProfile ? profileDirectory() : undefined;
  return runEditorLatency({ edits: options.edits, seed: 1, cpuProfileDir, serverNodeOptions: options.serverNodeOptions, log });
}

async function lintThroughput(options: Options): Promise<BenchResult> {
  const corpus = prepareCorpus(log);
  const specs: PhaseSpec[] = [
    { id: 'parse', label: 'parse only (ts.createSourceFile)', phase: parseOnly(corpus.files) },
    { id: 'lint', label: 'http-resilience lint', phase: ourLint(corpus.files) },
  ];
  if (options.eslint) {
    specs.push({ id: 'eslint', label: 'eslint + ts-eslint parser, 1 rule', phase: eslintTrivialRule(corpus.files, corpus.root) });
  }
  log(`${corpus.files.length} files, ${corpus.lines} lines; warm-up, then ${options.runs} interleaved runs`);

  const runs = new Map<PhaseId, PhaseRun[]>(specs.map((spec) => [spec.id, []]));
  const outputs = new Map<PhaseId, PhaseOutput>();
  for (let round = 0; round <= options.runs; round++) {
    // Round 0 is the warm-up. Later rounds rotate the order so no phase always runs first or last.
    const order = specs.map((_, index) => specs[(index + round) % specs.length]);
    for (const spec of order) {
      const { result, run } = await measure(spec.phase);
      log(`${round === 0 ? 'warm-up' : `run ${round}`}  ${spec.id.padEnd(6)} ${Math.round(run.ms)} ms`);
      checkOutput(spec, result, outputs.get(spec.id), corpus.files.length);
      outputs.set(spec.id, result);
      if (round > 0) runs.get(spec.id)?.push(run);
    }
  }

  const result: BenchResult = {
    environment: environment(ts.version, options.eslint ? eslintVersions() : undefined),
    corpus: {
      packages: corpus.packages.map((pkg) => `${pkg.name}@${pkg.version}`),
      files: corpus.files.length,
      lines: corpus.lines,
      bytes: corpus.bytes,
    },
    warmupRuns: 1,
    measuredRuns: options.runs,
    phases: {},
    budgets: {},
  };
  for (const spec of specs) {
    const output = outputs.get(spec.id);
    if (output) result.phases[spec.id] = phaseResult(spec.label, summarize(runs.get(spec.id) ?? []), output, corpus);
  }
  const { parse, lint, eslint } = result.phases;
  if (lint && parse) result.budgets.lintToParse = budgetCheck(lint, parse, 2, 'le');
  if (lint && eslint) result.budgets.lintToEslint = budgetCheck(lint, eslint, 1, 'lt');
  return result;
}

/** A phase that skipped files, or whose output changes between runs, would make the timing meaningless. */
function checkOutput(spec: PhaseSpec, output: PhaseOutput, previous: PhaseOutput | undefined, expectedFiles: number): void {
  if (output.files !== expectedFiles) log(`warning: ${spec.id} reported ${output.files} of ${expectedFiles} files`);
  if (previous && (previous.findings !== output.findings || previous.problems !== output.problems)) {
    log(`warning: ${spec.id} output changed between runs (${previous.findings} → ${output.findings} findings)`);
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});

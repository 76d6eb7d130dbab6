/**
 * What eslint-plugin-http-resilience adds to an ESLint run (docs/eslint-plugin.md, budget ≤ 1.3×): ESLint
 * with typescript-eslint's parser (no type information) and one trivial rule, with and without the
 * plugin's recommended config, over the corpus of bench/lint (real TypeScript trees from npm tarballs
 * in .bench-cache/), in the same process, interleaved, after a warm-up round. Each run with the plugin
 * starts a fresh plugin (a fresh project model), as a new ESLint process would.
 *
 *   npm run bench:eslint [-- --runs=3] [-- --json]
 *
 * Prints the ratio of the median wall times (the verdict) and each round's, and the ratio of CPU times
 * (steadier when other work shares the machine); the exit code is 0 even over budget (the table says so).
 */
import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { createPlugin } from '../../server/src/eslint/plugin';
import { prepareCorpus } from '../lint/corpus';
import { measure, type PhaseRun, summarize } from '../support/measure';

const budget = 1.3;

interface Output {
  files: number;
  /** Messages of our rules. */
  findings: number;
  /** Files ESLint could not parse. */
  fatal: number;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function positiveInteger(args: readonly string[], name: string, fallback: number): number {
  const argument = args.find((arg) => arg.startsWith(`${name}=`));
  const value = argument ? Number(argument.slice(name.length + 1)) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got ${argument}`);
  return value;
}

/** One ESLint run over `files`, with the plugin's recommended config or without it. */
async function eslintRun(files: readonly string[], cwd: string, withPlugin: boolean): Promise<Output> {
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
      rules: { 'no-debugger': 'error' },
    },
  ];
  if (withPlugin) config.push(createPlugin().configs.recommended);
  const eslint = new ESLint({ cwd, cache: false, overrideConfigFile: true, overrideConfig: config });
  const results = await eslint.lintFiles([...files]);
  let findings = 0;
  let fatal = 0;
  for (const result of results) {
    if (result.fatalErrorCount > 0) fatal++;
    findings += result.messages.filter((message) => message.ruleId?.startsWith('http-resilience/')).length;
  }
  return { files: results.length, findings, fatal };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = positiveInteger(args, '--runs', 3);
  const corpus = prepareCorpus(log);
  log(`${corpus.files.length} files, ${corpus.lines} lines; warm-up, then ${runs} interleaved runs`);
  const phases = [
    { id: 'eslint', label: 'eslint + ts-eslint parser, 1 rule', withPlugin: false },
    { id: 'plugin', label: 'the same + http-resilience recommended', withPlugin: true },
  ] as const;
  const times = new Map<string, PhaseRun[]>(phases.map((phase) => [phase.id, []]));
  /** CPU time (user + system, all threads) per measured run: less sensitive than wall time to other work on the machine. */
  const cpu = new Map<string, number[]>(phases.map((phase) => [phase.id, []]));
  const outputs = new Map<string, Output>();
  for (let round = 0; round <= runs; round++) {
    const order = round % 2 === 0 ? phases : [...phases].reverse();
    for (const phase of order) {
      const before = process.cpuUsage();
      const { result, run } = await measure(() => eslintRun(corpus.files, corpus.root, phase.withPlugin));
      const used = process.cpuUsage(before);
      const cpuMs = (used.user + used.system) / 1000;
      log(`${round === 0 ? 'warm-up' : `run ${round}`}  ${phase.id.padEnd(6)} ${Math.round(run.ms)} ms (cpu ${Math.round(cpuMs)} ms), ${result.findings} findings`);
      outputs.set(phase.id, result);
      if (round > 0) {
        times.get(phase.id)?.push(run);
        cpu.get(phase.id)?.push(cpuMs);
      }
    }
  }
  const base = summarize(times.get('eslint') ?? []);
  const withPlugin = summarize(times.get('plugin') ?? []);
  const ratio = withPlugin.ms / base.ms;
  const perRun = withPlugin.allMs.map((ms, index) => Math.round((ms / base.allMs[index]) * 1000) / 1000);
  const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const cpuRatio = Math.round((median(cpu.get('plugin') ?? []) / median(cpu.get('eslint') ?? [])) * 1000) / 1000;
  const result = {
    corpus: { packages: corpus.packages.map((pkg) => `${pkg.name}@${pkg.version}`), files: corpus.files.length, lines: corpus.lines },
    eslint: { version: ESLint.version },
    phases: Object.fromEntries(
      phases.map((phase) => {
        const summary = phase.withPlugin ? withPlugin : base;
        return [phase.id, { label: phase.label, medianMs: Math.round(summary.ms), runsMs: summary.allMs.map(Math.round), peakRssMb: Math.round(summary.peakRss / 1024 / 1024), output: outputs.get(phase.id) }];
      }),
    ),
    budget: { ratio: Math.round(ratio * 1000) / 1000, perRun, cpuRatio, budget, withinBudget: ratio <= budget },
  };
  const table = [
    `ESLint plugin overhead (${corpus.files.length} files, ${corpus.lines} lines; eslint ${ESLint.version})`,
    ...phases.map((phase) => {
      const row = result.phases[phase.id] as { medianMs: number; peakRssMb: number; output?: Output };
      return `  ${phase.label.padEnd(42)} ${String(row.medianMs).padStart(7)} ms  ${String(row.peakRssMb).padStart(5)} MB  ${row.output?.findings ?? 0} findings`;
    }),
    `  with / without: ${result.budget.ratio}× wall time (per round ${perRun.join(', ')}; CPU time ${cpuRatio}×), budget ≤ ${budget}× ${result.budget.withinBudget ? 'ok' : 'OVER BUDGET'}`,
  ].join('\n');
  if (args.includes('--json')) {
    log(table);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    process.stdout.write(`\n${table}\n`);
  }
}

main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});

/** Runs `http-resilience lint`: discover, lint, format, decide the exit code. */
import * as fs from 'node:fs';
import { lintFiles } from '../analysis/lint';
import { defaultSettings, severityRank } from '../settings';
import type { LintArguments } from './args';
import { listSourceFiles } from './discover';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { Progress } from './progress';
import { summarize } from './report';

/** Where the command writes; injectable for the process streams. */
export interface Io {
  cwd: string;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  version: string;
}

/** Lints and prints; resolves to the exit code (0 or 1). Throws UsageError/MissingPathError for bad input. */
export async function runLint(args: LintArguments, io: Io): Promise<number> {
  const files = await listSourceFiles(args.paths, { cwd: io.cwd, ignorePatterns: args.ignorePatterns });
  const progress = new Progress(io.stderr, args.progress && io.stderr.isTTY === true);
  const settings = { ...defaultSettings, rules: args.rules };
  const reports = await lintFiles(files, {
    settings,
    onProgress: (done, total) => progress.update(done, total),
    log: (line) => io.stderr.write(`http-resilience: ${line}\n`),
  });
  progress.clear();
  const summary = summarize(io.cwd, reports);
  const color = !args.output && io.stdout.isTTY === true && io.env.NO_COLOR === undefined;
  const text =
    args.format === 'json' ? formatJson(summary) : args.format === 'sarif' ? formatSarif(summary, io.version) : formatText(summary, color);
  if (args.output) fs.writeFileSync(args.output, text);
  else io.stdout.write(text);
  if (args.failOn === 'off') return 0;
  const threshold = severityRank(args.failOn);
  return summary.findings.some((finding) => severityRank(finding.severity) >= threshold) ? 1 : 0;
}

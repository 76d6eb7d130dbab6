/** Runs `http-resilience lint`: discover, lint, format, write, decide the exit code. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles } from '../engine/lint-files';
import { defaultSettings, type Settings, severityRank } from '../shared/settings';
import type { LintArguments } from './args';
import { listSourceFiles, MissingPathError } from '../engine/discover';
import { fixFiles } from './fix-command';
import { UsageError } from './errors';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { Progress } from './progress';
import { type RunSummary, summarize } from './report';

/** A writable stream as far as the CLI cares; `isTTY` decides colours and progress. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The process around the command; injectable so the command can run inside a test. */
export interface Io {
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  version: string;
}

/** Lints and prints; resolves to the exit code (0 or 1). Throws UsageError for bad input. */
export async function runLint(args: LintArguments, io: Io): Promise<number> {
  const files = await listSourceFiles(args.paths, { cwd: io.cwd, ignorePatterns: args.ignorePatterns }).catch((error: unknown) => {
    throw error instanceof MissingPathError ? new UsageError(error.message) : error;
  });
  const progress = new Progress(io.stderr, args.progress && io.stderr.isTTY === true);
  const settings: Settings = { ...defaultSettings, rules: args.rules };
  if (args.fix) {
    const fixed = fixFiles(files, settings, io.cwd, args.helperPath);
    for (const line of fixed.lines) io.stderr.write(`${line}\n`);
    io.stderr.write(`${fixed.fixesApplied} fix${fixed.fixesApplied === 1 ? '' : 'es'} applied in ${fixed.filesChanged} file${fixed.filesChanged === 1 ? '' : 's'}.\n`);
  }
  let summary: RunSummary;
  try {
    const reports = await lintFiles(files, {
      settings,
      onProgress: (done, total) => progress.update(done, total),
      log: (line) => {
        progress.clear();
        io.stderr.write(`http-resilience: ${line}\n`);
      },
    });
    summary = summarize(io.cwd, reports);
  } finally {
    progress.clear();
  }
  writeReport(render(args, summary, io), args, io);
  return exitCodeFor(summary, args.failOn);
}

function render(args: LintArguments, summary: RunSummary, io: Io): string {
  if (args.format === 'json') return formatJson(summary);
  if (args.format === 'sarif') return formatSarif(summary, io.version);
  // https://no-color.org: any non-empty NO_COLOR turns colours off.
  const color = args.output === undefined && io.stdout.isTTY === true && !io.env.NO_COLOR;
  return formatText(summary, color);
}

function writeReport(text: string, args: LintArguments, io: Io): void {
  if (args.output === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(path.resolve(io.cwd, args.output), text);
  } catch (error) {
    throw new UsageError(`cannot write --output ${args.output}: ${(error as Error).message}`);
  }
}

/** 1 when a finding is at or above `failOn` (never for `off`); file problems never count. */
export function exitCodeFor(summary: RunSummary, failOn: LintArguments['failOn']): number {
  if (failOn === 'off') return 0;
  const threshold = severityRank(failOn);
  return summary.findings.some((finding) => severityRank(finding.severity) >= threshold) ? 1 : 0;
}

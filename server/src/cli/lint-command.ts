/** Runs `http-resilience lint`: discover, lint, format, write, decide the exit code. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFiles } from '../engine/lint-files';
import { ProjectConfigs, withProjectConfig } from '../engine/project-configs';
import { diskFileSystem } from '../analysis/project/file-system';
import { ruleIds } from '../rules';
import { type ConfigProblem, formatConfigProblem } from '@shared/project-config';
import { defaultSettings, type Settings, severityRank } from '@shared/settings';
import type { FileReport } from '@shared/findings';
import type { LintArguments } from './args';
import { listSourceFiles, MissingPathError } from '../engine/discover';
import { changedFilesSince, comparablePath } from './changed-files';
import { fixFiles } from './fix-command';
import { UsageError } from './errors';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatStylish, formatText } from './format-text';
import { Progress } from './progress';
import { type RunSummary, type SourceReader, summarize } from './report';

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
  const discovered = await listSourceFiles(args.paths, { cwd: io.cwd, ignorePatterns: args.ignorePatterns }).catch((error: unknown) => {
    throw error instanceof MissingPathError ? new UsageError(error.message) : error;
  });
  // --changed-since narrows what is linted and reported (and fixed); imports still reach every other file.
  const changed = args.changedSince === undefined ? undefined : await changedFilesSince(args.changedSince, io.cwd);
  const configs = projectConfigs(args, io);
  const files = discovered.filter((file) => (changed === undefined || changed.has(comparablePath(file))) && !configs.isIgnored(file));
  const progress = new Progress(io.stderr, args.progress && io.stderr.isTTY === true);
  const settings: Settings = defaultSettings;
  if (args.fix) {
    const settingsFor = (file: string) => withProjectConfig(settings, configs.forFile(file), args.rules);
    const fixed = fixFiles(files, settingsFor, io.cwd, args.helperPath);
    for (const line of fixed.lines) io.stderr.write(`${line}\n`);
    io.stderr.write(`${fixed.fixesApplied} fix${fixed.fixesApplied === 1 ? '' : 'es'} applied in ${fixed.filesChanged} file${fixed.filesChanged === 1 ? '' : 's'}.\n`);
  }
  let summary: RunSummary;
  try {
    const reports = await lintFiles(files, {
      settings,
      configs,
      ruleOverrides: args.rules,
      onProgress: (done, total) => progress.update(done, total),
      log: (line) => {
        progress.clear();
        io.stderr.write(`http-resilience: ${line}\n`);
      },
    });
    const reported = changed === undefined ? reports : reports.map((report) => onlyChanged(report, changed));
    summary = summarize(io.cwd, reported, sourceReader());
  } finally {
    progress.clear();
  }
  writeReport(render(args, summary, io), args.output, '--output', io);
  if (args.sarifFile !== undefined) writeReport(formatSarif(summary, io.version), args.sarifFile, '--sarif-file', io);
  if (tooManyWarnings(summary, args.maxWarnings)) {
    io.stderr.write(`http-resilience: too many warnings (${summary.counts.warning}, maximum: ${args.maxWarnings}).\n`);
  }
  return exitCodeFor(summary, args.failOn, args.maxWarnings);
}

/** The `.http-resilience.json` files of the run (or the one `--config` names); their problems go to stderr. */
function projectConfigs(args: LintArguments, io: Io): ProjectConfigs {
  const explicit = args.config === undefined ? undefined : path.resolve(io.cwd, args.config);
  const report = (problems: ConfigProblem[]) => {
    for (const problem of problems) io.stderr.write(`http-resilience: ${formatConfigProblem(problem)}\n`);
  };
  const configs = new ProjectConfigs(ruleIds, report, diskFileSystem, explicit);
  if (!configs.explicitFileExists()) throw new UsageError(`--config: cannot read ${args.config}`);
  return configs;
}

/** A report keeps only findings in changed files (a finding always sits in the file it was linted for; this makes sure). */
function onlyChanged(report: FileReport, changed: ReadonlySet<string>): FileReport {
  return { ...report, findings: report.findings.filter((finding) => changed.has(comparablePath(finding.file))) };
}

/** The files' text for SARIF snippets, read again once per file that has findings. */
function sourceReader(): SourceReader {
  const texts = new Map<string, string | undefined>();
  return (file) => {
    if (!texts.has(file)) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(file).toString('utf8'); // as the linter read it, so offsets agree
      } catch {
        text = undefined;
      }
      texts.set(file, text);
    }
    return texts.get(file);
  };
}

function render(args: LintArguments, summary: RunSummary, io: Io): string {
  if (args.format === 'json') return formatJson(summary);
  if (args.format === 'sarif') return formatSarif(summary, io.version);
  // https://no-color.org: any non-empty NO_COLOR turns colours off.
  const color = args.output === undefined && io.stdout.isTTY === true && !io.env.NO_COLOR;
  return args.format === 'stylish' ? formatStylish(summary, color) : formatText(summary, color);
}

/** To stdout when `file` is undefined, else to the file (relative to the working directory). */
function writeReport(text: string, file: string | undefined, option: string, io: Io): void {
  if (file === undefined) {
    io.stdout.write(text);
    return;
  }
  try {
    fs.writeFileSync(path.resolve(io.cwd, file), text);
  } catch (error) {
    throw new UsageError(`cannot write ${option} ${file}: ${(error as Error).message}`);
  }
}

function tooManyWarnings(summary: RunSummary, maxWarnings: number | undefined): boolean {
  return maxWarnings !== undefined && summary.counts.warning > maxWarnings;
}

/**
 * 1 when a finding is at or above `failOn` (never for `off`), or, as ESLint's `--max-warnings`, when there
 * are more than `maxWarnings` findings of severity warning (infos and errors do not count), whatever
 * `failOn` says. File problems never count.
 */
export function exitCodeFor(summary: RunSummary, failOn: LintArguments['failOn'], maxWarnings?: number): number {
  if (tooManyWarnings(summary, maxWarnings)) return 1;
  if (failOn === 'off') return 0;
  const threshold = severityRank(failOn);
  return summary.findings.some((finding) => severityRank(finding.severity) >= threshold) ? 1 : 0;
}

/** Lints a list of files on disk: the CLI's entry into the analyzer. */
import * as fs from 'node:fs';
import type { Settings } from '@shared/settings';
import { analyzeFile, type Logger, rangeOf } from './analyze-file';
import type { FileProblem, FileReport } from '@shared/findings';
import { maxFileBytes, ProjectHost } from '../analysis/project/project-host';
import { type ProjectConfigs, withProjectConfig } from './project-configs';

/** Options of one lint run. */
export interface LintOptions {
  settings: Settings;
  /** Called after each file with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Where rule crashes are logged (stderr in the CLI). */
  log?: Logger;
  /** The `.http-resilience.json` files that apply: their rules over `settings`, their server profiles for the rules. */
  configs?: ProjectConfigs;
  /** Severities that win over the config files (command-line `--rule`). */
  ruleOverrides?: Settings['rules'];
}

/** Lints `files` (absolute paths). One report per file, in the same order; never throws for a bad file. */
export async function lintFiles(files: readonly string[], options: LintOptions): Promise<FileReport[]> {
  const configs = options.configs;
  const host = new ProjectHost(undefined, undefined, undefined, (file) => configs?.forFile(file)?.config);
  // Who imports whom among the files of the run: a module only browser code imports is browser code.
  host.setProjectFiles(files);
  const reports: FileReport[] = [];
  for (let index = 0; index < files.length; index++) {
    const file = files[index];
    const loaded = load(file);
    if (typeof loaded !== 'string') {
      reports.push({ file, findings: [], problem: loaded });
    } else {
      reports.push(lintText(host, file, loaded, options));
    }
    options.onProgress?.(index + 1, files.length);
    if (index % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  return reports;
}

function lintText(host: ProjectHost, file: string, text: string, options: LintOptions): FileReport {
  try {
    const analysis = host.cached(file) ?? host.setFile(file, text);
    const syntaxError = analysis.syntaxError;
    if (syntaxError) {
      const range = rangeOf(analysis.sourceFile, syntaxError.start, syntaxError.start);
      return { file, findings: [], problem: { kind: 'parse-error', message: `Parsing error: ${syntaxError.message}`, range } };
    }
    const settings = withProjectConfig(options.settings, options.configs?.forFile(file), options.ruleOverrides);
    return { file, findings: analyzeFile(analysis, settings, options.log) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    options.log?.(`internal error on ${file}: ${error instanceof Error ? error.stack : message}`);
    return { file, findings: [], problem: { kind: 'internal-error', message: `Internal error: ${message}` } };
  }
}

/** Reads synchronously: a batch run has nothing else to do meanwhile, and async I/O per file idles the thread. */
function load(file: string): string | FileProblem {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { kind: 'unreadable', message: 'Not a regular file' };
    if (stat.size > maxFileBytes) {
      return { kind: 'too-large', message: `Skipped: ${(stat.size / 1024 / 1024).toFixed(1)} MiB is over the ${maxFileBytes / 1024 / 1024} MiB limit` };
    }
    const buffer = fs.readFileSync(file);
    if (buffer.subarray(0, 8000).includes(0)) return { kind: 'binary', message: 'Skipped: binary content' };
    // A UTF-8 byte order mark is not text: VS Code and ESLint drop it, so columns on line 1 agree.
    const text = buffer.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: 'unreadable', message: `Cannot read file${code ? ` (${code})` : ''}: ${(error as Error).message}` };
  }
}

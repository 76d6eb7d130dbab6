/** Command-line parsing for `http-resilience`; every mistake becomes a UsageError with a clear message. */
import { parseArgs } from 'node:util';
import { absoluteMaxima } from '@shared/probe/limits';
import { ruleIds } from '../rules';
import { isSeverityLevel, type SeverityLevel } from '@shared/settings';
import { helpHint, UsageError } from './errors';

/** Output formats of `lint`: `text` for people, `stylish` exactly as ESLint prints it (for problem matchers). */
export type Format = 'text' | 'stylish' | 'json' | 'sarif';

/** A parsed `lint` invocation. */
export interface LintArguments {
  command: 'lint';
  /** As given (relative to the working directory); `['.']` when none. */
  paths: string[];
  format: Format;
  /** `--rule` overrides by rule id. */
  rules: Record<string, SeverityLevel>;
  /** Lowest severity that makes the exit code 1; `off` never does. */
  failOn: SeverityLevel;
  /** Like ESLint's: more warnings than this make the exit code 1, whatever `failOn` says. */
  maxWarnings?: number;
  /** Report only the files git says changed since this ref (committed since the merge base, staged, unstaged, untracked). */
  changedSince?: string;
  /** Also write the SARIF report to this file, whatever `format` prints. */
  sarifFile?: string;
  /** Whether a progress line may be drawn (it still needs stderr to be a terminal). */
  progress: boolean;
  /** Report file instead of stdout. */
  output?: string;
  /** Extra gitignore-style patterns, relative to the working directory. */
  ignorePatterns: string[];
  /** Apply the fixes to the files (and install the helper) before reporting what is left. */
  fix: boolean;
  /** Where `--fix` puts the helper, relative to the working directory; default `<package root>/src/resilient-http.ts`. */
  helperPath?: string;
  /** `--config`: the project configuration file to use instead of the nearest `.http-resilience.json`. */
  config?: string;
}

/** A parsed `probe` invocation; limits left out take the engine's defaults. */
export interface ProbeArguments {
  command: 'probe';
  url: string;
  maxRequests?: number;
  maxConcurrency?: number;
  idleWaitSeconds?: number;
  json: boolean;
  /** PEM file of certificates to trust (a self-signed or private CA). */
  ca?: string;
  method: 'GET' | 'HEAD';
  progress: boolean;
  /** `--save`: write the server's profile into the project configuration file. */
  save: boolean;
  /** `--config`: the file `--save` writes (default: the nearest `.http-resilience.json`, else a new one here). */
  config?: string;
}

/** What the command line asks for. */
export type Invocation = LintArguments | ProbeArguments | { command: 'help' } | { command: 'version' };

const formats: readonly Format[] = ['text', 'stylish', 'json', 'sarif'];
const levels = 'off, info, warning, error';

/** Parses `argv` (without node and the script). Throws UsageError for anything it cannot accept. */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const { values, positionals } = parseStrictly(argv);
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError(`missing command (expected "lint" or "probe"). ${helpHint}`);
  if (command === 'probe') return parseProbeArguments(values, paths);
  if (command !== 'lint') throw new UsageError(`unknown command "${command}" (expected "lint" or "probe"). ${helpHint}`);
  rejectOptionsOf('lint', values, probeOnlyOptions);
  const format = values.format ?? 'text';
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${formats.join(', ')}, got "${format}"`);
  }
  const failOn = values['fail-on'] ?? 'warning';
  if (!isSeverityLevel(failOn)) throw new UsageError(`--fail-on must be one of ${levels}, got "${failOn}"`);
  if (values.output !== undefined && values.output.trim() === '') throw new UsageError('--output needs a file name');
  if (values['sarif-file'] !== undefined && values['sarif-file'].trim() === '') throw new UsageError('--sarif-file needs a file name');
  const changedSince = values['changed-since'];
  if (changedSince !== undefined && changedSince.trim() === '') throw new UsageError('--changed-since needs a git ref (a branch, tag or commit)');
  // A ref that starts with "-" would reach git as an option.
  if (changedSince?.startsWith('-')) throw new UsageError(`--changed-since needs a git ref, got "${changedSince}"`);
  return {
    command: 'lint',
    paths: paths.length > 0 ? paths : ['.'],
    format: format as Format,
    rules: parseRuleOverrides(values.rule ?? []),
    failOn,
    maxWarnings: wholeNumber(values['max-warnings'], '--max-warnings', 0, Number.MAX_SAFE_INTEGER),
    changedSince,
    sarifFile: values['sarif-file'],
    progress: !values['no-progress'],
    output: values.output,
    ignorePatterns: values['ignore-pattern'] ?? [],
    fix: values.fix === true,
    helperPath: values['helper-path'],
    config: values.config,
  };
}

function parseStrictly(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        rule: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        'max-warnings': { type: 'string' },
        'changed-since': { type: 'string' },
        'sarif-file': { type: 'string' },
        'ignore-pattern': { type: 'string', multiple: true },
        output: { type: 'string' },
        'no-progress': { type: 'boolean' },
        fix: { type: 'boolean' },
        'helper-path': { type: 'string' },
        config: { type: 'string' },
        save: { type: 'boolean' },
        'max-requests': { type: 'string' },
        'max-concurrency': { type: 'string' },
        'idle-wait': { type: 'string' },
        json: { type: 'boolean' },
        ca: { type: 'string' },
        head: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${describeParseError(error)}. ${helpHint}`);
  }
}

type ParsedValues = ReturnType<typeof parseStrictly>['values'];

const probeOnlyOptions = ['max-requests', 'max-concurrency', 'idle-wait', 'json', 'ca', 'head', 'save'] as const;
const lintOnlyOptions = [
  'format', 'rule', 'fail-on', 'max-warnings', 'changed-since', 'sarif-file', 'ignore-pattern', 'output', 'fix', 'helper-path',
] as const;

/** An option of the other command is a mistake worth naming, not something to ignore. */
function rejectOptionsOf(command: string, values: ParsedValues, foreign: readonly (keyof ParsedValues)[]): void {
  const given = foreign.find((name) => values[name] !== undefined);
  if (given !== undefined) throw new UsageError(`--${given} is not an option of ${command}. ${helpHint}`);
}

function parseProbeArguments(values: ParsedValues, positionals: string[]): ProbeArguments {
  rejectOptionsOf('probe', values, lintOnlyOptions);
  if (positionals.length !== 1) throw new UsageError(`probe takes exactly one URL, got ${positionals.length}. ${helpHint}`);
  if (values.ca !== undefined && values.ca.trim() === '') throw new UsageError('--ca needs a file name');
  return {
    command: 'probe',
    url: positionals[0],
    maxRequests: wholeNumber(values['max-requests'], '--max-requests', 1, absoluteMaxima.maxRequests),
    maxConcurrency: wholeNumber(values['max-concurrency'], '--max-concurrency', 1, absoluteMaxima.maxConcurrency),
    idleWaitSeconds: wholeNumber(values['idle-wait'], '--idle-wait', 0, absoluteMaxima.idleWaitSeconds),
    json: values.json === true,
    ca: values.ca,
    method: values.head === true ? 'HEAD' : 'GET',
    progress: !values['no-progress'],
    save: values.save === true,
    config: values.config,
  };
}

/** A whole number in [min, max], or undefined when the option is absent. The maxima are the engine's: no flag raises them. */
function wholeNumber(text: string | undefined, option: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`${option} must be a whole number, got "${text}"`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`${option} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** Node's parseArgs messages carry advice about `--` that does not apply here; keep the first sentence. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].replace(/\. To specify .*$/s, '').replace(/\.$/, '');
}

function parseRuleOverrides(entries: readonly string[]): Record<string, SeverityLevel> {
  const rules: Record<string, SeverityLevel> = {};
  for (const entry of entries) {
    const match = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(entry);
    if (!match) throw new UsageError(`--rule expects <id>=<level> (levels: ${levels}), got "${entry}"`);
    const [, id, level] = match;
    if (!ruleIds.includes(id)) throw new UsageError(`--rule: unknown rule "${id}"; valid ids: ${ruleIds.join(', ')}`);
    if (!isSeverityLevel(level)) throw new UsageError(`--rule ${id}: level must be one of ${levels}, got "${level}"`);
    rules[id] = level;
  }
  return rules;
}

/** Command-line parsing for `http-resilience`; every mistake becomes a UsageError with a clear message. */
import { parseArgs } from 'node:util';
import { ruleIds } from '../rules';
import { isSeverityLevel, type SeverityLevel } from '../settings';
import { helpHint, UsageError } from './errors';

/** Output formats of `lint`. */
export type Format = 'text' | 'json' | 'sarif';

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
}

/** What the command line asks for. */
export type Invocation = LintArguments | { command: 'help' } | { command: 'version' };

const formats: readonly Format[] = ['text', 'json', 'sarif'];
const levels = 'off, info, warning, error';

/** Parses `argv` (without node and the script). Throws UsageError for anything it cannot accept. */
export function parseCommandLine(argv: readonly string[]): Invocation {
  const { values, positionals } = parseStrictly(argv);
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) throw new UsageError(`missing command (expected "lint"). ${helpHint}`);
  if (command !== 'lint') throw new UsageError(`unknown command "${command}" (expected "lint"). ${helpHint}`);
  const format = values.format ?? 'text';
  if (!(formats as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${formats.join(', ')}, got "${format}"`);
  }
  const failOn = values['fail-on'] ?? 'warning';
  if (!isSeverityLevel(failOn)) throw new UsageError(`--fail-on must be one of ${levels}, got "${failOn}"`);
  if (values.output !== undefined && values.output.trim() === '') throw new UsageError('--output needs a file name');
  return {
    command: 'lint',
    paths: paths.length > 0 ? paths : ['.'],
    format: format as Format,
    rules: parseRuleOverrides(values.rule ?? []),
    failOn,
    progress: !values['no-progress'],
    output: values.output,
    ignorePatterns: values['ignore-pattern'] ?? [],
    fix: values.fix === true,
    helperPath: values['helper-path'],
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
        'ignore-pattern': { type: 'string', multiple: true },
        output: { type: 'string' },
        'no-progress': { type: 'boolean' },
        fix: { type: 'boolean' },
        'helper-path': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(`${describeParseError(error)}. ${helpHint}`);
  }
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

/** Command-line parsing for `http-resilience lint`; every mistake becomes a UsageError with a clear message. */
import { parseArgs } from 'node:util';
import { ruleIds } from '../rules';
import { isSeverityLevel, type SeverityLevel } from '../settings';

/** Output formats. */
export type Format = 'text' | 'json' | 'sarif';

/** A parsed `lint` invocation. */
export interface LintArguments {
  command: 'lint';
  paths: string[];
  format: Format;
  rules: Record<string, SeverityLevel>;
  failOn: SeverityLevel;
  progress: boolean;
  output?: string;
  ignorePatterns: string[];
}

/** What the command line asks for. */
export type Invocation = LintArguments | { command: 'help' } | { command: 'version' };

/** Bad usage: printed as `http-resilience: <message>` with exit code 2. */
export class UsageError extends Error {}

/** The help text. */
export const usage = `Usage: http-resilience lint [paths…] [options]

Finds Node.js HTTP client code that fails under load (unbounded fan-out, untuned pools,
no timeout, no retry). Paths default to the current directory.

Options:
  --format text|json|sarif       output format (default: text)
  --rule <id>=off|info|warning|error
                                 change a rule's severity (repeatable)
  --fail-on info|warning|error|off
                                 exit 1 when a finding is at or above this (default: warning)
  --ignore-pattern <glob>        gitignore-style pattern to skip (repeatable)
  --output <file>                write the report to a file instead of stdout
  --no-progress                  no progress line on stderr
  -h, --help                     show this help
  -v, --version                  show the version

Rules: ${ruleIds.join(', ')}
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 bad usage or internal error.`;

const formats: readonly Format[] = ['text', 'json', 'sarif'];

/** Parses `argv` (without node and the script). */
export function parseCommandLine(argv: readonly string[]): Invocation {
  let parsed: ReturnType<typeof parseLintOptions>;
  try {
    parsed = parseLintOptions(argv);
  } catch (error) {
    throw new UsageError(`${(error as Error).message.replace(/\. To specify.*$/s, '')}\n\n${usage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...paths] = positionals;
  if (command === undefined) return { command: 'help' };
  if (command !== 'lint') throw new UsageError(`unknown command "${command}" (expected "lint")\n\n${usage}`);
  const format = values.format ?? 'text';
  if (!formats.includes(format as Format)) throw new UsageError(`--format must be one of ${formats.join(', ')}, got "${format}"`);
  const failOn = values['fail-on'] ?? 'warning';
  if (!isSeverityLevel(failOn)) throw new UsageError(`--fail-on must be one of info, warning, error, off, got "${failOn}"`);
  return {
    command: 'lint',
    paths: paths.length > 0 ? paths : ['.'],
    format: format as Format,
    rules: parseRuleOverrides(values.rule ?? []),
    failOn,
    progress: !values['no-progress'],
    output: values.output,
    ignorePatterns: values['ignore-pattern'] ?? [],
  };
}

function parseLintOptions(argv: readonly string[]) {
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
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

function parseRuleOverrides(entries: readonly string[]): Record<string, SeverityLevel> {
  const rules: Record<string, SeverityLevel> = {};
  for (const entry of entries) {
    const match = /^([\w-]+)=(\w+)$/.exec(entry.trim());
    if (!match) throw new UsageError(`--rule expects <id>=<severity>, got "${entry}"`);
    const [, id, level] = match;
    if (!ruleIds.includes(id)) throw new UsageError(`--rule: unknown rule "${id}"; rules are: ${ruleIds.join(', ')}`);
    if (!isSeverityLevel(level)) throw new UsageError(`--rule ${id}: severity must be off, info, warning or error, got "${level}"`);
    rules[id] = level;
  }
  return rules;
}

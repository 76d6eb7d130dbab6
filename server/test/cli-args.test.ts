/** `http-resilience` argument parsing: defaults, repeatable options, and clear UsageErrors for every mistake. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandLine, type LintArguments } from '../src/cli/args';
import { UsageError } from '../src/cli/errors';
import { ruleIds } from '../src/rules';

function lintArgs(...argv: string[]): LintArguments {
  const invocation = parseCommandLine(argv);
  assert.equal(invocation.command, 'lint');
  return invocation;
}

function usageError(argv: string[], message: RegExp): void {
  assert.throws(() => parseCommandLine(argv), (error: unknown) => {
    assert.ok(error instanceof UsageError, `expected a UsageError for ${argv.join(' ')}`);
    assert.match(error.message, message);
    return true;
  });
}

describe('parseCommandLine', () => {
  it('lints the current directory with text output, failing on warnings, by default', () => {
    assert.deepEqual(lintArgs('lint'), {
      command: 'lint',
      paths: ['.'],
      format: 'text',
      rules: {},
      failOn: 'warning',
      maxWarnings: undefined,
      changedSince: undefined,
      sarifFile: undefined,
      progress: true,
      output: undefined,
      ignorePatterns: [],
      fix: false,
      helperPath: undefined,
      config: undefined,
    });
  });

  it('reads --fix and --helper-path', () => {
    const args = lintArgs('lint', '--fix', '--helper-path', 'lib/http.ts');
    assert.equal(args.fix, true);
    assert.equal(args.helperPath, 'lib/http.ts');
  });

  it('reads every option, repeatable ones included, in either --name value or --name=value form', () => {
    const args = lintArgs('lint', 'src', 'lib/a.ts', '--format=sarif', '--rule', 'missing-retry=off', '--rule', `${ruleIds[0]}=error`,
      '--fail-on', 'error', '--no-progress', '--output', 'report.sarif', '--ignore-pattern', 'gen/', '--ignore-pattern', '*.gen.ts');
    assert.deepEqual(args.paths, ['src', 'lib/a.ts']);
    assert.equal(args.format, 'sarif');
    assert.deepEqual(args.rules, { 'missing-retry': 'off', [ruleIds[0]]: 'error' });
    assert.equal(args.failOn, 'error');
    assert.equal(args.progress, false);
    assert.equal(args.output, 'report.sarif');
    assert.deepEqual(args.ignorePatterns, ['gen/', '*.gen.ts']);
  });

  it('reads --format stylish, --max-warnings, --changed-since and --sarif-file', () => {
    const args = lintArgs('lint', '--format', 'stylish', '--max-warnings', '0', '--changed-since', 'origin/main', '--sarif-file', 'out/report.sarif');
    assert.equal(args.format, 'stylish');
    assert.equal(args.maxWarnings, 0);
    assert.equal(args.changedSince, 'origin/main');
    assert.equal(args.sarifFile, 'out/report.sarif');
    assert.equal(lintArgs('lint', '--max-warnings=12').maxWarnings, 12);
  });

  it('reads --config for both commands, and --save for probe only', () => {
    assert.equal(lintArgs('lint', '--config', 'ci/.http-resilience.json').config, 'ci/.http-resilience.json');
    const probe = parseCommandLine(['probe', 'https://example.com', '--save', '--config', 'x.json']);
    assert.ok(probe.command === 'probe' && probe.save && probe.config === 'x.json');
    usageError(['lint', '--save'], /--save is not an option of lint/);
  });

  it('rejects bad --max-warnings, --changed-since and --sarif-file values', () => {
    usageError(['lint', '--max-warnings', 'many'], /--max-warnings must be a whole number, got "many"/);
    usageError(['lint', '--max-warnings=-1'], /--max-warnings must be a whole number, got "-1"/);
    usageError(['lint', '--max-warnings', '1.5'], /--max-warnings must be a whole number/);
    usageError(['lint', '--changed-since', ''], /--changed-since needs a git ref/);
    usageError(['lint', '--changed-since=--output=x'], /--changed-since needs a git ref, got "--output=x"/);
    usageError(['lint', '--sarif-file', ' '], /--sarif-file needs a file name/);
    usageError(['probe', 'https://example.com', '--max-warnings', '1'], /--max-warnings is not an option of probe/);
    usageError(['probe', 'https://example.com', '--changed-since', 'main'], /--changed-since is not an option of probe/);
  });

  it('accepts --fail-on off', () => {
    assert.equal(lintArgs('lint', '--fail-on', 'off').failOn, 'off');
  });

  it('answers --help and --version before anything else', () => {
    assert.deepEqual(parseCommandLine(['--help']), { command: 'help' });
    assert.deepEqual(parseCommandLine(['-h']), { command: 'help' });
    assert.deepEqual(parseCommandLine(['lint', '--help']), { command: 'help' });
    assert.deepEqual(parseCommandLine(['--version']), { command: 'version' });
    assert.deepEqual(parseCommandLine(['-v']), { command: 'version' });
  });

  it('rejects unknown or missing commands', () => {
    usageError(['frobnicate'], /unknown command "frobnicate" \(expected "lint" or "probe"\)/);
    usageError([], /missing command/);
  });

  it('rejects bad formats and --fail-on levels, naming the valid ones', () => {
    usageError(['lint', '--format', 'xml'], /--format must be one of text, stylish, json, sarif, got "xml"/);
    usageError(['lint', '--format', 'eslint'], /--format must be one of text, stylish, json, sarif, got "eslint"/);
    usageError(['lint', '--fail-on', 'loud'], /--fail-on must be one of off, info, warning, error, got "loud"/);
  });

  it('rejects bad --rule values, listing valid ids or levels', () => {
    usageError(['lint', '--rule', 'no-such-rule=off'], new RegExp(`unknown rule "no-such-rule"; valid ids: ${ruleIds.join(', ')}`));
    usageError(['lint', '--rule', 'missing-retry=loud'], /--rule missing-retry: level must be one of off, info, warning, error, got "loud"/);
    usageError(['lint', '--rule', 'missing-retry'], /--rule expects <id>=<level>/);
  });

  it("turns parseArgs' errors into one clear sentence with a pointer to --help", () => {
    usageError(['lint', '--bogus'], /^Unknown option '--bogus'\. Run 'http-resilience --help' for usage\.$/);
    usageError(['lint', '--format'], /--format/);
    usageError(['lint', '--no-progress=yes'], /--no-progress/);
    usageError(['lint', '--output', ''], /--output needs a file name/);
  });
});

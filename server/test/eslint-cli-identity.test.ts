/**
 * The ESLint plugin is the same analyzer as the CLI, not a port (docs/eslint-plugin.md): the built CLI
 * (`node dist/cli.js lint test-fixtures --format json`) and ESLint (the repository's eslint with the
 * built plugin bundle, packages/eslint-plugin/dist/index.js, and its recommended config) lint the same
 * fixtures, and must report the same findings: rule, file, start and end, message.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import type { HttpResiliencePlugin } from '../src/eslint/plugin';
import { runCli } from './support/run-cli';

const repoRoot = path.resolve(__dirname, '../..');
const bundle = path.join(repoRoot, 'packages/eslint-plugin/dist/index.js');

interface Row {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

const key = (row: Row) => `${row.file}:${row.line}:${row.column}:${row.endLine}:${row.endColumn} ${row.ruleId} ${row.message}`;

describe('ESLint plugin and CLI: the same findings on test-fixtures/', { timeout: 120_000 }, () => {
  it('reports exactly what the CLI reports, in every file', async () => {
    const cli = await runCli(['lint', 'test-fixtures', '--format', 'json', '--no-progress', '--fail-on', 'off'], { cwd: repoRoot });
    assert.equal(cli.code, 0, cli.stderr);
    const report = JSON.parse(cli.stdout) as { filesAnalyzed: number; findings: Row[]; fileProblems: unknown[] };
    assert.deepEqual(report.fileProblems, []);

    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle as a user's config loads it
    const plugin = require(bundle) as HttpResiliencePlugin;
    const eslint = new ESLint({
      cwd: repoRoot,
      overrideConfigFile: true,
      overrideConfig: [
        { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
        { files: ['**/*.{js,jsx,mjs,cjs}'], languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } } },
        plugin.configs.recommended,
      ],
    });
    const results = await eslint.lintFiles(['test-fixtures']);
    assert.equal(results.length, report.filesAnalyzed, 'the same files');
    const fatal = results.flatMap((result) => result.messages.filter((message) => message.fatal).map((message) => `${result.filePath}: ${message.message}`));
    assert.deepEqual(fatal, []);
    const eslintRows: Row[] = results.flatMap((result) =>
      result.messages.map((message) => ({
        ruleId: (message.ruleId ?? '').replace(/^http-resilience\//, ''),
        file: path.relative(repoRoot, result.filePath).split(path.sep).join('/'),
        line: message.line,
        column: message.column,
        endLine: message.endLine ?? 0,
        endColumn: message.endColumn ?? 0,
        message: message.message,
      })),
    );
    const cliRows = report.findings.map(({ ruleId, file, line, column, endLine, endColumn, message }) => ({ ruleId, file, line, column, endLine, endColumn, message }));
    assert.ok(cliRows.length > 100, `only ${cliRows.length} CLI findings`);
    // The difference, not the two lists: node's diff of two long arrays takes minutes to print.
    const eslintKeys = new Set(eslintRows.map(key));
    const cliKeys = new Set(cliRows.map(key));
    assert.deepEqual({ onlyEslint: [...eslintKeys].filter((row) => !cliKeys.has(row)), onlyCli: [...cliKeys].filter((row) => !eslintKeys.has(row)) }, { onlyEslint: [], onlyCli: [] });
    assert.equal(eslintRows.length, cliRows.length, 'no finding reported twice by one side');
    // Severities map as documented: error → 2, warning and info → 1.
    const severities = new Map(report.findings.map((finding) => [key(finding), (finding as Row & { severity: string }).severity]));
    const messages = results.flatMap((result) => result.messages);
    for (const [index, row] of eslintRows.entries()) {
      const message = messages[index];
      assert.equal(message.severity, severities.get(key(row)) === 'error' ? 2 : 1, key(row));
    }
  });
});

/** The three things the throughput benchmark times over the same files. */
import * as fs from 'node:fs';
import { ESLint } from 'eslint';
import { ts } from 'ts-morph';
import { version as eslintTypeScriptVersion } from 'typescript';
import tseslint from 'typescript-eslint';
import { lintFiles } from '../../server/src/engine/lint-files';
import { defaultSettings } from '../../server/src/shared/settings';
import type { Phase } from '../support/measure';

/** What a phase produced, to check that it did the work and to report findings. */
export interface PhaseOutput {
  /** Files the phase reports a result for. */
  files: number;
  /** Findings (our lint) or rule messages (ESLint); 0 for the parser. */
  findings: number;
  /** Files that could not be analysed: parse errors, skipped or unreadable files. */
  problems: number;
  /** Findings per rule id. */
  byRule: Record<string, number>;
}

/** The versions the ESLint phase runs with. */
export function eslintVersions(): { eslint: string; typescriptEslint: string; typescript: string } {
  return { eslint: ESLint.version, typescriptEslint: packageVersion('typescript-eslint'), typescript: eslintTypeScriptVersion };
}

function packageVersion(name: string): string {
  const manifest = fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8');
  return (JSON.parse(manifest) as { version: string }).version;
}

/** How often (in files) a synchronous phase records its memory. */
const sampleEvery = 100;

/**
 * Baseline: read each file and parse it with the TypeScript that ts-morph bundles. The trees are
 * kept until the end, as a batch linter keeps its files, so both sides pay the same heap growth.
 */
export function parseOnly(files: readonly string[]): Phase<PhaseOutput> {
  return (sample) => {
    const trees: ts.SourceFile[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      trees.push(ts.createSourceFile(file, text, ts.ScriptTarget.Latest));
      if (trees.length % sampleEvery === 0) sample();
    }
    sample();
    return { files: trees.length, findings: 0, problems: 0, byRule: {} };
  };
}

/** Our analyzer, exactly as the CLI runs it. */
export function ourLint(files: readonly string[]): Phase<PhaseOutput> {
  return async (sample) => {
    const reports = await lintFiles(files, {
      settings: defaultSettings,
      onProgress: (done) => {
        if (done % sampleEvery === 0) sample();
      },
    });
    sample();
    const byRule: Record<string, number> = {};
    let findings = 0;
    for (const report of reports) {
      for (const finding of report.findings) byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
      findings += report.findings.length;
    }
    return { files: reports.length, findings, problems: reports.filter((report) => report.problem).length, byRule };
  };
}

/**
 * ESLint with typescript-eslint's parser (no type information) and one trivial rule, configured
 * inline so that no config file on disk takes part. Single-threaded, like our lint.
 */
export function eslintTrivialRule(files: readonly string[], cwd: string): Phase<PhaseOutput> {
  return async (sample) => {
    const eslint = new ESLint({
      cwd,
      cache: false,
      overrideConfigFile: true,
      overrideConfig: [
        {
          files: ['**/*.ts', '**/*.tsx'],
          languageOptions: { parser: tseslint.parser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } },
          rules: { 'no-debugger': 'error' },
        },
      ],
    });
    const results = await eslint.lintFiles([...files]);
    sample();
    const byRule: Record<string, number> = {};
    let findings = 0;
    let problems = 0;
    for (const result of results) {
      if (result.fatalErrorCount > 0) problems++;
      for (const message of result.messages) {
        if (message.fatal) continue;
        byRule[message.ruleId ?? 'unknown'] = (byRule[message.ruleId ?? 'unknown'] ?? 0) + 1;
        findings++;
      }
    }
    return { files: results.length, findings, problems, byRule };
  };
}

/**
 * The fix matrix (test-fixtures/fix-matrix/<setting>/): one folder per kind of project (tsconfig.json,
 * package.json, .nvmrc), one `<rule>-<messageId>` fixture per fixable message id. Fixes are applied as
 * `lint --fix` applies them, reading the setting's project files from the disk; the helper goes beside the
 * fixtures and is never read from there (the fix must plan it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { ProjectHost } from '../../src/analysis/project/project-host';
import { analyzeFile } from '../../src/engine/analyze-file';
import { fixToFixedPoint, type FixRun } from '../../src/engine/fixes/fix-passes';
import { readHelperTemplate } from '../../src/engine/fixes/helper-template';
import { rules } from '../../src/rules';
import type { Rule } from '../../src/rules/types';
import { defaultSettings } from '../../src/shared/settings';
import { fixturesRoot } from './fixture-expectations';

/** Root of the matrix. */
export const matrixRoot = path.join(fixturesRoot, 'fix-matrix');

/** A fixture file name: `<rule-id>-<messageId>.<ext>`. */
const fixturePattern = /^([a-z]+(?:-[a-z]+)*)-([a-zA-Z]+)\.([cm]?[jt]s)$/;

/** One fixture of the matrix. */
export interface MatrixFixture {
  setting: string;
  file: string;
  ruleId: string;
  messageId: string;
  /** The expected output beside it (`.fixed.<ext>`). */
  fixedFile: string;
}

/** The setting folders (each has a tsconfig.json). */
export function matrixSettings(): string[] {
  return fs
    .readdirSync(matrixRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(matrixRoot, entry.name, 'tsconfig.json')))
    .map((entry) => entry.name)
    .sort();
}

/** The fixtures of a setting, by rule and message id (a rule id is told from the message id by the registry). */
export function matrixFixtures(setting: string): MatrixFixture[] {
  const dir = path.join(matrixRoot, setting);
  const ids = new Set(rules.map((rule) => rule.meta.id));
  const found: MatrixFixture[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (/\.fixed\./.test(name)) continue;
    const match = fixturePattern.exec(name);
    if (!match) continue;
    // `missing-timeout-fetch`: the longest registered rule id that prefixes the name.
    const stem = `${match[1]}-${match[2]}`;
    const ruleId = [...ids].filter((id) => stem.startsWith(`${id}-`)).sort((a, b) => b.length - a.length)[0];
    if (!ruleId) continue;
    const file = path.join(dir, name);
    found.push({ setting, file, ruleId, messageId: stem.slice(ruleId.length + 1), fixedFile: file.replace(/\.([cm]?[jt]s)$/, '.fixed.$1') });
  }
  return found;
}

/** Reads a project file from the disk, but never a helper beside the fixtures: the fix has to plan it. */
function readProjectFile(filePath: string): string | undefined {
  if (/[\\/]resilient-http\.[cm]?[jt]s$/.test(filePath)) return undefined;
  try {
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
}

/** The helper location the fixes of a setting use (its extension is adjusted to the file's module style). */
export function helperPathOf(setting: string): string {
  return path.join(matrixRoot, setting, 'resilient-http.ts');
}

/** Fixes `text` (the content of `file`) as `lint --fix` does. `helperText` pretends an installed helper is there. */
export function fixMatrixFile(file: string, text: string, setting: string, helper?: { path: string; text: string }): FixRun {
  return fixToFixedPoint(new ProjectHost(), file, text, defaultSettings, {
    helperPath: helperPathOf(setting),
    readFile: (candidate) => (helper && candidate === helper.path ? helper.text : readProjectFile(candidate)),
    template: readHelperTemplate,
  });
}

/** Which message ids a file's findings have, and whether each carries a fix. */
export function reportedMessageIds(file: string, text: string): Array<{ ruleId: string; messageId: string; fixed: boolean }> {
  const seen: Array<{ ruleId: string; messageId: string; fixed: boolean }> = [];
  const spying: Rule[] = rules.map((rule) => ({
    meta: rule.meta,
    check(ctx) {
      rule.check({
        ...ctx,
        report: (at, messageId, data, extra) => {
          seen.push({ ruleId: rule.meta.id, messageId, fixed: (extra?.fix?.edits.length ?? 0) > 0 });
          ctx.report(at, messageId, data, extra);
        },
      });
    },
  }));
  analyzeFile(new ProjectHost().setFile(file, text), defaultSettings, () => undefined, spying);
  return seen;
}

/** `rule-id/messageId` pairs the matrix README says have no fixture in a setting, with the reason. */
export function notApplicable(): Map<string, { settings: Set<string> | 'all'; why: string }> {
  const readme = fs.readFileSync(path.join(matrixRoot, 'README.md'), 'utf8');
  const rows = new Map<string, { settings: Set<string> | 'all'; why: string }>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // | `rule-id` | `messageId` | settings | why |
    if (cells.length < 6 || !/^`[a-z-]+`$/.test(cells[1]) || !/^`\w+`$/.test(cells[2])) continue;
    const key = `${cells[1].slice(1, -1)}/${cells[2].slice(1, -1)}`;
    const settings = cells[3] === 'all' ? 'all' : new Set(cells[3].split(',').map((name) => name.trim().replace(/`/g, '')));
    rows.set(key, { settings, why: cells[4] });
  }
  return rows;
}

/**
 * Declaration files (lib, @types/node, the libraries) parsed once for all settings; keyed by what their
 * parse depends on (the target and whether the file is an ES module or CommonJS).
 */
const declarationCache = new Map<string, ts.SourceFile>();

/** A type-check of fixed files as `tsc --noEmit -p <setting>` would see them, in memory: `files` by absolute path. */
export function typeCheck(setting: string, files: ReadonlyMap<string, string>): { errors: string[]; ms: number } {
  const started = performance.now();
  const dir = path.join(matrixRoot, setting);
  const configFile = path.join(dir, 'tsconfig.json');
  const config = ts.readConfigFile(configFile, (name) => ts.sys.readFile(name));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dir, { noEmit: true }, configFile);
  const host = ts.createCompilerHost(parsed.options, true);
  const disk = { getSourceFile: host.getSourceFile.bind(host), fileExists: host.fileExists.bind(host), readFile: host.readFile.bind(host) };
  host.fileExists = (name) => files.has(path.resolve(name)) || disk.fileExists(name);
  host.readFile = (name) => files.get(path.resolve(name)) ?? disk.readFile(name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) => {
    const text = files.get(path.resolve(name));
    if (text !== undefined) return ts.createSourceFile(name, text, languageVersion, true);
    if (!name.endsWith('.d.ts') && !name.endsWith('.d.mts') && !name.endsWith('.d.cts')) return disk.getSourceFile(name, languageVersion, onError, shouldCreate);
    const options = typeof languageVersion === 'object' ? languageVersion : { languageVersion };
    const key = `${name}\0${options.languageVersion}\0${options.impliedNodeFormat ?? ''}`;
    let cached = declarationCache.get(key);
    if (!cached) {
      cached = disk.getSourceFile(name, languageVersion, onError, shouldCreate);
      if (cached) declarationCache.set(key, cached);
    }
    return cached;
  };
  const program = ts.createProgram({ rootNames: [...files.keys()], options: parsed.options, host });
  const errors = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) => {
    const where = diagnostic.file ? `${path.relative(dir, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '-';
    return `${where}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
  return { errors, ms: performance.now() - started };
}

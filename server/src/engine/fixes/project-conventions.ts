/**
 * How a file imports a project module, read from the project and the file itself: the nearest tsconfig's
 * (or jsconfig's) `module`/`moduleResolution` with its `extends` chain, the nearest package.json `"type"`,
 * the file's own relative and aliased imports. Reads through the injected `readFile` of the fix planner,
 * so an unsaved tsconfig in the editor counts like the one on disk.
 */
import * as path from 'node:path';
import { ts } from '../../analysis/ts';

type ReadFile = (filePath: string) => string | undefined;

/** What the compiler options that matter for an import specifier say. */
export interface ModuleSettings {
  /** Lower-cased `moduleResolution`, derived from `module` when absent (`node10` with no config). */
  moduleResolution: string;
  /** Lower-cased `module`, when set. */
  module?: string;
  /** `allowImportingTsExtensions` or `rewriteRelativeImportExtensions`: `./x.ts` is a valid specifier. */
  tsExtensions: boolean;
  /** tsconfig `paths`, resolved: `@/*` → absolute `…/src/*`. */
  paths: Array<{ prefix: string; suffix: string; targets: string[] }>;
  /** The config file these come from, when there is one. */
  configFile?: string;
}

interface RawOptions {
  module?: string;
  moduleResolution?: string;
  allowImportingTsExtensions?: boolean;
  rewriteRelativeImportExtensions?: boolean;
  baseUrl?: string;
  paths?: Record<string, unknown>;
}

interface RawConfig {
  extends?: string | string[];
  compilerOptions?: RawOptions;
  files?: unknown[];
  references?: Array<{ path?: string }>;
}

/** The module settings that apply to `filePath`: its nearest tsconfig.json (or jsconfig.json for JavaScript). */
export function moduleSettingsFor(filePath: string, readFile: ReadFile): ModuleSettings {
  const javascript = /\.[cm]?jsx?$/.test(filePath);
  const names = javascript ? ['tsconfig.json', 'jsconfig.json'] : ['tsconfig.json'];
  for (let dir = path.dirname(filePath); ; dir = path.dirname(dir)) {
    for (const name of names) {
      const configFile = path.join(dir, name);
      const text = readFile(configFile);
      if (text === undefined) continue;
      const chosen = projectFor(configFile, text, filePath, readFile);
      return settingsOf(chosen.file, chosen.config, readFile);
    }
    if (path.dirname(dir) === dir) return { moduleResolution: 'node10', tsExtensions: false, paths: [] };
  }
}

/** A solution-style config (`"files": []` with references) hands the file to the referenced project that holds it. */
function projectFor(configFile: string, text: string, filePath: string, readFile: ReadFile): { file: string; config: RawConfig } {
  const config = parseConfig(configFile, text);
  if (!Array.isArray(config.files) || config.files.length > 0 || !config.references) return { file: configFile, config };
  let best: { file: string; config: RawConfig } | undefined;
  for (const reference of config.references) {
    if (typeof reference.path !== 'string') continue;
    let referenced = path.resolve(path.dirname(configFile), reference.path);
    if (!referenced.endsWith('.json')) referenced = path.join(referenced, 'tsconfig.json');
    const referencedText = readFile(referenced);
    const dir = path.dirname(referenced);
    if (referencedText === undefined || !isInside(filePath, dir)) continue;
    if (!best || dir.length > path.dirname(best.file).length) best = { file: referenced, config: parseConfig(referenced, referencedText) };
  }
  return best ?? { file: configFile, config };
}

function settingsOf(configFile: string, config: RawConfig, readFile: ReadFile): ModuleSettings {
  const merged: RawOptions = {};
  let pathsBase: string | undefined;
  // `extends` first (in order), then the file's own options over them; at most 8 levels, no cycles.
  const chain: Array<{ file: string; config: RawConfig }> = [];
  const visit = (file: string, current: RawConfig, depth: number) => {
    if (depth > 8 || chain.some((entry) => entry.file === file)) return;
    for (const base of typeof current.extends === 'string' ? [current.extends] : Array.isArray(current.extends) ? current.extends : []) {
      const baseFile = typeof base === 'string' ? extendedConfigPath(file, base, readFile) : undefined;
      const baseText = baseFile && readFile(baseFile);
      if (baseFile && baseText !== undefined) visit(baseFile, parseConfig(baseFile, baseText), depth + 1);
    }
    chain.push({ file, config: current });
  };
  visit(configFile, config, 0);
  for (const { file, config: current } of chain) {
    const options = current.compilerOptions ?? {};
    Object.assign(merged, options);
    // `paths` resolve against `baseUrl` when set, else against the config file that defines them.
    if (options.paths || options.baseUrl) pathsBase = path.resolve(path.dirname(file), merged.baseUrl ?? '.');
  }
  const module = typeof merged.module === 'string' ? merged.module.toLowerCase() : undefined;
  const resolution = typeof merged.moduleResolution === 'string' ? merged.moduleResolution.toLowerCase() : undefined;
  const paths = Object.entries(merged.paths ?? {}).map(([pattern, targets]) => {
    const star = pattern.indexOf('*');
    return {
      prefix: star < 0 ? pattern : pattern.slice(0, star),
      suffix: star < 0 ? '' : pattern.slice(star + 1),
      targets: Array.isArray(targets) ? targets.filter((target): target is string => typeof target === 'string').map((target) => path.resolve(pathsBase ?? path.dirname(configFile), target)) : [],
    };
  });
  return {
    moduleResolution: resolution === 'node' ? 'node10' : (resolution ?? defaultResolution(module)),
    module,
    tsExtensions: merged.allowImportingTsExtensions === true || merged.rewriteRelativeImportExtensions === true,
    paths,
    configFile,
  };
}

/** TypeScript's default `moduleResolution` for a `module`. */
function defaultResolution(module: string | undefined): string {
  if (module === 'node16' || module === 'nodenext') return module;
  if (module === 'node18' || module === 'node20') return 'node16';
  if (module === 'preserve') return 'bundler';
  return 'node10';
}

function parseConfig(file: string, text: string): RawConfig {
  const parsed: unknown = ts.parseConfigFileTextToJson(file, text).config;
  return parsed !== null && typeof parsed === 'object' ? parsed : {};
}

/** `extends: "./base.json"`, `"../tsconfig.base"`, or a package's config (`@tsconfig/node20/tsconfig.json`). */
function extendedConfigPath(fromFile: string, base: string, readFile: ReadFile): string | undefined {
  const dir = path.dirname(fromFile);
  if (base.startsWith('.') || path.isAbsolute(base)) {
    const resolved = path.resolve(dir, base);
    return resolved.endsWith('.json') ? resolved : `${resolved}.json`;
  }
  for (let current = dir; ; current = path.dirname(current)) {
    const inPackage = path.join(current, 'node_modules', base);
    for (const candidate of base.endsWith('.json') ? [inPackage] : [`${inPackage}.json`, path.join(inPackage, 'tsconfig.json')]) {
      if (readFile(candidate) !== undefined) return candidate;
    }
    if (path.dirname(current) === current) return undefined;
  }
}

function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Whether Node (and TypeScript under `node16`/`nodenext`) loads `filePath` as an ES module: `.mts`/`.mjs`
 * always, `.cts`/`.cjs` never, anything else by the nearest package.json's `"type"`.
 */
export function isEsmFile(filePath: string, packageType: 'module' | 'commonjs' | undefined): boolean {
  if (/\.m[jt]s$/.test(filePath)) return true;
  if (/\.c[jt]s$/.test(filePath)) return false;
  return packageType === 'module';
}

/** The extension the file's own relative imports end with: `.js`, `.ts`, none (`''`), or undefined when it has none. */
export function siblingExtension(text: string): '.js' | '.ts' | '' | undefined {
  const specifiers = relativeSpecifiers(text);
  if (specifiers.length === 0) return undefined;
  if (specifiers.some((specifier) => /\.[cm]?js$/.test(specifier))) return '.js';
  if (specifiers.some((specifier) => /\.[cm]?tsx?$/.test(specifier))) return '.ts';
  return '';
}

/** Every module specifier of the file's static imports, re-exports and `require` calls. */
export function moduleSpecifiers(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) found.push(match[2]);
  return found;
}

function relativeSpecifiers(text: string): string[] {
  return moduleSpecifiers(text).filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'));
}

/**
 * The alias under which the file imports modules that sit beside `helperFile` (`@/db` for `src/db.ts` when
 * `@/*` is `src/*`), as a specifier for the helper itself (`@/resilient-http`); undefined when the file does
 * not reach the helper's folder through an alias.
 */
export function aliasSpecifier(text: string, settings: ModuleSettings, helperFile: string): string | undefined {
  const helperDir = path.dirname(helperFile);
  const helperStem = helperFile.replace(/\.[cm]?[jt]s$/, '');
  for (const specifier of moduleSpecifiers(text)) {
    if (specifier.startsWith('.')) continue;
    for (const alias of settings.paths) {
      if (!specifier.startsWith(alias.prefix) || !specifier.endsWith(alias.suffix) || specifier.length < alias.prefix.length + alias.suffix.length) continue;
      const middle = specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length);
      for (const target of alias.targets) {
        const star = target.indexOf('*');
        if (star < 0) continue;
        const resolved = target.replace('*', middle).replace(/\.[cm]?[jt]sx?$/, '');
        if (path.dirname(resolved) !== helperDir) continue;
        // The helper must itself be reachable through the same alias: `target` is `<before>*<after>`.
        const before = target.slice(0, star);
        const after = target.slice(star + 1);
        if (!helperStem.startsWith(before) || !helperStem.endsWith(after)) continue;
        const helperMiddle = helperStem.slice(before.length, helperStem.length - after.length).split(path.sep).join('/');
        const extension = /\.[cm]?js$/.test(specifier) ? '.js' : /\.[cm]?ts$/.test(specifier) ? '.ts' : '';
        return `${alias.prefix}${helperMiddle}${alias.suffix}${extension}`;
      }
    }
  }
  return undefined;
}

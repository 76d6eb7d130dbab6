/**
 * Finds the files to lint: walks directories for analyzable sources, skips the usual build and
 * dependency folders, and honours .gitignore files (each one relative to its folder, like git).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isAnalyzablePath } from '../analysis/parse';

/** Folders never descended into. */
export const defaultExcludedFolders: ReadonlySet<string> = new Set(['node_modules', 'dist', 'out', 'build', 'coverage', '.git']);

/** How to search. */
export interface DiscoverOptions {
  /** Base for `ignorePatterns`. */
  cwd: string;
  /** Extra gitignore-style patterns, relative to `cwd`. */
  ignorePatterns?: readonly string[];
}

/** A path given on the command line that does not exist. */
export class MissingPathError extends Error {}

interface IgnoreScope {
  base: string;
  rules: Ignore;
}

/** Absolute, sorted, de-duplicated paths of the files to lint; explicit files are always included. */
export async function listSourceFiles(inputs: readonly string[], options: DiscoverOptions): Promise<string[]> {
  const found = new Set<string>();
  const extra: IgnoreScope = { base: options.cwd, rules: ignore().add([...(options.ignorePatterns ?? [])]) };
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(absolute);
    } catch {
      throw new MissingPathError(`no such file or directory: ${input}`);
    }
    if (stat.isFile()) found.add(absolute);
    else if (stat.isDirectory()) await walk(absolute, [extra, ...ancestorIgnores(absolute)], found);
  }
  return [...found].sort();
}

/** .gitignore files of the folders above a starting directory, up to the repository root. */
function ancestorIgnores(start: string): IgnoreScope[] {
  const scopes: IgnoreScope[] = [];
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    const scope = readIgnore(dir);
    if (scope) scopes.push(scope);
    if (fs.existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  return scopes;
}

function readIgnore(dir: string): IgnoreScope | undefined {
  try {
    return { base: dir, rules: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

function isIgnored(target: string, isDirectory: boolean, scopes: readonly IgnoreScope[]): boolean {
  for (const scope of scopes) {
    const relative = path.relative(scope.base, target).split(path.sep).join('/');
    if (!relative || relative.startsWith('..')) continue;
    if (scope.rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}

async function walk(dir: string, scopes: readonly IgnoreScope[], found: Set<string>): Promise<void> {
  const own = readIgnore(dir);
  const active = own ? [...scopes, own] : scopes;
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folders are skipped, as git does
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (defaultExcludedFolders.has(entry.name) || isIgnored(full, true, active)) continue;
      await walk(full, active, found);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isAnalyzablePath(full) && !/\.min\.js$/.test(entry.name)) {
      if (!isIgnored(full, false, active)) found.add(full);
    }
  }
}

/**
 * Finds the files to lint: walks directories for analyzable sources, skips build and dependency
 * folders, and honours .gitignore files the way git does (deeper files override shallower ones).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isAnalyzablePath } from '../analysis/parse';

/** Folders never descended into (unless named on the command line). */
export const defaultExcludedFolders: ReadonlySet<string> = new Set(['node_modules', 'dist', 'out', 'build', 'coverage', '.git']);

/** How to search. */
export interface DiscoverOptions {
  /** Base for relative inputs and for `ignorePatterns`. */
  cwd: string;
  /** Extra gitignore-style patterns, relative to `cwd`; they win over .gitignore files. */
  ignorePatterns?: readonly string[];
}

/** Patterns that apply below `base`. */
interface IgnoreScope {
  base: string;
  rules: Ignore;
}

/** The command line's patterns, then .gitignore files from the outermost to the innermost folder. */
interface Filters {
  commandLine?: IgnoreScope;
  gitignores: readonly IgnoreScope[];
}

/** A path named to the linter that does not exist or cannot be read (the CLI reports it as bad usage). */
export class MissingPathError extends Error {
  override readonly name = 'MissingPathError';
}

/** Analyzable files under a workspace folder, honouring .gitignore and the default excludes, sorted. */
export async function listWorkspaceFiles(folder: string): Promise<string[]> {
  return listSourceFiles([folder], { cwd: folder });
}

/** `listWorkspaceFiles` without awaiting: for the ESLint plugin, whose rules run synchronously. */
export function listWorkspaceFilesSync(folder: string): string[] {
  const found = new Set<string>();
  walkSync(folder, { gitignores: enclosingGitignores(folder) }, found);
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Absolute, sorted, de-duplicated paths of the files to lint. Files named explicitly are always
 * included, whatever their extension or ignore patterns say; a path that cannot be read is a MissingPathError.
 */
export async function listSourceFiles(inputs: readonly string[], options: DiscoverOptions): Promise<string[]> {
  const patterns = options.ignorePatterns ?? [];
  const commandLine = patterns.length > 0 ? { base: options.cwd, rules: ignore().add([...patterns]) } : undefined;
  const found = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(options.cwd, input);
    const stat = await statInput(absolute, input);
    if (stat.isDirectory()) await walk(absolute, { commandLine, gitignores: enclosingGitignores(absolute) }, found);
    else found.add(absolute); // the linter explains anything it cannot read (a FIFO, a socket)
  }
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** True for a name the walk picks up: an analyzable source that is not a declaration or minified bundle. */
export function isSourceFileName(name: string): boolean {
  return isAnalyzablePath(name) && !/\.min\.[cm]?js$/i.test(name);
}

/** Follows symbolic links; a dangling one named explicitly still counts as a file, so its problem gets reported. */
async function statInput(absolute: string, input: string): Promise<fs.Stats> {
  try {
    return await fs.promises.stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new MissingPathError(`cannot access ${input}: ${(error as Error).message}`);
    const link = await fs.promises.lstat(absolute).catch(() => undefined);
    if (link?.isSymbolicLink()) return link;
    throw new MissingPathError(`no such file or directory: ${input}`);
  }
}

/**
 * The .gitignore files between the repository root and `start` (exclusive), outermost first, so
 * that `lint src` inside a repository still honours the root .gitignore. Outside a repository
 * git applies none, and neither do we.
 */
function enclosingGitignores(start: string): IgnoreScope[] {
  const folders: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.git'))) break;
    if (path.dirname(dir) === dir) return [];
    folders.push(path.dirname(dir));
  }
  return folders
    .reverse()
    .map(readGitignore)
    .filter((scope): scope is IgnoreScope => scope !== undefined);
}

function readGitignore(dir: string): IgnoreScope | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  return { base: dir, rules: ignore().add(text) };
}

/** Like git: the command line decides first, then the innermost .gitignore with a matching pattern. */
function isIgnored(target: string, isDirectory: boolean, filters: Filters): boolean {
  const scopes = filters.commandLine ? [...filters.gitignores, filters.commandLine] : filters.gitignores;
  for (let index = scopes.length - 1; index >= 0; index--) {
    const verdict = verdictOf(scopes[index], target, isDirectory);
    if (verdict !== undefined) return verdict;
  }
  return false;
}

function verdictOf(scope: IgnoreScope, target: string, isDirectory: boolean): boolean | undefined {
  const relative = path.relative(scope.base, target).split(path.sep).join('/');
  // `ignore` only accepts paths inside its base; patterns never reach outside their folder.
  if (relative === '' || relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) return undefined;
  const result = scope.rules.test(isDirectory ? `${relative}/` : relative);
  return result.ignored ? true : result.unignored ? false : undefined;
}

async function walk(dir: string, filters: Filters, found: Set<string>): Promise<void> {
  const own = readGitignore(dir);
  const active = own ? { ...filters, gitignores: [...filters.gitignores, own] } : filters;
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return; // an unreadable folder is skipped, as git does
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Symbolic links to folders are not followed: they can loop, and git does not follow them either.
      if (!defaultExcludedFolders.has(entry.name) && !isIgnored(full, true, active)) await walk(full, active, found);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isSourceFileName(entry.name) && !isIgnored(full, false, active)) {
      found.add(full);
    }
  }
}

function walkSync(dir: string, filters: Filters, found: Set<string>): void {
  const own = readGitignore(dir);
  const active = own ? { ...filters, gitignores: [...filters.gitignores, own] } : filters;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!defaultExcludedFolders.has(entry.name) && !isIgnored(full, true, active)) walkSync(full, active, found);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && isSourceFileName(entry.name) && !isIgnored(full, false, active)) {
      found.add(full);
    }
  }
}

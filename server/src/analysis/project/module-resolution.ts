/**
 * Where an import points inside the project: relative specifiers, tsconfig/jsconfig `paths` and `baseUrl`
 * aliases, and monorepo workspace packages (`@acme/http`, workspace-packages.ts), with the candidates TypeScript
 * tries (`./x.js` → `x.ts`, `x/index.ts`…). Answers are cached until files come and go or a config file changes.
 */
import * as path from 'node:path';
import { analyzableExtensions } from '../parse';
import { candidatePaths } from './candidate-paths';
import type { FileSystem } from './file-system';
import { aliasCandidates, configNames, type PathAliases, readPathAliases } from './path-aliases';
import { WorkspacePackages } from './workspace-packages';

/** Resolves specifiers to candidate file paths; the caller decides which candidate holds a file. */
export class ModuleResolution {
  /** `baseDir/segment` → whether it exists, for `baseUrl` imports. */
  private readonly baseUrlEntries = new Map<string, boolean>();
  /** Directory → the path aliases that apply there. */
  private readonly aliasCache = new Map<string, PathAliases | undefined>();
  private readonly workspaces: WorkspacePackages;

  constructor(private readonly files: FileSystem) {
    this.workspaces = new WorkspacePackages(files);
  }

  /** Whether a specifier can name a project file: relative, a tsconfig `paths` alias, or a workspace package. */
  isProjectSpecifier(fromFile: string, specifier: string): boolean {
    if (specifier.startsWith('.')) return true;
    return this.isAliased(fromFile, specifier) || this.workspaces.isWorkspaceSpecifier(fromFile, specifier);
  }

  private isAliased(fromFile: string, specifier: string): boolean {
    const aliases = this.aliasesFor(path.dirname(fromFile));
    if (!aliases) return false;
    if (aliases.paths.some((alias) => alias.prefix !== '' && specifier.startsWith(alias.prefix))) return true;
    // `baseUrl` alone: `src/lib/api` is a project file when its first segment exists under the base.
    if (!aliases.paths.some((alias) => alias.prefix === '')) return false;
    const first = path.join(aliases.baseDir, specifier.split('/')[0]);
    let exists = this.baseUrlEntries.get(first);
    if (exists === undefined) {
      exists = this.files.exists(first) || analyzableExtensions.some((ext) => this.files.exists(first + ext));
      this.baseUrlEntries.set(first, exists);
    }
    return exists;
  }

  /** The files `specifier` may name from `fromFile`, in the order TypeScript tries them. */
  candidates(fromFile: string, specifier: string): string[] {
    if (specifier.startsWith('.')) return candidatePaths(path.resolve(path.dirname(fromFile), specifier));
    const aliases = this.aliasesFor(path.dirname(fromFile));
    const aliased = aliases ? aliasCandidates(aliases, specifier).flatMap(candidatePaths) : [];
    return [...aliased, ...this.workspaces.candidates(fromFile, specifier)];
  }

  /** Forgets what a changed file may have changed. */
  invalidate(filePath: string): void {
    this.baseUrlEntries.clear();
    if (configNames.includes(path.basename(filePath))) this.aliasCache.clear();
    this.workspaces.invalidate(filePath);
  }

  /** The aliases of the nearest tsconfig/jsconfig above `dir` (cached per directory); the nearest config decides. */
  private aliasesFor(dir: string): PathAliases | undefined {
    if (this.aliasCache.has(dir)) return this.aliasCache.get(dir);
    const parent = path.dirname(dir);
    const configs = configNames.map((name) => this.files.readText(path.join(dir, name)));
    const result = configs.some((text) => text !== undefined)
      ? readPathAliases(dir, configs)
      : parent === dir
        ? undefined
        : this.aliasesFor(parent);
    this.aliasCache.set(dir, result);
    return result;
  }
}

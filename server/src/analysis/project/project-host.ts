/**
 * Holds the parsed files of one workspace folder (or one CLI run): reads lazily, keeps editor
 * overlays, resolves relative imports, and drops cross-file summaries when a dependency changes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis, ProjectView } from '../file-analysis';
import { ParsedFile } from '../parsed-file';
import { packageEnvironment } from '../environment';
import { analyzableExtensions } from '../parse';
import { aliasCandidates, type PathAliases, readPathAliases } from './path-aliases';
import { KnownServers, knownServers as sessionServers } from './known-servers';
import { readRuntimeVersions, readTextFromDisk, type RuntimeVersions } from './runtime-versions';

/** Reads a file's text, or undefined when there is no such file. */
export type ReadFile = (filePath: string) => string | undefined;

/** Files above this size are not analysed (minified bundles, generated code). */
export const maxFileBytes = 2 * 1024 * 1024;

const readFromDisk: ReadFile = (filePath) => {
  try {
    const stat = fs.statSync(filePath);
    if (!stat.isFile() || stat.size > maxFileBytes) return undefined;
    return fs.readFileSync(filePath, 'utf8');
  } catch {
    return undefined;
  }
};

/** The parsed files of a project, keyed by absolute path. */
export class ProjectHost implements ProjectView {
  private readonly analyses = new Map<string, FileAnalysis>();
  private readonly overlays = new Map<string, string>();
  private readonly dependents = new Map<string, Set<string>>();
  /** `baseDir/segment` → whether it exists, for `baseUrl` imports. */
  private readonly baseUrlEntries = new Map<string, boolean>();
  /** Directory → the path aliases that apply there. */
  private readonly aliasCache = new Map<string, PathAliases | undefined>();
  /** Directory → environment its nearest package.json implies (undefined: no opinion). */
  private readonly packageEnvironments = new Map<string, 'browser' | undefined>();
  /** `dir\0specifier` → resolved path, or null when nothing matched; cleared when files come and go. */
  private readonly resolutions = new Map<string, string | null>();
  /** Directory → Node.js and undici versions its project files declare. */
  private readonly runtimeVersions = new Map<string, RuntimeVersions>();

  /**
   * @param readFile where file text comes from when no overlay is set
   * @param onInvalidated told which files lost their cross-file summaries because one they import changed
   * @param knownServers what the probe measured about servers this session (shared by default)
   */
  constructor(
    private readonly readFile: ReadFile = readFromDisk,
    private readonly onInvalidated: (filePaths: string[]) => void = () => undefined,
    readonly knownServers: KnownServers = sessionServers,
  ) {}

  /** The analysis of a file from its overlay or the disk; undefined when it cannot be read. */
  getFile(filePath: string): FileAnalysis | undefined {
    const cached = this.analyses.get(filePath);
    if (cached) return cached;
    const text = this.overlays.get(filePath) ?? this.readFile(filePath);
    if (text === undefined) return undefined;
    return this.setFile(filePath, text);
  }

  /** The analysis already held for `filePath`, without reading anything. */
  cached(filePath: string): FileAnalysis | undefined {
    return this.analyses.get(filePath);
  }

  /** Parses `text` as the content of `filePath`, replacing what was there. */
  setFile(filePath: string, text: string): FileAnalysis {
    const previous = this.overlays.has(filePath) ? this.analyses.get(filePath) : undefined;
    // Editor overlays re-parse incrementally from the previous tree (which is given up for it).
    const analysis = new ParsedFile(filePath, text, this, previous && previous.text !== text ? previous.sourceFile : undefined);
    this.invalidateDependents(filePath);
    this.analyses.set(filePath, analysis);
    return analysis;
  }

  /** Makes the editor's text authoritative for `filePath` until `closeOverlay`. */
  setOverlay(filePath: string, text: string): FileAnalysis {
    this.overlays.set(filePath, text);
    return this.setFile(filePath, text);
  }

  /** True while the editor owns the text of `filePath`. */
  hasOverlay(filePath: string): boolean {
    return this.overlays.has(filePath);
  }

  /** Returns `filePath` to its on-disk content. */
  closeOverlay(filePath: string): void {
    this.overlays.delete(filePath);
    this.invalidate(filePath);
  }

  /** Forgets a file (changed or deleted on disk) and every summary that depended on it. */
  invalidate(filePath: string): void {
    if (!this.overlays.has(filePath)) this.analyses.delete(filePath);
    this.resolutions.clear();
    if (/[\\/][tj]sconfig\.json$/.test(filePath)) this.aliasCache.clear();
    if (/[\\/](package\.json|package-lock\.json|\.nvmrc|\.node-version)$/.test(filePath)) this.runtimeVersions.clear();
    this.invalidateDependents(filePath);
  }

  /** What the nearest package.json above `filePath` says about where its code runs. */
  packageEnvironmentOf(filePath: string): 'browser' | undefined {
    const dir = path.dirname(filePath);
    if (this.packageEnvironments.has(dir)) return this.packageEnvironments.get(dir);
    const manifest = this.readPackageJson(path.join(dir, 'package.json'));
    const parent = path.dirname(dir);
    const result = manifest !== undefined ? packageEnvironment(manifest) : parent === dir ? undefined : this.packageEnvironmentOf(dir);
    this.packageEnvironments.set(dir, result);
    return result;
  }

  /** The Node.js and undici majors the project files above `filePath` declare (cached per directory). */
  runtimeVersionsOf(filePath: string): RuntimeVersions {
    const dir = path.dirname(filePath);
    let versions = this.runtimeVersions.get(dir);
    if (!versions) this.runtimeVersions.set(dir, (versions = readRuntimeVersions(dir, readTextFromDisk)));
    return versions;
  }

  private readPackageJson(filePath: string): string | undefined {
    try {
      return fs.readFileSync(filePath, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Whether a specifier can name a project file: relative, or matched by a tsconfig `paths` alias. */
  isProjectSpecifier(fromFile: string, specifier: string): boolean {
    if (specifier.startsWith('.')) return true;
    const aliases = this.aliasesFor(path.dirname(fromFile));
    if (!aliases) return false;
    if (aliases.paths.some((alias) => alias.prefix !== '' && specifier.startsWith(alias.prefix))) return true;
    // `baseUrl` alone: `src/lib/api` is a project file when its first segment exists under the base.
    if (!aliases.paths.some((alias) => alias.prefix === '')) return false;
    const first = path.join(aliases.baseDir, specifier.split('/')[0]);
    let exists = this.baseUrlEntries.get(first);
    if (exists === undefined) this.baseUrlEntries.set(first, (exists = fs.existsSync(first) || analyzableExtensions.some((ext) => fs.existsSync(first + ext))));
    return exists;
  }

  /** Resolves a relative or tsconfig-aliased import from `fromFile` to an analysed project file. */
  resolveImport(fromFile: string, specifier: string): FileAnalysis | undefined {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    const known = this.resolutions.get(key);
    const target = known === null ? undefined : known !== undefined ? this.getFile(known) : this.resolveSpecifier(fromFile, specifier);
    this.resolutions.set(key, target ? target.path : null);
    if (!target) return undefined;
    let set = this.dependents.get(target.path);
    if (!set) this.dependents.set(target.path, (set = new Set()));
    set.add(fromFile);
    return target;
  }

  private resolveSpecifier(fromFile: string, specifier: string): FileAnalysis | undefined {
    if (specifier.startsWith('.')) return this.resolvePath(path.resolve(path.dirname(fromFile), specifier));
    const aliases = this.aliasesFor(path.dirname(fromFile));
    if (!aliases) return undefined;
    for (const base of aliasCandidates(aliases, specifier)) {
      const found = this.resolvePath(base);
      if (found) return found;
    }
    return undefined;
  }

  /** The aliases of the nearest tsconfig/jsconfig above `dir` that defines any (cached per directory). */
  private aliasesFor(dir: string): PathAliases | undefined {
    if (this.aliasCache.has(dir)) return this.aliasCache.get(dir);
    const parent = path.dirname(dir);
    // The nearest config file decides, even when it defines no aliases.
    const hasConfig = fs.existsSync(path.join(dir, 'tsconfig.json')) || fs.existsSync(path.join(dir, 'jsconfig.json'));
    const result = hasConfig ? readPathAliases(dir) : parent === dir ? undefined : this.aliasesFor(parent);
    this.aliasCache.set(dir, result);
    return result;
  }

  private resolvePath(base: string): FileAnalysis | undefined {
    for (const candidate of candidatePaths(base)) {
      const analysis = this.getFile(candidate);
      if (analysis) return analysis;
    }
    return undefined;
  }

  private invalidateDependents(filePath: string): void {
    const seen = new Set<string>([filePath]);
    const queue = [filePath];
    while (queue.length > 0) {
      for (const dependent of this.dependents.get(queue.pop()!) ?? []) {
        if (seen.has(dependent)) continue;
        seen.add(dependent);
        this.analyses.get(dependent)?.clearSummaries();
        queue.push(dependent);
      }
    }
    seen.delete(filePath);
    if (seen.size > 0) this.onInvalidated([...seen]);
  }
}

const tsCounterparts: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
};

/** Where `import './x'` may point: the file itself, its TypeScript source, `x.ts`, `x/index.ts`… */
function candidatePaths(base: string): string[] {
  const extension = path.extname(base);
  const candidates: string[] = [];
  if (analyzableExtensions.includes(extension)) {
    const stem = base.slice(0, -extension.length);
    for (const counterpart of tsCounterparts[extension] ?? []) candidates.push(stem + counterpart);
    candidates.push(base);
  }
  for (const ext of analyzableExtensions) candidates.push(base + ext);
  for (const ext of analyzableExtensions) candidates.push(path.join(base, `index${ext}`));
  return candidates;
}

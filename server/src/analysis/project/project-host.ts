/**
 * The project model of one workspace folder (or one CLI run), composed of parts with one job each,
 * all reading through one file system that puts editor buffers over the disk:
 * - FileStore: parsed files and the reverse-import graph;
 * - ImportGraph: who imports whom among the project's files, for modules only browser code imports;
 * - ModuleResolution: relative, tsconfig-aliased and workspace-package imports;
 * - PackageEnvironments, RuntimeVersionCache, RepositoryRoots: what package.json, `.nvmrc` and `.git` say;
 * - KnownServers: what the probe measured.
 */
import * as path from 'node:path';
import type { FileAnalysis, KnownServerProfile, ProjectView } from '../file-analysis';
import type { ServerProfile } from '@shared/project-config';
import { ParsedFile } from '../parsed-file';
import type { ts } from '../ts';
import { FileStore } from './file-store';
import { ImportGraph } from './import-graph';
import { diskFileSystem, fileSystemOf, type FileSystem, OverlayFileSystem } from './file-system';
import { KnownServers, knownServers as sessionServers, originKey } from './known-servers';
import { ModuleResolution } from './module-resolution';
import { isProjectFile } from '@shared/project-files';
import { isAnalyzablePath } from '../parse';
import { PackageEnvironments } from './package-environments';
import { RepositoryRoots } from './repository-root';
import { RuntimeVersionCache, type RuntimeVersions } from './runtime-versions';

/** Reads a file's text, or undefined when there is no such file. */
export type ReadFile = (filePath: string) => string | undefined;

/** The server profiles (by origin) and the `env` mapping the project configuration gives code in a file. */
export type ServerProfilesFor = (
  filePath: string,
) => { readonly servers?: Readonly<Record<string, ServerProfile>>; readonly env?: Readonly<Record<string, string>> } | undefined;

const dayMs = 86_400_000;

/** Files above this size are not analysed (minified bundles, generated code). */
export const maxFileBytes = 2 * 1024 * 1024;

/** The parsed files of a project and everything they ask of it. */
export class ProjectHost implements ProjectView {
  private readonly files: OverlayFileSystem;
  private readonly store: FileStore;
  private readonly modules: ModuleResolution;
  private readonly packages: PackageEnvironments;
  private readonly runtimes: RuntimeVersionCache;
  private readonly repositories: RepositoryRoots;
  private readonly graph: ImportGraph;
  /** `dir\0specifier` → resolved path, or null when nothing matched; cleared when files come and go. */
  private readonly resolutions = new Map<string, string | null>();

  /**
   * @param source the disk (default), another file system, or one read function (tests, scratch projects)
   * @param onInvalidated told which files lost their cross-file summaries because one they import changed
   * @param knownServers what the probe measured about servers this session (shared by default)
   * @param serverProfilesFor the profiles the project configuration file gives (none by default)
   * @param clock what "now" is when a profile's age is told (tests pass a fixed one)
   */
  constructor(
    source: FileSystem | ReadFile = diskFileSystem,
    onInvalidated: (filePaths: string[]) => void = () => undefined,
    readonly knownServers: KnownServers = sessionServers,
    private readonly serverProfilesFor: ServerProfilesFor = () => undefined,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.files = new OverlayFileSystem(typeof source === 'function' ? fileSystemOf(source) : source);
    this.store = new FileStore(onInvalidated);
    this.modules = new ModuleResolution(this.files);
    this.packages = new PackageEnvironments(this.files);
    this.repositories = new RepositoryRoots(this.files);
    this.runtimes = new RuntimeVersionCache((filePath) => this.files.readText(filePath), (dir) => this.repositories.rootOf(dir));
    this.graph = new ImportGraph({
      readText: (filePath) => this.store.get(filePath)?.text ?? this.files.readText(filePath, maxFileBytes),
      isProjectSpecifier: (fromFile, specifier) => this.modules.isProjectSpecifier(fromFile, specifier),
      candidates: (fromFile, specifier) => this.modules.candidates(fromFile, specifier),
      ownPlace: (filePath) => {
        const file = this.getFile(filePath);
        return file && (file.markedForServer ? 'server' : file.ownEnvironment);
      },
      onChanged: onInvalidated,
    });
  }

  /**
   * Names the project's source files (the CLI's file list, the workspace listing), so that a module only browser
   * code imports counts as browser code; until then every module keeps its own environment. A function (the ESLint
   * plugin's listing of its root) is called when the first file with no mark of its own asks where it runs.
   */
  setProjectFiles(filePaths: readonly string[] | (() => readonly string[])): void {
    this.graph.setFiles(filePaths);
  }

  /** `setProjectFiles` a slice at a time, awaiting `pause` between slices (the language server's workspace scan). */
  indexProjectFiles(filePaths: readonly string[], pause: () => Promise<void>): Promise<void> {
    return this.graph.index(filePaths, pause);
  }

  /** Whether `filePath` is imported only by browser code, among the project files named by `setProjectFiles`. */
  importedOnlyByBrowserCode(filePath: string): boolean {
    return this.graph.importedOnlyByBrowserCode(filePath);
  }

  /** The analysis of a file from its overlay or the disk; undefined when it cannot be read. */
  getFile(filePath: string): FileAnalysis | undefined {
    const cached = this.store.get(filePath);
    if (cached) return cached;
    const text = this.files.readText(filePath, maxFileBytes);
    if (text === undefined) return undefined;
    return this.setFile(filePath, text);
  }

  /** The analysis already held for `filePath`, without reading anything. */
  cached(filePath: string): FileAnalysis | undefined {
    return this.store.get(filePath);
  }

  /**
   * Parses `text` as the content of `filePath`, replacing what was there. `adopted`: a tree of exactly
   * `text` that another parser built with this TypeScript version, used instead of parsing (ESLint plugin).
   */
  setFile(filePath: string, text: string, adopted?: ts.SourceFile): FileAnalysis {
    const previous = this.files.has(filePath) && !adopted ? this.store.get(filePath) : undefined;
    // Editor overlays re-parse incrementally from the previous tree (which is given up for it).
    const analysis = new ParsedFile(filePath, text, this, previous && previous.text !== text ? previous.sourceFile : undefined, adopted);
    const replaced = this.store.get(filePath);
    this.store.set(analysis);
    // The import graph read the disk: news are an editor buffer, or a new version that may import other files or say 'use client'.
    if (this.files.has(filePath) ? replaced?.text !== text : replaced !== undefined && replaced.text !== text) this.graph.update(filePath);
    return analysis;
  }

  /**
   * Makes the editor's text authoritative for `filePath` until `closeOverlay`. Source files are parsed
   * at once; for project files (package.json, tsconfig, `.nvmrc`) what was read from them is forgotten.
   */
  setOverlay(filePath: string, text: string): FileAnalysis {
    const known = this.files.has(filePath);
    this.files.set(filePath, text);
    // A keystroke in an open source file changes no file's existence and no project file: resolutions stay.
    if (!known || isProjectFile(filePath)) this.forgetDerived(filePath);
    if (!known && isAnalyzablePath(filePath)) this.graph.addFile(filePath);
    return this.setFile(filePath, text);
  }

  /** Puts an editor buffer of a non-source project file (package.json, tsconfig.json, `.nvmrc`) over the disk. */
  setProjectFileOverlay(filePath: string, text: string): void {
    this.files.set(filePath, text);
    this.invalidate(filePath);
  }

  /**
   * The analysis of `filePath` as its overlay or the disk holds it now (a workspace scan): the one already held
   * when its text is the same, so the files importing it keep their summaries; otherwise `invalidate`, then read.
   */
  refresh(filePath: string): FileAnalysis | undefined {
    const cached = this.store.get(filePath);
    if (cached && this.files.readText(filePath, maxFileBytes) === cached.text) return cached;
    this.invalidate(filePath);
    return this.getFile(filePath);
  }

  /** True while the editor owns the text of `filePath`. */
  hasOverlay(filePath: string): boolean {
    return this.files.has(filePath);
  }

  /** Returns `filePath` to its on-disk content. */
  closeOverlay(filePath: string): void {
    this.files.delete(filePath);
    this.invalidate(filePath);
  }

  /**
   * Lets go of a parsed file that nothing imports (its tree is only memory); unlike `invalidate`, every
   * cache derived from other files (resolutions, aliases, package and runtime facts) is kept.
   */
  release(filePath: string): void {
    if (!this.files.has(filePath)) this.store.delete(filePath);
  }

  /** Forgets a file (changed or deleted on disk) and every summary that depended on it. */
  invalidate(filePath: string): void {
    if (!this.files.has(filePath)) this.store.delete(filePath);
    this.forgetDerived(filePath);
    if (isProjectFile(filePath)) {
      this.graph.reset();
      this.store.invalidateAll();
    } else {
      this.store.invalidateDependents(filePath);
      this.graph.update(filePath);
    }
  }

  /** What the nearest package.json above `filePath` says about where its code runs. */
  packageEnvironmentOf(filePath: string): 'browser' | undefined {
    return this.packages.of(filePath);
  }

  /** The Node.js and undici majors the project files above `filePath` declare (cached per directory). */
  runtimeVersionsOf(filePath: string): RuntimeVersions {
    return this.runtimes.of(filePath);
  }

  /**
   * What is known about the server at `origin` for code in `fromFile`: the project config's profile, with
   * an idle timeout this session's probe measured taking the place of the saved one.
   */
  serverProfile(origin: string, fromFile: string): KnownServerProfile | undefined {
    const key = originKey(origin);
    const configured = key === undefined ? undefined : this.serverProfilesFor(fromFile)?.servers?.[key];
    const measured = this.knownServers.knownIdleTimeoutMs(origin);
    if (measured !== undefined) return { ...configured, idleTimeoutMs: measured, source: 'probe' };
    if (!configured) return undefined;
    const at = configured.measuredAt === undefined ? NaN : Date.parse(configured.measuredAt);
    const ageDays = Number.isNaN(at) ? undefined : Math.max(0, Math.floor((this.clock().getTime() - at) / dayMs));
    return { ...configured, source: 'config', ageDays };
  }

  /** The URL the project config's `env` mapping gives environment variable `name` for code in `fromFile`. */
  envUrl(name: string, fromFile: string): string | undefined {
    const env = this.serverProfilesFor(fromFile)?.env;
    return env && Object.hasOwn(env, name) ? env[name] : undefined;
  }

  /** `filePath` relative to its repository's root (the nearest `.git` above it), `/`-separated. */
  repositoryRelativePath(filePath: string): string {
    return this.repositories.relativePath(filePath);
  }

  /** Whether a specifier can name a project file: relative, a tsconfig `paths` alias, or a workspace package. */
  isProjectSpecifier(fromFile: string, specifier: string): boolean {
    return this.modules.isProjectSpecifier(fromFile, specifier);
  }

  /** Resolves a relative, tsconfig-aliased or workspace-package import from `fromFile` to an analysed project file. */
  resolveImport(fromFile: string, specifier: string): FileAnalysis | undefined {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    const known = this.resolutions.get(key);
    const target = known === null ? undefined : known !== undefined ? this.getFile(known) : this.firstFile(this.modules.candidates(fromFile, specifier));
    this.resolutions.set(key, target ? target.path : null);
    if (!target) return undefined;
    this.store.recordImport(fromFile, target.path);
    return target;
  }

  private firstFile(candidates: readonly string[]): FileAnalysis | undefined {
    for (const candidate of candidates) {
      const analysis = this.getFile(candidate);
      if (analysis) return analysis;
    }
    return undefined;
  }

  /** Drops what the project parts derived from files (resolutions, aliases, package and runtime facts). */
  private forgetDerived(filePath: string): void {
    this.resolutions.clear();
    this.modules.invalidate(filePath);
    this.packages.invalidate(filePath);
    this.runtimes.invalidate(filePath);
  }
}

/**
 * Monorepo workspace packages: a bare import (`@acme/http`, `@acme/http/sub/path`) of a package the workspace
 * declares names its source, found through the package's package.json, with no `node_modules` needed. The
 * workspace root is the nearest directory above the importing file that declares workspaces (package.json
 * `workspaces`, pnpm-workspace.yaml, lerna.json), not above the repository root (its `.git`). Roots and package
 * lists are cached until a package.json, pnpm-workspace.yaml or lerna.json changes.
 */
import * as path from 'node:path';
import { ts } from '../ts';
import type { FileSystem } from './file-system';
import { walkUp } from './walk-up';
import { type BuildLayout, type EntryManifest, entryCandidates, packageRelative } from './package-entry-points';
import { expandWorkspaceGlobs, parseJson, workspaceFileNames, workspaceGlobs } from './workspace-globs';

/** One package of a workspace: where it is and the package.json fields that say what it exports. */
interface WorkspacePackage {
  dir: string;
  manifest: EntryManifest;
  /** From the package's tsconfig.json, when it sets both `outDir` and `rootDir`. */
  layout?: BuildLayout;
}

/** Finds workspace packages through the project's file system. */
export class WorkspacePackages {
  /** Directory → the workspace root it belongs to (null: none). */
  private readonly rootOfDirectory = new Map<string, string | null>();
  /** Workspace root → its packages by name. */
  private readonly packagesOfRoot = new Map<string, Map<string, WorkspacePackage>>();
  /** `package dir\0subpath` → its candidates from the first that exists. */
  private readonly candidatesOfEntry = new Map<string, string[]>();

  constructor(private readonly files: FileSystem) {}

  /** Whether `specifier` names a package of the workspace `fromFile` is in (or a path inside one). */
  isWorkspaceSpecifier(fromFile: string, specifier: string): boolean {
    return this.lookup(fromFile, specifier) !== undefined;
  }

  /**
   * The files a workspace import may name, in the order to try them, from the first that exists (found once per
   * package and subpath, not once per importing directory); empty when it is not one.
   */
  candidates(fromFile: string, specifier: string): string[] {
    const found = this.lookup(fromFile, specifier);
    if (!found) return [];
    const key = `${found.pkg.dir}\0${found.subpath}`;
    let candidates = this.candidatesOfEntry.get(key);
    if (!candidates) {
      const all = entryCandidates(found.pkg.dir, found.pkg.manifest, found.subpath, found.pkg.layout);
      const first = all.findIndex((candidate) => this.files.exists(candidate));
      this.candidatesOfEntry.set(key, (candidates = first < 0 ? [] : all.slice(first)));
    }
    return candidates;
  }

  /** Forgets which candidates exist (files come and go), and the roots and package lists when a file declaring them changes. */
  invalidate(filePath: string): void {
    this.candidatesOfEntry.clear();
    if (!workspaceFileNames.includes(path.basename(filePath)) && path.basename(filePath) !== 'tsconfig.json') return;
    this.rootOfDirectory.clear();
    this.packagesOfRoot.clear();
  }

  private lookup(fromFile: string, specifier: string): { pkg: WorkspacePackage; subpath: string } | undefined {
    const name = packageNameOf(specifier);
    if (name === undefined) return undefined;
    const root = this.rootOf(path.dirname(fromFile));
    const pkg = root === null ? undefined : this.packagesOf(root).get(name);
    return pkg ? { pkg, subpath: specifier.slice(name.length + 1) } : undefined;
  }

  /** The nearest directory that declares a workspace, never above the repository (`.git`). */
  private rootOf(start: string): string | null {
    return walkUp(start, this.rootOfDirectory, (dir) => {
      if (workspaceGlobs(dir, this.files) !== undefined) return dir;
      return this.files.exists(path.join(dir, '.git')) ? null : undefined;
    });
  }

  private packagesOf(root: string): Map<string, WorkspacePackage> {
    const known = this.packagesOfRoot.get(root);
    if (known) return known;
    const packages = new Map<string, WorkspacePackage>();
    // The root package belongs to its workspace too (pnpm's rule); a listed package wins over it on a name clash.
    for (const dir of [root, ...expandWorkspaceGlobs(root, workspaceGlobs(root, this.files) ?? [], this.files)]) {
      const manifest = parseJson(this.files.readText(path.join(dir, 'package.json')));
      if (typeof manifest?.name === 'string' && manifest.name !== '') packages.set(manifest.name, { dir, manifest, layout: buildLayout(dir, this.files) });
    }
    this.packagesOfRoot.set(root, packages);
    return packages;
  }
}

/** `outDir` and `rootDir` of the package's own tsconfig.json (`extends` is not followed); undefined unless both are set inside it. */
function buildLayout(dir: string, files: FileSystem): BuildLayout | undefined {
  const text = files.readText(path.join(dir, 'tsconfig.json'));
  if (text === undefined) return undefined;
  const options = (ts.parseConfigFileTextToJson('tsconfig.json', text).config as { compilerOptions?: { outDir?: unknown; rootDir?: unknown } } | undefined)?.compilerOptions;
  const inside = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    const relative = packageRelative(value).replace(/(.)\/$/, '$1');
    return relative.startsWith('..') || path.posix.isAbsolute(relative) ? undefined : relative;
  };
  const outDir = inside(options?.outDir);
  const rootDir = inside(options?.rootDir);
  return outDir && rootDir !== undefined && outDir !== '.' ? { outDir, rootDir } : undefined;
}

/** `@acme/http` of `@acme/http/sub`, `lodash` of `lodash/fp`; undefined for relative, absolute and `node:` specifiers. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier === '' || specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':') || specifier.includes('\\')) return undefined;
  const segments = specifier.split('/');
  const name = specifier.startsWith('@') ? (segments.length >= 2 && segments[1] !== '' ? `${segments[0]}/${segments[1]}` : undefined) : segments[0];
  return name === undefined || name === '' ? undefined : name;
}

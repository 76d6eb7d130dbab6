/**
 * Which Node.js a project runs on and which undici it installs, as far as its files say: `.nvmrc` /
 * `.node-version`, `engines.node`, `node_modules/undici/package.json`, `package-lock.json` and the
 * `undici` dependency range. Every answer says where it came from, for messages.
 */
import * as path from 'node:path';

/** A major version and the evidence for it. */
export interface MajorVersion {
  major: number;
  /** Where it was read, for messages: "`.nvmrc` (20)", "`engines.node` \">=18\" in packages/api/package.json". */
  source: string;
}

/** What the project files say about the runtime of one directory. */
export interface RuntimeVersions {
  node?: MajorVersion;
  undici?: MajorVersion;
}

/** Reads a text file, or undefined. */
export type ReadText = (filePath: string) => string | undefined;

/** Node.js release line → major of the undici it bundles (undici README "Long Term Support"; nodejs/node release PRs). */
export const bundledUndiciMajor: Readonly<Record<number, number>> = { 18: 5, 20: 6, 22: 6, 23: 6, 24: 7, 26: 8 };

const ltsCodenames: Readonly<Record<string, number>> = { hydrogen: 18, iron: 20, jod: 22, krypton: 24 };

/**
 * Reads the runtime versions that apply to files in `dir`, walking up to `top` (the repository's root: a
 * `node_modules`, `.nvmrc` or package.json above the repository is not the project's) or else the filesystem root.
 * `root` only shortens the paths messages show.
 */
export function readRuntimeVersions(dir: string, read: ReadText, root?: string, top?: string): RuntimeVersions {
  const result: RuntimeVersions = {};
  let nvmrc: MajorVersion | undefined;
  let engines: MajorVersion | undefined;
  // The nearest package.json with an `engines.node` decides, even when its range says nothing usable ("*").
  let enginesSeen = false;
  let undiciRange: MajorVersion | undefined;
  let declaringDir: string | undefined;
  for (let current = dir; ; current = path.dirname(current)) {
    nvmrc ??= nodeVersionFile(current, read, root);
    const manifestText = read(path.join(current, 'package.json'));
    const manifest = manifestText === undefined ? undefined : parseJson(manifestText);
    if (manifest) {
      if (!enginesSeen && hasEnginesNode(manifest)) {
        enginesSeen = true;
        engines = enginesNode(manifest, path.join(current, 'package.json'), root);
      }
      if (!declaringDir && declaresUndici(manifest)) {
        declaringDir = current;
        undiciRange = undiciDependency(manifest, path.join(current, 'package.json'), root);
      }
    }
    result.undici ??= installedUndici(current, read, root);
    const parent = path.dirname(current);
    if (parent === current || current === top) break;
  }
  result.node = nvmrc ?? engines;
  // The copy on disk decides; then the lockfile pinned next to the declaring package; then the declared range.
  result.undici ??= declaringDir ? lockedUndici(declaringDir, read, root, top) : undefined;
  result.undici ??= undiciRange;
  return result;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A short form of a path for messages: relative to `root` when given, else its last two segments. */
function shown(filePath: string, root: string | undefined): string {
  if (root) return path.relative(root, filePath) || path.basename(filePath);
  return filePath.split(/[\\/]/).slice(-2).join('/');
}

function nodeVersionFile(dir: string, read: ReadText, root: string | undefined): MajorVersion | undefined {
  for (const name of ['.nvmrc', '.node-version']) {
    const text = read(path.join(dir, name))?.trim();
    if (!text) continue;
    const major = nodeMajorOfAlias(text);
    if (major !== undefined) return { major, source: `\`${shown(path.join(dir, name), root)}\` (${text.split('\n')[0]})` };
  }
  return undefined;
}

/** `20`, `v22.11.0`, `lts/iron` → the major; `node`, `lts/*` → undefined (whatever is newest). */
function nodeMajorOfAlias(text: string): number | undefined {
  const first = text.split(/\s+/)[0].toLowerCase();
  const codename = /^lts\/(\w+)$/.exec(first)?.[1];
  if (codename) return ltsCodenames[codename];
  const match = /^v?(\d+)(\.|$)/.exec(first);
  return match ? Number(match[1]) : undefined;
}

function hasEnginesNode(manifest: Record<string, unknown>): boolean {
  const engines = manifest.engines as Record<string, unknown> | undefined;
  return typeof engines?.node === 'string';
}

function enginesNode(manifest: Record<string, unknown>, file: string, root: string | undefined): MajorVersion | undefined {
  const engines = manifest.engines as Record<string, unknown> | undefined;
  const range = engines && typeof engines.node === 'string' ? engines.node : undefined;
  const major = range ? lowestMajor(range) : undefined;
  return major === undefined ? undefined : { major, source: `\`engines.node\` "${range}" in ${shown(file, root)} (lowest Node.js it allows)` };
}

/** The lowest major a semver range admits: `>=18.17 <23` → 18, `^20 || ^22` → 20, `*` or `<22` → undefined. */
export function lowestMajor(range: string): number | undefined {
  const majors: number[] = [];
  for (const part of range.split('||')) {
    for (const match of part.matchAll(/(<=?|>=?)?\s*[~^=v]*(\d+)/g)) {
      if (match[1]?.startsWith('<')) continue;
      majors.push(Number(match[2]));
      break;
    }
  }
  return majors.length > 0 ? Math.min(...majors) : undefined;
}

function declaresUndici(manifest: Record<string, unknown>): boolean {
  return ['dependencies', 'devDependencies', 'optionalDependencies'].some((field) => typeof (manifest[field] as Record<string, unknown> | undefined)?.undici === 'string');
}

function undiciDependency(manifest: Record<string, unknown>, file: string, root: string | undefined): MajorVersion | undefined {
  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = manifest[field] as Record<string, unknown> | undefined;
    const range = deps && typeof deps.undici === 'string' ? deps.undici : undefined;
    if (!range) continue;
    const major = exactMajorOfRange(range);
    return major === undefined ? undefined : { major, source: `\`undici\` "${range}" in ${shown(file, root)}` };
  }
  return undefined;
}

/** The one major a dependency range installs (`^7.2.0`, `~6.21`, `7.x`, `7.3.0`); undefined when it may be several. */
function exactMajorOfRange(range: string): number | undefined {
  const trimmed = range.trim();
  if (/\|\||\s-\s|[<>*:]|latest/.test(trimmed)) return undefined;
  const match = /^[~^=v]*(\d+)(\.|$)/.exec(trimmed);
  return match ? Number(match[1]) : undefined;
}

function installedUndici(dir: string, read: ReadText, root: string | undefined): MajorVersion | undefined {
  const file = path.join(dir, 'node_modules', 'undici', 'package.json');
  const manifest = parseJson(read(file) ?? '');
  const version = manifest && typeof manifest.version === 'string' ? manifest.version : undefined;
  const major = version ? /^(\d+)\./.exec(version)?.[1] : undefined;
  return major ? { major: Number(major), source: `undici ${version} installed in ${shown(path.dirname(file), root)}` } : undefined;
}

/** `packages["node_modules/undici"].version` in the nearest package-lock.json at or above the declaring package. */
function lockedUndici(dir: string, read: ReadText, root: string | undefined, top: string | undefined): MajorVersion | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const file = path.join(current, 'package-lock.json');
    const lock = parseJson(read(file) ?? '');
    if (lock) {
      const packages = lock.packages as Record<string, { version?: unknown }> | undefined;
      const relative = path.relative(current, dir).split(path.sep).join('/');
      const entry = packages?.[relative ? `${relative}/node_modules/undici` : 'node_modules/undici'] ?? packages?.['node_modules/undici'];
      const version = typeof entry?.version === 'string' ? entry.version : undefined;
      const major = version ? /^(\d+)\./.exec(version)?.[1] : undefined;
      return major ? { major: Number(major), source: `undici ${version} in ${shown(file, root)}` } : undefined;
    }
    if (path.dirname(current) === current || current === top) return undefined;
  }
}

/** The runtime versions per directory, read through the project's file system and cached. */
export class RuntimeVersionCache {
  private readonly byDirectory = new Map<string, RuntimeVersions>();

  /** @param topOf the repository root above a directory (where the walk stops), or null outside a repository */
  constructor(
    private readonly read: ReadText,
    private readonly topOf: (dir: string) => string | null = () => null,
  ) {}

  /** The Node.js and undici majors the project files above `filePath` declare. */
  of(filePath: string): RuntimeVersions {
    const dir = path.dirname(filePath);
    let versions = this.byDirectory.get(dir);
    if (!versions) this.byDirectory.set(dir, (versions = readRuntimeVersions(dir, this.read, undefined, this.topOf(dir) ?? undefined)));
    return versions;
  }

  /** Forgets everything when a file that declares versions changes. */
  invalidate(filePath: string): void {
    if (/^(package\.json|package-lock\.json|\.nvmrc|\.node-version)$/.test(path.basename(filePath))) this.byDirectory.clear();
  }
}

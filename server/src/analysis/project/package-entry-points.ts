/**
 * The source files an import of a workspace package (`@acme/http`, `@acme/http/sub/path`) may name, from its
 * package.json: `exports` (a string, `"."`, subpath keys and `./*` patterns, condition objects), then `types`/
 * `typings`, `module`, `main`, then `src/index.ts`. A target in a build output (`dist/index.js`, `build/…`,
 * `dist/index.d.ts`) is mapped to the source it is compiled from (`src/index.ts`) ahead of itself, as
 * TypeScript's project references do: a checkout without a build has no `dist`, and the source is what to analyse.
 * The package's own tsconfig `outDir`/`rootDir` say that mapping exactly when they are set (`lib2/x.js` →
 * `source/x.ts`); `typesVersions` maps subpaths (`"*": { "client": ["dist/client.d.ts"] }`) like `exports` does.
 */
import * as path from 'node:path';
import { candidatePaths } from './candidate-paths';

/** Conditions tried first, in this order; any others follow in declaration order. */
const preferredConditions = ['source', 'types', 'typings', 'import', 'module', 'default', 'require', 'node'];

/** Leading directories of a build output, stripped to find the source (`dist/esm/x.js` → `src/x.ts`). */
const buildDirectories = new Set(['dist', 'build', 'out', 'lib', 'esm', 'cjs', 'mjs', 'types', 'typings', 'dts', 'es', 'umd']);

/** The package.json fields read here. */
export interface EntryManifest {
  exports?: unknown;
  types?: unknown;
  typings?: unknown;
  module?: unknown;
  main?: unknown;
  typesVersions?: unknown;
}

/** A package's build layout from its tsconfig: `outDir` and `rootDir`, relative to the package, POSIX, no `./`. */
export interface BuildLayout {
  outDir: string;
  rootDir: string;
}

/**
 * Candidate files, in the order to try them, for `subpath` ('' for the package itself, else `sub/path`) of the
 * package in `dir`. A subpath `exports` does not list is still looked for in the package (TypeScript's `node10`
 * resolution does so); a file that is not there is simply not found.
 */
export function entryCandidates(dir: string, manifest: EntryManifest, subpath: string, layout?: BuildLayout): string[] {
  const targets: string[] = [];
  const exported = exportTargets(manifest.exports, subpath) ?? typesVersionTargets(manifest.typesVersions, subpath);
  if (exported) targets.push(...exported);
  if (subpath === '') {
    for (const field of [manifest.types, manifest.typings, manifest.module, manifest.main]) if (typeof field === 'string') targets.push(field);
  } else if (!exported?.length) targets.push(subpath);
  const candidates = targets.flatMap((target) => [...layoutCandidates(dir, target, layout), ...targetCandidates(dir, target)]);
  candidates.push(...candidatePaths(path.join(dir, 'src', subpath === '' ? 'index' : subpath)));
  if (subpath === '') candidates.push(...candidatePaths(path.join(dir, 'index')));
  return [...new Set(candidates)];
}

/** What `exports` gives for a subpath; undefined when there is no `exports` field. */
function exportTargets(field: unknown, subpath: string): string[] | undefined {
  if (field === undefined) return undefined;
  const key = subpath === '' ? '.' : `./${subpath}`;
  if (field === null || typeof field !== 'object' || Array.isArray(field)) return key === '.' ? conditionTargets(field, 0) : [];
  const map = field as Record<string, unknown>;
  const keys = Object.keys(map);
  if (!keys.some((name) => name.startsWith('.'))) return key === '.' ? conditionTargets(map, 0) : [];
  if (Object.hasOwn(map, key)) return conditionTargets(map[key], 0);
  const match = patternMatch(keys, key);
  return match ? conditionTargets(map[match.pattern], 0).map((target) => target.split('*').join(match.middle)) : [];
}

/** The `*` pattern among `keys` that `key` matches, longest prefix before `*` first (Node's order), and what `*` stands for. */
function patternMatch(keys: readonly string[], key: string): { pattern: string; middle: string } | undefined {
  const patterns = keys.filter((name) => name.split('*').length === 2).sort((a, b) => b.indexOf('*') - a.indexOf('*'));
  for (const pattern of patterns) {
    const [prefix, suffix] = pattern.split('*');
    if (!key.startsWith(prefix) || !key.endsWith(suffix) || key.length < prefix.length + suffix.length) continue;
    return { pattern, middle: key.slice(prefix.length, key.length - suffix.length) };
  }
  return undefined;
}

/**
 * What `typesVersions` gives for a subpath (`{ ">=4.2": { "*": ["dist/*"] } }`): the first version range's
 * mapping (the TypeScript version is not checked), exact keys before `*` patterns; undefined without a match.
 */
function typesVersionTargets(field: unknown, subpath: string): string[] | undefined {
  if (field === null || typeof field !== 'object' || Array.isArray(field)) return undefined;
  const first = Object.values(field as Record<string, unknown>)[0];
  if (first === null || typeof first !== 'object' || Array.isArray(first)) return undefined;
  const map = first as Record<string, unknown>;
  const key = subpath === '' ? 'index' : subpath;
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  if (Object.hasOwn(map, key)) return strings(map[key]);
  const match = subpath === '' ? undefined : patternMatch(Object.keys(map), key);
  return match && strings(map[match.pattern]).map((target) => target.split('*').join(match.middle));
}

/** A target inside the tsconfig's `outDir` names the file under `rootDir` it is compiled from. */
function layoutCandidates(dir: string, target: string, layout: BuildLayout | undefined): string[] {
  if (!layout) return [];
  const relative = declarationToSource(packageRelative(target));
  const prefix = `${layout.outDir}/`;
  if (!relative.startsWith(prefix)) return [];
  const rest = withoutScriptExtension(relative.slice(prefix.length));
  return candidatePaths(path.join(dir, layout.rootDir, rest));
}

/** Every target a condition object, array or string leads to, preferred conditions first. */
function conditionTargets(value: unknown, depth: number): string[] {
  if (typeof value === 'string') return [value];
  if (depth > 8 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item) => conditionTargets(item, depth + 1));
  const conditions = value as Record<string, unknown>;
  const names = Object.keys(conditions);
  const ordered = [...preferredConditions.filter((name) => names.includes(name)), ...names.filter((name) => !preferredConditions.includes(name))];
  return ordered.flatMap((name) => conditionTargets(conditions[name], depth + 1));
}

/** The files one target may be: its source when it is a build output, then the target and its TypeScript twin. */
function targetCandidates(dir: string, target: string): string[] {
  const relative = packageRelative(target);
  if (relative.startsWith('../') || path.posix.isAbsolute(relative)) return [];
  const source = declarationToSource(relative);
  const segments = source.split('/');
  const mapped: string[] = [];
  // `dist/types/index.js` may be `src/types/index.ts` or (`types/` a format folder) `src/index.ts`: fewest stripped first.
  for (let stripped = 1; stripped < segments.length && buildDirectories.has(segments[stripped - 1]); stripped++) {
    const rest = segments.slice(stripped).join('/');
    const stem = withoutScriptExtension(rest);
    const under = rest.startsWith('src/') ? [stem] : [`src/${stem}`, stem];
    for (const base of under) mapped.push(...candidatePaths(path.join(dir, base)));
  }
  return [...mapped, ...candidatePaths(path.join(dir, source))];
}

/** A path from a package.json or tsconfig, relative to the package: POSIX, normalized, without a leading `./`. */
export function packageRelative(value: string): string {
  return path.posix.normalize(value.replace(/\\/g, '/')).replace(/^\.\//, '');
}

/** `x.d.ts` → `x.ts`, `x.d.mts` → `x.mts`: a declaration file stands for the module it declares. */
function declarationToSource(relative: string): string {
  return relative.replace(/\.d\.(m|c)?ts$/, '.$1ts');
}

function withoutScriptExtension(relative: string): string {
  return relative.replace(/\.(?:[mc]?[jt]s|[jt]sx)$/, '');
}

/**
 * The source files an import of a workspace package (`@acme/http`, `@acme/http/sub/path`) may name, from its
 * package.json: `exports` (a string, `"."`, subpath keys and `./*` patterns, condition objects), then `types`/
 * `typings`, `module`, `main`, then `src/index.ts`. A target in a build output (`dist/index.js`, `build/…`,
 * `dist/index.d.ts`) is mapped to the source it is compiled from (`src/index.ts`) ahead of itself, as
 * TypeScript's project references do: a checkout without a build has no `dist`, and the source is what to analyse.
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
}

/**
 * Candidate files, in the order to try them, for `subpath` ('' for the package itself, else `sub/path`) of the
 * package in `dir`. A subpath `exports` does not list is still looked for in the package (TypeScript's `node10`
 * resolution does so); a file that is not there is simply not found.
 */
export function entryCandidates(dir: string, manifest: EntryManifest, subpath: string): string[] {
  const targets: string[] = [];
  const exported = exportTargets(manifest.exports, subpath);
  if (exported) targets.push(...exported);
  if (subpath === '') {
    for (const field of [manifest.types, manifest.typings, manifest.module, manifest.main]) if (typeof field === 'string') targets.push(field);
  } else if (!exported?.length) targets.push(subpath);
  const candidates = targets.flatMap((target) => targetCandidates(dir, target));
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
  // Subpath patterns: the longest prefix before `*` wins (Node's order).
  const patterns = keys.filter((name) => name.split('*').length === 2).sort((a, b) => b.indexOf('*') - a.indexOf('*'));
  for (const pattern of patterns) {
    const [prefix, suffix] = pattern.split('*');
    if (!key.startsWith(prefix) || !key.endsWith(suffix) || key.length < prefix.length + suffix.length) continue;
    const middle = key.slice(prefix.length, key.length - suffix.length);
    return conditionTargets(map[pattern], 0).map((target) => target.split('*').join(middle));
  }
  return [];
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
  const relative = path.posix.normalize(target.replace(/\\/g, '/')).replace(/^\.\//, '');
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

/** `x.d.ts` → `x.ts`, `x.d.mts` → `x.mts`: a declaration file stands for the module it declares. */
function declarationToSource(relative: string): string {
  return relative.replace(/\.d\.(m|c)?ts$/, '.$1ts');
}

function withoutScriptExtension(relative: string): string {
  return relative.replace(/\.(?:[mc]?[jt]s|[jt]sx)$/, '');
}

/**
 * tsconfig/jsconfig `paths` and `baseUrl`, so that `import { api } from '@/lib/api'` reaches the
 * project file like a relative import does. Read once per config file; `extends` is not followed.
 */
import * as path from 'node:path';
import { ts } from '../ts';

/** The aliases one config file defines. */
export interface PathAliases {
  /** Absolute directory patterns resolve against. */
  baseDir: string;
  /** `@/*` → [`src/*`], in declaration order. */
  paths: Array<{ prefix: string; suffix: string; targets: string[] }>;
}

/** The config files that may define aliases, in the order TypeScript's tooling prefers them. */
export const configNames = ['tsconfig.json', 'jsconfig.json'];

/**
 * The aliases of the config file in `dir`, given the texts of its `tsconfig.json` and `jsconfig.json`
 * (undefined where absent): the first present one decides; undefined when it defines no paths.
 */
export function readPathAliases(dir: string, configTexts: ReadonlyArray<string | undefined>): PathAliases | undefined {
  for (const [index, name] of configNames.entries()) {
    const text = configTexts[index];
    if (text === undefined) continue;
    const parsed = ts.parseConfigFileTextToJson(name, text).config as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined;
    const options = parsed?.compilerOptions;
    if (!options?.paths && !options?.baseUrl) return undefined;
    const baseDir = path.resolve(dir, options.baseUrl ?? '.');
    const paths = Object.entries(options.paths ?? {}).map(([pattern, targets]) => {
      const star = pattern.indexOf('*');
      return {
        prefix: star < 0 ? pattern : pattern.slice(0, star),
        suffix: star < 0 ? '' : pattern.slice(star + 1),
        targets: Array.isArray(targets) ? targets.filter((target) => typeof target === 'string') : [],
      };
    });
    if (options.baseUrl) paths.push({ prefix: '', suffix: '', targets: ['*'] });
    return { baseDir, paths };
  }
  return undefined;
}

/** Candidate base paths (without extension handling) for `specifier` under `aliases`. */
export function aliasCandidates(aliases: PathAliases, specifier: string): string[] {
  const bases: string[] = [];
  for (const { prefix, suffix, targets } of aliases.paths) {
    const wildcard = targets.some((target) => target.includes('*'));
    if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (!wildcard && specifier !== prefix) continue;
    const middle = specifier.slice(prefix.length, specifier.length - suffix.length);
    for (const target of targets) bases.push(path.resolve(aliases.baseDir, target.replace('*', middle)));
  }
  return bases;
}

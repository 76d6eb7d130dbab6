/**
 * The walk from a directory up to the file-system root that finding a repository root, a workspace root or
 * the nearest config file share: every directory passed is cached with the answer, so the next walk from any
 * of them is one lookup.
 */
import * as path from 'node:path';

/**
 * `answer(dir)` decides at each directory from `start` up: a value (found here), `null` (stop here, nothing
 * above counts) or `undefined` (go on to the parent). Past the file-system root the answer is null.
 */
export function walkUp<T>(start: string, cache: Map<string, T | null>, answer: (dir: string) => T | null | undefined): T | null {
  const passed: string[] = [];
  let dir = start;
  let found: T | null | undefined;
  for (;;) {
    found = cache.get(dir);
    if (found !== undefined) break;
    passed.push(dir);
    found = answer(dir);
    if (found !== undefined) break;
    const parent = path.dirname(dir);
    if (parent === dir) {
      found = null;
      break;
    }
    dir = parent;
  }
  for (const seen of passed) cache.set(seen, found);
  return found;
}

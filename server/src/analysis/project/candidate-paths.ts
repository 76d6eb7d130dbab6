/**
 * The files an import of a path may name, in the order TypeScript tries them: `./x.js` is `x.ts` when the
 * source is TypeScript, `./x` is `x.ts`, `x.tsx`… or `x/index.ts`…
 */
import * as path from 'node:path';
import { analyzableExtensions } from '../parse';

const tsCounterparts: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
};

/** Where `import './x'` may point: the file itself, its TypeScript source, `x.ts`, `x/index.ts`… */
export function candidatePaths(base: string): string[] {
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

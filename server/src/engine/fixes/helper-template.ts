/** The bundled helper's text, in the form a project needs (TypeScript, ESM or CommonJS). */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Which form of the helper a user file imports. */
export type HelperFlavor = 'ts' | 'mjs' | 'cjs';

/** A marker in the helper's first lines: `resilient-http … v<version>`. */
export const helperVersionPattern = /resilient-http\b.*\bv(\d+)\b/;

const candidates: Record<HelperFlavor, string[]> = {
  // From the bundle (dist/server.js, dist/cli.js) and from the sources (tests run server/src directly).
  ts: ['../server/resources/resilient-http.ts', '../../../resources/resilient-http.ts'],
  mjs: ['resources/resilient-http.mjs', '../../../../dist/resources/resilient-http.mjs'],
  cjs: ['resources/resilient-http.cjs', '../../../../dist/resources/resilient-http.cjs'],
};

/** Reads the helper template; undefined when this installation does not ship that form. */
export function readHelperTemplate(flavor: HelperFlavor): string | undefined {
  for (const candidate of candidates[flavor]) {
    try {
      return fs.readFileSync(path.resolve(__dirname, candidate), 'utf8');
    } catch {
      // try the next location
    }
  }
  return undefined;
}

/** The helper version a file declares, if it is our helper. */
export function helperVersion(text: string): number | undefined {
  const head = text.split('\n', 6).join('\n');
  const match = helperVersionPattern.exec(head);
  return match ? Number(match[1]) : undefined;
}

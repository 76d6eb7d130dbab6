/** Parsing with the TypeScript compiler that ts-morph bundles; analysis works on raw compiler nodes. */
import * as path from 'node:path';
import { ts } from './ts';

/** Extensions the analyzer reads. */
export const analyzableExtensions: readonly string[] = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** True for a path the analyzer can read (declaration files excluded). */
export function isAnalyzablePath(filePath: string): boolean {
  if (/\.d\.[mc]?ts$/.test(filePath)) return false;
  return analyzableExtensions.includes(path.extname(filePath).toLowerCase());
}

function scriptKindFor(filePath: string): ts.ScriptKind {
  switch (path.extname(filePath).toLowerCase()) {
    case '.tsx':
      return ts.ScriptKind.TSX;
    case '.js':
    case '.mjs':
    case '.cjs':
      return ts.ScriptKind.JS;
    case '.jsx':
      return ts.ScriptKind.JSX;
    default:
      return ts.ScriptKind.TS;
  }
}

/**
 * Parses a file. Parent pointers are not set here: FileAnalysis sets them in the one walk it makes
 * anyway, which spares the parser's own extra pass.
 */
export function parseSource(filePath: string, text: string): ts.SourceFile {
  return ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, false, scriptKindFor(filePath));
}

/**
 * Re-parses `previous` for `text` incrementally (unchanged subtrees are reused), as editors do on
 * each keystroke. `previous` must not be used afterwards.
 */
export function reparseSource(previous: ts.SourceFile, text: string): ts.SourceFile {
  const old = previous.text;
  let start = 0;
  const shortest = Math.min(old.length, text.length);
  while (start < shortest && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < shortest - start && old.charCodeAt(old.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const range = ts.createTextChangeRange(ts.createTextSpan(start, old.length - tail - start), text.length - tail - start);
  return ts.updateSourceFile(previous, text, range);
}

/** The first syntax error the parser recorded, if any. */
export function firstSyntaxError(sourceFile: ts.SourceFile): { message: string; start: number } | undefined {
  // parseDiagnostics is internal but stable across TypeScript versions; it is what `tsc` reports as TS1xxx.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  return { message: ts.flattenDiagnosticMessageText(first.messageText, '\n'), start: first.start };
}

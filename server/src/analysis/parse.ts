/** Parsing with the TypeScript compiler that ts-morph bundles; analysis works on raw compiler nodes. */
import * as path from 'node:path';
import { forgetResolutions } from './bindings';
import { forgetEnclosingFunctions } from './syntax';
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
  try {
    return ts.createSourceFile(filePath, text, ts.ScriptTarget.Latest, false, scriptKindFor(filePath));
  } catch (error) {
    if (!isStackOverflow(error)) throw error;
    // TypeScript's recursive-descent parser ran out of stack (`((((…))))` thousands deep): a parse
    // problem of the file, not a crash. An empty tree stands in, carrying the error as its syntax error.
    const standIn = ts.createSourceFile(filePath, '', ts.ScriptTarget.Latest, false, scriptKindFor(filePath));
    tooDeep.set(standIn, 'TypeScript\'s parser ran out of stack space: the code nests too deeply to parse');
    return standIn;
  }
}

/** Stand-in trees of files TypeScript could not parse, with the reason. */
const tooDeep = new WeakMap<ts.SourceFile, string>();

/** A `RangeError: Maximum call stack size exceeded`. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * Forgets what was remembered about nodes by their ancestors (enclosing functions, name resolutions): a tree
 * re-parsed incrementally, or one another parser updated, reuses subtrees under new parents.
 */
export function forgetTreeFacts(): void {
  forgetEnclosingFunctions();
  forgetResolutions();
}

/**
 * Re-parses `previous` for `text` incrementally (unchanged subtrees are reused), as editors do on
 * each keystroke. `previous` must not be used afterwards.
 */
export function reparseSource(previous: ts.SourceFile, text: string): ts.SourceFile {
  if (tooDeep.has(previous)) return parseSource(previous.fileName, text);
  forgetTreeFacts();
  const old = previous.text;
  const shortest = Math.min(old.length, text.length);
  const start = sameFor(shortest, (at, length) => old.slice(at, at + length) === text.slice(at, at + length));
  const tail = sameFor(shortest - start, (at, length) => old.slice(old.length - at - length, old.length - at) === text.slice(text.length - at - length, text.length - at));
  const range = ts.createTextChangeRange(ts.createTextSpan(start, old.length - tail - start), text.length - tail - start);
  try {
    return ts.updateSourceFile(previous, text, range);
  } catch (error) {
    // The incremental parser walks the old tree recursively: a tree deep enough for a full parse can
    // still be too deep for it. A full parse of the new text needs no old tree.
    if (!isStackOverflow(error)) throw error;
    return parseSource(previous.fileName, text);
  }
}

/**
 * How many characters, up to `limit`, the texts share where `same(at, length)` compares them: blocks of 4,096, then
 * 512, 64, 8, 1 characters, so that one keystroke in a large file costs a few native string comparisons, not a loop
 * over every character.
 */
function sameFor(limit: number, same: (at: number, length: number) => boolean): number {
  let count = 0;
  for (let block = 4096; block >= 1; block >>= 3) {
    while (count + block <= limit && same(count, block)) count += block;
  }
  return count;
}

/** The first syntax error the parser recorded, if any. */
export function firstSyntaxError(sourceFile: ts.SourceFile): { message: string; start: number } | undefined {
  const overflow = tooDeep.get(sourceFile);
  if (overflow) return { message: overflow, start: 0 };
  // parseDiagnostics is internal but stable across TypeScript versions; it is what `tsc` reports as TS1xxx.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (!first) return undefined;
  return { message: ts.flattenDiagnosticMessageText(first.messageText, '\n'), start: first.start };
}

/**
 * Mutated copies of the rule fixtures for the fuzz tests: truncations, deleted and duplicated spans,
 * inserted tokens (unbalanced brackets, `=>`, `fetch(`, `await`, quotes, comment openers…), as fast-check
 * arbitraries that shrink to the smallest failing change. Each mutation is also an edit, so the language
 * server test can send it as an incremental change, the way an editor does.
 *
 * The seed is fixed (FUZZ_SEED overrides it) so a run is reproducible; FUZZ_RUNS sets the number of runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { fixtureFiles, fixturesRoot } from './fixture-expectations';

/** The seed every fuzz property runs with unless FUZZ_SEED says otherwise. */
export const fuzzSeed = Number(process.env.FUZZ_SEED ?? 20_240_611);

/** Runs of a property: FUZZ_RUNS, or `fallback`. */
export function fuzzRuns(fallback: number): number {
  return Number(process.env.FUZZ_RUNS ?? fallback);
}

/** How to run a failed property again, for the failure message. */
export function reproduceHint(testFile: string, seed: number, runs: number): string {
  return `reproduce with: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} node --import tsx --test ${testFile}`;
}

/** Tokens that break or reshape code when dropped in anywhere. */
export const insertedTokens: readonly string[] = [
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '=>',
  'fetch(',
  'await ',
  'async ',
  'Promise.all(',
  "'",
  '"',
  '`',
  '${',
  '/*',
  '*/',
  '//',
  ';',
  ',',
  '.',
  '?.',
  '...',
  '\n',
  '\r\n',
  'return ',
  'new Agent(',
  'for (;;) ',
  'try { ',
  '} catch (e) { ',
  'const res = await fetch(url); ',
  "import { Agent } from 'undici';\n",
  '<div>',
  ' as any',
  '\u2028',
  '\ud83d\ude00',
  '\ud83d',
];

/** One change to a text; positions are taken modulo the text's length when applied. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'insert'; at: number; token: string }
  /** Whole lines, which keeps many files parseable: the analysis then runs on odd but valid code. */
  | { kind: 'delete-lines' | 'duplicate-lines'; at: number; count: number; to: number };

/** A replacement of `[start, end)` by `newText`. */
export interface Edit {
  start: number;
  end: number;
  newText: string;
}

const position = fc.nat({ max: 1_000_000 });
const spanLength = fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 400 }));

/** Any one mutation. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position, length: spanLength }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: position, length: spanLength, to: position }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, token: fc.constantFrom(...insertedTokens) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('delete-lines' as const, 'duplicate-lines' as const), at: position, count: fc.integer({ min: 1, max: 6 }), to: position }) },
);

/** The offset of the start of the line `offset` is on. */
function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset after the `count` lines from `start` (their line breaks included). */
function linesEnd(text: string, start: number, count: number): number {
  let end = start;
  for (let line = 0; line < count && end < text.length; line++) {
    const next = text.indexOf('\n', end);
    end = next < 0 ? text.length : next + 1;
  }
  return end;
}

/** The edit a mutation makes of `text`. */
export function editFor(text: string, change: Mutation): Edit {
  const at = change.at % (text.length + 1);
  switch (change.kind) {
    case 'truncate':
      return { start: at, end: text.length, newText: '' };
    case 'delete':
      return { start: at, end: Math.min(text.length, at + change.length), newText: '' };
    case 'duplicate': {
      const to = change.to % (text.length + 1);
      return { start: to, end: to, newText: text.slice(at, Math.min(text.length, at + change.length)) };
    }
    case 'insert':
      return { start: at, end: at, newText: change.token };
    case 'delete-lines':
    case 'duplicate-lines': {
      const start = lineStart(text, at);
      const end = linesEnd(text, start, change.count);
      if (change.kind === 'delete-lines') return { start, end, newText: '' };
      const to = lineStart(text, change.to % (text.length + 1));
      const lines = text.slice(start, end);
      return { start: to, end: to, newText: lines.endsWith('\n') ? lines : `${lines}\n` };
    }
  }
}

/** `text` with `edit` made. */
export function applyEdit(text: string, edit: Edit): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** A fixture, by its path relative to test-fixtures/, and its text. */
export interface Fixture {
  name: string;
  text: string;
}

/** Every analyzable fixture (fix outputs excluded). */
export function loadFixtures(): Fixture[] {
  return fixtureFiles(fixturesRoot)
    .sort()
    .map((file) => ({ name: path.relative(fixturesRoot, file), text: fs.readFileSync(file, 'utf8') }));
}

/** A fixture and one to four mutations of it. */
export function mutatedFixture(fixtures: readonly Fixture[]): fc.Arbitrary<{ fixture: Fixture; mutations: Mutation[] }> {
  return fc.record({ fixture: fc.constantFrom(...fixtures), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) });
}

/** The edits the mutations make, one after the other, and the final text. */
export function mutate(text: string, mutations: readonly Mutation[]): { edits: Edit[]; text: string } {
  const edits: Edit[] = [];
  let current = text;
  for (const change of mutations) {
    const edit = editFor(current, change);
    edits.push(edit);
    current = applyEdit(current, edit);
  }
  return { edits, text: current };
}

/** Copies test-fixtures/ to `dir` (package.json, tsconfig and `.nvmrc` files included), so that files can be mutated in place. */
export function copyFixtures(dir: string): void {
  fs.cpSync(fixturesRoot, dir, { recursive: true });
}

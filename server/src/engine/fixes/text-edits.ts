/** Applying plain-data text edits (offsets into the original text). */
import type { TextEdit } from '@shared/edits';

/** True when two edits touch the same characters (insertions at the same point also conflict). */
export function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.end && b.start < a.end ? true : a.start === b.start;
}

/** Applies non-overlapping edits; later offsets first so earlier ones stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/** Picks edit groups in order, skipping any group that overlaps one already taken (as ESLint's fixer does). */
export function nonOverlappingGroups<T extends { edits: readonly TextEdit[] }>(groups: readonly T[]): T[] {
  const taken: TextEdit[] = [];
  const chosen: T[] = [];
  for (const group of groups) {
    if (group.edits.some((edit) => taken.some((other) => overlaps(edit, other)))) continue;
    taken.push(...group.edits);
    chosen.push(group);
  }
  return chosen;
}

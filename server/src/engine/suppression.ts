/**
 * Disable comments, as in ESLint:
 *   // http-resilience-disable-next-line rule-a, rule-b   (no ids: every rule)
 *   /* http-resilience-disable rule-a *\/                  (the whole file)
 */
import { ts } from '../analysis/ts';

/** Which rules are disabled where in one file. */
export interface Suppressions {
  /** Rule ids disabled for the whole file; `*` for all. */
  file: Set<string>;
  /** Zero-based line → rule ids disabled on it; `*` for all. */
  lines: Map<number, Set<string>>;
}

const nextLinePattern = /\/\/\s*http-resilience-disable-next-line\b([^\n]*)/g;
const fileLinePattern = /\/\*\s*http-resilience-disable\b([\s\S]*?)\*\//g;

function ruleIds(list: string): Set<string> {
  const ids = list
    .replace(/--.*$/, '')
    .split(/[\s,]+/)
    .filter((id) => id.length > 0);
  return new Set(ids.length > 0 ? ids : ['*']);
}

/** Reads the disable comments of a file. */
export function readSuppressions(sourceFile: ts.SourceFile): Suppressions {
  const text = sourceFile.text;
  const result: Suppressions = { file: new Set(), lines: new Map() };
  if (!text.includes('http-resilience-disable')) return result;
  for (const match of text.matchAll(nextLinePattern)) {
    const line = sourceFile.getLineAndCharacterOfPosition(match.index ?? 0).line + 1;
    const ids = result.lines.get(line) ?? new Set<string>();
    for (const id of ruleIds(match[1])) ids.add(id);
    result.lines.set(line, ids);
  }
  for (const match of text.matchAll(fileLinePattern)) {
    for (const id of ruleIds(match[1])) result.file.add(id);
  }
  return result;
}

/** True when a finding of `ruleId` starting on `line` is disabled. */
export function isSuppressed(suppressions: Suppressions, ruleId: string, line: number): boolean {
  if (suppressions.file.has('*') || suppressions.file.has(ruleId)) return true;
  const ids = suppressions.lines.get(line);
  return ids !== undefined && (ids.has('*') || ids.has(ruleId));
}

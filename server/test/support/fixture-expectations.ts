/** Reads `// expect: rule-a, rule-b` annotations from fixture files (architecture.md §7). */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Root of the rule fixtures. */
export const fixturesRoot = path.resolve(__dirname, '../../../test-fixtures');

/** `line:rule-id` keys (1-based lines) that a file's annotations demand. */
export function expectedKeys(text: string): string[] {
  const keys: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = /\/\/\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/.exec(line);
    if (!match) return;
    for (const id of match[1].split(',')) keys.push(`${index + 1}:${id.trim()}`);
  });
  return keys.sort(compareKeys);
}

/** Orders `line:rule` keys by line, then rule. */
export function compareKeys(a: string, b: string): number {
  const [lineA, ruleA] = a.split(':');
  const [lineB, ruleB] = b.split(':');
  return Number(lineA) - Number(lineB) || ruleA.localeCompare(ruleB);
}

/** Every analyzable fixture under a folder (recursively), excluding fix outputs. */
export function fixtureFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...fixtureFiles(full));
    else if (/\.[cm]?[jt]sx?$/.test(entry.name) && !/\.fixed\.[cm]?[jt]sx?$/.test(entry.name)) files.push(full);
  }
  return files.sort();
}

/**
 * The editor's re-parse per keystroke (analysis/parse.ts `reparseSource`) finds the changed span by comparing the
 * old and new text in blocks: the tree it gives must be the one a full parse of the new text gives, wherever the
 * edit falls (the first or last character, across a block boundary, a file shorter than a block).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ts } from '../src/analysis/ts';
import { parseSource, reparseSource } from '../src/analysis/parse';

/** Kind and span of every node, in source order: equal for two trees of the same text exactly when they agree. */
function shape(sourceFile: ts.SourceFile): string {
  const parts: string[] = [];
  const visit = (node: ts.Node): void => {
    parts.push(`${node.kind}:${node.pos}-${node.end}`);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return parts.join(' ');
}

const line = (index: number) => `export async function load${index}(ids: string[]) { return Promise.all(ids.map((id) => fetch(\`/items/\${id}\`))); }\n`;
const large = Array.from({ length: 120 }, (_, index) => line(index)).join('');

describe('incremental re-parse', () => {
  const cases: Array<[string, string, (text: string) => string]> = [
    ['a character inserted at the start', large, (text) => `;${text}`],
    ['the last character removed', large, (text) => text.slice(0, -1)],
    ['a name changed across the first 4,096-character block boundary', large, (text) => `${text.slice(0, 4090)}renamed${text.slice(4100)}`],
    ['a line deleted in the middle', large, (text) => text.replace(line(60), '')],
    ['a line duplicated (the same text on both sides of the change)', large, (text) => text.replace(line(30), line(30) + line(30))],
    ['a function body replaced near the end', large, (text) => text.replace('load118(ids: string[]) {', 'load118(ids: string[]) { await sleep(1);')],
    ['an edit in a file shorter than one block', line(1), (text) => text.replace('fetch', 'got.get')],
    ['no change at all', large, (text) => text],
    ['everything replaced', line(2), () => 'const x = 1;\n'],
  ];
  for (const [name, before, edit] of cases) {
    it(`gives the full parse's tree: ${name}`, () => {
      const after = edit(before);
      const reparsed = reparseSource(parseSource('/p/a.ts', before), after);
      assert.equal(reparsed.text, after);
      assert.equal(shape(reparsed), shape(parseSource('/p/a.ts', after)));
    });
  }
});

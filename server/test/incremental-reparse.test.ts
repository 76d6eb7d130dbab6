/**
 * The editor's re-parse per keystroke (analysis/parse.ts `reparseSource`) finds the changed span by comparing the
 * old and new text in blocks: the tree it gives must be the one a full parse of the new text gives, wherever the
 * edit falls (the first or last character, across a block boundary, a file shorter than a block).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ts } from '../src/analysis/ts';
import { parseSource, reparseSource } from '../src/analysis/parse';
import { ProjectHost } from '../src/analysis/project/project-host';
import { analyzeFile } from '../src/engine/analyze-file';
import type { FileAnalysis } from '../src/analysis/file-analysis';
import { defaultSettings } from '../src/shared/settings';

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

/**
 * What analysis remembers about nodes by their ancestors (name resolutions, enclosing functions) is forgotten on a
 * re-parse: the reused subtrees sit under new parents, and a declaration the edit added can shadow a name in them.
 */
describe('facts about reused subtrees after a re-parse', () => {
  const filePath = '/p/src/sync.ts';
  // Functions between the edit and the loader: the parser widens an edit to the nodes next to it, and reuses the rest.
  const others = Array.from({ length: 20 }, (_, index) => `export function label${index}(id: string) {\n  return \`item-\${id}-${index}\`;\n}\n`).join('\n');
  const loader = `${others}\nexport async function loadAll(ids: string[]) {\n  return Promise.all(ids.map((id) => fetch(\`https://api.example.com/items/\${id}\`)));\n}\n`;
  const shadowing = 'const fetch = async (url: string) => ({ url });\n';
  const lint = (file: FileAnalysis) => analyzeFile(file, defaultSettings).map((finding) => `${finding.ruleId}@${finding.start}`);

  it('a local `fetch` added above a reused function is what its calls resolve to', () => {
    const host = new ProjectHost(() => undefined);
    const before = host.setOverlay(filePath, loader);
    assert.ok(lint(before).includes(`unbounded-concurrency@${loader.indexOf('Promise.all')}`));
    const reused = before.sourceFile.statements[20];
    const after = host.setOverlay(filePath, shadowing + loader);
    // The premise: the incremental parser kept the function's node, now under a tree with a `fetch` of its own.
    assert.equal(after.sourceFile.statements[21], reused);
    assert.deepEqual(lint(after), []);
    assert.deepEqual(lint(new ProjectHost(() => undefined).setOverlay(filePath, shadowing + loader)), []);
  });
});

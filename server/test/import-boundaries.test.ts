/** The layers hold on the real sources, and the check would catch an upward import, a rule importing a rule, or a circle. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { checkedDirectories, importProblems, readImportGraph } from '../../scripts/check-imports';

const root = path.resolve(__dirname, '../..');
const at = (relative: string) => path.join(root, relative);

describe('import boundaries', () => {
  it('hold for server/src and client/src', () => {
    const graph = readImportGraph(root, checkedDirectories);
    assert.ok(Object.keys(graph).length > 100, 'the sources were found');
    assert.deepEqual(importProblems(root, graph), []);
  });

  it('reject an upward import, a rule importing a rule, the client reaching into server/src, and a circle', () => {
    const graph = readImportGraph(root, checkedDirectories);
    graph[at('server/src/analysis/syntax.ts')].push(at('server/src/engine/analyze-file.ts'));
    graph[at('server/src/rules/missing-retry.ts')].push(at('server/src/rules/unbounded-concurrency.ts'));
    graph[at('client/src/extension.ts')].push(at('server/src/analysis/parse.ts'));
    graph[at('server/src/analysis/ts.ts')].push(at('server/src/analysis/syntax.ts'));
    const problems = importProblems(root, graph);
    assert.ok(problems.some((line) => line.startsWith('server/src/analysis/syntax.ts → server/src/engine/analyze-file.ts: analysis/ may not import engine/')), problems.join('\n'));
    assert.ok(problems.some((line) => line.includes('missing-retry.ts → server/src/rules/unbounded-concurrency.ts: a rule may not import another rule')));
    assert.ok(problems.some((line) => line.includes('client/src/extension.ts → server/src/analysis/parse.ts: the client may import only @shared/*')));
    assert.ok(problems.some((line) => line.startsWith('import circle: ') && line.includes('analysis/ts.ts') && line.includes('analysis/syntax.ts')));
  });
});

/** The accuracy corpus's scoring: family matching within ±2 lines, TP/FN/FP counting, ratios, label validation. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleIds } from '../../server/src/rules';
import { familyOfRule, type Label, scoreRepo, summarize, validateLabelFile } from './score';

const label = (line: number, family: Label['family'], verdict: Label['verdict'], path = 'src/a.ts'): Label => ({
  path,
  line,
  family,
  verdict,
  reason: 'test',
});

describe('accuracy scoring', () => {
  it('maps every registered rule to a family', () => {
    assert.deepEqual(Object.keys(familyOfRule).sort(), [...ruleIds].sort());
  });

  it('matches a finding of the same family in the same file within ±2 lines only', () => {
    const labels = [label(10, 'timeouts', 'problem'), label(20, 'timeouts', 'problem'), label(30, 'bodies', 'problem'), label(40, 'timeouts', 'problem', 'src/b.ts')];
    const score = scoreRepo(labels, [
      { path: 'src/a.ts', line: 12, ruleId: 'missing-timeout' }, // 10: +2, matches
      { path: 'src/a.ts', line: 23, ruleId: 'missing-timeout' }, // 20: +3, too far
      { path: 'src/a.ts', line: 30, ruleId: 'missing-timeout' }, // 30: wrong family
      { path: 'src/a.ts', line: 40, ruleId: 'missing-timeout' }, // 40: wrong file
    ]);
    assert.deepEqual(score.outcomes.map((o) => o.outcome), ['TP', 'FN', 'FN', 'FN']);
    assert.deepEqual(score.unlabelled.map((f) => f.line), [23, 30, 40]);
  });

  it('counts TP, FN, FP and TN per family and overall, with precision and recall', () => {
    const labels = [
      label(1, 'concurrency', 'problem'), // TP
      label(10, 'concurrency', 'problem'), // FN
      label(20, 'concurrency', 'clean'), // FP
      label(30, 'concurrency', 'clean'), // TN
      label(40, 'pools', 'problem'), // TP (any pools rule counts)
    ];
    const score = scoreRepo(labels, [
      { path: 'src/a.ts', line: 1, ruleId: 'unbounded-concurrency' },
      { path: 'src/a.ts', line: 19, ruleId: 'limiter-without-bound' },
      { path: 'src/a.ts', line: 41, ruleId: 'agent-per-request' },
      { path: 'src/a.ts', line: 100, ruleId: 'missing-retry' },
    ]);
    const { byFamily, overall } = summarize([score, score]);
    assert.deepEqual(
      { tp: byFamily.concurrency.tp, fn: byFamily.concurrency.fn, fp: byFamily.concurrency.fp, tn: byFamily.concurrency.tn },
      { tp: 2, fn: 2, fp: 2, tn: 2 },
    );
    assert.equal(byFamily.concurrency.precision, 0.5);
    assert.equal(byFamily.concurrency.recall, 0.5);
    assert.equal(byFamily.pools.precision, 1);
    assert.equal(byFamily.retries.unlabelled, 2);
    assert.equal(byFamily.retries.precision, undefined, 'no matched labels: no precision');
    assert.equal(byFamily.retries.recall, undefined, 'no problem labels: no recall');
    assert.deepEqual({ tp: overall.tp, fn: overall.fn, fp: overall.fp, unlabelled: overall.unlabelled }, { tp: 4, fn: 2, fp: 2, unlabelled: 2 });
    assert.equal(overall.precision, 4 / 6);
    assert.equal(overall.recall, 4 / 6);
  });

  it('validates the labels file format', () => {
    const good = { repo: 'owner/name', commit: 'a'.repeat(40), split: 'development', labels: [{ ...label(3, 'bodies', 'clean'), rule: 'unconsumed-body' }] };
    assert.deepEqual(validateLabelFile(good), []);
    const bad = { repo: 'name', commit: 'abc', split: 'test', labels: [{ path: '/abs.ts', line: 0, family: 'other', rule: 'missing-timeout', verdict: 'maybe', reason: '' }] };
    assert.equal(validateLabelFile(bad).length, 9);
  });
});

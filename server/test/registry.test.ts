/** The registry lists exactly the rule files, each with a docs page and consistent metadata. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ruleDocsUrl, ruleIds, rules } from '../src/rules';

const rulesDir = path.resolve(__dirname, '../src/rules');
const docsDir = path.resolve(__dirname, '../../docs/rules');
const designIds = [
  'unbounded-concurrency',
  'limiter-without-bound',
  'default-pool',
  'agent-per-request',
  'missing-timeout',
  'missing-retry',
  'retry-without-backoff',
  'pool-concurrency-mismatch',
  'wrong-pool-option',
  'keepalive-mismatch',
  'dispatcher-mismatch',
];

describe('rule registry', () => {
  it('lists every rule file in server/src/rules exactly once', () => {
    const files = fs
      .readdirSync(rulesDir)
      .filter((name) => name.endsWith('.ts') && name !== 'index.ts' && name !== 'types.ts')
      .map((name) => name.replace(/\.ts$/, ''))
      .sort();
    assert.deepEqual([...ruleIds].sort(), files);
    assert.equal(new Set(ruleIds).size, ruleIds.length);
  });

  it('contains the rule ids fixed by architecture.md §3', () => {
    for (const id of designIds) assert.ok(ruleIds.includes(id), `${id} is not registered`);
  });

  for (const rule of rules) {
    const { id } = rule.meta;
    it(`${id}: metadata, messages and docs page`, () => {
      assert.match(id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(rule.meta.description.length > 20);
      assert.ok(['info', 'warning', 'error'].includes(rule.meta.severity));
      assert.ok(Object.keys(rule.meta.messages).length > 0);
      for (const message of Object.values(rule.meta.messages)) assert.ok(message.length > 40, `${id}: message too short to say why and what to do`);
      const docs = path.join(docsDir, `${id}.md`);
      assert.ok(fs.existsSync(docs), `docs/rules/${id}.md is missing`);
      const text = fs.readFileSync(docs, 'utf8');
      for (const heading of ['## Why', '## Bad', '## Good', '## Fix']) assert.ok(text.includes(heading), `docs/rules/${id}.md lacks "${heading}"`);
      assert.ok(ruleDocsUrl(id).endsWith(`/docs/rules/${id}.md`));
    });
  }

  it('has no docs page without a rule', () => {
    const pages = fs.existsSync(docsDir) ? fs.readdirSync(docsDir).filter((name) => name.endsWith('.md')) : [];
    for (const page of pages) assert.ok(ruleIds.includes(page.replace(/\.md$/, '')), `docs/rules/${page} has no rule`);
  });
});

/**
 * Message ids are typed per rule: `npm test` type-checks this file, so if a typo in `ctx.report` ever
 * compiled again, the `@ts-expect-error` lines below would be unused and the type check would fail.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProjectHost } from '../src/analysis/project/project-host';
import { analyzeFile } from '../src/engine/analyze-file';
import { rules } from '../src/rules';
import { defineRule, type RuleContext } from '../src/rules/types';
import { defaultSettings } from '../src/shared/settings';

const messages = { known: 'the `{{name}}` message' };

const sample = defineRule({
  meta: { id: 'sample', description: 'a rule for this test', severity: 'warning', fixable: false, appliesToBrowser: true, messages },
  check(ctx) {
    ctx.report({ start: 0, end: 1 }, 'known', { name: 'x' });
    if (ctx.file.text.includes('never')) {
      // @ts-expect-error 'knwon' is not one of this rule's message ids
      ctx.report({ start: 0, end: 1 }, 'knwon');
    }
  },
});

function otherRulesHelper(ctx: RuleContext<'other'>): void {
  ctx.report({ start: 0, end: 1 }, 'other');
}

describe('message ids', () => {
  it('are checked at compile time, also when a context is handed to a helper of another rule', () => {
    const check = (ctx: RuleContext<'known'>) => {
      // @ts-expect-error a context for 'known' is not a context for 'other'
      otherRulesHelper(ctx);
    };
    assert.equal(typeof check, 'function');
  });

  it('render through the rule’s own templates', () => {
    const host = new ProjectHost(() => undefined);
    const [finding] = analyzeFile(host.setFile('/virtual/a.ts', 'const a = 1;\n'), defaultSettings, () => undefined, [sample]);
    assert.equal(finding.message, 'the `x` message');
  });

  it('every registered rule declares at least one message', () => {
    for (const rule of rules) assert.ok(Object.keys(rule.meta.messages).length > 0, rule.meta.id);
  });
});

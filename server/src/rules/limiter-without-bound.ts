/** limiter-without-bound: a limiter that does not limit (p-map/p-queue without concurrency, pLimit(Infinity), Bottleneck without maxConcurrent). */
import { ts } from '../analysis/ts';
import { limitersOnPath, type LimiterUse } from '../analysis/limiters';
import { requestSites } from '../analysis/request-sites';
import { shortText } from '../analysis/syntax';
import { fixDefaults, numberLiteral } from '@shared/fix-defaults';
import { setOptionsEdits } from './support/options-edit';
import { defineRule, type Fix, type TextEdit } from './types';
import { wrapperRelated } from './support/anchors';

const messages = {
  unbounded: '`{{limiter}}` has no concurrency bound, so every {{request}} it runs starts at once; set {{option}} (e.g. 8).',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'limiter-without-bound',
    description: 'A concurrency limiter configured without a bound (p-map/p-queue without concurrency, pLimit(Infinity), Bottleneck without maxConcurrent).',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    const seen = new Set<ts.Node>();
    for (const site of requestSites(ctx.file)) {
      for (const use of limitersOnPath(site.node, ctx.file)) {
        if (use.bound !== 'unbounded') continue;
        const local = use.definition && use.definition.file === ctx.file ? use.definition.node : undefined;
        const anchor = local ?? use.call.expression;
        if (seen.has(anchor)) continue;
        seen.add(anchor);
        const description = describe(anchor, use);
        const related = [...wrapperRelated(site)];
        if (use.definition && use.definition.file !== ctx.file) {
          related.push({
            file: use.definition.file.path,
            start: use.definition.node.getStart(),
            end: use.definition.node.getEnd(),
            message: 'the limiter is created here without a bound',
          });
        }
        ctx.report(anchor, 'unbounded', { ...description, request: `\`${site.label}\`` }, { related, fix: boundFix(local, use) });
      }
    }
  },
});

/** Sets the helper's bound (8) where the limiter takes it. */
function boundFix(definition: ts.Node | undefined, use: LimiterUse): Fix | undefined {
  const bound = numberLiteral(fixDefaults.connections);
  const target = definition ?? use.call;
  if (!ts.isCallExpression(target) && !ts.isNewExpression(target)) return undefined;
  const text = target.expression.getText();
  const args = target.arguments ?? [];
  let edits: TextEdit[] | undefined;
  if (/Bottleneck/.test(text)) edits = setOptionsEdits(target, 0, [['maxConcurrent', bound]]);
  else if (/PQueue|Queue$/.test(text) && ts.isNewExpression(target)) edits = setOptionsEdits(target, 0, [['concurrency', bound]]);
  else if (/Limit$/.test(text) && args[1]) edits = [{ start: args[1].getStart(), end: args[1].getEnd(), newText: bound }];
  else if (/limit/i.test(text) && args[0] && args.length === 1) edits = [{ start: args[0].getStart(), end: args[0].getEnd(), newText: bound }];
  else if (ts.isCallExpression(target) && args.length >= 2) edits = setOptionsEdits(target, 2, [['concurrency', bound]]);
  return edits && edits.length > 0 ? { title: `Bound the limiter to ${bound} at a time`, edits } : undefined;
}

function describe(anchor: ts.Node, use: LimiterUse): { limiter: string; option: string } {
  const limiter = shortText(anchor, 40);
  const text = `${use.definition?.node.getText() ?? ''} ${use.call.getText()}`;
  const kind = /Bottleneck/.test(text) ? 'bottleneck' : /PQueue|queue/i.test(use.definition?.node.getText() ?? '') ? 'p-queue' : /pLimit|limit\(/i.test(text) ? 'p-limit' : /Limit\s*\(/.test(text) ? 'async' : 'p-map';
  switch (kind) {
    case 'bottleneck':
      return { limiter, option: '`maxConcurrent`' };
    case 'p-queue':
      return { limiter, option: '`concurrency`' };
    case 'p-limit':
    case 'async':
      return { limiter, option: 'a finite limit' };
    default:
      return { limiter, option: '`concurrency`' };
  }
}

export default rule;

/** unbounded-concurrency: HTTP calls fanned out with no limit. */
import { type FanOut, fanOutOf } from '../analysis/concurrency';
import { requestSites } from '../analysis/request-sites';
import { shortText } from '../analysis/syntax';
import { ts } from '../analysis/ts';
import { wrapperRelated } from './support/anchors';
import type { Fix, Rule } from './types';

const rule: Rule = {
  meta: {
    id: 'unbounded-concurrency',
    description: 'HTTP requests fanned out with no concurrency limit (Promise.all over map, loops collecting promises, forEach(async)).',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      map:
        '`{{combinator}}` starts one request ({{request}}) per element of `{{collection}}` at once; with thousands of elements this opens thousands of sockets and the server or the network resets them (ECONNRESET, `fetch failed`). Bound it: `mapLimit({{collection}}, 8, …)`.',
      forEach:
        '`forEach` fires one request ({{request}}) per element of `{{collection}}` at once and does not wait for them; a large `{{collection}}` opens a socket per element and the server resets them (ECONNRESET, `fetch failed`). Use `await mapLimit({{collection}}, 8, …)` instead.',
      loop:
        'This loop starts a request ({{request}}) on every iteration and collects the promise instead of awaiting it, so all of them run at once; over a large `{{collection}}` the server or the network resets the sockets (ECONNRESET, `fetch failed`). Bound it with `mapLimit` or a limiter.',
    },
  },
  check(ctx) {
    const seen = new Set<FanOut['anchor']>();
    for (const site of requestSites(ctx.file)) {
      // A wrapper whose every request goes through a limiter is bounded however it is fanned out.
      if (site.wrapper?.summary.reach === 'limited') continue;
      const fanOut = fanOutOf(site.node, ctx.file);
      if (!fanOut || fanOut.bounded || seen.has(fanOut.anchor)) continue;
      seen.add(fanOut.anchor);
      const messageId = fanOut.kind === 'for-each' ? 'forEach' : fanOut.kind;
      const data = {
        combinator: fanOut.combinator ?? 'Promise.all',
        collection: fanOut.collection ? shortText(fanOut.collection) : 'the items',
        request: `\`${site.label}\``,
      };
      ctx.report(fanOut.anchor, messageId, data, { related: wrapperRelated(site), fix: mapLimitFix(fanOut) });
    }
  },
};

/** `Promise.all(xs.map(fn))` → `mapLimit(xs, 8, fn)`: same results, in order, at most 8 at a time. */
function mapLimitFix(fanOut: FanOut): Fix | undefined {
  if (fanOut.kind !== 'map' || fanOut.combinator !== 'Promise.all' || !ts.isCallExpression(fanOut.site)) return undefined;
  const combinatorCall = fanOut.anchor.parent;
  const mapCall = fanOut.site;
  const callee = mapCall.expression;
  if (!ts.isCallExpression(combinatorCall) || combinatorCall.arguments[0] !== mapCall) return undefined;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'map' || mapCall.arguments.length !== 1) return undefined;
  const items = callee.expression.getText();
  const callback = mapCall.arguments[0].getText();
  return {
    title: `Bound the fan-out: mapLimit(${shortText(callee.expression, 20)}, 8, …)`,
    edits: [{ start: combinatorCall.getStart(), end: combinatorCall.getEnd(), newText: `mapLimit(${items}, 8, ${callback})` }],
    helperImports: ['mapLimit'],
  };
}

export default rule;

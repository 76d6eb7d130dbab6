/** missing-retry: requests where one transient failure costs a lot, with no retry on the path. */
import { ts } from '../analysis/ts';
import { idempotentMethods } from '../analysis/clients';
import { fanOutOf } from '../analysis/concurrency';
import { runContextOf, type RunContext } from '../analysis/contexts';
import { asObjectLiteral, optionPresence } from '../analysis/options';
import { requestSites, type RequestSite } from '../analysis/request-sites';
import { fileAppliesAxiosRetry } from '../analysis/retries';
import { shortText } from '../analysis/syntax';
import { httpRetriesItself, retryBetween } from '../analysis/wrappers';
import type { Fix, Rule } from './types';
import { wrapperRelated } from './support/anchors';

const contextWords: Record<RunContext | 'fanOut', string> = {
  fanOut: 'in a fan-out',
  loop: 'in a loop',
  handler: 'in a request handler',
  job: 'in a scheduled job or worker',
};

const rule: Rule = {
  meta: {
    id: 'missing-retry',
    description: 'HTTP calls in fan-outs, loops, jobs or request handlers with no retry on the path.',
    severity: 'info',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      missing:
        '`{{label}}` runs {{context}} with no retry on its path: one transient failure (ECONNRESET, `UND_ERR_SOCKET: other side closed`, a 503 during a deploy) fails the whole {{unit}}. Wrap it with the helper\'s `withRetry` (exponential backoff with jitter, idempotent methods only).',
    },
  },
  check(ctx) {
    const clientRetry = fileAppliesAxiosRetry(ctx.file.sourceFile);
    for (const site of requestSites(ctx.file)) {
      if (!ts.isCallExpression(site.node) || isRetriedAlready(site, clientRetry)) continue;
      const method = site.http?.method;
      if (method !== undefined && !idempotentMethods.has(method)) continue;
      if (site.wrapper?.summary.unsafeOnly) continue;
      const fanOut = fanOutOf(site.node, ctx.file);
      if (fanOut?.bounded?.reason === 'small') continue;
      const context = fanOut ? 'fanOut' : runContextOf(site.node);
      if (!context || retryBetween(site.node, undefined)) continue;
      const where = fanOut?.collection ? `${contextWords.fanOut} over \`${shortText(fanOut.collection)}\`` : contextWords[context];
      const unit = context === 'handler' ? 'response' : context === 'job' ? 'run' : 'batch';
      // withRetry retries whatever it wraps: only offered when the request is visibly idempotent.
      const fix: Fix | undefined = methodVisible(site)
        ? {
            title: `Retry with backoff: withRetry(() => ${site.label.replace(/\(\)$/, '')}(…))`,
            edits: [{ start: site.node.getStart(), end: site.node.getEnd(), newText: `withRetry(() => ${site.node.getText()})` }],
            helperImports: ['withRetry'],
          }
        : undefined;
      ctx.report(site.node.expression, 'missing', { label: site.label, context: where, unit }, { related: wrapperRelated(site), fix });
    }
  },
};

/**
 * True when the method is known: read from the call, or GET because no options are given or they are
 * an object literal without `method` or spreads. `fetch(url, init)` with `init` from elsewhere may be a
 * POST, which a wrapping `withRetry` would send twice.
 */
function methodVisible(site: RequestSite): boolean {
  const http = site.http;
  // A wrapper whose requests are all unsafe was skipped before the fix was planned.
  if (site.wrapper || !http) return true;
  if (http.method !== undefined) return true;
  const options = asObjectLiteral(http.node.arguments[http.optionsIndex]);
  if (options === undefined) return true;
  return options !== 'unknown' && !options.properties.some((property) => ts.isSpreadAssignment(property));
}

function isRetriedAlready(site: RequestSite, clientRetry: boolean): boolean {
  if (site.wrapper) return site.wrapper.summary.retried;
  const http = site.http;
  if (!http) return true;
  if (httpRetriesItself(http, clientRetry)) return true;
  // A custom dispatcher may be a RetryAgent or carry interceptors.retry(); we cannot see into it.
  if (http.client === 'fetch' || http.client === 'undici-request') {
    return optionPresence(http.node.arguments[http.optionsIndex], ['dispatcher']) !== 'no';
  }
  if (http.client === 'undici-dispatcher') return /Retry|retry/.test(http.instance?.creation?.getText() ?? 'retry');
  return false;
}

export default rule;

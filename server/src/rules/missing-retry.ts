/** missing-retry: requests where one transient failure costs a lot, with no retry on the path. */
import { ts } from '../analysis/ts';
import { idempotentMethods } from '../analysis/clients';
import { fanOutOf } from '../analysis/concurrency';
import { runContextOf, type RunContext } from '../analysis/contexts';
import { asObjectLiteral, optionPresence } from '../analysis/options';
import { requestSites, sdkRequestSites, type RequestSite } from '../analysis/request-sites';
import type { SdkCall } from '../analysis/sdk-clients';
import { fileAppliesAxiosRetry } from '../analysis/retries';
import { codeOf, codeText } from './support/message-text';
import { httpRetriesItself, retryBetween } from '../analysis/wrappers';
import { selfRetriesAtCall } from '../analysis/self-retrying-calls';
import { forwardsIncomingRequest, inAttemptLoop, isRoutine } from '../analysis/retry-suitability';
import { enclosingFunction, isFunctionNode } from '../analysis/syntax';
import type { FunctionTarget } from '../analysis/file-analysis';
import { resolveName, skipOuterExpressions } from '../analysis/bindings';
import type { HttpCall } from '../analysis/http-calls';
import { constInitializer, numericValue, propertyNode } from '../analysis/options';
import { fixDefaults } from '@shared/fix-defaults';
import { insertPropertiesEdit } from './support/options-edit';
import { freeName } from './support/retry-signal';
import { defineRule, type Fix, type TextEdit } from './types';
import { wrapperRelated } from './support/anchors';

const contextWords: Record<RunContext | 'fanOut', string> = {
  fanOut: 'fanned out',
  loop: 'in a loop',
  handler: 'in a request handler',
  job: 'in a scheduled job or worker',
};

const messages = {
  missing: '`{{label}}` is {{context}} with no retry, so a transient error fails the {{unit}}; retry with backoff.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'missing-retry',
    description: 'HTTP calls in fan-outs, loops, jobs or request handlers with no retry on the path.',
    severity: 'info',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    const clientRetry = fileAppliesAxiosRetry(ctx.file.sourceFile);
    // Reads through SDK clients that do not retry by themselves (`octokit.rest.repos.get(…)` without plugin-retry), in
    // fan-outs only: a client's hooks and plugins are configured out of sight, so only a batch that one rejection fails is evidence enough.
    const sdkReads = sdkRequestSites(ctx.file).filter((site) => site.sdk && !site.sdk.writes && sdkRetries(site.sdk, ctx.file.text) === false && fanOutOf(site.node, ctx.file));
    for (const site of [...requestSites(ctx.file), ...sdkReads]) {
      if (!ts.isCallExpression(site.node) || (!site.sdk && isRetriedAlready(site, clientRetry))) continue;
      const method = site.http?.method;
      if (method !== undefined && !idempotentMethods.has(method)) continue;
      if (site.wrapper?.summary.unsafeOnly) continue;
      if (site.http && forwardsIncomingRequest(site.http)) continue;
      if (site.wrapper && isRoutine(site.wrapper.target)) continue;
      const fanOut = fanOutOf(site.node, ctx.file);
      if (fanOut?.bounded?.reason === 'small') continue;
      // Under `Promise.allSettled` a failure is one rejected result, not the whole batch.
      if (/\ballSettled$/.test(fanOut?.combinator ?? '')) continue;
      const context = fanOut ? 'fanOut' : runContextOf(site.node);
      if (!context || retryBetween(site.node, undefined)) continue;
      if (context === 'handler' && inHealthCheck(site.node)) continue;
      // A poll counted in attempts (`for (let attempt = 1; attempt <= 5; attempt++)` until the fields exist) repeats the request itself.
      if (context === 'loop' && inAttemptLoop(site.node)) continue;
      const where = fanOut?.collection ? `${contextWords.fanOut} over \`${codeOf(fanOut.collection)}\`` : contextWords[context];
      const unit = context === 'handler' ? 'response' : context === 'job' ? 'run' : 'batch';
      // withRetry retries whatever it wraps: only offered when the request is visibly idempotent.
      const fix = methodVisible(site) ? retryFix(site) : undefined;
      ctx.report(site.node.expression, 'missing', { label: codeText(site.label), context: where, unit }, { related: wrapperRelated(site), fix });
    }
  },
});

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

/**
 * Wraps the request in a retry: the retry library the file already imports (p-retry, async-retry), else the
 * helper's `withRetry`, whose attempt signal the request then takes (a `signal: AbortSignal.timeout(ms)` of
 * its own becomes `attemptTimeoutMs: ms`; any other signal is combined with it).
 */
function retryFix(site: RequestSite): Fix | undefined {
  const call = site.node as ts.CallExpression;
  const label = site.label.replace(/\(\)$/, '');
  const retries = fixDefaults.maxAttempts - 1;
  const library = retryLibraryInScope(call);
  if (library) {
    const callback = library.module === 'p-retry' ? `() => ${call.getText()}` : `async () => ${call.getText()}`;
    return {
      title: `Retry with backoff: ${library.name}(() => ${label}(…), { retries: ${retries} })`,
      edits: [{ start: call.getStart(), end: call.getEnd(), newText: `${library.name}(${callback}, { retries: ${retries} })` }],
    };
  }
  const threaded = site.http ? withAttemptSignal(site.http) : undefined;
  const options = threaded?.attemptTimeout ? `, { attemptTimeoutMs: ${threaded.attemptTimeout} }` : '';
  const newText = threaded ? `withRetry((${threaded.name}) => ${threaded.text}${options})` : `withRetry(() => ${call.getText()})`;
  return {
    title: `Retry with backoff: withRetry(() => ${label}(…))`,
    edits: [{ start: call.getStart(), end: call.getEnd(), newText }],
    helperImports: ['withRetry'],
  };
}

/** The default import of a retry library in this file that retries a callback on rejection. */
function retryLibraryInScope(at: ts.Node): { name: string; module: 'p-retry' | 'async-retry' } | undefined {
  for (const statement of at.getSourceFile().statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const module = statement.moduleSpecifier.text;
    const name = statement.importClause?.name;
    if ((module === 'p-retry' || module === 'async-retry') && name && !statement.importClause.isTypeOnly && resolveName(name.text, at).kind === 'import') return { name: name.text, module };
  }
  return undefined;
}

/** Clients whose request options take a `signal`. */
const takesSignal: ReadonlySet<HttpCall['client']> = new Set(['fetch', 'undici-request', 'axios', 'ofetch', 'got']);

/** The request's text with `signal` set to the attempt signal of `withRetry`; undefined when its options cannot be edited. */
function withAttemptSignal(http: HttpCall): { name: string; text: string; attemptTimeout?: string } | undefined {
  if (!takesSignal.has(http.client)) return undefined;
  const call = http.node;
  const name = freeName(['signal', 'attemptSignal'], call);
  if (!name) return undefined;
  const shorthand = name === 'signal' ? 'signal' : `signal: ${name}`;
  const args = call.arguments;
  const options = args[http.optionsIndex];
  let edits: TextEdit[];
  let attemptTimeout: string | undefined;
  if (!options) {
    if (args.length !== http.optionsIndex || http.optionsIndex === 0) return undefined;
    const end = args[args.length - 1].getEnd();
    edits = [{ start: end, end, newText: `, { ${shorthand} }` }];
  } else if (ts.isObjectLiteralExpression(options)) {
    const existing = propertyNode(options, 'signal');
    if (!existing) {
      edits = [insertPropertiesEdit(options, [shorthand])];
    } else if (ts.isPropertyAssignment(existing) || ts.isShorthandPropertyAssignment(existing)) {
      const value = ts.isPropertyAssignment(existing) ? existing.initializer : existing.name;
      const timeout = timeoutOf(value);
      if (timeout !== undefined) {
        edits = [{ start: existing.getStart(), end: existing.getEnd(), newText: shorthand }];
        if (numericValue(timeout) !== fixDefaults.attemptTimeoutMs) attemptTimeout = timeout.getText();
      } else {
        edits = [{ start: existing.getStart(), end: existing.getEnd(), newText: `signal: AbortSignal.any([${name}, ${value.getText()}])` }];
      }
    } else {
      return undefined;
    }
  } else {
    return undefined;
  }
  const start = call.getStart();
  const text = call.getSourceFile().text.slice(start, call.getEnd());
  const shifted = edits.map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start })).sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of shifted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return { name, text: result, attemptTimeout };
}

/** `X` of `AbortSignal.timeout(X)`. */
function timeoutOf(value: ts.Expression): ts.Expression | undefined {
  const inner = skipOuterExpressions(value);
  if (!ts.isCallExpression(inner) || inner.arguments.length !== 1 || inner.expression.getText().replace(/\s/g, '') !== 'AbortSignal.timeout') return undefined;
  return inner.arguments[0];
}

function isRetriedAlready(site: RequestSite, clientRetry: boolean): boolean {
  if (site.wrapper) return site.wrapper.summary.retried && !(ts.isCallExpression(site.node) && selfRetryOffAtCall(site.node, site.wrapper.target));
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

/** Whether an SDK client retries by itself: its documented default, or a retry plugin the file applies (`Octokit.plugin(retry)`). */
function sdkRetries(sdk: SdkCall, text: string): boolean | undefined {
  if (/plugin-retry|retry\s*\(|maxRetries|retries\s*:/.test(sdk.creation?.getText() ?? '') || /(from\s*|require\(\s*)['"]@octokit\/plugin-retry['"]/.test(text)) return true;
  // The `octokit` package bundles plugin-retry; `@octokit/core` and `@octokit/rest` do not.
  if (sdk.module === 'octokit') return true;
  return sdk.entry.retriesByDefault;
}

const healthPath = /^\/?([\w-]+\/)*(health|healthz|healthcheck|live|livez|liveness|ready|readyz|readiness|ping)\/?$/i;

/** In a handler registered for a health check (`app.get('/liveness', …)`): the prober retries, and a retry would hide the failure. */
function inHealthCheck(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current) || !ts.isCallExpression(current.parent)) continue;
    const path = current.parent.arguments[0];
    if (path && ts.isStringLiteralLike(path) && healthPath.test(path.text)) return true;
  }
  return false;
}

/**
 * A wrapper retried only by calling itself, which this call switches off: `robustFetch({ url })` where `tryCount`
 * counts down from a default of 1. Every request of the wrapper must be such a request, with no other retry on it.
 */
function selfRetryOffAtCall(call: ts.CallExpression, target: FunctionTarget): boolean {
  const found = selfRetriesAtCall(call, target);
  if (found.length === 0 || found.some((entry) => entry.retries)) return false;
  // The recursive calls are request sites too (wrapper calls of the function itself).
  const sites = requestSites(target.file).filter((site) => enclosingFunction(site.node) === target.node && site.wrapper?.target.node !== target.node);
  const axiosRetried = fileAppliesAxiosRetry(target.file.sourceFile);
  return sites.every((site) => {
    const http = site.http;
    if (!http || !found.some((entry) => entry.request === http)) return false;
    return !retryBetween(http.node, target.node) && !httpRetriesItself(http, axiosRetried) && !dispatcherMayRetry(http);
  });
}

/** A `dispatcher` option that may retry: anything but plain `new Agent(…)` / `new Pool(…)` values built in the file. */
function dispatcherMayRetry(http: HttpCall): boolean {
  if (http.client !== 'fetch' && http.client !== 'undici-request') return false;
  const options = asObjectLiteral(http.node.arguments[http.optionsIndex]);
  if (options === undefined) return false;
  if (options === 'unknown') return true;
  const dispatcher = propertyNode(options, 'dispatcher');
  if (!dispatcher) return false;
  if (!ts.isPropertyAssignment(dispatcher)) return true;
  const pending: ts.Expression[] = [dispatcher.initializer];
  for (let value = pending.pop(), hops = 0; value; value = pending.pop(), hops++) {
    const expression = skipOuterExpressions(value);
    if (hops > 8) return true;
    if (ts.isConditionalExpression(expression)) pending.push(expression.whenTrue, expression.whenFalse);
    else if (ts.isIdentifier(expression) && constInitializer(expression)) pending.push(constInitializer(expression)!);
    else if (!ts.isNewExpression(expression) || !/^(Agent|Pool|Client)$/.test(expression.expression.getText()) || /retry/i.test(expression.getText())) return true;
  }
  return false;
}

export default rule;

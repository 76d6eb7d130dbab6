/** missing-timeout: requests that can wait forever (or undici's 300 s) for a stuck server. */
import { ts } from '../analysis/ts';
import { clientDefaults } from '../analysis/clients';
import { devOnlyLoopback, guardedByRace, hasTimeout, streamsTransfer, waitsByDesign } from '../analysis/deadlines';
import type { FileAnalysis } from '../analysis/file-analysis';
import { callerSetsDeadline, forwardedDeadline } from '../analysis/forwarded-deadlines';
import type { HttpCall } from '../analysis/http-calls';
import { originOfCall } from '../analysis/origins';
import { requestSites } from '../analysis/request-sites';
import { fixDefaults, numberLiteral } from '@shared/fix-defaults';
import { insertPropertiesEdit } from './support/options-edit';
import { helperRetryCallback, signalParameter } from './support/retry-signal';
import { hostOf, p99TimeoutFactor, profileOf, timeoutFromProfile } from './support/server-profile';
import { codeText } from './support/message-text';
import { defineRule, type Fix, type TextEdit } from './types';

const messages = {
  fetch: '`{{label}}` has no `signal`, so a stalled server holds it and its socket for minutes; add `signal: AbortSignal.timeout({{ms}})`.',
  undici: '`{{label}}` has no `signal` or undici timeout, so a stalled server holds it; add `signal: AbortSignal.timeout({{ms}})`.',
  axios: '`{{label}}` has no `timeout`, so a hung server holds it and its socket forever; set `timeout: {{ms}}` (or on the instance).',
  got: '`{{label}}` has no `timeout`, so a hung server holds it and its socket forever; set `timeout: { request: {{ms}} }`.',
  nodeHttp: '`{{label}}` has no `timeout`, so a silent server holds its socket forever; pass a `signal` (or `timeout` and destroy).',
  superagent: '`{{label}}` has no `.timeout(…)`, so a hung server holds it forever; add `.timeout({ response: 5_000, deadline: 30_000 })`.',
  ofetch: '`{{label}}` has no `timeout`, so a hung server holds it and its socket forever; set `timeout: {{ms}}`.',
  fetchStream: '`{{label}}` streams, so a total `signal` would cut long transfers; use an `Agent` with `headersTimeout` and `bodyTimeout`.',
  undiciStream: '`{{label}}` streams with no idle timeout; set `headersTimeout: {{ms}}, bodyTimeout: {{ms}}`, not a total `signal`.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'missing-timeout',
    description: 'fetch without a signal; axios, got, undici and http(s) requests without a timeout.',
    severity: 'warning',
    fixable: true,
    // Deno and Bun server code counts (its requests need deadlines too); real browser code is skipped in check.
    appliesToBrowser: true,
    messages,
  },
  check(ctx) {
    if (ctx.file.environment === 'browser' && ctx.file.serverRuntime === undefined) return;
    const setsAxiosDefaults = /\bdefaults\.timeout\s*=/.test(ctx.file.text);
    for (const http of ctx.file.httpCalls) {
      const streamed = streamsTransfer(http);
      const messageId = streamed && http.client === 'fetch' ? 'fetchStream' : streamed && http.client === 'undici-request' ? 'undiciStream' : messageFor(http);
      if (!messageId || clientDefaults[http.client].timesOut) continue;
      if (http.client === 'axios' && setsAxiosDefaults) continue;
      if (hasTimeout(http) || guardedByRace(http.node) || waitsByDesign(http) || devOnlyLoopback(http)) continue;
      const profile = profileOf(ctx, originOfCall(http, ctx.file));
      const fromProfile = timeoutFromProfile(profile);
      const ms = numberLiteral(fromProfile ?? fixDefaults.attemptTimeoutMs);
      const why = profile && fromProfile ? ` (${p99TimeoutFactor} × the p99 measured for ${hostOf(profile.origin)})` : '';
      const fix = messageId === 'fetchStream' ? undefined : messageId === 'undiciStream' ? streamTimeoutFix(http, ms) : timeoutFix(http, ctx.file, ms, why);
      ctx.report(http.node.expression, messageId, { label: codeText(http.label), ms }, { fix });
    }
    for (const site of requestSites(ctx.file)) {
      const wrapper = site.wrapper;
      if (!wrapper || site.node !== wrapper.node) continue;
      const forwarded = forwardedDeadline(wrapper.target);
      const messageId = forwarded && messageFor(forwarded.http);
      if (!forwarded || !messageId || callerSetsDeadline(wrapper.node, forwarded.parameterIndex)) continue;
      const label = wrapper.node.expression.getText().replace(/\s+/g, '');
      ctx.report(wrapper.node.expression, messageId, { label: codeText(label), ms: numberLiteral(fixDefaults.attemptTimeoutMs) });
    }
  },
});

function messageFor(http: HttpCall): MessageId | undefined {
  switch (http.client) {
    case 'fetch':
      return 'fetch';
    case 'undici-request':
    case 'undici-dispatcher':
      return 'undici';
    case 'axios':
      return 'axios';
    case 'got':
      return 'got';
    case 'node-http':
      return 'nodeHttp';
    case 'superagent':
      return 'superagent';
    case 'ofetch':
      return 'ofetch';
    default:
      return undefined;
  }
}

/**
 * Inserts the deadline where the client takes it; only when the options are absent or an object literal.
 * Inside the helper's `withRetry((signal) => …)` the request takes the attempt's signal (the parameter is
 * added when the callback has none): it carries the attempt timeout, the deadline and the caller's abort.
 */
function timeoutFix(http: HttpCall, file: FileAnalysis, ms: string, why: string): Fix | undefined {
  const callback = takesSignal.has(http.client) ? helperRetryCallback(http.node, file) : undefined;
  const parameter = callback && signalParameter(callback);
  if (parameter) {
    const property = parameter.name === 'signal' ? 'signal' : `signal: ${parameter.name}`;
    const edits = optionsEdits(http, property);
    return edits && { title: "Use the attempt's signal from withRetry", edits: [...parameter.edits, ...edits] };
  }
  const property =
    http.client === 'fetch' || http.client === 'undici-request'
      ? `signal: AbortSignal.timeout(${ms})`
      : http.client === 'axios' || http.client === 'ofetch'
        ? `timeout: ${ms}`
        : http.client === 'got'
          ? `timeout: { request: ${ms} }`
          : undefined;
  if (!property) return undefined;
  const edits = optionsEdits(http, property);
  return edits && { title: `Add \`${property}\`${why}`, edits };
}

/** A streamed undici request gets idle timeouts: the headers must come, and then each chunk, within `ms`. */
function streamTimeoutFix(http: HttpCall, ms: string): Fix | undefined {
  const edits = optionsEdits(http, `headersTimeout: ${ms}, bodyTimeout: ${ms}`);
  return edits && { title: `Add \`headersTimeout: ${ms}, bodyTimeout: ${ms}\``, edits };
}

/** Clients whose request options take a `signal`. */
const takesSignal: ReadonlySet<HttpCall['client']> = new Set(['fetch', 'undici-request', 'axios', 'ofetch', 'got']);

/** Adds `property` to the request's options literal, or the options object when there is none. */
function optionsEdits(http: HttpCall, property: string): TextEdit[] | undefined {
  const args = http.node.arguments;
  const options = args[http.optionsIndex];
  if (options && ts.isObjectLiteralExpression(options)) return [insertPropertiesEdit(options, [property])];
  if (!options && args.length === http.optionsIndex && http.optionsIndex > 0) {
    const last = args[args.length - 1];
    return [{ start: last.getEnd(), end: last.getEnd(), newText: `, { ${property} }` }];
  }
  return undefined;
}

export default rule;

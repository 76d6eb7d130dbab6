/** missing-timeout: requests that can wait forever (or undici's 300 s) for a stuck server. */
import { ts } from '../analysis/ts';
import { skipOuterExpressions } from '../analysis/bindings';
import { clientDefaults } from '../analysis/clients';
import type { HttpCall } from '../analysis/http-calls';
import { optionPresence } from '../analysis/options';
import { enclosingFunction, isFunctionNode, trailingName } from '../analysis/syntax';
import type { Fix, Rule } from './types';

const timeoutMs = '10_000';

const rule: Rule = {
  meta: {
    id: 'missing-timeout',
    description: 'fetch without a signal; axios, got, undici and http(s) requests without a timeout.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      fetch:
        '`{{label}}` has no `signal`, so it waits as long as the server lets it: the default dispatcher allows 300 s for headers and 300 s more for the body, and a stalled upstream holds the socket and the caller that long (then `fetch failed`, UND_ERR_HEADERS_TIMEOUT). Add `signal: AbortSignal.timeout(10_000)`.',
      undici:
        '`{{label}}` has no `headersTimeout`, `bodyTimeout` or `signal`; undici waits 300 s for each, so a stalled upstream holds the socket and the caller for minutes. Pass `signal: AbortSignal.timeout(10_000)` or shorter `headersTimeout`/`bodyTimeout`.',
      axios:
        '`{{label}}` has no `timeout`; axios waits forever by default (timeout 0), so a hung upstream holds the socket and the caller indefinitely. Set `timeout: 10_000` here or on the instance.',
      got:
        '`{{label}}` has no `timeout`; got sets none by default, so a hung upstream holds the socket and the caller indefinitely. Set `timeout: { request: 10_000 }`.',
      nodeHttp:
        '`{{label}}` has no `timeout` and no `setTimeout` on the request; Node waits forever for a silent server and the socket is never freed. Pass `timeout` (and destroy the request on the `timeout` event) or a `signal`.',
      superagent: '`{{label}}` has no `.timeout(…)`; superagent waits forever by default. Add `.timeout({ response: 5_000, deadline: 30_000 })`.',
      ofetch: '`{{label}}` has no `timeout`; ofetch sets none by default, so a hung upstream holds the socket and the caller indefinitely. Set `timeout: 10_000`.',
    },
  },
  check(ctx) {
    const setsAxiosDefaults = /\bdefaults\.timeout\s*=/.test(ctx.file.text);
    for (const http of ctx.file.httpCalls) {
      const messageId = messageFor(http);
      if (!messageId || clientDefaults[http.client].timesOut) continue;
      if (http.client === 'axios' && setsAxiosDefaults) continue;
      if (hasTimeout(http) || guardedByRace(http.node)) continue;
      ctx.report(http.node.expression, messageId, { label: http.label }, { fix: timeoutFix(http) });
    }
  },
};

function messageFor(http: HttpCall): string | undefined {
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

function hasTimeout(http: HttpCall): boolean {
  const args = http.node.arguments;
  if (args.some((argument) => ts.isSpreadElement(argument))) return true;
  // node-fetch (v2) has its own `timeout` option. WHATWG fetch (global, undici) ignores it, but that is
  // wrong-pool-option's finding, whose fix keeps the author's number (two fixes would add two signals).
  const names = http.client === 'fetch' ? ['signal', 'timeout'] : clientDefaults[http.client].timeoutOptions;
  if (http.client === 'superagent') return /\.timeout\s*\(/.test(chainText(http.node));
  if (http.client === 'node-http' && setsTimeoutLater(http.node)) return true;
  const options = optionsArgument(http);
  const presence = optionPresence(options, http.client === 'fetch' ? [...names, 'dispatcher'] : names);
  if (presence !== 'no') return true;
  // A request object as first argument (`fetch(new Request(url, init))`) may carry its own signal.
  if (http.client === 'fetch' && args[0] && mayBeRequestObject(args[0])) return true;
  if (http.instance) {
    if (!http.instance.creation) return true;
    return optionPresence(http.instance.options, names) !== 'no';
  }
  return false;
}

function optionsArgument(http: HttpCall): ts.Expression | undefined {
  const args = http.node.arguments;
  const argument = args[http.optionsIndex];
  if (!argument) return undefined;
  const inner = skipOuterExpressions(argument);
  if (isFunctionNode(inner)) return undefined;
  // `https.get(url, onResponse)`: a trailing non-literal after the URL is the response callback.
  const isCallback = http.client === 'node-http' && http.optionsIndex > 0 && args.length === http.optionsIndex + 1 && !ts.isObjectLiteralExpression(inner);
  return isCallback ? undefined : argument;
}

function mayBeRequestObject(argument: ts.Expression): boolean {
  const expr = skipOuterExpressions(argument);
  if (ts.isNewExpression(expr)) return expr.expression.getText() === 'Request';
  const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : '';
  return /^(req|request|input|resource)$/i.test(name);
}

/** The text of a call chain hanging off `node`: `request.get(u).set(...).timeout(...)`. */
function chainText(node: ts.Node): string {
  let top: ts.Node = node;
  while (ts.isPropertyAccessExpression(top.parent) || (ts.isCallExpression(top.parent) && top.parent.expression === top)) top = top.parent;
  return top.getText();
}

/** `req.setTimeout(…)` or `req.on('timeout', …)` in the same function. */
function setsTimeoutLater(node: ts.Node): boolean {
  const scope = enclosingFunction(node)?.body ?? node.getSourceFile();
  return /\.setTimeout\s*\(|\.on\(\s*['"]timeout['"]/.test(scope.getText()) || /\.setTimeout\s*\(/.test(chainText(node));
}

/** `Promise.race([fetch(u), timeout(5000)])` or `pTimeout(fetch(u), …)`: a deadline from outside. */
function guardedByRace(node: ts.Node): boolean {
  for (let current = node.parent; current && !isFunctionNode(current); current = current.parent) {
    if (!ts.isCallExpression(current)) continue;
    const name = trailingName(current.expression) ?? '';
    if (name === 'race' || /timeout|deadline/i.test(name)) return true;
  }
  return false;
}

/** Inserts the deadline where the client takes it; only when the options are absent or an object literal. */
function timeoutFix(http: HttpCall): Fix | undefined {
  const property = http.client === 'fetch' || http.client === 'undici-request' ? `signal: AbortSignal.timeout(${timeoutMs})` : http.client === 'axios' || http.client === 'ofetch' ? `timeout: ${timeoutMs}` : undefined;
  if (!property) return undefined;
  const args = http.node.arguments;
  const options = args[http.optionsIndex];
  const title = `Add \`${property}\``;
  if (options && ts.isObjectLiteralExpression(options)) {
    const open = options.getStart() + 1;
    const newText = options.properties.length > 0 ? ` ${property},` : ` ${property} `;
    return { title, edits: [{ start: open, end: open, newText }] };
  }
  if (!options && args.length === http.optionsIndex && http.optionsIndex > 0) {
    const last = args[args.length - 1];
    return { title, edits: [{ start: last.getEnd(), end: last.getEnd(), newText: `, { ${property} }` }] };
  }
  return undefined;
}

export default rule;

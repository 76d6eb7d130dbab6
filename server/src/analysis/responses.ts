/** What a request call hands back: a WHATWG `Response`, an undici `{ statusCode, body }`, or a client's own. */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import type { HttpCall } from './http-calls';
import { asObjectLiteral, propertyValue } from './options';
import { originOf } from './values';

/** Members of a fetch `Response` that read (or hand over) its body. */
export const bodyReaders: ReadonlySet<string> = new Set(['json', 'text', 'arrayBuffer', 'blob', 'formData', 'bytes', 'body']);

/** Members of a response that only look at the head: reading them leaves the body where it is. */
export const headReaders: ReadonlySet<string> = new Set([
  'status',
  'statusCode',
  'statusText',
  'ok',
  'headers',
  'trailers',
  'url',
  'redirected',
  'type',
  'bodyUsed',
]);

/** The global `fetch` or undici's: its `Response.body` is a WHATWG stream with `cancel()` (node-fetch's is a Node stream). */
export function isWhatwgFetch(http: HttpCall): boolean {
  if (http.client !== 'fetch') return false;
  const callee = skipOuterExpressions(http.node.expression);
  if (ts.isIdentifier(callee)) {
    if (resolveName(callee.text, callee).kind === 'global') return true;
  } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && resolveName(callee.expression.text, callee.expression).kind === 'global') {
    return true; // globalThis.fetch
  }
  const origin = originOf(ts.isPropertyAccessExpression(callee) ? callee.expression : callee);
  return origin.kind === 'module' && origin.module === 'undici';
}

/**
 * True when a 5xx comes back as a resolved response rather than a rejection: fetch and undici always;
 * axios with `validateStatus: () => true` or `null`; got and ky with `throwHttpErrors: false`.
 */
export function resolvesOnServerError(http: HttpCall): boolean {
  const options = [http.node.arguments[http.optionsIndex], http.instance?.options];
  switch (http.client) {
    case 'fetch':
      return true;
    case 'undici-request':
    case 'undici-dispatcher':
      // undici 6's `throwOnError: true` rejects on 4xx/5xx.
      return !options.some((expression) => optionIs(expression, 'throwOnError', (value) => value.kind === ts.SyntaxKind.TrueKeyword));
    case 'axios':
      return options.some((expression) => optionIs(expression, 'validateStatus', acceptsEverything));
    case 'got':
    case 'ky':
      return options.some((expression) => optionIs(expression, 'throwHttpErrors', (value) => value.kind === ts.SyntaxKind.FalseKeyword));
    default:
      return false;
  }
}

function optionIs(expression: ts.Expression | undefined, name: string, test: (value: ts.Expression) => boolean): boolean {
  const literal = asObjectLiteral(expression);
  if (!literal || literal === 'unknown') return false;
  const value = propertyValue(literal, name);
  return value !== undefined && test(skipOuterExpressions(value));
}

/** `() => true`, `null`: every status resolves. */
function acceptsEverything(value: ts.Expression): boolean {
  if (value.kind === ts.SyntaxKind.NullKeyword) return true;
  return ts.isArrowFunction(value) && value.body.kind === ts.SyntaxKind.TrueKeyword;
}

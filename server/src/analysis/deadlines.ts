/**
 * Deadline facts about one request: whether it sets a signal or timeout (in its options, a spread, a
 * request object, a later `req.setTimeout`, or the instance it is sent through), whether a race or a
 * timeout wrapper guards it from outside, and requests that wait by design (long polls, dev loopback).
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import { clientDefaults } from './clients';
import { effectPromiseCall, timedEffect } from './effect-pipelines';
import type { HttpCall } from './http-calls';
import { asObjectLiteral, optionPresence, type Presence, propertyNameText } from './options';
import { enclosingFunction, isFunctionNode, trailingName } from './syntax';

/** Whether the request sets a deadline: its options, a spread, a request object, a later `setTimeout`, or its instance. */
export function hasTimeout(http: HttpCall): boolean {
  const args = http.node.arguments;
  if (args.some((argument) => ts.isSpreadElement(argument))) return true;
  // node-fetch (v2) has its own `timeout` option. WHATWG fetch (global, undici) ignores it, but that is
  // wrong-pool-option's finding, whose fix keeps the author's number (two fixes would add two signals).
  const names = http.client === 'fetch' ? ['signal', 'timeout'] : clientDefaults[http.client].timeoutOptions;
  if (http.client === 'superagent') return /\.timeout\s*\(/.test(chainText(http.node));
  if (http.client === 'node-http' && setsTimeoutLater(http.node)) return true;
  const options = optionsArgument(http);
  const presence = deadlinePresence(options, http.client === 'fetch' ? [...names, 'dispatcher'] : names, http.client === 'axios' || http.client === 'got');
  if (presence !== 'no') return true;
  // A request object as first argument (`fetch(new Request(url, init))`) may carry its own signal.
  if (http.client === 'fetch' && args[0] && mayBeRequestObject(args[0])) return true;
  if (http.instance) {
    if (!http.instance.creation) return true;
    return deadlinePresence(http.instance.options, names, http.client === 'axios' || http.client === 'got') !== 'no';
  }
  return false;
}

/**
 * Like optionPresence, but a deadline must be a value: `signal: undefined` or `timeout: void 0` set
 * nothing, and for axios and got `timeout: 0` means no timeout. A conditional spread whose branches are
 * literals (`...(body ? { body } : {})`) is read branch by branch instead of counting as "might set it".
 */
export function deadlinePresence(expression: ts.Expression | undefined, names: readonly string[], zeroIsNone: boolean, depth = 0): Presence {
  if (!expression) return 'no';
  const expr = skipOuterExpressions(expression);
  if (depth > 4) return 'unknown';
  if (isNothing(expr)) return 'no';
  if (ts.isConditionalExpression(expr)) {
    const whenTrue = deadlinePresence(expr.whenTrue, names, zeroIsNone, depth + 1);
    const whenFalse = deadlinePresence(expr.whenFalse, names, zeroIsNone, depth + 1);
    return whenTrue === 'yes' || whenFalse === 'yes' ? 'yes' : whenTrue === 'no' && whenFalse === 'no' ? 'no' : 'unknown';
  }
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken || expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    // `cond && { signal }`: the right side; `a || b`: either one.
    const right = deadlinePresence(expr.right, names, zeroIsNone, depth + 1);
    if (expr.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return right;
    const left = deadlinePresence(expr.left, names, zeroIsNone, depth + 1);
    return left === 'yes' || right === 'yes' ? 'yes' : left === 'no' && right === 'no' ? 'no' : 'unknown';
  }
  const literal = asObjectLiteral(expr);
  if (literal === undefined) return 'no';
  if (literal === 'unknown') return optionPresence(expr, names);
  let result: Presence = 'no';
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      const inner = deadlinePresence(property.expression, names, zeroIsNone, depth + 1);
      if (inner === 'yes') result = 'yes';
      else if (inner === 'unknown' && result === 'no') result = 'unknown';
      continue;
    }
    const name = property.name && propertyNameText(property.name);
    if (!name || !names.includes(name)) continue;
    // A later property overrides what a spread before it may have set.
    const value = ts.isPropertyAssignment(property) ? skipOuterExpressions(property.initializer) : undefined;
    if (value && (isNothing(value) || (zeroIsNone && name === 'timeout' && ts.isNumericLiteral(value) && Number(value.text) === 0))) {
      if (result !== 'yes') result = result === 'unknown' ? 'unknown' : 'no';
      continue;
    }
    result = 'yes';
  }
  return result;
}

/** `undefined`, `void 0`, `null`. */
export function isNothing(expr: ts.Expression): boolean {
  if (ts.isIdentifier(expr) && expr.text === 'undefined') return true;
  if (expr.kind === ts.SyntaxKind.NullKeyword) return true;
  return ts.isVoidExpression(expr);
}

export function optionsArgument(http: HttpCall): ts.Expression | undefined {
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

/** The URL text of a request, when its first argument is a literal or template. */
function urlText(http: HttpCall): string | undefined {
  const first = http.node.arguments[0] && skipOuterExpressions(http.node.arguments[0]);
  if (!first) return undefined;
  if (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first)) return first.getText();
  return undefined;
}

/**
 * Long polls that block until work arrives by design: the AWS Lambda Extensions API `event/next` and the
 * Runtime API `invocation/next` (documented to wait indefinitely), and URLs that say `long-poll`. A
 * deadline there would cut off a healthy wait.
 */
export function waitsByDesign(http: HttpCall): boolean {
  const url = urlText(http);
  return url !== undefined && /\/(event|invocation)\/next\b|long-?poll/i.test(url);
}

/** A literal loopback URL behind a development check (`if (NODE_ENV === 'development')`): a local dev tool, not production traffic. */
export function devOnlyLoopback(http: HttpCall): boolean {
  const url = urlText(http);
  if (!url || !/^.https?:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url)) return false;
  for (let current: ts.Node | undefined = http.node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isIfStatement(current) && /development|\bisDev|\bdev(elopment)?Mode|\bisLocal/i.test(current.expression.getText())) return true;
  }
  return false;
}

/**
 * `Promise.race([fetch(u), timeout(5000)])` or `pTimeout(fetch(u), …)`: a deadline from outside. So is an Effect
 * timeout on the effect whose promise callback sends it (`Effect.tryPromise(() => fetch(u)).pipe(Effect.timeout('5 seconds'))`).
 */
export function guardedByRace(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) {
      const effect = effectPromiseCall(current);
      if (!effect) return false;
      current = effect;
      if (timedEffect(effect)) return true;
    }
    if (!ts.isCallExpression(current)) continue;
    const name = trailingName(current.expression) ?? '';
    if (name === 'race' || /timeout|deadline/i.test(name)) return true;
  }
  return false;
}

/**
 * A streamed transfer: the request uploads a stream (`duplex: 'half'`, `body: createReadStream(…)`) or its
 * response body is piped or iterated (`pipeline(res.body, …)`, `Readable.fromWeb(res.body)`, `for await (… of
 * body)`). A total deadline (`AbortSignal.timeout`) would cut a long healthy transfer there; the advice is a
 * headers and idle (`bodyTimeout`) timeout instead.
 */
export function streamsTransfer(http: HttpCall): boolean {
  const options = optionsArgument(http);
  if (options && /\bduplex\s*:|createReadStream\s*\(|Readable\.from/.test(options.getText())) return true;
  const names = responseBodyNames(http.node);
  const scope = enclosingFunction(http.node)?.body;
  if (!scope || names.length === 0) return false;
  const text = scope.getText();
  return names.some((name) => {
    const body = name.replace(/\$/g, '\\$').replace(/\./g, '\\.');
    return new RegExp(`\\b(pipeline|fromWeb|Readable\\.from)\\s*\\([^;]*\\b${body}\\b|\\b${body}!?\\??\\.\\s*(pipeTo|pipeThrough|getReader|pipe)\\s*\\(|for\\s+await\\s*\\([^)]*\\bof\\s+${body}\\b`).test(text);
  });
}

/** How code names the response body of `const res = await fetch(…)` (`res.body`) or `const { body } = await request(…)` (`body`). */
function responseBodyNames(call: ts.CallExpression): string[] {
  let current: ts.Node = call;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isAwaitExpression(current.parent)) current = current.parent;
  const declaration = current.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== current) return [];
  if (ts.isIdentifier(declaration.name)) return [`${declaration.name.text}.body`];
  if (!ts.isObjectBindingPattern(declaration.name)) return [];
  const body = declaration.name.elements.find((element) => (element.propertyName ?? element.name).getText() === 'body');
  return body && ts.isIdentifier(body.name) ? [body.name.text] : [];
}

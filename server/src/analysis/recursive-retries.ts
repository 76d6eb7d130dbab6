/**
 * Retries written as recursion: a function that sends a request and, when it fails (in a `catch`, or after a
 * status check such as `!res.ok` or `res.status === 503`), calls itself again (`return call(url, attempt + 1)`),
 * usually after a sleep.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import type { FileAnalysis } from './file-analysis';
import { contains, enclosingFunction, type FunctionNode } from './syntax';

/** A function that retries the request at `site` by calling itself. */
export interface RecursiveRetry {
  fn: FunctionNode;
  /** The name it calls itself by. */
  name: string;
  /** The call that starts the next attempt. */
  call: ts.CallExpression;
  /** Parameters (or destructured ones) the recursive call changes (`attempt + 1`, `tryCount: tryCount - 1`): attempt counters. */
  counters: ReadonlySet<ts.Node>;
  /** `setTimeout(() => send(n + 1), ms)`: the timer the next attempt waits for, when it is called back from one. */
  timer?: ts.CallExpression;
}

const failureCheck = /\.ok\b|\.status(Code)?\b/;

/** The recursive retry the request at `site` takes part in, when its own function calls itself after a failure of it. */
export function recursiveRetryOf(site: ts.Node, file: FileAnalysis): RecursiveRetry | undefined {
  return recursiveRetriesOf(site, file)[0];
}

/**
 * Every call by which the request's function tries again after a failure of it: one in the `catch` (a network
 * error) and one under `if (res.status >= 500)` are two retries, each with its own wait.
 */
export function recursiveRetriesOf(site: ts.Node, file: FileAnalysis): RecursiveRetry[] {
  const fn = enclosingFunction(site);
  const name = fn && ownName(fn);
  if (!fn?.body || !name) return [];
  const retries: RecursiveRetry[] = [];
  for (const call of file.callsWithin(fn.body)) {
    if (call.pos < site.end || !callsItself(call, fn, name)) continue;
    // `req.on('error', () => setTimeout(() => send(url, n + 1), 1000))`: called back when the request fails.
    const callbacks = enclosingFunction(call) === fn ? { failure: false } : failureCallbacks(call, fn, site);
    if (!callbacks || !(callbacks.failure || afterFailure(call, site, fn))) continue;
    const counters = new Set<ts.Node>();
    fn.parameters.forEach((parameter, index) => {
      const argument = call.arguments[index] && skipOuterExpressions(call.arguments[index]);
      if (!argument) return;
      if (ts.isIdentifier(parameter.name) && !(ts.isIdentifier(argument) && argument.text === parameter.name.text)) counters.add(parameter);
      // `robustFetch({ ...params, tryCount: tryCount - 1 })` for `function robustFetch({ url, tryCount = 1 })`.
      if (ts.isObjectBindingPattern(parameter.name) && ts.isObjectLiteralExpression(argument)) changedProperties(parameter.name, argument).forEach((element) => counters.add(element));
    });
    retries.push({ fn, name, call, counters, timer: callbacks.timer });
  }
  return retries;
}

const listens = /^(on|once|addListener|prependListener|prependOnceListener|addEventListener)$/;
const failureEvents = /^(error|timeout|abort|aborted)$/;

/**
 * The functions between `call` and `fn` are all callbacks of the request's failure (`req.on('error', cb)`,
 * `.catch(cb)`, the second callback of `.then`) or timers (`setTimeout(cb, ms)`): whether one of them is a failure
 * callback and the timer, if any. Undefined when some other function lies between (a `.map` callback, a handler).
 */
function failureCallbacks(call: ts.CallExpression, fn: FunctionNode, site: ts.Node): { failure: boolean; timer?: ts.CallExpression } | undefined {
  let failure = false;
  let timer: ts.CallExpression | undefined;
  for (let inner = enclosingFunction(call); inner && inner !== fn; inner = enclosingFunction(inner)) {
    const owner = inner.parent;
    if (!ts.isCallExpression(owner) || !owner.arguments.includes(inner as ts.Expression)) return undefined;
    const index = owner.arguments.indexOf(inner as ts.Expression);
    const callee = skipOuterExpressions(owner.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if ((method === 'setTimeout' || method === 'setImmediate') && index === 0) {
      timer ??= owner;
      continue;
    }
    if (!ts.isPropertyAccessExpression(callee) || !fromRequest(callee.expression, site)) return undefined;
    const event = owner.arguments[0];
    const onFailure =
      (method !== undefined && listens.test(method) && index === 1 && event !== undefined && ts.isStringLiteralLike(event) && failureEvents.test(event.text)) ||
      (method === 'catch' && index === 0) ||
      (method === 'then' && index === 1);
    if (!onFailure) return undefined;
    failure = true;
  }
  return { failure, timer };
}

/** `req` of `const req = https.request(…)`, or the request itself (`https.get(url).on('error', …)`, `fetch(url).catch(…)`). */
function fromRequest(receiver: ts.Expression, site: ts.Node): boolean {
  const expression = skipOuterExpressions(receiver);
  if (contains(expression, site)) return true;
  if (!ts.isIdentifier(expression)) return false;
  const binding = resolveName(expression.text, expression);
  const declaration = binding.kind === 'local' ? binding.declaration : undefined;
  return declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && contains(declaration.initializer, site);
}

/** The destructured parameters whose value the call's object literal changes (`tryCount: tryCount - 1`). */
function changedProperties(pattern: ts.ObjectBindingPattern, argument: ts.ObjectLiteralExpression): ts.BindingElement[] {
  const changed: ts.BindingElement[] = [];
  for (const element of pattern.elements) {
    if (!ts.isIdentifier(element.name) || element.dotDotDotToken) continue;
    const key = (element.propertyName ?? element.name).getText();
    const property = argument.properties.find((candidate) => ts.isPropertyAssignment(candidate) && candidate.name.getText() === key);
    if (!property || !ts.isPropertyAssignment(property)) continue;
    const value = skipOuterExpressions(property.initializer);
    if (!(ts.isIdentifier(value) && value.text === element.name.text)) changed.push(element);
  }
  return changed;
}

/** The name the function can call itself by: a declaration's or method's name, or the variable an arrow is held in. */
function ownName(fn: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** `name(…)`, or `this.name(…)` from a method. */
function callsItself(call: ts.CallExpression, fn: FunctionNode, name: string): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return callee.text === name && !ts.isMethodDeclaration(fn);
  return ts.isMethodDeclaration(fn) && ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword && callee.name.text === name;
}

/** The recursive call runs when the request failed: in a `catch` of a `try` around it, or under a status check. */
function afterFailure(call: ts.CallExpression, site: ts.Node, fn: FunctionNode): boolean {
  for (let current: ts.Node = call.parent; current !== fn; current = current.parent) {
    if (ts.isCatchClause(current) && contains(current.parent.tryBlock, site)) return true;
    if (ts.isIfStatement(current) && contains(current.thenStatement, call) && failureCheck.test(current.expression.getText())) return true;
  }
  return false;
}

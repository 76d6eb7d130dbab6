/**
 * Wrapper summaries: a project function that (transitively, across files) sends an HTTP request is
 * itself an HTTP call site. Summaries are cached on the file that declares the function.
 */
import { ts } from './ts';
import { clientDefaults, idempotentMethods } from './clients';
import { calledFunction } from './definitions';
import type { FileAnalysis, WrapperCall, WrapperSummary } from './file-analysis';
import type { HttpCall } from './http-calls';
import { acquiresBefore, limiterOfCall } from './limiters';
import { recursiveRetryOf } from './recursive-retries';
import { fileAppliesAxiosRetry, isRetryCall, isRetryNamed, retryLoopAround } from './retries';
import { skipOuterExpressions } from './bindings';
import { contains, enclosingFunction, forEachDescendant, type FunctionNode, isFunctionNode } from './syntax';

export type { WrapperCall, WrapperSummary } from './file-analysis';

/**
 * Functions summarized in one walk, at most: a summary asked for from outside, with every project function it
 * reaches that has no summary yet. The walk is iterative (an explicit stack), so a chain of any depth is followed
 * within this cost, across files and packages; each summary is cached per function, so a lint costs one summary
 * per function reached. A function left unfollowed when the budget runs out counts as sending nothing (a walk
 * reaching that many functions is generated or pathological code); what the walk summarized stays cached.
 */
export const maxSummariesPerWalk = 10_000;
const none: WrapperSummary = { reach: 'none', retried: true, unsafeOnly: true, name: '' };

/** The wrapper a call invokes, when it is a project function that reaches HTTP. */
export function wrapperCall(call: ts.CallExpression, file: FileAnalysis): WrapperCall | undefined {
  const target = calledFunction(call, file);
  if (!target) return undefined;
  const summary = summarize(target.node, target.file);
  return summary.reach === 'none' ? undefined : { node: call, summary, target };
}

/** Summarizes a function's body, following calls into other project functions (see `maxSummariesPerWalk`). */
export function summarize(fn: FunctionNode, file: FileAnalysis): WrapperSummary {
  const cached = file.summaries.get(fn);
  if (cached === 'pending') return none;
  return cached ?? walk(fn, file);
}

/** A function in a walk: its calls that matter, once expanded (then its callees are summarized before it). */
interface Frame {
  fn: FunctionNode;
  file: FileAnalysis;
  calls?: BodyCall[];
}

/** A call in a function body that may send a request: directly (`http`) or through a project function (`target`). */
interface BodyCall {
  call: ts.CallExpression;
  http?: HttpCall;
  target?: { file: FileAnalysis; node: FunctionNode };
}

/**
 * Summaries in post-order over the functions `root` reaches: a function is summarized once its callees are.
 * A function met again while it is on the stack ('pending') counts as sending nothing, so recursion ends.
 */
function walk(root: FunctionNode, rootFile: FileAnalysis): WrapperSummary {
  let budget = maxSummariesPerWalk - 1;
  const stack: Frame[] = [{ fn: root, file: rootFile }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.calls) {
      stack.pop();
      frame.file.summaries.set(frame.fn, combine(frame.fn, frame.file, frame.calls));
      continue;
    }
    // Pushed twice (two callers) and summarized through the other: done.
    if (frame.file.summaries.has(frame.fn)) {
      stack.pop();
      continue;
    }
    frame.file.summaries.set(frame.fn, 'pending');
    frame.calls = relevantCalls(frame.fn, frame.file);
    // Pushed last to first, so callees are walked in source order (which of two mutually recursive ones sees the other pending).
    for (let index = frame.calls.length - 1; index >= 0 && budget > 0; index--) {
      const target = frame.calls[index].target;
      if (!target || target.file.summaries.has(target.node)) continue;
      budget--;
      stack.push({ fn: target.node, file: target.file });
    }
  }
  const summary = rootFile.summaries.get(root);
  return summary === undefined || summary === 'pending' ? none : summary;
}

/** The calls of `fn`'s body that run when it does and send a request or call a project function. */
function relevantCalls(fn: FunctionNode, file: FileAnalysis): BodyCall[] {
  if (!fn.body) return [];
  const calls: BodyCall[] = [];
  for (const call of bodyCalls(fn, file)) {
    if (!runsWhenCalled(call, fn) || fillsCacheOnce(call, fn)) continue;
    const http = file.httpCall(call);
    const target = http ? undefined : calledFunction(call, file);
    if (http || target) calls.push({ call, http, target });
  }
  return calls;
}

/** The summary of `fn` from its calls, its callees' summaries being known (or left unfollowed: nothing). */
function combine(fn: FunctionNode, file: FileAnalysis, calls: readonly BodyCall[]): WrapperSummary {
  const result: WrapperSummary = { reach: 'none', retried: true, unsafeOnly: true, name: functionName(fn) };
  for (const { call, http, target } of calls) {
    const known = target?.file.summaries.get(target.node);
    const inner = known === undefined || known === 'pending' ? undefined : known;
    if (!http && (!inner || inner.reach === 'none')) continue;
    const limited = limiterBetween(call, fn, file) !== undefined || inner?.reach === 'limited';
    const retried = retryBetween(call, fn) || recursiveRetryOf(call, file)?.fn === fn || (http ? httpRetriesItself(http, fileRetriesAxios(file)) : inner!.retried);
    result.reach = result.reach === 'unlimited' || !limited ? 'unlimited' : 'limited';
    result.retried &&= retried;
    result.unsafeOnly &&= http ? http.method !== undefined && !idempotentMethods.has(http.method) : inner!.unsafeOnly;
    result.example ??= http ? { file, node: call, label: http.label } : inner!.example;
  }
  return result;
}

const axiosRetryOfFile = new WeakMap<ts.SourceFile, boolean>();

/** Whether the file attaches axios-retry (read once per parsed file: every summary with an axios call asks). */
function fileRetriesAxios(file: FileAnalysis): boolean {
  let applies = axiosRetryOfFile.get(file.sourceFile);
  if (applies === undefined) axiosRetryOfFile.set(file.sourceFile, (applies = fileAppliesAxiosRetry(file.sourceFile)));
  return applies;
}

/**
 * The calls a function's body makes, the body itself included when it is one: `callsWithin` leaves out the node it
 * is given, and an arrow's expression body (`const notify = (url) => fetch(url, …)`) is the request itself.
 */
export function bodyCalls(fn: FunctionNode, file: FileAnalysis): ts.CallExpression[] {
  if (!fn.body) return [];
  const calls = file.callsWithin(fn.body);
  return ts.isCallExpression(fn.body) ? [fn.body, ...calls] : calls;
}

/** The client retries on its own (got, ky, ofetch), or it is axios and the file attaches axios-retry. */
export function httpRetriesItself(http: HttpCall, fileAppliesAxiosRetry: boolean): boolean {
  return clientDefaults[http.client].retries || (http.client === 'axios' && fileAppliesAxiosRetry);
}

/** True when every function between `call` and `fn` is a callback invoked on the way (not returned or stored). */
export function runsWhenCalled(call: ts.Node, fn: FunctionNode): boolean {
  for (let current = call.parent; current && current !== fn; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const parent = current.parent;
    if (!(ts.isCallExpression(parent) || ts.isNewExpression(parent)) && !isLocalTask(current, fn)) return false;
  }
  return true;
}

/**
 * `if (config.labels === null) { config.labels = api.getLabels(…); } return config.labels;`: a memoized promise. The
 * request under the guard runs once, whoever calls the function and however often: calls do not send it. Only when
 * nothing in the guarded block waits (after an `await`, concurrent first calls would all miss the cache).
 */
function fillsCacheOnce(call: ts.Node, fn: FunctionNode): boolean {
  for (let current = call.parent; current && current !== fn; current = current.parent) {
    if (!ts.isIfStatement(current) || !contains(current.thenStatement, call)) continue;
    const cached = absenceTested(current.expression);
    if (!cached) continue;
    const block = current.thenStatement.getText();
    if (/\bawait\b/.test(block)) return false;
    const escaped = cached.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^.\\w$])${escaped}\\s*(=[^=]|\\?\\?=)`).test(block)) return true;
  }
  return false;
}

/** `x === null`, `x == null`, `x === undefined`, `!x`: the text of `x`, a name or a member chain. */
function absenceTested(condition: ts.Expression): string | undefined {
  const expression = skipOuterExpressions(condition);
  const isChain = (node: ts.Expression) => ts.isIdentifier(node) || ts.isPropertyAccessExpression(node);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = skipOuterExpressions(expression.operand);
    return isChain(operand) ? operand.getText() : undefined;
  }
  if (!ts.isBinaryExpression(expression)) return undefined;
  const operator = expression.operatorToken.kind;
  if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
  const empty = (node: ts.Expression) => node.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(node) && node.text === 'undefined');
  if (empty(expression.right) && isChain(expression.left)) return expression.left.getText();
  if (empty(expression.left) && isChain(expression.right)) return expression.right.getText();
  return undefined;
}

/**
 * `const task = async () => fetch(url); … return queue.add(task)`: a function held in a local `const` of `fn`
 * and called or handed on in `fn` runs when `fn` does.
 */
function isLocalTask(inner: FunctionNode, fn: FunctionNode): boolean {
  const declaration = inner.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== inner || !ts.isIdentifier(declaration.name)) return false;
  if ((ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) === 0 || enclosingFunction(declaration) !== fn || !fn.body) return false;
  const name = declaration.name.text;
  let used = false;
  // An explicit stack (forEachDescendant), not recursion: bodies can nest thousands of levels deep.
  forEachDescendant(fn.body, (node) => {
    if (!ts.isIdentifier(node)) return undefined;
    used = node.text === name && node !== declaration.name && usesValue(node);
    return used ? 'stop' : 'skip';
  });
  return used;
}

/** A read of the name as a value: called, passed on, or returned (not a property name). */
function usesValue(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === identifier) return false;
  return true;
}

/** A limiter between `node` and `stopAt`: a callback handed to one, or a semaphore acquired first. */
export function limiterBetween(node: ts.Node, stopAt: ts.Node | undefined, file: FileAnalysis): ts.Node | undefined {
  for (let current = node.parent; current && current !== stopAt; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    if (current.body && acquiresBefore(node, current.body, file)) return current;
    const parent = current.parent;
    if (ts.isCallExpression(parent) && limiterOfCall(parent, file)) return parent;
  }
  if (stopAt && isFunctionNode(stopAt) && stopAt.body) return acquiresBefore(node, stopAt.body, file);
  return undefined;
}

/** A retry between `node` and `stopAt`: a retry wrapper around it or a retry loop. */
export function retryBetween(node: ts.Node, stopAt: ts.Node | undefined): boolean {
  for (let current = node.parent; current && current !== stopAt; current = current.parent) {
    if (isFunctionNode(current) && ts.isCallExpression(current.parent) && isRetryCall(current.parent)) return true;
    if (isFunctionNode(current) && isRetryNamed(functionName(current))) return true;
  }
  return retryLoopAround(node, stopAt, true) !== undefined;
}

/** The name a function is known by: its own, its variable's, its property's. */
export function functionName(fn: FunctionNode): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name) {
    return fn.name.getText();
  }
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name) {
    return parent.name.getText();
  }
  if (ts.isCallExpression(parent)) return `the callback of ${parent.expression.getText().replace(/\s+/g, '')}`;
  return 'anonymous function';
}

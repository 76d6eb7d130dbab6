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
import { fileAppliesAxiosRetry, isRetryCall, isRetryNamed, retryLoopAround } from './retries';
import { type FunctionNode, isFunctionNode } from './syntax';

export type { WrapperCall, WrapperSummary } from './file-analysis';

const maxDepth = 4;
const none: WrapperSummary = { reach: 'none', retried: true, unsafeOnly: true, name: '' };

/** The wrapper a call invokes, when it is a project function that reaches HTTP. */
export function wrapperCall(call: ts.CallExpression, file: FileAnalysis, depth = 0): WrapperCall | undefined {
  if (depth > maxDepth) return undefined;
  const target = calledFunction(call, file);
  if (!target) return undefined;
  const summary = summarize(target.node, target.file, depth + 1);
  return summary.reach === 'none' ? undefined : { node: call, summary, target };
}

/** Summarizes a function's body, following calls into other project functions up to a depth. */
export function summarize(fn: FunctionNode, file: FileAnalysis, depth = 0): WrapperSummary {
  const cached = file.summaries.get(fn);
  if (cached === 'pending') return none;
  if (cached) return cached;
  file.summaries.set(fn, 'pending');
  const summary = computeSummary(fn, file, depth);
  file.summaries.set(fn, summary);
  return summary;
}

function computeSummary(fn: FunctionNode, file: FileAnalysis, depth: number): WrapperSummary {
  const result: WrapperSummary = { reach: 'none', retried: true, unsafeOnly: true, name: functionName(fn) };
  if (!fn.body) return result;
  const clientRetry = fileAppliesAxiosRetry(file.sourceFile);
  for (const call of file.callsWithin(fn.body)) {
    if (!runsWhenCalled(call, fn)) continue;
    const http = file.httpCall(call);
    const inner = http ? undefined : depth < maxDepth ? wrapperCall(call, file, depth) : undefined;
    if (!http && !inner) continue;
    const limited = limiterBetween(call, fn, file) !== undefined || inner?.summary.reach === 'limited';
    const retried = retryBetween(call, fn) || (http ? httpRetriesItself(http, clientRetry) : inner!.summary.retried);
    result.reach = result.reach === 'unlimited' || !limited ? 'unlimited' : 'limited';
    result.retried &&= retried;
    result.unsafeOnly &&= http ? http.method !== undefined && !idempotentMethods.has(http.method) : inner!.summary.unsafeOnly;
    result.example ??= http ? { file, node: call, label: http.label } : inner!.summary.example;
  }
  return result;
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
    if (!(ts.isCallExpression(parent) || ts.isNewExpression(parent))) return false;
  }
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

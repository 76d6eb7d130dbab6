/**
 * Retries written as recursion: a function that sends a request and, when it fails (in a `catch`, or after a
 * status check such as `!res.ok` or `res.status === 503`), calls itself again (`return call(url, attempt + 1)`),
 * usually after a sleep.
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import type { FileAnalysis } from './file-analysis';
import { contains, enclosingFunction, type FunctionNode } from './syntax';

/** A function that retries the request at `site` by calling itself. */
export interface RecursiveRetry {
  fn: FunctionNode;
  /** The name it calls itself by. */
  name: string;
  /** The call that starts the next attempt. */
  call: ts.CallExpression;
  /** Parameters the recursive call changes (`attempt + 1`, `retries - 1`): attempt counters. */
  counters: ReadonlySet<ts.Node>;
}

const failureCheck = /\.ok\b|\.status(Code)?\b/;

/** The recursive retry the request at `site` takes part in, when its own function calls itself after a failure of it. */
export function recursiveRetryOf(site: ts.Node, file: FileAnalysis): RecursiveRetry | undefined {
  const fn = enclosingFunction(site);
  const name = fn && ownName(fn);
  if (!fn?.body || !name) return undefined;
  for (const call of file.callsWithin(fn.body)) {
    if (call.pos < site.end || enclosingFunction(call) !== fn || !callsItself(call, fn, name)) continue;
    if (!afterFailure(call, site, fn)) continue;
    const counters = new Set<ts.Node>();
    fn.parameters.forEach((parameter, index) => {
      const argument = call.arguments[index] && skipOuterExpressions(call.arguments[index]);
      if (argument && ts.isIdentifier(parameter.name) && !(ts.isIdentifier(argument) && argument.text === parameter.name.text)) counters.add(parameter);
    });
    return { fn, name, call, counters };
  }
  return undefined;
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

/**
 * Responses dropped by a batch: `await Promise.all(ids.map((id) => fetch(…)))` as a statement, or
 * `ps.push(fetch(…))` in a loop and then `await Promise.allSettled(ps)` with the result unused. Every response of the
 * batch is settled and thrown away with its body unread.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { referencesTo } from './references';
import { enclosingFunction, isFunctionNode } from './syntax';

const combinators = new Set(['all', 'allSettled']);

/** Whether the promise of `call` (a request, not awaited where it is made) goes into a batch whose results are dropped. */
export function droppedByBatch(call: ts.CallExpression): boolean {
  const promise = outermost(call);
  const parent = promise.parent;
  const callback = returnedBy(promise);
  if (callback) {
    const map = callback.parent;
    return ts.isCallExpression(map) && map.arguments[0] === callback && isMethodCall(map, 'map') && dropsResults(map);
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(promise as ts.Expression)) return isMethodCall(parent, 'push') && arrayDropped(parent);
  // `const result = fetch(…); all.push(result)`: the name is used only to collect the promise.
  if (ts.isVariableDeclaration(parent) && parent.initializer === promise && ts.isIdentifier(parent.name)) {
    const scope = enclosingFunction(parent);
    const uses = scope ? referencesTo(parent.name, scope) : [];
    return uses.length > 0 && uses.every((use) => {
      const push = use.parent;
      return ts.isCallExpression(push) && push.arguments.includes(use) && isMethodCall(push, 'push') && arrayDropped(push);
    });
  }
  return false;
}

function outermost(node: ts.Node): ts.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isSatisfiesExpression(current.parent)) current = current.parent;
  return current;
}

/** The callback whose result `promise` is: `(id) => fetch(…)`, or `return fetch(…)` in its body. */
function returnedBy(promise: ts.Node): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const parent = promise.parent;
  if (ts.isArrowFunction(parent) && parent.body === promise) return parent;
  if (!ts.isReturnStatement(parent)) return undefined;
  const fn = enclosingFunction(parent);
  return fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) ? fn : undefined;
}

function isMethodCall(call: ts.CallExpression, name: string): boolean {
  return ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === name;
}

/** `Promise.all(batch)` / `Promise.allSettled(batch)` whose value nobody takes: a statement, awaited or `void`ed. */
function dropsResults(batch: ts.Expression): boolean {
  const argument = outermost(batch);
  const combinator = argument.parent;
  if (!ts.isCallExpression(combinator) || combinator.arguments[0] !== argument || !ts.isPropertyAccessExpression(combinator.expression)) return false;
  const { expression: promiseName, name } = combinator.expression;
  if (!ts.isIdentifier(promiseName) || promiseName.text !== 'Promise' || !combinators.has(name.text) || resolveName('Promise', promiseName).kind !== 'global') return false;
  let current: ts.Node = combinator;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAwaitExpression(current.parent) || ts.isVoidExpression(current.parent)) current = current.parent;
  return ts.isExpressionStatement(current.parent) && enclosingFunction(current) !== undefined;
}

/** The array `push` fills is a local one that is only pushed to and handed to batches that drop their results. */
function arrayDropped(push: ts.CallExpression): boolean {
  const receiver = skipOuterExpressions((push.expression as ts.PropertyAccessExpression).expression);
  if (!ts.isIdentifier(receiver)) return false;
  const binding = resolveName(receiver.text, receiver);
  if (binding.kind !== 'local' || !ts.isVariableDeclaration(binding.declaration) || !ts.isIdentifier(binding.declaration.name)) return false;
  const initializer = binding.declaration.initializer && skipOuterExpressions(binding.declaration.initializer);
  if (!initializer || !ts.isArrayLiteralExpression(initializer) || initializer.elements.length > 0) return false;
  const scope = enclosingFunction(binding.declaration);
  if (!scope || !isFunctionNode(scope)) return false;
  let dropped = false;
  for (const use of referencesTo(binding.declaration.name, scope)) {
    const parent = use.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === use && parent.name.text === 'push' && ts.isCallExpression(parent.parent)) continue;
    if (!dropsResults(use)) return false;
    dropped = true;
  }
  return dropped;
}

/**
 * One-shot pools closed on every path: `const dispatcher = pinnedAgent(ip); try { await fetch(url, { dispatcher }) }
 * finally { await dispatcher.destroy() }`. A pool pinned to an address checked just before, or a per-request proxy,
 * is built per call on purpose; destroyed in a `finally`, no socket outlives the call, so neither the pool nor a
 * response body left unread through it holds one. Closed only after a success, it still leaks on the failure path.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { asObjectLiteral, propertyValue } from './options';
import { enclosingFunction, forEachDescendant, isFunctionNode, type FunctionNode } from './syntax';

/** Whether the pool `creation` builds is bound to a name that a `finally` block of `fn` destroys or closes. */
export function disposedInFinally(creation: ts.Expression, fn: FunctionNode): boolean {
  let current: ts.Node = creation;
  // `address ? pinnedAgent(address) : undefined` binds the same pool.
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || (ts.isConditionalExpression(current.parent) && current.parent.condition !== current)) {
    current = current.parent;
  }
  const declaration = current.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return false;
  return closedInFinally(declaration.name.text, fn);
}

/**
 * A request whose `dispatcher` option is a variable of the same function that a `finally` block destroys or closes:
 * `fetch(url, { dispatcher })`, or a project wrapper's `fetchWithTimeout(url, { dispatcher })`, with
 * `finally { await dispatcher.destroy() }`.
 */
export function sentThroughDisposedDispatcher(call: ts.CallExpression): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return false;
  for (const argument of call.arguments) {
    const options = asObjectLiteral(argument);
    const value = options && options !== 'unknown' ? propertyValue(options, 'dispatcher') : undefined;
    const name = value && skipOuterExpressions(value);
    if (!name || !ts.isIdentifier(name)) continue;
    const binding = resolveName(name.text, name);
    if (binding.kind !== 'local' || !ts.isVariableDeclaration(binding.declaration) || enclosingFunction(binding.declaration) !== fn) continue;
    if (closedInFinally(name.text, fn)) return true;
  }
  return false;
}

function closedInFinally(name: string, fn: FunctionNode): boolean {
  if (!fn.body) return false;
  let disposed = false;
  forEachDescendant(fn.body, (node) => {
    if (node !== fn.body && isFunctionNode(node)) return 'skip';
    if (ts.isTryStatement(node) && node.finallyBlock && closes(node.finallyBlock, name)) disposed = true;
    return disposed ? 'stop' : undefined;
  });
  return disposed;
}

/** `name.destroy()`, `name?.close()` in the block. */
function closes(block: ts.Block, name: string): boolean {
  let found = false;
  forEachDescendant(block, (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(destroy|close)$/.test(node.expression.name.text)) {
      const target = node.expression.expression;
      if (ts.isIdentifier(target) && target.text === name) found = true;
    }
    return found ? 'stop' : undefined;
  });
  return found;
}

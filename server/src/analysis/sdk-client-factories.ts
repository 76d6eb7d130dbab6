/**
 * SDK clients that project functions build and return: `const core = await azureApi.coreApi()` where
 * `export function coreApi() { return azureObj().getCoreApi(); }` and `function azureObj() { return new azure.WebApi(…); }`.
 * The same-file recognizer (`sdkCall`) stops at the call; this follows the called function's `return` (across files,
 * through `await`, `const` and the SDK's own handle methods such as `getCoreApi()`) to the `new Client(…)` it builds.
 * Each step is a definition lookup, so ask only for calls that matter (inside a fan-out).
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { calledFunction } from './definitions';
import type { FileAnalysis } from './file-analysis';
import { clientOrigin, sdkCallThrough, type ClientOrigin, type SdkCall } from './sdk-clients';
import { forEachDescendant, type FunctionNode, isFunctionNode } from './syntax';

/** Calls, returns, `await`s and `const`s followed from a client to where it is built. */
const maxSteps = 10;

/** The SDK request `call` sends through a client a project function returns. */
export function sdkCallThroughFactory(call: ts.CallExpression, file: FileAnalysis): SdkCall | undefined {
  if (!ts.isPropertyAccessExpression(skipOuterExpressions(call.expression))) return undefined;
  return sdkCallThrough(call, (root) => builtBy(root, file, 0));
}

function builtBy(expression: ts.Expression, file: FileAnalysis, steps: number): ClientOrigin | undefined {
  if (steps > maxSteps) return undefined;
  const expr = skipOuterExpressions(expression);
  const same = clientOrigin(expr);
  if (same) return same;
  if (ts.isAwaitExpression(expr)) return builtBy(expr.expression, file, steps + 1);
  if (ts.isIdentifier(expr)) {
    const binding = resolveName(expr.text, expr);
    const declaration = binding.kind === 'local' ? binding.declaration : undefined;
    const constant = declaration && ts.isVariableDeclaration(declaration) && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
    return constant && declaration.initializer ? builtBy(declaration.initializer, file, steps + 1) : undefined;
  }
  if (!ts.isCallExpression(expr)) return undefined;
  const callee = skipOuterExpressions(expr.expression);
  // `azureObj().getCoreApi()`: a handle on a client the inner call returns.
  if (ts.isPropertyAccessExpression(callee)) {
    const owner = builtBy(callee.expression, file, steps + 1);
    if (owner) return owner.entry.handles?.test(callee.name.text) ? owner : undefined;
  }
  const target = calledFunction(expr, file);
  return target ? returnedBy(target.node, target.file, steps + 1) : undefined;
}

/** The client a project function returns: its expression body, or the first `return` whose value is one. */
function returnedBy(fn: FunctionNode, file: FileAnalysis, steps: number): ClientOrigin | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return builtBy(body, file, steps);
  let found: ClientOrigin | undefined;
  forEachDescendant(body, (node) => {
    if (found) return 'stop';
    if (isFunctionNode(node)) return 'skip';
    if (ts.isReturnStatement(node) && node.expression) found = builtBy(node.expression, file, steps);
    return undefined;
  });
  return found;
}

/**
 * The signal the helper's `withRetry` hands its callback (`withRetry((signal) => fetch(u, { signal }))`):
 * it ends the attempt at the attempt timeout, the overall deadline or the caller's abort. A request inside
 * the callback should use it; a fix that adds a deadline there takes it (adding the parameter when the
 * callback has none) instead of a second, unrelated timer.
 */
import { resolveName } from '../../analysis/bindings';
import type { FileAnalysis } from '../../analysis/file-analysis';
import { retryWrapperOf } from '../../analysis/retry-wrappers';
import { enclosingFunction, forEachDescendant } from '../../analysis/syntax';
import { ts } from '../../analysis/ts';
import type { TextEdit } from '../types';

/** The callback of the helper's `withRetry` that `node` runs in directly (not in a function nested inside it). */
export function helperRetryCallback(node: ts.Node, file: FileAnalysis): ts.ArrowFunction | ts.FunctionExpression | undefined {
  const fn = enclosingFunction(node);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  let argument: ts.Node = fn;
  while (ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
  const call = argument.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== argument) return undefined;
  return retryWrapperOf(call, file)?.helper ? fn : undefined;
}

/** The name of the callback's signal parameter, and the edit that declares it when the callback has none. */
export function signalParameter(callback: ts.ArrowFunction | ts.FunctionExpression): { name: string; edits: TextEdit[] } | undefined {
  const first = callback.parameters[0];
  if (first) return ts.isIdentifier(first.name) ? { name: first.name.text, edits: [] } : undefined;
  const name = freeName(['signal', 'attemptSignal'], callback);
  if (!name) return undefined;
  const text = callback.getSourceFile().text;
  const open = text.indexOf('(', ts.isArrowFunction(callback) ? (ts.getModifiers(callback)?.at(-1)?.getEnd() ?? callback.getStart()) : (callback.name ?? callback.asteriskToken ?? callback.getFirstToken()!).getEnd());
  if (open < 0 || open > callback.body.getStart()) return undefined;
  return { name, edits: [{ start: open + 1, end: open + 1, newText: name }] };
}

/** The first of `candidates` that names nothing in scope at `at` and is not used inside it. */
export function freeName(candidates: readonly string[], at: ts.Node): string | undefined {
  const used = new Set<string>();
  forEachDescendant(at, (node) => {
    if (ts.isIdentifier(node) && !isPropertyName(node)) used.add(node.text);
  });
  return candidates.find((candidate) => resolveName(candidate, at).kind === 'global' && !used.has(candidate));
}

/** `signal` in `{ signal: x }` or `a.signal`: a name of a property, not of a variable. */
function isPropertyName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (ts.isPropertyAssignment(parent) && parent.name === identifier) || (ts.isPropertyAccessExpression(parent) && parent.name === identifier);
}

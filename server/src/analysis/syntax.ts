/** Small structural questions about compiler nodes, shared by the analysis modules. */
import { ts } from './ts';

/** A function whose body runs when it is called (declarations, expressions, arrows, methods, accessors). */
export type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

/** What a `forEachDescendant` visitor asks for: `skip` the node's children, `stop` the whole walk. */
export type WalkControl = 'skip' | 'stop' | undefined | void;

/**
 * Visits `root` and every node below it in source order (pre-order, children left to right, as nested
 * `ts.forEachChild` calls would), with an explicit stack instead of recursion: a parseable file can be
 * tens of thousands of levels deep (`"a" + "a" + …`, `a.b.c…`), more than the call stack holds.
 */
export function forEachDescendant(root: ts.Node, visit: (node: ts.Node) => WalkControl): void {
  const stack: ts.Node[] = [root];
  const push = (child: ts.Node): undefined => {
    stack.push(child);
    return undefined;
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    const control = visit(node);
    if (control === 'stop') return;
    if (control === 'skip') continue;
    const base = stack.length;
    ts.forEachChild(node, push);
    reverseFrom(stack, base);
  }
}

/** Reverses `items[from…]` in place: children pushed in source order pop in source order. */
export function reverseFrom<T>(items: T[], from: number): void {
  for (let low = from, high = items.length - 1; low < high; low++, high--) {
    const swap = items[low];
    items[low] = items[high];
    items[high] = swap;
  }
}

/** True for nodes that start a new function body. */
export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return functionKinds.has(node.kind);
}

/** The kinds of `FunctionNode`: a set lookup, as walks up and down the tree ask this of every node they pass. */
const functionKinds: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

/** The nearest function that contains `node` (not `node` itself), or undefined at module level. */
export function enclosingFunction(node: ts.Node): FunctionNode | undefined {
  // Remembered per node: rules ask for every call of a file, and a `.then(…)` or `.compose(…)` chain of
  // n calls is n levels deep, so walking up each time costs n² (seconds at a few thousand links).
  const visited: ts.Node[] = [];
  let found: FunctionNode | null | undefined;
  for (let current = node.parent; current; current = current.parent) {
    const known = enclosingFunctions.get(current);
    if (known !== undefined) {
      found = known;
      break;
    }
    if (isFunctionNode(current)) {
      found = current;
      break;
    }
    visited.push(current);
  }
  // The function found (or module level) encloses every node passed on the way up, as the parent of each.
  for (const passed of visited) enclosingFunctions.set(passed, found ?? null);
  return found ?? undefined;
}

/**
 * Records the function around `node`'s children (undefined: module level), known from a walk down the tree, so that
 * `enclosingFunction` of each child answers at once. `node` must not be a function itself.
 */
export function rememberEnclosingFunction(node: ts.Node, fn: FunctionNode | undefined): void {
  enclosingFunctions.set(node, fn ?? null);
}

/**
 * The nearest enclosing function of a node's children: `null` for module level. A full parse makes new
 * nodes; an incremental one reuses subtrees under new parents, so `reparseSource` clears this first.
 */
let enclosingFunctions = new WeakMap<ts.Node, FunctionNode | null>();

/** Forgets what `enclosingFunction` remembered: reused nodes of an incremental parse may have new ancestors. */
export function forgetEnclosingFunctions(): void {
  enclosingFunctions = new WeakMap();
}

/** True for loop statements. */
export function isLoop(node: ts.Node): node is ts.IterationStatement {
  const kind = node.kind;
  return (
    kind === ts.SyntaxKind.ForStatement ||
    kind === ts.SyntaxKind.ForOfStatement ||
    kind === ts.SyntaxKind.ForInStatement ||
    kind === ts.SyntaxKind.WhileStatement ||
    kind === ts.SyntaxKind.DoStatement
  );
}

/** The object a method is called on: `queue` for `queue.add(...)`. */
export function calleeObject(call: ts.CallExpression): ts.Expression | undefined {
  return ts.isPropertyAccessExpression(call.expression) ? call.expression.expression : undefined;
}

/** The last identifier of an expression: `queue` for `this.queue`, `limit` for `limit`. */
export function trailingName(expression: ts.Expression): string | undefined {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}

/** True when `inner` lies within `outer` (or is it). */
export function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

/** Whether `node` is awaited (or returned from an async callback) before anything else uses it. */
export function isAwaitedDirectly(node: ts.Node): boolean {
  let current = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent))) {
    current = current.parent;
  }
  return current.parent !== undefined && ts.isAwaitExpression(current.parent);
}

/** A readable one-line form of an expression for messages, shortened. */
export function shortText(node: ts.Node, max = 40): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The leading white space of the line `offset` is on, to indent inserted code like its neighbours. */
export function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * Concurrency facts about a request site: is it fanned out (`Promise.all(xs.map(…))`, a loop that
 * collects un-awaited promises, `forEach(async …)`), over what, and is the fan-out bounded by a
 * small collection, fixed-size chunks or a limiter on the path.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { type CollectionBound, collectionBound, smallFanOut } from './collections';
import { deploymentBound } from './deployment-collections';
import type { FileAnalysis } from './file-analysis';
import { acquiresBefore, limiterOfCall } from './limiters';
import { numericValue } from './options';
import { enclosingFunction, forEachDescendant, isFunctionNode, isLoop, type FunctionNode } from './syntax';

/** A place where many requests start at once. */
export interface FanOut {
  kind: 'map' | 'for-each' | 'loop';
  /** Where to report: the `Promise.all` callee, the `forEach`, the `push`. */
  anchor: ts.Node;
  /** The call that creates the promises (`xs.map(…)`, `xs.forEach(…)`, `ps.push(…)`). */
  site: ts.CallExpression | ts.BinaryExpression;
  /** `Promise.all` and friends, when one collects the promises. */
  combinator?: string;
  /** What drives the fan-out, when visible: the mapped array, the loop's iterable. */
  collection?: ts.Expression;
  /** Why it is not a risk, when it is not. */
  bounded?: CollectionBound | { reason: 'limiter'; detail: string; node: ts.Node };
}

const iterationMethods = new Set(['map', 'flatMap', 'forEach']);
const combinators = new Set(['all', 'allSettled', 'any', 'race']);
const maxHops = 8;
/** Bounded batches looked through for an unbounded fan-out around them. */
const maxNesting = 16;

/** The fan-out a request site (an HTTP call, a wrapper call, or a function passed to `map`) takes part in. */
export function fanOutOf(start: ts.Node, file: FileAnalysis): FanOut | undefined {
  const inner = innermostFanOut(start, file);
  // A bounded batch inside an unbounded fan-out (`Promise.all(chunks.map((c) => Promise.all(c.map(get))))`) is still
  // unbounded: look outwards through bounded batches (a loop, not recursion; at most `maxNesting` of them).
  let current = inner;
  for (let nesting = 0; current?.bounded && current.bounded.reason !== 'limiter' && nesting < maxNesting; nesting++) {
    current = innermostFanOut(current.site, file);
    if (current && !current.bounded) return current;
  }
  return inner;
}

/**
 * The unbounded fan-out a site takes part in: `fanOutOf` without its bounded answers, for the many calls of a file
 * that sit in no loop. An unbounded fan-out needs a loop or an iteration call (`map`, `flatMap`, `forEach`,
 * `Array.from`) around the site (its `site` or the loop holding it is an ancestor), so without one the walk is skipped.
 */
export function unboundedFanOutOf(start: ts.Node, file: FileAnalysis): FanOut | undefined {
  if (!insideIteration(start)) return undefined;
  const fanOut = fanOutOf(start, file);
  return fanOut && !fanOut.bounded ? fanOut : undefined;
}

function insideIteration(start: ts.Node): boolean {
  // A walk up the parents: cheaper than remembering the answer per node (measured; most calls are a few levels deep).
  for (let node = start.parent; node; node = node.parent) if (isIteration(node)) return true;
  return false;
}

function isIteration(node: ts.Node): boolean {
  if (isLoop(node)) return true;
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && (iterationMethods.has(node.expression.name.text) || node.expression.name.text === 'from');
}

function innermostFanOut(reference: ts.Node, file: FileAnalysis): FanOut | undefined {
  // `xs.map(this.load.bind(this))`: the bound method is the callback.
  const bound = ts.isPropertyAccessExpression(reference.parent) && reference.parent.name.text === 'bind' && reference.parent.expression === reference && ts.isCallExpression(reference.parent.parent);
  const start = bound ? reference.parent.parent : reference;
  if (ts.isCallExpression(start.parent) && start.parent.arguments.includes(start as ts.Expression)) {
    const direct = iterationFanOut(start.parent, start, file);
    if (direct) return direct;
  }
  let node: ts.Node = start;
  // The first limiter on the way out (a semaphore acquired before the request, a limiter the callback runs through),
  // looked for only once a fan-out is found: most walks find none.
  const limiters = new LimiterOnPath();
  for (let hops = 0; hops < maxHops; hops++) {
    const fn = enclosingFunction(node);
    const collected = loopCollected(node, fn);
    const found = collected !== 'none' && collected && limiters.first();
    if (collected !== 'none') return collected && found ? { ...collected, bounded: { reason: 'limiter', ...found } } : collected;
    if (!fn) return undefined;
    if (fn.body) limiters.acquiredBefore(node, fn.body, file);
    const parent = skipParentheses(fn);
    if (ts.isCallExpression(parent) && parent.arguments.includes(outermost(fn))) {
      const use = limiterOfCall(parent, file);
      // `pMap(items, fn)`, `mapLimit(items, 8, fn)`: a fan-out, bounded by the limiter itself.
      if (use?.items) {
        const bounded = { reason: 'limiter' as const, detail: `\`${parent.expression.getText()}\``, node: parent };
        return { kind: 'map', anchor: parent.expression, site: parent, collection: use.items, bounded };
      }
      if (use) limiters.runsThrough(parent);
      const iteration = iterationFanOut(parent, fn, file);
      const limiter = iteration && limiters.first();
      // A limiter only bounds a fan-out; a request merely run through one is no fan-out at all.
      if (iteration) return limiter ? { ...iteration, bounded: { reason: 'limiter', ...limiter } } : iteration;
      if (isIterationCall(parent)) return undefined;
      node = parent;
    } else if (ts.isNewExpression(parent) && parent.expression.getText() === 'Promise') {
      node = parent;
    } else {
      return undefined;
    }
  }
  return undefined;
}

interface LimiterFound {
  node: ts.Node;
  detail: string;
}

/** The limiters met walking out of a request's callbacks, in order; each semaphore search (`acquiresBefore`) runs on demand. */
class LimiterOnPath {
  private found: LimiterFound | undefined;
  private readonly pending: (() => LimiterFound | undefined)[] = [];

  acquiredBefore(node: ts.Node, body: ts.Node, file: FileAnalysis): void {
    this.pending.push(() => {
      const acquire = acquiresBefore(node, body, file);
      return acquire && { node: acquire, detail: 'a semaphore acquired before the request' };
    });
  }

  runsThrough(call: ts.CallExpression): void {
    this.pending.push(() => ({ node: call, detail: `\`${call.expression.getText()}\`` }));
  }

  first(): LimiterFound | undefined {
    while (!this.found && this.pending.length > 0) this.found = this.pending.shift()?.();
    return this.found;
  }
}

function outermost(fn: FunctionNode): ts.Expression {
  let current: ts.Node = fn;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current as ts.Expression;
}

function skipParentheses(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return parent;
}

function isIterationCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && iterationMethods.has(callee.name.text);
}

/** `xs.map(fn)` fed to `Promise.all`, `Array.from(xs, fn)`, or `xs.forEach(async …)`. */
function iterationFanOut(call: ts.CallExpression, callback: ts.Node, file: FileAnalysis): FanOut | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const isArrayFrom = method === 'from' && callee.expression.getText() === 'Array' && call.arguments[1] === callback;
  if (!isArrayFrom && (!iterationMethods.has(method) || call.arguments[0] !== callback)) return undefined;
  const collection = isArrayFrom ? call.arguments[0] : callee.expression;
  if (method === 'forEach') {
    // Whatever the callback's shape, a request started in it is not awaited by forEach.
    return withBound({ kind: 'for-each', anchor: callee.name, site: call, collection });
  }
  const combinator = consumingCombinator(call, file);
  if (!combinator) return undefined;
  return withBound({ kind: 'map', anchor: combinator.expression, site: call, combinator: combinator.expression.getText(), collection });
}

function withBound(fanOut: FanOut): FanOut {
  const bounded = collectionBound(fanOut.collection) ?? deploymentBound(fanOut.collection);
  return bounded ? { ...fanOut, bounded } : fanOut;
}

function isCombinatorCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const { expression: object, name } = node.expression;
  return ts.isIdentifier(object) && object.text === 'Promise' && combinators.has(name.text) && resolveName('Promise', object).kind === 'global';
}

/** The `Promise.all(…)` that receives the promises `site` creates, directly or through a variable. */
function consumingCombinator(site: ts.Expression, file: FileAnalysis): ts.CallExpression | undefined {
  let current: ts.Node = site;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSpreadElement(parent) || ts.isArrayLiteralExpression(parent)) {
      current = parent;
      continue;
    }
    if (isCombinatorCall(parent) && parent.arguments[0] === current) return parent;
    // `Promise.all(xs.flatMap((x) => ys.map((y) => send(x, y))))`: the inner promises reach the combinator
    // through the outer callback's result.
    const outer = outerIterationReturning(current, parent);
    if (outer) {
      current = outer;
      continue;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) {
      return combinatorUsing(parent.name.text, parent, file);
    }
    return undefined;
  }
}

/** The `xs.map(cb)` / `xs.flatMap(cb)` whose callback returns `current` (as its expression body or a `return`). */
function outerIterationReturning(current: ts.Node, parent: ts.Node): ts.CallExpression | undefined {
  let fn: ts.Node | undefined;
  if (ts.isArrowFunction(parent) && parent.body === current) fn = parent;
  else if (ts.isReturnStatement(parent)) fn = enclosingFunction(parent);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return undefined;
  const call = skipParentheses(fn);
  if (!ts.isCallExpression(call) || call.arguments[0] !== outermost(fn)) return undefined;
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === 'map' || callee.name.text === 'flatMap') ? call : undefined;
}

function combinatorUsing(name: string, declaration: ts.VariableDeclaration, file: FileAnalysis): ts.CallExpression | undefined {
  const scope = enclosingFunction(declaration)?.body ?? file.sourceFile;
  for (const call of file.callsWithin(scope)) {
    if (call.pos < declaration.end || !isCombinatorCall(call)) continue;
    const argument = call.arguments[0] && skipOuterExpressions(call.arguments[0]);
    if (!argument) continue;
    if (ts.isIdentifier(argument) && argument.text === name) return call;
    if (ts.isArrayLiteralExpression(argument) && argument.elements.some((element) => ts.isSpreadElement(element) && element.expression.getText() === name)) {
      return call;
    }
  }
  return undefined;
}

/**
 * A loop that starts a request per iteration and collects the promise (`ps.push(fetch(x))`,
 * `ps[i] = fetch(x)`) instead of awaiting it. `none` when there is no such loop up to `fn`.
 */
function loopCollected(node: ts.Node, fn: FunctionNode | undefined): FanOut | undefined | 'none' {
  let site: ts.CallExpression | ts.BinaryExpression | undefined;
  let current: ts.Node = node;
  for (let parent = node.parent; parent && parent !== fn; current = parent, parent = parent.parent) {
    if (ts.isAwaitExpression(parent) || isFunctionNode(parent)) return 'none';
    if (!site && ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression) && isCollectingCall(parent)) site = parent;
    if (!site && ts.isBinaryExpression(parent) && parent.right === current && ts.isElementAccessExpression(parent.left)) site = parent;
    // `const p = fetch(x).then(…); ps.push(wrap(p))`: the promise is started, named, and collected later in the block.
    if (!site && ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) site = laterCollected(parent);
    if (site && isLoop(parent)) {
      const fanOut = loopFanOut(parent, site);
      if (!fanOut.bounded) return fanOut;
      // `for (const m of monitors) for (const r of m.regions) ps.push(run(m, r))`: a bounded inner loop, but the
      // array outlives the outer loop, so every monitor's batch is in flight at once.
      return outerLoopCollecting(parent, site, fn) ?? fanOut;
    }
  }
  return 'none';
}

function loopFanOut(loop: ts.IterationStatement, site: ts.CallExpression | ts.BinaryExpression): FanOut {
  const collection = ts.isForOfStatement(loop) ? loop.expression : undefined;
  const fanOut: FanOut = { kind: 'loop', anchor: site, site, collection };
  const countBound = ts.isForStatement(loop) ? counterBound(loop) : undefined;
  if (countBound !== undefined && countBound <= smallFanOut) return { ...fanOut, bounded: { reason: 'small', detail: `${countBound} iterations` } };
  return withBound(fanOut);
}

/** An unbounded loop around `inner` (not past an `await` or `fn`) whose iterations all add to the array `site` fills. */
function outerLoopCollecting(inner: ts.Node, site: ts.CallExpression | ts.BinaryExpression, fn: FunctionNode | undefined): FanOut | undefined {
  const target = collectedInto(site);
  const binding = target && resolveName(target.text, target);
  if (binding?.kind !== 'local') return undefined;
  for (let node = inner.parent; node && node !== fn; node = node.parent) {
    if (ts.isAwaitExpression(node) || isFunctionNode(node)) return undefined;
    if (!isLoop(node)) continue;
    // An array declared in the loop's body is a batch per iteration, awaited before the next one starts.
    if (binding.declaration.pos >= node.pos && binding.declaration.end <= node.end) return undefined;
    const fanOut = loopFanOut(node, site);
    if (!fanOut.bounded) return fanOut;
  }
  return undefined;
}

/** The array a collecting site adds to: `ps` in `ps.push(…)` and `ps[i] = …`. */
function collectedInto(site: ts.CallExpression | ts.BinaryExpression): ts.Identifier | undefined {
  const target = ts.isCallExpression(site) ? site.expression : site.left;
  const object = ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) ? skipOuterExpressions(target.expression) : undefined;
  return object && ts.isIdentifier(object) ? object : undefined;
}

/** The `ps.push(…)` after `declaration`, in the same block, whose arguments use the declared name. */
function laterCollected(declaration: ts.VariableDeclaration): ts.CallExpression | undefined {
  const statement = declaration.parent.parent;
  const block = statement.parent;
  if (!ts.isVariableStatement(statement) || !ts.isBlock(block) || !ts.isIdentifier(declaration.name)) return undefined;
  const name = declaration.name.text;
  let found: ts.CallExpression | undefined;
  const later = block.statements.slice(block.statements.indexOf(statement) + 1);
  // `results.push(await started)`: awaited within the iteration, so the loop runs one at a time.
  if (later.some((next) => awaitsName(next, name, declaration))) return undefined;
  for (const next of later) {
    forEachDescendant(next, (node) => {
      if (found) return 'stop';
      if (!ts.isCallExpression(node) || !isCollectingCall(node)) return undefined;
      if (node.arguments.some((argument) => usesName(argument, name, declaration))) found = node;
      return undefined;
    });
    if (found) return found;
  }
  return undefined;
}

function awaitsName(root: ts.Node, name: string, declaration: ts.VariableDeclaration): boolean {
  let awaited = false;
  forEachDescendant(root, (node) => {
    if (awaited) return 'stop';
    if (ts.isAwaitExpression(node) && usesName(node.expression, name, declaration)) awaited = true;
    return undefined;
  });
  return awaited;
}

function usesName(root: ts.Node, name: string, declaration: ts.VariableDeclaration): boolean {
  let used = false;
  forEachDescendant(root, (node) => {
    if (used) return 'stop';
    if (ts.isIdentifier(node) && node.text === name) {
      const binding = resolveName(name, node);
      used = binding.kind === 'local' && binding.declaration === declaration;
    }
    return undefined;
  });
  return used || (ts.isIdentifier(root) && root.text === name);
}

function isCollectingCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && (callee.name.text === 'push' || callee.name.text === 'unshift');
}

/** `for (let i = 0; i < 3; i++)` runs 3 times. */
function counterBound(loop: ts.ForStatement): number | undefined {
  const condition = loop.condition;
  if (!condition || !ts.isBinaryExpression(condition)) return undefined;
  const limit = numericValue(condition.right);
  if (limit === undefined) return undefined;
  return condition.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken ? limit + 1 : limit;
}

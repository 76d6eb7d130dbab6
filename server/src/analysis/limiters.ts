/**
 * Concurrency limiters: p-limit, p-queue, p-map, async's *Limit, Bottleneck, @supercharge/promise-pool,
 * tiny-async-pool, semaphores, and the helper's mapLimit. A limiter defined in another project file
 * is followed through its import.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { normalizeModule } from './clients';
import { calledFunction, definitionOf } from './definitions';
import type { FileAnalysis } from './file-analysis';
import { asObjectLiteral, numericValue, optionPresence, propertyValue } from './options';
import { calleeObject, forEachDescendant, type FunctionNode, isFunctionNode, trailingName } from './syntax';

/** How many tasks a limiter lets run at once. */
export type Bound = number | 'unbounded' | 'unknown';

/** A call that runs callbacks through a limiter. */
export interface LimiterUse {
  call: ts.CallExpression;
  bound: Bound;
  /** Where the limiter was created, when it can be seen. */
  definition?: { file: FileAnalysis; node: ts.Node };
  /** The collection it maps over, when the limiter is itself a fan-out (`pMap(items, fn)`, `mapLimit(items, n, fn)`). */
  items?: ts.Expression;
}

const limiterLikeName = /limit|throttl|queue|sema(phore)?|mutex|concurren|bottleneck|schedul|pool/i;
/** Array methods: `pool.map(fn)` iterates, it does not limit. */
const iterationMethods = new Set(['map', 'flatMap', 'forEach', 'filter', 'reduce', 'some', 'every', 'find', 'then', 'catch', 'finally']);
const asyncLimitFunctions = new Set(['mapLimit', 'eachLimit', 'forEachLimit', 'eachOfLimit', 'mapValuesLimit', 'timesLimit', 'parallelLimit', 'filterLimit', 'concatLimit']);
const asyncSeriesFunctions = new Set(['mapSeries', 'eachSeries', 'forEachSeries', 'eachOfSeries', 'timesSeries', 'series', 'filterSeries', 'concatSeries']);
const queueMethods = new Set(['add', 'addAll', 'schedule', 'wrap', 'submit', 'run', 'push', 'process', 'runExclusive', 'use', 'exec', 'enqueue', 'call']);

/** The import an expression names: `pLimit`, `async.mapLimit`, `mod.default.x`; followed down a chain of any length without recursion. */
function importOf(expression: ts.Expression): { module: string; name: string } | undefined {
  const members: string[] = [];
  let expr = skipOuterExpressions(expression);
  while (ts.isPropertyAccessExpression(expr)) {
    members.push(expr.name.text);
    expr = skipOuterExpressions(expr.expression);
  }
  if (!ts.isIdentifier(expr)) return undefined;
  const binding = resolveName(expr.text, expr);
  if (binding.kind !== 'import') return undefined;
  const found = { module: normalizeModule(binding.module), name: binding.name };
  // Only a member of the whole module (`* as m`, a default export) is another export of it.
  for (let index = members.length - 1; index >= 0; index--) {
    if (found.name !== '*' && found.name !== 'default') return undefined;
    found.name = members[index];
  }
  return found;
}

function boundOf(value: ts.Expression | undefined): Bound {
  if (!value) return 'unbounded';
  const number = numericValue(value);
  if (number === undefined) return 'unknown';
  return Number.isFinite(number) ? number : 'unbounded';
}

function optionBound(options: ts.Expression | undefined, name: string): Bound {
  const literal = asObjectLiteral(options);
  if (literal === 'unknown') return 'unknown';
  return boundOf(literal ? propertyValue(literal, name) : undefined);
}

/** The limiter a call passes its callback to, if the callee is one. */
export function limiterOfCall(call: ts.CallExpression, file: FileAnalysis): LimiterUse | undefined {
  const direct = knownLimiterFunction(call);
  if (direct) return direct;
  const object = calleeObject(call);
  const definition = definitionOf(object ?? call.expression, file);
  if (definition) {
    const bound = limiterCreationBound(definition.node);
    if (bound !== undefined && (!object || queueMethods.has(trailingName(call.expression) ?? ''))) {
      return { call, bound, definition };
    }
  }
  if (/withConcurrency|PromisePool/.test(call.expression.getText())) return { call, bound: 'unknown' };
  const name = trailingName(call.expression);
  if (name && iterationMethods.has(name)) return undefined;
  const objectName = object && trailingName(skipOuterExpressions(object));
  const limiterNamed = (name && limiterLikeName.test(name)) || (objectName && limiterLikeName.test(objectName));
  return limiterNamed && !runsCallbackAtOnce(call, file) ? { call, bound: 'unknown' } : undefined;
}

/** Project functions followed from a limiter-named call to where its callback runs (`withRateLimitTracking` → `withRateLimitRecording`). */
const maxHandOns = 3;

/**
 * `this.withRateLimitTracking('get-thread', () => …)` whose body is `return withRateLimitRecording(ctx, operation)`, which
 * runs `try { return await operation(); } catch …`: a project function named like a limiter that runs the callback it is
 * given at once (nothing awaited before it, itself or in the project functions it hands the callback to) limits nothing.
 */
function runsCallbackAtOnce(call: ts.CallExpression, file: FileAnalysis): boolean {
  const index = call.arguments.findIndex((argument) => isFunctionNode(skipOuterExpressions(argument)));
  const target = index >= 0 ? calledFunction(call, file) : undefined;
  return target !== undefined && callbackRunsAtOnce(target.node, index, target.file, 0);
}

function callbackRunsAtOnce(fn: FunctionNode, index: number, file: FileAnalysis, handOns: number): boolean {
  const parameter = fn.parameters[index];
  if (!fn.body || !parameter || !ts.isIdentifier(parameter.name) || handOns > maxHandOns) return false;
  const name = parameter.name.text;
  let awaited = false;
  let use: ts.Identifier | undefined;
  forEachDescendant(fn.body, (node) => {
    if (use) return 'stop';
    // Used in a callback of its own (`pRetry(() => operation())`, `queue.add(operation)` later): not followed.
    if (isFunctionNode(node)) return 'skip';
    if (ts.isIdentifier(node) && node.text === name) {
      const binding = resolveName(name, node);
      if (binding.kind === 'local' && binding.declaration === parameter) use = node;
    }
    return undefined;
  });
  if (!use) return false;
  // Anything awaited before the callback runs (a semaphore, a token, a sleep) may be what bounds it.
  forEachDescendant(fn.body, (node) => {
    if (awaited || node.pos >= use!.pos) return 'stop';
    if (isFunctionNode(node)) return 'skip';
    if ((ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) && node.end <= use!.pos) awaited = true;
    return undefined;
  });
  if (awaited) return false;
  const parent = skipParents(use);
  if (ts.isCallExpression(parent) && skipOuterExpressions(parent.expression) === use) return true;
  if (!ts.isCallExpression(parent) || knownLimiterFunction(parent)) return false;
  const position = parent.arguments.findIndex((argument) => skipOuterExpressions(argument) === use);
  const next = position >= 0 ? calledFunction(parent, file) : undefined;
  return next !== undefined && callbackRunsAtOnce(next.node, position, next.file, handOns + 1);
}

/** The node an expression is part of, past parentheses and type assertions. */
function skipParents(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) parent = parent.parent;
  return parent;
}

function knownLimiterFunction(call: ts.CallExpression): LimiterUse | undefined {
  const imported = importOf(call.expression);
  if (!imported) return undefined;
  const { module, name } = imported;
  const whole = name === 'default' || name === '*';
  const [first, second, third] = call.arguments;
  if (module === 'p-map' && (whole || name === 'pMap')) return { call, bound: optionBound(third, 'concurrency'), items: first };
  if (module === 'p-all' && whole) return { call, bound: optionBound(second, 'concurrency'), items: first };
  if (module === 'async' || module === 'async-es') {
    if (asyncLimitFunctions.has(name)) return { call, bound: boundOf(second), items: first };
    if (asyncSeriesFunctions.has(name)) return { call, bound: 1, items: first };
  }
  if (module === 'tiny-async-pool' && whole) return { call, bound: boundOf(first), items: second };
  if (module === 'bluebird' && name === 'map') return { call, bound: optionBound(third, 'concurrency'), items: first };
  if (/resilient-http(\.[cm]?[jt]s)?$/.test(module) && (name === 'mapLimit' || name === 'limit')) {
    return name === 'mapLimit' ? { call, bound: boundOf(second), items: first } : { call, bound: 'unknown' };
  }
  return undefined;
}

/**
 * The bound of a limiter creation: `pLimit(n)`, `new PQueue({ concurrency })`, `new Bottleneck({ maxConcurrent })`,
 * `async.queue(worker, n)`, `new Sema(n)`, the helper's `createLimiter(n)`; undefined when it is not one.
 */
export function limiterCreationBound(node: ts.Node): Bound | undefined {
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return undefined;
  const imported = importOf(node.expression);
  if (!imported) return undefined;
  const { module, name } = imported;
  const whole = name === 'default' || name === '*';
  const args = node.arguments ?? ts.factory.createNodeArray();
  if (module === 'p-limit' && (whole || name === 'pLimit' || name === 'limitFunction')) return boundOf(args[0]);
  if (module === 'p-queue' && whole) return optionBound(args[0], 'concurrency');
  if (module === 'p-throttle' && whole) return 'unknown';
  if (module === 'bottleneck' && whole) {
    if (optionPresence(args[0], ['minTime', 'reservoir']) === 'yes') return 'unknown';
    return optionBound(args[0], 'maxConcurrent');
  }
  if ((module === 'async' || module === 'async-es') && (name === 'queue' || name === 'priorityQueue')) return boundOf(args[1] ?? args[0]);
  if (module === 'async-sema' && (name === 'Sema' || name === 'RateLimit')) return boundOf(args[0]);
  if ((module === 'async-mutex' && name === 'Mutex') || (module === 'async-mutex' && name === 'Semaphore')) {
    return name === 'Mutex' ? 1 : boundOf(args[0]);
  }
  if (/resilient-http(\.[cm]?[jt]s)?$/.test(module) && name === 'createLimiter') return boundOf(args[0]);
  return undefined;
}

/** Semaphore-style bounding: `await sem.acquire()` (or `lock()`, `removeTokens()`) earlier in the same function. */
export function acquiresBefore(node: ts.Node, scope: ts.Node, file: FileAnalysis): ts.CallExpression | undefined {
  for (const call of file.callsWithin(scope)) {
    if (call.end > node.pos) break;
    const name = trailingName(call.expression);
    if (name && /^(acquire|acquireAsync|lock|removeTokens|waitForTurn|acquireSlot)$/.test(name)) return call;
  }
  return undefined;
}

/** Every limiter a request passes through on its way out of the enclosing callbacks (up to `maxHops` functions). */
export function limitersOnPath(node: ts.Node, file: FileAnalysis, maxHops = 8): LimiterUse[] {
  const uses: LimiterUse[] = [];
  let hops = 0;
  for (let current = node.parent; current && hops < maxHops; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    hops++;
    const parent = current.parent;
    if (!ts.isCallExpression(parent)) break;
    const use = limiterOfCall(parent, file);
    if (use) uses.push(use);
  }
  return uses;
}

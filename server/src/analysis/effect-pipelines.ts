/**
 * Effect (npm `effect`) pipelines: `effect.pipe(stage, …)` and `pipe(effect, stage, …)`, the stages a value goes
 * through, and the promise callbacks an effect runs (`Effect.tryPromise(() => fetch(…))`,
 * `Effect.tryPromise({ try: (signal) => fetch(…, { signal }), catch })`). A `Effect.timeout*` stage after a promise
 * callback is a deadline on what it sends, like a `Promise.race` with a timer.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';

/** `Effect` or `Schedule` of `effect` (`import { Effect } from 'effect'`, `import * as Schedule from 'effect/Schedule'`). */
function effectNamespace(expression: ts.Expression): 'Effect' | 'Schedule' | undefined {
  const node = skipOuterExpressions(expression);
  if (!ts.isIdentifier(node)) return undefined;
  const binding = resolveName(node.text, node);
  if (binding.kind !== 'import') return undefined;
  if (binding.module === 'effect') return binding.name === 'Effect' || binding.name === 'Schedule' ? binding.name : undefined;
  const sub = /^effect\/(Effect|Schedule)$/.exec(binding.module);
  return sub ? (sub[1] as 'Effect' | 'Schedule') : undefined;
}

/** `Effect.name` or `Schedule.name` of `effect`: the member name, else undefined. */
export function effectMember(expression: ts.Expression, namespace: 'Effect' | 'Schedule'): string | undefined {
  const node = skipOuterExpressions(expression);
  if (!ts.isPropertyAccessExpression(node) || effectNamespace(node.expression) !== namespace) return undefined;
  return node.name.text;
}

/** `x.pipe(…)` or `pipe(…)`: composition, not a call that computes a value of its own. */
export function isPipe(call: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(call.expression);
  return (ts.isPropertyAccessExpression(callee) && callee.name.text === 'pipe') || (ts.isIdentifier(callee) && callee.text === 'pipe');
}

/** What a stage of a pipe applies to: the receiver and earlier stages of `x.pipe(…)`, or the earlier ones of `pipe(x, …)`. */
export function pipedInto(stage: ts.CallExpression): ts.Expression[] {
  const pipe = stage.parent;
  if (!ts.isCallExpression(pipe) || !isPipe(pipe)) return [];
  const index = pipe.arguments.indexOf(stage);
  const earlier = pipe.arguments.slice(0, Math.max(0, index));
  const callee = skipOuterExpressions(pipe.expression);
  return ts.isPropertyAccessExpression(callee) ? [callee.expression, ...earlier] : earlier;
}

const promiseRunners = new Set(['tryPromise', 'promise']);
const timeouts = /^timeout(Fail|FailCause|To|Option)?$/;
/** Pipes followed outwards from an effect to the stages applied to it (`x.pipe(a).pipe(b)`). */
const maxPipes = 8;

/** The `Effect.tryPromise(…)` / `Effect.promise(…)` call a function is the promise callback of. */
export function effectPromiseCall(fn: ts.Node): ts.CallExpression | undefined {
  let holder: ts.Node = fn.parent;
  // `{ try: (signal) => fetch(…), catch }`: the callback sits in the options object.
  if (ts.isPropertyAssignment(holder) && holder.name.getText() === 'try' && ts.isObjectLiteralExpression(holder.parent)) holder = holder.parent.parent;
  if (!ts.isCallExpression(holder) || !holder.arguments.some((argument) => argument === fn || argument === fn.parent?.parent)) return undefined;
  const member = effectMember(holder.expression, 'Effect');
  return member && promiseRunners.has(member) ? holder : undefined;
}

/** The effect is timed: a `Effect.timeout*` stage in a pipe it goes through, or `Effect.timeout(effect, …)` around it. */
export function timedEffect(effect: ts.Expression): boolean {
  const parent = effect.parent;
  if (ts.isCallExpression(parent) && parent.arguments[0] === effect && timeouts.test(effectMember(parent.expression, 'Effect') ?? '')) return true;
  return laterStages(effect).some((stage) => ts.isCallExpression(stage) && timeouts.test(effectMember(stage.expression, 'Effect') ?? ''));
}

/** The stages applied to an effect after it, in order: `x.pipe(a, b).pipe(c)` and `pipe(x, a, b)` give `a, b, c`. */
export function laterStages(effect: ts.Expression): ts.Expression[] {
  const stages: ts.Expression[] = [];
  let current: ts.Expression = effect;
  for (let step = 0; step < maxPipes; step++) {
    const parent = current.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'pipe' && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      stages.push(...parent.parent.arguments);
      current = parent.parent;
    } else if (ts.isCallExpression(parent) && isPipe(parent) && ts.isIdentifier(skipOuterExpressions(parent.expression)) && parent.arguments[0] === current) {
      stages.push(...parent.arguments.slice(1));
      current = parent;
    } else break;
  }
  return stages;
}

/** Stages that let the success value through untouched (`Effect.timeout`, `Effect.retry`, `Effect.tap`, error handlers). */
const passThrough = /^(timeout(Fail|FailCause)?|retry|tap|tapError|tapErrorCause|catch\w*|mapError|orElse\w*|withSpan|annotateLogs|annotateSpans|withLogSpan|orDie|uninterruptible)$/;
/** Stages whose callback takes the success value and stands in for it. */
const valueStages = new Set(['flatMap', 'andThen', 'map']);

/**
 * The callback that receives the response of a request an Effect promise callback returns as it is:
 * `Effect.tryPromise((signal) => fetch(u, { signal })).pipe(Effect.timeout('5 seconds'), Effect.flatMap((res) => …))`
 * gives `(res) => …`. Undefined when the response goes on out of the pipe (its caller holds it) or a stage is unknown.
 */
export function effectValueCallback(request: ts.CallExpression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  let node: ts.Node = request;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  const holder = ts.isReturnStatement(node.parent) ? node.parent.parent?.parent : node.parent;
  if (!holder || !(ts.isArrowFunction(holder) || ts.isFunctionExpression(holder))) return undefined;
  if (ts.isReturnStatement(node.parent) ? !ts.isBlock(node.parent.parent) : holder.body !== node) return undefined;
  const effect = effectPromiseCall(holder);
  if (!effect) return undefined;
  for (const stage of laterStages(effect)) {
    if (!ts.isCallExpression(stage)) return undefined;
    const member = effectMember(stage.expression, 'Effect');
    if (member && passThrough.test(member)) continue;
    const callback = member && valueStages.has(member) ? skipOuterExpressions(stage.arguments[0] ?? stage) : undefined;
    return callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback : undefined;
  }
  return undefined;
}

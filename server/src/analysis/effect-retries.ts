/**
 * Retries written with Effect (npm `effect`): `Effect.retry(effect, policy)`, `effect.pipe(…, Effect.retry(policy))`
 * and `pipe(effect, …, Effect.retry(policy))`, where the policy is a `Schedule` or `{ schedule, times, while }`. What a
 * policy waits between attempts (`scheduleShape`): `Schedule.exponential`/`fibonacci`/`linear` grow, `spaced`/`fixed`
 * are flat, `recurs` or `{ times }` alone retry at once, and `Schedule.jittered` anywhere in it randomizes. Whether the
 * retried effect sends a request (`effectRetries`): a request site, an SDK call or a project function that sends, in
 * the effect's own expression (`Effect.tryPromise(() => fetch(…))`, `providers[kind].send(…)` through a table of
 * project functions that send) or in the project function that builds it.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { calledFunction } from './definitions';
import { tableFunctions } from './dispatch-tables';
import { effectMember, isPipe, pipedInto } from './effect-pipelines';
import type { FileAnalysis } from './file-analysis';
import { requestSites, sdkRequestSites } from './request-sites';
import { sdkCallAcrossFiles } from './sdk-client-origins';
import { sdkWrapperRequest } from './sdk-wrappers';
import { summarize } from './wrappers';
import { contains, shortText } from './syntax';

/** How an Effect retry policy waits: randomized, growing without jitter, flat, not at all, or opaque. */
export type ScheduleShape = 'jittered' | 'growing' | 'constant' | 'none' | 'unknown';

/** An `Effect.retry` whose retried effect sends a request. */
export interface EffectRetry {
  /** The `Effect.retry(…)` call. */
  call: ts.CallExpression;
  /** The policy argument (a schedule or an options object). */
  policy: ts.Expression;
  shape: ScheduleShape;
  /** The request the retried effect sends, as code. */
  label: string;
}

const growing = new Set(['exponential', 'fibonacci', 'linear']);
const flat = new Set(['spaced', 'fixed']);
const jitter = new Set(['jittered', 'jitteredWith']);
/** Combinators that only bound, combine or filter schedules: they add no wait of their own. */
const neutral = new Set([
  'recurs', 'once', 'forever', 'stop', 'compose', 'intersect', 'union', 'both', 'either', 'andThen', 'upTo', 'upToElapsed', 'recurUpTo',
  'whileInput', 'whileOutput', 'untilInput', 'untilOutput', 'recurWhile', 'recurUntil', 'zipLeft', 'zipRight', 'zipWith', 'passthrough',
  'tapInput', 'tapOutput', 'resetAfter', 'map', 'as', 'asVoid', 'elapsed', 'count',
]);
/** At most this many `const` hops are followed from a policy name to its value. */
const maxHops = 3;

/** What a retry policy waits: `{ schedule, times }` by its schedule (none given: at once), a schedule by its parts. */
function scheduleShape(policy: ts.Expression, hops = 0): ScheduleShape {
  const value = constValue(policy, hops);
  if (!value) return 'unknown';
  if (ts.isObjectLiteralExpression(value)) {
    const schedule = value.properties.find((property) => property.name?.getText() === 'schedule');
    if (!schedule) return value.properties.some((property) => ts.isSpreadAssignment(property)) ? 'unknown' : 'none';
    if (ts.isShorthandPropertyAssignment(schedule)) return scheduleShape(schedule.name, hops + 1);
    return ts.isPropertyAssignment(schedule) ? scheduleShape(schedule.initializer, hops + 1) : 'unknown';
  }
  const names: string[] = [];
  const opaque = !collectStages(value, names, hops, 0);
  if (names.some((name) => jitter.has(name))) return 'jittered';
  if (opaque || names.length === 0 || names.some((name) => !growing.has(name) && !flat.has(name) && !neutral.has(name))) return 'unknown';
  if (names.some((name) => growing.has(name))) return 'growing';
  return names.some((name) => flat.has(name)) ? 'constant' : 'none';
}

/**
 * The `Schedule` members a schedule expression is built of (`Schedule.exponential("1 second").pipe(Schedule.jittered)`:
 * `exponential`, `jittered`), a `const` schedule read through its shape. False when a part is opaque (a project
 * function, a parameter): what it waits cannot be known.
 */
function collectStages(expression: ts.Expression, names: string[], hops: number, depth: number): boolean {
  const node = skipOuterExpressions(expression);
  if (depth > 40) return false;
  if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return true;
  if (ts.isPropertyAccessExpression(node)) {
    const name = effectMember(node, 'Schedule');
    if (name) names.push(name);
    return name !== undefined;
  }
  if (ts.isIdentifier(node)) {
    const shape = scheduleShape(node, hops + 1);
    if (shape === 'unknown') return false;
    names.push(shape === 'growing' ? 'exponential' : shape === 'constant' ? 'spaced' : shape === 'jittered' ? 'jittered' : 'recurs');
    return true;
  }
  if (!ts.isCallExpression(node)) return false;
  const name = effectMember(node.expression, 'Schedule');
  if (name) {
    names.push(name);
    // A constructor's arguments are durations and counts (`Duration.millis(100)`); a combinator's are schedules.
    if (growing.has(name) || flat.has(name) || name === 'recurs') return true;
    return node.arguments.every((argument) => collectStages(argument, names, hops, depth + 1));
  }
  if (!isPipe(node)) return false;
  const callee = skipOuterExpressions(node.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? collectStages(callee.expression, names, hops, depth + 1) : true;
  return receiver && node.arguments.every((argument) => collectStages(argument, names, hops, depth + 1));
}

/** The value a name stands for: a `const` of this file followed a few hops; any other expression as it is. */
function constValue(expression: ts.Expression, hops: number): ts.Expression | undefined {
  let node = skipOuterExpressions(expression);
  for (let hop = hops; ts.isIdentifier(node); hop++) {
    if (hop >= maxHops) return undefined;
    const binding = resolveName(node.text, node);
    const declaration = binding.kind === 'local' ? binding.declaration : undefined;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || (declaration.parent.flags & ts.NodeFlags.Const) === 0) return undefined;
    node = skipOuterExpressions(declaration.initializer);
  }
  return node;
}

/** The `Effect.retry` calls of a file whose retried effect sends a request, with their policy's shape. */
export function effectRetries(file: FileAnalysis): EffectRetry[] {
  if (!/['"]effect(\/Effect)?['"]/.test(file.text)) return [];
  const found: EffectRetry[] = [];
  for (const call of file.calls) {
    if (effectMember(call.expression, 'Effect') !== 'retry' || call.arguments.length === 0) continue;
    const dataFirst = call.arguments.length >= 2;
    const policy = dataFirst ? call.arguments[1] : call.arguments[0];
    const retried = dataFirst ? [call.arguments[0]] : pipedInto(call);
    const label = retried.length > 0 ? requestIn(retried, file) : undefined;
    if (label) found.push({ call, policy, shape: scheduleShape(policy), label });
  }
  return found;
}

/**
 * The request the retried expressions send: a request site or SDK call in them, a project function called in them
 * that sends, or (for `doFetch(opts).pipe(…)` and a `const` effect) what the project function or the value it names
 * sends.
 */
function requestIn(expressions: readonly ts.Expression[], file: FileAnalysis): string | undefined {
  const sites = [...requestSites(file), ...sdkRequestSites(file)];
  for (const expression of expressions) {
    const value = constValue(expression, 0) ?? expression;
    const site = sites.find((candidate) => contains(value, candidate.node));
    if (site) return site.label;
    for (const call of file.callsWithin(value)) {
      const sdk = sdkCallAcrossFiles(call, file) ?? sdkWrapperRequest(call, file);
      // `providers[kind].sendAlert(…)`: a table of project functions that send.
      const table = !sdk && tableFunctions(call.expression, file).some((target) => summarize(target.node, target.file).reach !== 'none');
      if (sdk || table) return shortText(skipOuterExpressions(call.expression), 60);
    }
    const built = ts.isCallExpression(value) ? calledFunction(value, file) : undefined;
    const inner = built && [...requestSites(built.file), ...sdkRequestSites(built.file)].find((candidate) => contains(built.node, candidate.node));
    if (inner) return inner.label;
  }
  return undefined;
}

/** retry-without-backoff: hand-written retry loops with no delay, a constant delay or no jitter; axios-retry without retryDelay. */
import { ts } from '../analysis/ts';
import { resolveName, skipOuterExpressions } from '../analysis/bindings';
import { normalizeModule } from '../analysis/clients';
import { asObjectLiteral, numericValue, optionPresence, propertyNode } from '../analysis/options';
import { axiosRetryDelayEdits, insertDelayFix, replaceDelayFix } from './support/backoff-edit';
import { requestSites, sdkRequestSites } from '../analysis/request-sites';
import { aiSdkRequestLabel } from '../analysis/ai-sdk-calls';
import { sdkCallAcrossFiles } from '../analysis/sdk-client-origins';
import { delayCallbackShape, inLoopOfItsFunction, isRetryNamed, retryLoopAround } from '../analysis/retries';
import { recursiveRetriesOf, type RecursiveRetry } from '../analysis/recursive-retries';
import { effectRetries, type ScheduleShape } from '../analysis/effect-retries';
import { delayArguments, delayKind, fromRetryAfter, isDelayName } from '../analysis/retry-delays';
import { contains, enclosingFunction, forEachDescendant, isFunctionNode, shortText, trailingName } from '../analysis/syntax';
import { codeOf, codeText, nameText, placeholderBounds } from './support/message-text';
import { defineRule, type RuleContext } from './types';

const messages = {
  noDelay: 'This loop retries {{request}} immediately, hammering a failing server; wait with exponential backoff and full jitter.',
  constant: 'This loop retries {{request}} after a fixed {{delay}}, in waves; use exponential backoff and full jitter.',
  noJitter: 'This loop backs off with no jitter ({{delay}}), so clients retry in lockstep; add full jitter: `Math.random() * delay`.',
  callbackNoJitter: '`{{option}}` returns {{shape}} with no jitter, so clients retry in lockstep; add `Math.random() * delay`.',
  timerNoJitter: '`{{name}}` grows after each failure with no jitter, so clients retry in lockstep; wait `Math.random() * {{name}}`.',
  recursiveNoDelay: '`{{name}}` calls itself as soon as {{request}} fails, hammering the server; use exponential backoff and jitter.',
  recursiveConstant: '`{{name}}` retries {{request}} after a fixed {{delay}}, in waves; use exponential backoff with jitter.',
  recursiveNoJitter: '`{{name}}` retries {{request}} with no jitter ({{delay}}), in lockstep; add full jitter.',
  axiosRetry: '`axiosRetry` without `retryDelay` retries immediately, hammering a failing server; set `retryDelay: axiosRetry.exponentialDelay`.',
  libraryNoJitter: '`{{option}}` makes `{{library}}` wait {{shape}} with no jitter, in lockstep; set `randomize: true`.',
  hookNoJitter: '`onFailedAttempt` sleeps {{delay}} with no jitter and p-retry adds none, so clients retry in lockstep; add full jitter.',
  effectNoJitter: '`Effect.retry` retries {{request}} on a growing schedule with no jitter, so clients retry in lockstep; add `Schedule.jittered`.',
  effectConstant: '`Effect.retry` retries {{request}} on a fixed schedule, in waves; use `Schedule.exponential(…).pipe(Schedule.jittered)`.',
  effectNoDelay: '`Effect.retry` retries {{request}} immediately, hammering a failing server; add `schedule: Schedule.exponential(…)` jittered.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'retry-without-backoff',
    description: 'Retry loops with no delay, a constant delay or no jitter; axios-retry without retryDelay.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    const seen = new Set<ts.Node>();
    // Requests through network SDK clients (`blob.save(…)` on a `new Storage()` bucket) are retried by hand too.
    for (const site of [...requestSites(ctx.file), ...sdkRequestSites(ctx.file)]) {
      const loop = retryLoopAround(site.node, enclosingFunction(site.node));
      if (!loop || seen.has(loop)) continue;
      seen.add(loop);
      checkLoop(ctx, loop, site.node, site.label);
    }
    // SDK clients this file imports from another project file, or types as the SDK's class (`db.from('jobs').insert(row)`
    // on an `export const db: SupabaseClient`), retried by hand.
    for (const call of ctx.file.calls) {
      if (!inLoopOfItsFunction(call, ctx.file) || seen.has(call)) continue;
      // The loop first: a retry loop is rarer, and cheaper to tell, than an SDK client of another file.
      const loop = retryLoopAround(call, enclosingFunction(call));
      if (!loop || seen.has(loop) || !sdkCallAcrossFiles(call, ctx.file)) continue;
      seen.add(loop);
      checkLoop(ctx, loop, call, codeOf(call.expression));
    }
    // LLM requests through the AI SDK (`generateObject(…)`, or a project function around it) retried by hand.
    if (ctx.file.importsHttpClient || ctx.file.relativeImportNames.size > 0 || /['"]ai['"]/.test(ctx.file.text)) {
      for (const call of ctx.file.calls) {
        // Cheapest test first: most calls are in no loop at all.
        if (!inLoopOfItsFunction(call, ctx.file)) continue;
        const label = aiSdkRequestLabel(call, ctx.file);
        const loop = label ? retryLoopAround(call, enclosingFunction(call)) : undefined;
        if (!label || !loop || seen.has(loop)) continue;
        seen.add(loop);
        checkLoop(ctx, loop, call, label);
      }
    }
    // `return call(url, attempt + 1)` after a failure: a retry written as recursion.
    for (const site of requestSites(ctx.file)) {
      for (const recursion of recursiveRetriesOf(site.node, ctx.file)) {
        if (seen.has(recursion.call)) continue;
        seen.add(recursion.call);
        checkRecursion(ctx, recursion, site.node, site.label);
      }
    }
    // A retry helper (`retry(fn, …)`, `fetchWithRetry(apiCall)`) retries whatever its callers pass: its loop is
    // judged like a loop around a request when it is one for requests (its name says so, or a caller in the file
    // passes it a request), not for a database transaction or a git command. So is a function named for requests
    // (`fetchCounts({ pipes })`) that retries a request function it was handed.
    for (const call of ctx.file.calls) {
      const fn = enclosingFunction(call);
      const name = fn && functionName(fn);
      if (!fn || !name || !callsParameterOf(call, fn) || !(isRetryNamed(name) || namesRequests(name)) || !retriesRequests(name, ctx)) continue;
      const loop = retryLoopAround(call, fn);
      if (!loop || seen.has(loop)) continue;
      seen.add(loop);
      checkLoop(ctx, loop, call, `${shortText(call.expression, placeholderBounds.code - 3)}(…)`);
    }
    if (ctx.file.text.includes('axios-retry')) for (const call of ctx.file.calls) checkAxiosRetry(ctx, call);
    if (/randomize|factor|onFailedAttempt/.test(ctx.file.text)) for (const call of ctx.file.calls) checkLibraryOptions(ctx, call);
    if (ctx.file.text.includes('calculateDelay')) checkGotCalculateDelay(ctx);
    if (/setTimeout/.test(ctx.file.text)) checkTimerBackoff(ctx);
    // `Effect.tryPromise(() => fetch(…)).pipe(Effect.retry({ schedule: Schedule.exponential('1 second') }))`.
    for (const retry of effectRetries(ctx.file)) {
      const id = effectMessages[retry.shape];
      if (id) ctx.report(retry.call.expression, id, { request: `\`${codeText(retry.label)}\`` });
    }
  },
});

/** The finding for each shape of an Effect retry policy; a jittered or opaque one is fine. */
const effectMessages: Partial<Record<ScheduleShape, MessageId>> = { growing: 'effectNoJitter', constant: 'effectConstant', none: 'effectNoDelay' };

/** A name that says the function sends requests: `fetchCounts`, `withNetworkRetry`, `requestWithRetry`. */
function namesRequests(name: string): boolean {
  return /fetch|request|http|api|network/i.test(name);
}

/** Evidence that a retry helper retries HTTP requests: its name, or a call in this file handing it a request. */
function retriesRequests(name: string, ctx: RuleContext<MessageId>): boolean {
  if (namesRequests(name)) return true;
  const sites = requestSites(ctx.file);
  if (sites.length === 0) return false;
  for (const call of ctx.file.calls) {
    if (trailingName(call.expression) !== name) continue;
    for (const argument of call.arguments) {
      const target = requestCallback(argument);
      if (target && sites.some((site) => contains(target, site.node))) return true;
    }
  }
  return false;
}

/** The function an argument stands for: an inline callback, or a function of this file it names. */
function requestCallback(argument: ts.Expression): ts.Node | undefined {
  const expression = skipOuterExpressions(argument);
  if (isFunctionNode(expression)) return expression;
  if (!ts.isIdentifier(expression)) return undefined;
  const binding = resolveName(expression.text, expression);
  if (binding.kind !== 'local') return undefined;
  const declaration = binding.declaration;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  return ts.isVariableDeclaration(declaration) && declaration.initializer && isFunctionNode(skipOuterExpressions(declaration.initializer)) ? declaration.initializer : undefined;
}

/**
 * `fn(...args)` where `fn` is a parameter of the enclosing function, or an awaited `pipe(…)` where `pipe` is a `const`
 * of the function read off one (`const pipe = args.pipes[kind]`, `const send = options.send ?? post`).
 */
function callsParameterOf(call: ts.CallExpression, fn: ts.Node): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(callee) || isDelayName(callee.text)) return false;
  const binding = resolveName(callee.text, callee);
  if (binding.kind !== 'local') return false;
  const declaration = binding.declaration;
  if (ts.isParameter(declaration)) return declaration.parent === fn;
  if (!ts.isVariableDeclaration(declaration) || (declaration.parent.flags & ts.NodeFlags.Const) === 0 || !declaration.initializer || !contains(fn, declaration)) return false;
  return ts.isAwaitExpression(call.parent) && readsParameterOf(declaration.initializer, fn);
}

/** `args.pipes[kind]`, `options.send ?? fallback`: a value read off a parameter of `fn`. */
function readsParameterOf(value: ts.Expression, fn: ts.Node): boolean {
  let expression = skipOuterExpressions(value);
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) expression = skipOuterExpressions(expression.left);
  if (!ts.isPropertyAccessExpression(expression) && !ts.isElementAccessExpression(expression)) return false;
  let root: ts.Expression = expression;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuterExpressions(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const binding = resolveName(root.text, root);
  return binding.kind === 'local' && ts.isParameter(binding.declaration) && binding.declaration.parent === fn;
}

function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.getText();
  const parent = fn.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) return parent.name.getText();
  return undefined;
}

function checkLoop(ctx: RuleContext<MessageId>, loop: ts.IterationStatement, site: ts.Node, label: string): void {
  const body = loop.statement;
  const honoursRetryAfter = /retry-?after/i.test(body.getText());
  // Retry-After excuses only the waits it sets; the loop's other waits (after a timeout, a 5xx) still need jitter.
  const delays = delayArguments(body, ctx.file).filter((delay) => !honoursRetryAfter || !fromRetryAfter(delay));
  if (honoursRetryAfter && delays.length === 0) return;
  const anchor = { start: loop.getStart(), end: loop.getStart() + keywordLength(loop) };
  const request = `\`${codeText(label)}\``;
  if (delays.length === 0) {
    ctx.report(anchor, 'noDelay', { request }, { fix: insertDelayFix(loop, site) });
    return;
  }
  const kinds = delays.map((delay) => delayKind(delay, loop));
  if (kinds.includes('unknown') || kinds.includes('jittered')) return;
  // The message quotes the wait it is about: the growing one when there is one.
  const delay = `\`${codeOf(delays[Math.max(0, kinds.indexOf('growing'))])}\``;
  const fix = delays.length === 1 ? replaceDelayFix(loop, delays[0], kinds.includes('growing') ? 'growing' : 'constant') : undefined;
  ctx.report(anchor, kinds.includes('growing') ? 'noJitter' : 'constant', { request, delay }, { fix });
}

/** The waits between the failed request and the call that tries again, judged like a loop's. */
function checkRecursion(ctx: RuleContext<MessageId>, recursion: RecursiveRetry, site: ts.Node, label: string): void {
  const { fn, call, name, counters, timer } = recursion;
  if (!fn.body || !ts.isBlock(fn.body)) return;
  // Sleeps awaited in the function, or in the failure callback that calls it again (`.catch(async () => { await sleep(ms); … })`).
  const bodies: ts.Node[] = [fn.body];
  for (let inner = enclosingFunction(call); inner && inner !== fn; inner = enclosingFunction(inner)) if (inner.body) bodies.push(inner.body);
  const awaited = [...new Set(bodies.flatMap((body) => delayArguments(body, ctx.file)))].filter((delay) => delay.pos > site.end && delay.end <= call.pos);
  // `setTimeout(() => send(url, attempt + 1), 1000)`: the timer's delay is the wait (none given is no wait).
  const timed = timer?.arguments[1];
  const between = timed ? [...awaited, timed] : awaited;
  if (/retry-?after/i.test(fn.body.getText()) && between.every(fromRetryAfter)) return;
  const request = `\`${codeText(label)}\``;
  const anchor = call.expression;
  if (between.length === 0) {
    ctx.report(anchor, 'recursiveNoDelay', { name: nameText(name), request });
    return;
  }
  const kinds = between.map((delay) => delayKind(delay, fn.body!, 0, counters));
  if (kinds.includes('unknown') || kinds.includes('jittered')) return;
  const delay = `\`${codeOf(between[Math.max(0, kinds.indexOf('growing'))])}\``;
  ctx.report(anchor, kinds.includes('growing') ? 'recursiveNoJitter' : 'recursiveConstant', { name: nameText(name), request, delay });
}

function keywordLength(loop: ts.IterationStatement): number {
  return ts.isWhileStatement(loop) ? 5 : ts.isDoStatement(loop) ? 2 : 3;
}

/** `axiosRetry(axios, { retries: 3 })` with no `retryDelay`. */
function checkAxiosRetry(ctx: RuleContext<MessageId>, call: ts.CallExpression): void {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(callee)) return;
  const binding = resolveName(callee.text, callee);
  if (binding.kind !== 'import' || normalizeModule(binding.module) !== 'axios-retry') return;
  if (binding.name !== 'default' && binding.name !== '*') return;
  if (optionPresence(call.arguments[1], ['retryDelay']) === 'no') ctx.report(callee, 'axiosRetry', {}, { fix: axiosRetryDelayEdits(call, callee) });
  const options = asObjectLiteral(call.arguments[1]);
  const delay = options && options !== 'unknown' ? propertyNode(options, 'retryDelay') : undefined;
  if (delay) reportDelayCallback(ctx, delay, 'retryDelay', callee);
}

/** Retry libraries built on the `retry` package, and whether they randomize by default. */
const randomizedByDefault: Record<string, boolean> = { 'p-retry': false, 'async-retry': true, 'promise-retry': false };

/**
 * `pRetry(fn, { randomize: false })` and `retry(fn, { factor: 1, randomize: false })`: options that take the jitter
 * out (or, with `factor: 1`, the growth too). p-retry's own default is not reported: only options written out.
 */
function checkLibraryOptions(ctx: RuleContext<MessageId>, call: ts.CallExpression): void {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(callee)) return;
  const binding = resolveName(callee.text, callee);
  const library = binding.kind === 'import' && (binding.name === 'default' || binding.name === '*') ? normalizeModule(binding.module) : undefined;
  if (!library || !(library in randomizedByDefault)) return;
  const options = call.arguments.map((argument) => asObjectLiteral(argument)).find((literal): literal is ts.ObjectLiteralExpression => literal !== undefined && literal !== 'unknown');
  // Waiting for a local server to start is one client, not a crowd retrying in step.
  if (!options || /localhost|127\.0\.0\.1|\[::1\]/.test(call.getText())) return;
  const randomize = propertyNode(options, 'randomize');
  const randomizeValue = randomize && ts.isPropertyAssignment(randomize) ? randomize.initializer.kind : undefined;
  if (randomize && randomizeValue !== ts.SyntaxKind.FalseKeyword && randomizeValue !== ts.SyntaxKind.TrueKeyword) return;
  const randomized = randomize ? randomizeValue === ts.SyntaxKind.TrueKeyword : randomizedByDefault[library];
  if (randomized) return;
  const factor = propertyNode(options, 'factor');
  const flat = factor !== undefined && ts.isPropertyAssignment(factor) && numericValue(factor.initializer) === 1;
  const anchor = randomize ?? (flat ? factor : undefined);
  if (anchor) ctx.report(anchor, 'libraryNoJitter', { option: codeOf(anchor), library, shape: flat ? 'a fixed delay' : 'an exponential delay' });
  else if (library === 'p-retry') checkFailedAttemptWait(ctx, options);
}

/**
 * p-retry awaits `onFailedAttempt` before the next attempt, so a sleep in it is a wait of its own, on top of p-retry's
 * unrandomized one: `await sleep(1000 * 2 ** attemptNumber)` there still sends every client back in step.
 */
function checkFailedAttemptWait(ctx: RuleContext<MessageId>, options: ts.ObjectLiteralExpression): void {
  const hook = propertyNode(options, 'onFailedAttempt');
  const value = hook && ts.isPropertyAssignment(hook) ? skipOuterExpressions(hook.initializer) : hook;
  const fn = value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isMethodDeclaration(value)) ? value : undefined;
  if (!hook || !fn?.body) return;
  // A wait read from Retry-After is the server's; the hook's other waits (after a 5xx, a reset) still need jitter.
  const delays = delayArguments(fn.body, ctx.file).filter((delay) => !/retry-?after/i.test(delay.getText()));
  if (delays.length === 0) return;
  const kinds = delays.map((delay) => delayKind(delay, fn.body!));
  if (kinds.includes('unknown') || kinds.includes('jittered')) return;
  const delay = `\`${codeOf(delays[Math.max(0, kinds.indexOf('growing'))])}\``;
  ctx.report(hook.name ?? hook, 'hookNoJitter', { delay });
}

/** got's `retry: { calculateDelay: ({ attemptCount }) => 2 ** attemptCount * 1000 }`: backoff without jitter. */
function checkGotCalculateDelay(ctx: RuleContext<MessageId>): void {
  forEachDescendant(ctx.file.sourceFile, (node) => {
    if (ts.isObjectLiteralExpression(node) && ts.isPropertyAssignment(node.parent) && node.parent.name.getText() === 'retry') {
      const delay = propertyNode(node, 'calculateDelay');
      if (delay) reportDelayCallback(ctx, delay, 'calculateDelay');
    }
  });
}

const retryDelayName = /^(retry\w*(delay|interval|wait|backoff)|backoff\w*)$/i;

/**
 * Timer-driven retries: `retryDelay = Math.min(retryDelay * 2, MAX)` next to a `setTimeout(…, retryDelay)` (directly or
 * through a scheduling function). The delay doubles, but every client doubles in step.
 */
function checkTimerBackoff(ctx: RuleContext<MessageId>): void {
  forEachDescendant(ctx.file.sourceFile, (node) => {
    if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && retryDelayName.test(node.left.text) && isGrowingAssignment(node)) {
      const name = node.left.text;
      const binding = resolveName(name, node.left);
      const scope = binding.kind === 'local' ? binding.declaration.parent?.parent?.parent : undefined;
      if (scope && !/random|jitter/i.test(node.right.getText()) && feedsTimer(name, scope, ctx)) {
        ctx.report(node, 'timerNoJitter', { name: nameText(name) });
      }
    }
  });
}

/** `d = d * 2`, `d *= 2`, `d = Math.min(d * 2, cap)`. */
function isGrowingAssignment(node: ts.BinaryExpression): boolean {
  const name = node.left.getText();
  if (node.operatorToken.kind === ts.SyntaxKind.AsteriskEqualsToken) return true;
  if (node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  return new RegExp(`\\b${name}\\s*\\*\\s*\\d|\\d\\s*\\*\\s*${name}\\b`).test(node.right.getText());
}

/** The delay reaches a timer: `setTimeout(cb, d)`, or `schedule(d)` where `schedule`'s parameter is a timer's delay. */
function feedsTimer(name: string, scope: ts.Node, ctx: RuleContext<MessageId>): boolean {
  for (const call of ctx.file.callsWithin(scope)) {
    const index = call.arguments.findIndex((argument) => argument.getText() === name);
    if (index < 0) continue;
    if (trailingName(call.expression) === 'setTimeout' && index === 1) return true;
    const callee = skipOuterExpressions(call.expression);
    const found = ts.isIdentifier(callee) ? requestCallback(callee) : undefined;
    const target = found && isFunctionNode(found) ? found : undefined;
    const parameter = target?.parameters[index];
    if (target && parameter && ts.isIdentifier(parameter.name)) {
      const parameterName = parameter.name.text;
      if (ctx.file.callsWithin(target).some((inner) => trailingName(inner.expression) === 'setTimeout' && inner.arguments[1]?.getText() === parameterName)) return true;
    }
  }
  return false;
}

/** A delay callback that grows with the attempt, or stays flat, and has no randomness. */
function reportDelayCallback(ctx: RuleContext<MessageId>, property: ts.ObjectLiteralElementLike, option: string, anchor?: ts.Node): void {
  const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isMethodDeclaration(property) ? property : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
  if (!value) return;
  const shape = delayCallbackShape(value as ts.Expression);
  if (shape !== 'growing' && shape !== 'constant') return;
  // axios-retry's finding sits on the `axiosRetry(…)` call, like its missing-`retryDelay` finding.
  ctx.report(anchor ?? property.name ?? property, 'callbackNoJitter', { option, shape: shape === 'growing' ? 'a delay that grows with the attempt' : 'a fixed delay' });
}

export default rule;

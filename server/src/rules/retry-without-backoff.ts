/** retry-without-backoff: hand-written retry loops with no delay, a constant delay or no jitter; axios-retry without retryDelay. */
import { ts } from '../analysis/ts';
import { resolveName, skipOuterExpressions } from '../analysis/bindings';
import { normalizeModule } from '../analysis/clients';
import { asObjectLiteral, numericValue, optionPresence, propertyNode } from '../analysis/options';
import { axiosRetryDelayEdits, insertDelayFix, replaceDelayFix } from './support/backoff-edit';
import { requestSites, sdkRequestSites } from '../analysis/request-sites';
import { aiSdkRequestLabel } from '../analysis/ai-sdk-calls';
import { delayCallbackShape, isRetryNamed, retryLoopAround } from '../analysis/retries';
import { recursiveRetriesOf, type RecursiveRetry } from '../analysis/recursive-retries';
import { contains, enclosingFunction, forEachDescendant, isFunctionNode, isLoop, shortText, trailingName } from '../analysis/syntax';
import { defineRule, type RuleContext } from './types';

const delayNames = /^(sleep|delay|wait|pause|setTimeout|timeout|backoff)$/i;

const messages = {
  noDelay: 'This loop retries {{request}} immediately, so failing clients hammer the server all at once; wait with exponential backoff and full jitter.',
  constant: 'This loop retries {{request}} after a constant {{delay}}, so clients retry in synchronized waves; use exponential backoff with full jitter.',
  noJitter: 'This loop backs off with no jitter ({{delay}}), so clients retry in lockstep; add full jitter: `Math.random() * min(cap, delay)`.',
  callbackNoJitter: '`{{option}}` returns {{shape}} with no jitter, so clients retry in lockstep; add full jitter: `Math.random() * delay`.',
  timerNoJitter: '`{{name}}` grows after each failure with no jitter, so clients retry in lockstep; wait `Math.random() * {{name}}` instead.',
  recursiveNoDelay: '`{{name}}` calls itself again as soon as {{request}} fails, hammering a failing server; wait with exponential backoff and full jitter.',
  recursiveConstant: '`{{name}}` retries {{request}} by calling itself after a constant {{delay}}, in synchronized waves; use exponential backoff with full jitter.',
  recursiveNoJitter: '`{{name}}` retries {{request}} by calling itself with no jitter ({{delay}}), so clients retry in lockstep; add full jitter.',
  axiosRetry: '`axiosRetry` without `retryDelay` retries immediately, hammering a failing server; set `retryDelay: axiosRetry.exponentialDelay`.',
  libraryNoJitter: '`{{option}}` makes `{{library}}` wait {{shape}} with no jitter, so clients retry in lockstep; set `randomize: true`.',
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
    // LLM requests through the AI SDK (`generateObject(…)`, or a project function around it) retried by hand.
    if (ctx.file.importsHttpClient || ctx.file.relativeImportNames.size > 0 || /['"]ai['"]/.test(ctx.file.text)) {
      for (const call of ctx.file.calls) {
        // Cheapest test first: most calls are in no loop at all.
        if (!inLoop(call)) continue;
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
    // passes it a request), not for a database transaction or a git command.
    for (const call of ctx.file.calls) {
      const fn = enclosingFunction(call);
      const name = fn && functionName(fn);
      if (!fn || !name || !callsParameterOf(call, fn) || !isRetryNamed(name) || !retriesRequests(name, ctx)) continue;
      const loop = retryLoopAround(call, fn);
      if (!loop || seen.has(loop)) continue;
      seen.add(loop);
      checkLoop(ctx, loop, call, `${shortText(call.expression, 30)}(…)`);
    }
    if (ctx.file.text.includes('axios-retry')) for (const call of ctx.file.calls) checkAxiosRetry(ctx, call);
    if (/randomize|factor/.test(ctx.file.text)) for (const call of ctx.file.calls) checkLibraryOptions(ctx, call);
    if (ctx.file.text.includes('calculateDelay')) checkGotCalculateDelay(ctx);
    if (/setTimeout/.test(ctx.file.text)) checkTimerBackoff(ctx);
  },
});

/** A loop around the call in its own function. */
function inLoop(call: ts.CallExpression): boolean {
  for (let current = call.parent; current && !isFunctionNode(current); current = current.parent) if (isLoop(current)) return true;
  return false;
}

/** Evidence that a retry helper retries HTTP requests: its name, or a call in this file handing it a request. */
function retriesRequests(name: string, ctx: RuleContext<MessageId>): boolean {
  if (/fetch|request|http|api/i.test(name)) return true;
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

/** `fn(...args)` where `fn` is a parameter of the enclosing function. */
function callsParameterOf(call: ts.CallExpression, fn: ts.Node): boolean {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(callee)) return false;
  const binding = resolveName(callee.text, callee);
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
  const delays = delayArguments(body, ctx).filter((delay) => !honoursRetryAfter || !fromRetryAfter(delay));
  if (honoursRetryAfter && delays.length === 0) return;
  const anchor = { start: loop.getStart(), end: loop.getStart() + keywordLength(loop) };
  const request = `\`${label}\``;
  if (delays.length === 0) {
    ctx.report(anchor, 'noDelay', { request }, { fix: insertDelayFix(loop, site) });
    return;
  }
  const kinds = delays.map((delay) => delayKind(delay, loop));
  if (kinds.includes('unknown') || kinds.includes('jittered')) return;
  // The message quotes the wait it is about: the growing one when there is one.
  const delay = `\`${delays[Math.max(0, kinds.indexOf('growing'))].getText()}\``;
  const fix = delays.length === 1 ? replaceDelayFix(loop, delays[0], kinds.includes('growing') ? 'growing' : 'constant') : undefined;
  ctx.report(anchor, kinds.includes('growing') ? 'noJitter' : 'constant', { request, delay }, { fix });
}

/** The waits between the failed request and the call that tries again, judged like a loop's. */
function checkRecursion(ctx: RuleContext<MessageId>, recursion: RecursiveRetry, site: ts.Node, label: string): void {
  const { fn, call, name, counters } = recursion;
  if (!fn.body || !ts.isBlock(fn.body)) return;
  const between = delayArguments(fn.body, ctx).filter((delay) => delay.pos > site.end && delay.end <= call.pos);
  if (/retry-?after/i.test(fn.body.getText()) && between.every(fromRetryAfter)) return;
  const request = `\`${label}\``;
  const anchor = call.expression;
  if (between.length === 0) {
    ctx.report(anchor, 'recursiveNoDelay', { name, request });
    return;
  }
  const kinds = between.map((delay) => delayKind(delay, fn.body!, 0, counters));
  if (kinds.includes('unknown') || kinds.includes('jittered')) return;
  const delay = `\`${between[Math.max(0, kinds.indexOf('growing'))].getText()}\``;
  ctx.report(anchor, kinds.includes('growing') ? 'recursiveNoJitter' : 'recursiveConstant', { name, request, delay });
}

/** A wait computed from the Retry-After header: its text, or the initializer of the constant it names. */
function fromRetryAfter(delay: ts.Expression): boolean {
  const retryAfter = /retry-?after/i;
  if (retryAfter.test(delay.getText())) return true;
  const expression = skipOuterExpressions(delay);
  if (!ts.isIdentifier(expression)) return false;
  const binding = resolveName(expression.text, expression);
  return binding.kind === 'local' && ts.isVariableDeclaration(binding.declaration) && retryAfter.test(binding.declaration.initializer?.getText() ?? '');
}

function keywordLength(loop: ts.IterationStatement): number {
  return ts.isWhileStatement(loop) ? 5 : ts.isDoStatement(loop) ? 2 : 3;
}

/** The millisecond arguments of the sleeps in a loop body (`await sleep(x)`, `new Promise(r => setTimeout(r, x))`). */
function delayArguments(body: ts.Statement, ctx: RuleContext<MessageId>): ts.Expression[] {
  const delays: ts.Expression[] = [];
  for (const call of ctx.file.callsWithin(body)) {
    const name = trailingName(call.expression);
    if (!name || !delayNames.test(name)) continue;
    const fn = enclosingFunction(call);
    const nested = fn && body.pos <= fn.pos && fn.end <= body.end;
    if (nested ? !isPromiseExecutor(fn) || !isAwaited(fn.parent) : !isAwaited(call)) continue;
    const first = call.arguments[0];
    const takesCallback = name === 'setTimeout' && call.arguments.length >= 2;
    const ms = takesCallback || (first && isFunctionNode(skipOuterExpressions(first))) ? call.arguments[1] : first;
    if (ms) delays.push(ms);
    else delays.push(call);
  }
  return delays;
}

/** A sleep only delays the loop when it is awaited (a bare `setTimeout(abort, ms)` is a timeout, not a delay). */
function isAwaited(node: ts.Node): boolean {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isAwaitExpression(parent) || ts.isYieldExpression(parent)) return true;
  return ts.isPropertyAccessExpression(parent) && parent.name.text === 'then';
}

function isPromiseExecutor(fn: ts.Node): boolean {
  const parent = fn.parent;
  return ts.isNewExpression(parent) && parent.expression.getText() === 'Promise';
}

type DelayKind = 'constant' | 'growing' | 'jittered' | 'unknown';

/** Locals followed from a delay to the values they hold (`const wait = base * attempt; await sleep(wait)`). */
const maxDelayHops = 4;

/**
 * Classifies a delay expression: a literal or constant, a function of the attempt, randomized, or opaque. Walks
 * with an explicit stack (`forEachDescendant`: delay expressions can nest thousands of levels deep) and follows at most `maxDelayHops`
 * locals.
 */
function delayKind(delay: ts.Expression, loop: ts.Node, hops = 0, counters?: ReadonlySet<ts.Node>): DelayKind {
  if (numericValue(delay) !== undefined) return 'constant';
  const text = delay.getText();
  if (/Math\.random|random\(|jitter/i.test(text)) return 'jittered';
  let kind: DelayKind = 'constant';
  forEachDescendant(delay, (node) => {
    if (ts.isCallExpression(node) && !/^Math\.(pow|min|max|round|floor|ceil)$/.test(node.expression.getText())) kind = 'unknown';
    // `verdict.waitMs` is what `verdict` holds: a value computed in the loop (`const verdict = judge(…)`) is opaque.
    else if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) kind = identifierKind(node, loop, kind, hops, counters);
    // Opaque or randomized anywhere is so for the whole delay.
    return kind === 'unknown' || kind === 'jittered' ? 'stop' : undefined;
  });
  return kind;
}

function identifierKind(identifier: ts.Identifier, loop: ts.Node, current: DelayKind, hops: number, counters?: ReadonlySet<ts.Node>): DelayKind {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind !== 'local') return binding.kind === 'import' ? 'unknown' : current;
  const declaration = binding.declaration;
  if (ts.isVariableDeclaration(declaration)) {
    const isConst = (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    const insideLoop = loop.pos <= declaration.pos && declaration.end <= loop.end;
    if (isConst && insideLoop) return declaration.initializer && hops < maxDelayHops ? delayKind(declaration.initializer, loop, hops + 1, counters) : 'unknown';
    if (!isConst) return 'growing';
    // A `const` declared before the loop holds one value for every attempt (`const mergeDelay = parseInteger(…)`):
    // flat, unless it was drawn at random.
    return /Math\.random|random\(|jitter/i.test(declaration.initializer?.getText() ?? '') ? 'jittered' : current;
  }
  // A recursive retry's attempt counter (`call(url, attempt + 1)`) grows; other parameters are settings, destructured
  // ones too (`{ tryCooldown }`).
  if (ts.isParameter(declaration) || isDestructuredParameter(declaration)) return counters?.has(declaration) ? 'growing' : current;
  return 'unknown';
}

/** A name destructured from a parameter: `tryCooldown` in `function f({ url, tryCooldown })`. */
function isDestructuredParameter(declaration: ts.Node): boolean {
  let node = declaration;
  while (ts.isBindingElement(node) && (ts.isObjectBindingPattern(node.parent) || ts.isArrayBindingPattern(node.parent))) node = node.parent.parent;
  return node !== declaration && ts.isParameter(node);
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
  if (!anchor) return;
  ctx.report(anchor, 'libraryNoJitter', { option: anchor.getText(), library, shape: flat ? 'a fixed delay' : 'an exponential delay' });
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
        ctx.report(node, 'timerNoJitter', { name });
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

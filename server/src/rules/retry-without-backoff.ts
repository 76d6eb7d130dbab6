/** retry-without-backoff: hand-written retry loops with no delay, a constant delay or no jitter; axios-retry without retryDelay. */
import { ts } from '../analysis/ts';
import { resolveName, skipOuterExpressions } from '../analysis/bindings';
import { normalizeModule } from '../analysis/clients';
import { numericValue, optionPresence } from '../analysis/options';
import { axiosRetryDelayEdits, insertDelayFix, replaceDelayFix } from './support/backoff-edit';
import { requestSites } from '../analysis/request-sites';
import { retryLoopAround } from '../analysis/retries';
import { enclosingFunction, isFunctionNode, trailingName } from '../analysis/syntax';
import type { Rule, RuleContext } from './types';

const delayNames = /^(sleep|delay|wait|pause|setTimeout|timeout|backoff)$/i;

const rule: Rule = {
  meta: {
    id: 'retry-without-backoff',
    description: 'Retry loops with no delay, a constant delay or no jitter; axios-retry without retryDelay.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      noDelay:
        'This loop retries {{request}} immediately, with no delay: when the server is overloaded or resetting connections (ECONNRESET, 503) every client hammers it again at once and keeps it down. Wait between attempts with exponential backoff and full jitter (the helper\'s `withRetry`).',
      constant:
        'This loop retries {{request}} after a constant {{delay}}: all clients that failed together retry together, in synchronized waves that keep an overloaded server down. Use exponential backoff with full jitter: `random(0, min(cap, base * 2 ** attempt))` (the helper\'s `withRetry`).',
      noJitter:
        'This loop backs off without jitter ({{delay}}): clients that failed together retry at the same instants and hit the server in synchronized waves. Add full jitter: `Math.random() * min(cap, base * 2 ** attempt)` (the helper\'s `withRetry`).',
      axiosRetry:
        '`axiosRetry` without `retryDelay` retries immediately (its default is no delay), hammering a server that is already failing. Set `retryDelay: axiosRetry.exponentialDelay` and honour Retry-After.',
    },
  },
  check(ctx) {
    const seen = new Set<ts.Node>();
    for (const site of requestSites(ctx.file)) {
      const loop = retryLoopAround(site.node, enclosingFunction(site.node));
      if (!loop || seen.has(loop)) continue;
      seen.add(loop);
      checkLoop(ctx, loop, site.node, site.label);
    }
    if (ctx.file.text.includes('axios-retry')) for (const call of ctx.file.calls) checkAxiosRetry(ctx, call);
  },
};

function checkLoop(ctx: RuleContext, loop: ts.IterationStatement, site: ts.Node, label: string): void {
  const body = loop.statement;
  if (/retry-after/i.test(body.getText())) return;
  const delays = delayArguments(body, ctx);
  const anchor = { start: loop.getStart(), end: loop.getStart() + keywordLength(loop) };
  const request = `\`${label}\``;
  if (delays.length === 0) {
    ctx.report(anchor, 'noDelay', { request }, { fix: insertDelayFix(loop, site) });
    return;
  }
  const kinds = delays.map((delay) => delayKind(delay, loop));
  if (kinds.includes('unknown') || kinds.includes('jittered')) return;
  const delay = `\`${delays[0].getText()}\``;
  const fix = delays.length === 1 ? replaceDelayFix(loop, delays[0]) : undefined;
  ctx.report(anchor, kinds.includes('growing') ? 'noJitter' : 'constant', { request, delay }, { fix });
}

function keywordLength(loop: ts.IterationStatement): number {
  return ts.isWhileStatement(loop) ? 5 : ts.isDoStatement(loop) ? 2 : 3;
}

/** The millisecond arguments of the sleeps in a loop body (`await sleep(x)`, `new Promise(r => setTimeout(r, x))`). */
function delayArguments(body: ts.Statement, ctx: RuleContext): ts.Expression[] {
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

/** Classifies a delay expression: a literal or constant, a function of the attempt, randomized, or opaque. */
function delayKind(delay: ts.Expression, loop: ts.IterationStatement): DelayKind {
  if (numericValue(delay) !== undefined) return 'constant';
  const text = delay.getText();
  if (/Math\.random|random\(|jitter/i.test(text)) return 'jittered';
  let kind: DelayKind = 'constant';
  const visit = (node: ts.Node): void => {
    if (kind === 'unknown') return;
    if (ts.isCallExpression(node) && !/^Math\.(pow|min|max|round|floor|ceil)$/.test(node.expression.getText())) kind = 'unknown';
    else if (ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node.parent)) kind = identifierKind(node, loop, kind);
    ts.forEachChild(node, visit);
  };
  visit(delay);
  return kind;
}

function identifierKind(identifier: ts.Identifier, loop: ts.IterationStatement, current: DelayKind): DelayKind {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind !== 'local') return binding.kind === 'import' ? 'unknown' : current;
  const declaration = binding.declaration;
  if (ts.isVariableDeclaration(declaration)) {
    const isConst = (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    const insideLoop = loop.pos <= declaration.pos && declaration.end <= loop.end;
    if (isConst && insideLoop) return declaration.initializer ? delayKind(declaration.initializer, loop) : 'unknown';
    if (!isConst) return 'growing';
    return numericValue(declaration.initializer) !== undefined ? current : 'unknown';
  }
  return ts.isParameter(declaration) ? current : 'unknown';
}

/** `axiosRetry(axios, { retries: 3 })` with no `retryDelay`. */
function checkAxiosRetry(ctx: RuleContext, call: ts.CallExpression): void {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(callee)) return;
  const binding = resolveName(callee.text, callee);
  if (binding.kind !== 'import' || normalizeModule(binding.module) !== 'axios-retry') return;
  if (binding.name !== 'default' && binding.name !== '*') return;
  if (optionPresence(call.arguments[1], ['retryDelay']) === 'no') ctx.report(callee, 'axiosRetry', {}, { fix: axiosRetryDelayEdits(call, callee) });
}

export default rule;

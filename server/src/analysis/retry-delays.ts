/**
 * The waits of a hand-written retry: the sleeps between one attempt and the next (`await sleep(ms)`, `new Promise(r =>
 * setTimeout(r, ms))`) and how each grows: a constant, a function of the attempt, randomized, or opaque.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import type { FileAnalysis } from './file-analysis';
import { numericValue } from './options';
import { enclosingFunction, forEachDescendant, isFunctionNode, trailingName } from './syntax';

const delayNames = /^(sleep|delay|wait|pause|setTimeout|timeout|backoff)$/i;

/** A name of a sleep (`sleep`, `delay`, `pause`): calling it waits, it sends nothing. */
export function isDelayName(name: string): boolean {
  return delayNames.test(name);
}

/** A wait computed from the Retry-After header: its text, or the initializer of the constant it names. */
export function fromRetryAfter(delay: ts.Expression): boolean {
  const retryAfter = /retry-?after/i;
  if (retryAfter.test(delay.getText())) return true;
  const expression = skipOuterExpressions(delay);
  if (!ts.isIdentifier(expression)) return false;
  const binding = resolveName(expression.text, expression);
  return binding.kind === 'local' && ts.isVariableDeclaration(binding.declaration) && retryAfter.test(binding.declaration.initializer?.getText() ?? '');
}

/** The millisecond arguments of the sleeps in a loop body (`await sleep(x)`, `new Promise(r => setTimeout(r, x))`). */
export function delayArguments(body: ts.Node, file: FileAnalysis): ts.Expression[] {
  const delays: ts.Expression[] = [];
  for (const call of file.callsWithin(body)) {
    const name = trailingName(call.expression);
    if (!name || !delayNames.test(name)) continue;
    const fn = enclosingFunction(call);
    const nested = fn && body.pos <= fn.pos && fn.end <= body.end;
    if (nested ? !isPromiseExecutor(fn) || !isAwaited(fn.parent) : !isAwaited(call)) continue;
    const first = call.arguments[0];
    const takesCallback = name === 'setTimeout' && call.arguments.length >= 2;
    const ms = takesCallback || (first && isFunctionNode(skipOuterExpressions(first))) ? call.arguments[1] : first;
    const sliced = slicedWait(call, body);
    if (sliced) delays.push(sliced);
    else if (ms) delays.push(ms);
    else delays.push(call);
  }
  // Slices of one wait share its bound: counted once.
  return [...new Set(delays)];
}

/**
 * `for (let waited = 0; waited < wait; waited += 50) await sleep(50)`: a sleep in a counted loop of its own inside the
 * retry waits out a longer time in short slices (so that a shutdown can interrupt it); the loop's bound is the wait.
 */
function slicedWait(sleep: ts.CallExpression, body: ts.Node): ts.Expression | undefined {
  for (let current = sleep.parent; current && current !== body && !isFunctionNode(current); current = current.parent) {
    if (ts.isForOfStatement(current) || ts.isForInStatement(current)) return undefined;
    if (!ts.isForStatement(current) && !ts.isWhileStatement(current) && !ts.isDoStatement(current)) continue;
    const condition = ts.isForStatement(current) ? current.condition : current.expression;
    return condition && boundOf(condition);
  }
  return undefined;
}

/** `waited < wait` and `waited < 1_000 && !signal.aborted`: `wait`, `1_000`; `Date.now() < until`: `until`. */
function boundOf(condition: ts.Expression): ts.Expression | undefined {
  const expression = skipOuterExpressions(condition);
  if (!ts.isBinaryExpression(expression)) return undefined;
  const kind = expression.operatorToken.kind;
  if (kind === ts.SyntaxKind.AmpersandAmpersandToken) return boundOf(expression.left) ?? boundOf(expression.right);
  if (kind === ts.SyntaxKind.LessThanToken || kind === ts.SyntaxKind.LessThanEqualsToken) return expression.right;
  if (kind === ts.SyntaxKind.GreaterThanToken || kind === ts.SyntaxKind.GreaterThanEqualsToken) return expression.left;
  return undefined;
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

export type DelayKind = 'constant' | 'growing' | 'jittered' | 'unknown';

/** Locals followed from a delay to the values they hold (`const wait = base * attempt; await sleep(wait)`). */
const maxDelayHops = 4;

/**
 * Classifies a delay expression: a literal or constant, a function of the attempt, randomized, or opaque. Walks
 * with an explicit stack (`forEachDescendant`: delay expressions can nest thousands of levels deep) and follows at most `maxDelayHops`
 * locals.
 */
export function delayKind(delay: ts.Expression, loop: ts.Node, hops = 0, counters?: ReadonlySet<ts.Node>): DelayKind {
  if (numericValue(delay) !== undefined) return 'constant';
  const text = delay.getText();
  if (/Math\.random|random\(|jitter/i.test(text)) return 'jittered';
  let kind: DelayKind = 'constant';
  forEachDescendant(delay, (node) => {
    // `RETRY_DELAYS[attempt]`: a table of waits, flat when every entry is the same.
    const table = delayTable(node);
    if (table) {
      if (table === 'growing' && kind === 'constant') kind = 'growing';
      return 'skip';
    }
    // `retryDelay(isRateLimit, attempt)`: what a function of this file returns, its arguments aside; any other call is opaque.
    if (ts.isCallExpression(node) && !/^Math\.(pow|min|max|round|floor|ceil)$/.test(node.expression.getText())) {
      kind = merged(kind, returnedDelayKind(node, hops));
      return kind === 'unknown' || kind === 'jittered' ? 'stop' : 'skip';
    }
    // `verdict.waitMs` is what `verdict` holds: a value computed in the loop (`const verdict = judge(…)`) is opaque.
    else if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) kind = identifierKind(node, loop, kind, hops, counters);
    // Opaque or randomized anywhere is so for the whole delay.
    return kind === 'unknown' || kind === 'jittered' ? 'stop' : undefined;
  });
  return kind;
}

function merged(current: DelayKind, next: DelayKind): DelayKind {
  if (current === 'unknown' || current === 'jittered') return current;
  if (next !== 'constant') return next;
  return current;
}

/** A parameter that counts attempts (`attemptNumber`, `retryCount`, `n`): the wait a function computes from it grows. */
const counterParameter = /attempt|retr|tries|count|^n$/i;

/**
 * The wait a function declared in this file returns (`function retryDelay(isRateLimit, attempt) { … }`), over its
 * returns that it chooses itself: a Retry-After value, or the time left until a date the server gave (`… - Date.now()`),
 * is the server's. Parameters other than the attempt are settings.
 */
function returnedDelayKind(call: ts.CallExpression, hops: number): DelayKind {
  const callee = skipOuterExpressions(call.expression);
  const fn = ts.isIdentifier(callee) && hops < maxDelayHops ? localFunction(callee) : undefined;
  const body = fn?.body;
  if (!fn || !body) return 'unknown';
  if (/Math\.random|random\(|jitter/i.test(body.getText())) return 'jittered';
  const returns: ts.Expression[] = [];
  if (ts.isBlock(body)) {
    forEachDescendant(body, (node) => {
      if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
      return isFunctionNode(node) ? 'skip' : undefined;
    });
  } else returns.push(body);
  const counters = new Set<ts.Node>(fn.parameters.filter((parameter) => ts.isIdentifier(parameter.name) && counterParameter.test(parameter.name.text)));
  const own = returns.filter((value) => !serverChosen(value, body));
  if (own.length === 0) return 'unknown';
  return own.reduce<DelayKind>((kind, value) => merged(kind, delayKind(value, body, hops + 1, counters)), 'constant');
}

/** A returned wait the server chose: read from Retry-After (or under a check of it), or the time until a date (`Date.now()`). */
function serverChosen(value: ts.Expression, body: ts.Node): boolean {
  const expression = skipOuterExpressions(value);
  const binding = ts.isIdentifier(expression) ? resolveName(expression.text, expression) : undefined;
  const held = binding?.kind === 'local' && ts.isVariableDeclaration(binding.declaration) ? binding.declaration.initializer?.getText() ?? '' : '';
  if (/retry-?after|Date\.now\(\)/i.test(`${value.getText()} ${held}`)) return true;
  for (let current = value.parent; current && current !== body; current = current.parent) {
    if (ts.isIfStatement(current) && value.pos >= current.thenStatement.pos && value.end <= current.thenStatement.end && /retry-?after/i.test(current.expression.getText())) return true;
  }
  return false;
}

/** The function a name of this file stands for: `function f() {}`, `const f = () => …`. */
function localFunction(name: ts.Identifier): ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression | undefined {
  const binding = resolveName(name.text, name);
  if (binding.kind !== 'local') return undefined;
  const declaration = binding.declaration;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  const value = ts.isVariableDeclaration(declaration) && declaration.initializer ? skipOuterExpressions(declaration.initializer) : undefined;
  return value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) ? value : undefined;
}

/** `DELAYS[attempt]` where `const DELAYS = [1_000, 2_000, 4_000]`: `growing`; `[500, 500, 500]`: `constant`. */
function delayTable(access: ts.Node): 'constant' | 'growing' | undefined {
  if (!ts.isElementAccessExpression(access)) return undefined;
  const table = skipOuterExpressions(access.expression);
  if (!ts.isIdentifier(table)) return undefined;
  const binding = resolveName(table.text, table);
  const declaration = binding.kind === 'local' ? binding.declaration : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || (declaration.parent.flags & ts.NodeFlags.Const) === 0 || !declaration.initializer) return undefined;
  const list = skipOuterExpressions(declaration.initializer);
  if (!ts.isArrayLiteralExpression(list) || list.elements.length === 0) return undefined;
  const values = list.elements.map((element) => numericValue(element));
  if (values.some((value) => value === undefined)) return undefined;
  return values.every((value) => value === values[0]) ? 'constant' : 'growing';
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


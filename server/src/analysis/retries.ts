/** Retry on the path of a request: retry libraries, the helper's withRetry, hand-written retry loops. */
import { ts } from './ts';
import { resolveName } from './bindings';
import { normalizeModule } from './clients';
import { leavesWhenResultSucceeds } from './result-checks';
import { contains, enclosingFunction, forEachDescendant, isFunctionNode, trailingName, isLoop, type FunctionNode } from './syntax';

const retryModules = new Set([
  'p-retry',
  'async-retry',
  'promise-retry',
  'exponential-backoff',
  'ts-retry-promise',
  'retry',
  'cockatiel',
  '@lifeomic/attempt',
  'axios-retry',
  'retry-axios',
  'fetch-retry',
  '@octokit/plugin-retry',
]);
const retryLikeName = /retr(y|ies|ying)|backoff|backOff|attempt|resilien/i;

/** True for a function whose name says it retries (`retryFetch`, `withBackoff`). */
export function isRetryNamed(name: string): boolean {
  return retryLikeName.test(name);
}

/** True when `call` runs its callback under a retry wrapper. */
export function isRetryCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  const root = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression : undefined;
  if (root) {
    const binding = resolveName(root.text, root);
    if (binding.kind === 'import' && retryModules.has(normalizeModule(binding.module))) return true;
  }
  const name = trailingName(callee);
  if (name && retryLikeName.test(name)) return true;
  const object = ts.isPropertyAccessExpression(callee) ? trailingName(callee.expression) : undefined;
  return object !== undefined && retryLikeName.test(object) && /^(execute|run|call|wrap)$/.test(name ?? '');
}

/** The loops of a file by the function they run in (undefined: top level), per parsed version. */
const loopsByFunction = new WeakMap<ts.SourceFile, Map<FunctionNode | undefined, ts.IterationStatement[]>>();

/**
 * True when a loop of the node's own function contains it (not one around a callback it sits in). Each node's own
 * walk up would cost the file's depth per call (a 10,000-link `.then` chain), so the file's loops (collected in its
 * one walk) are grouped by function once.
 */
export function inLoopOfItsFunction(node: ts.Node, file: { readonly sourceFile: ts.SourceFile; readonly loops: readonly ts.IterationStatement[] }): boolean {
  if (file.loops.length === 0) return false;
  let loops = loopsByFunction.get(file.sourceFile);
  if (!loops) {
    loops = new Map();
    for (const loop of file.loops) {
      const fn = enclosingFunction(loop);
      const list = loops.get(fn);
      if (list) list.push(loop);
      else loops.set(fn, [loop]);
    }
    loopsByFunction.set(file.sourceFile, loops);
  }
  return loops.get(enclosingFunction(node))?.some((loop) => contains(loop, node) && loop !== node) ?? false;
}

/** True when a file attaches a retry policy to axios (axios-retry, retry-axios). */
export function fileAppliesAxiosRetry(sourceFile: ts.SourceFile): boolean {
  const imports = sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      /^(axios-retry|retry-axios)$/.test(statement.moduleSpecifier.text),
  );
  return imports || /require\(['"](axios-retry|retry-axios)['"]\)/.test(sourceFile.text);
}

/**
 * A loop that retries the request at `node` rather than iterating over items or polling: a counted
 * or unbounded loop (not for-of/for-in, not bounded by some `.length`) that goes round again after a
 * failure and says "attempt/retry/tries" in its header or (short) body, or counts failures against a limit — or
 * that catches the failure and leaves the loop on success (returns the response, or `break`s right after the
 * request). `loose` accepts any loop that catches and goes round.
 */
export function retryLoopAround(node: ts.Node, stopAt: ts.Node | undefined, loose = false): ts.IterationStatement | undefined {
  const tries: ts.TryStatement[] = [];
  let returned = false;
  for (let current = node.parent; current && current !== stopAt; current = current.parent) {
    // A `try` or `return` inside a callback (`items.map(async (item) => { try { … } catch { skip(item) } })`) is the
    // callback's: it does not make a loop around the callback go round.
    if (isFunctionNode(current)) {
      tries.length = 0;
      returned = false;
    }
    if (ts.isTryStatement(current) && node.pos >= current.tryBlock.pos && node.end <= current.tryBlock.end) tries.push(current);
    if (ts.isReturnStatement(current)) returned = true;
    if (!isLoop(current)) continue;
    // `for (const temperature of [0, 0.1, 0.3])`: a fixed list of attempts, a retry only when success leaves it.
    const overAttempts = ts.isForOfStatement(current) && isFixedList(current.expression);
    if ((ts.isForOfStatement(current) && !overAttempts) || ts.isForInStatement(current)) return undefined;
    if (boundByCollection(current)) return undefined;
    const loop = current;
    const says = saysRetry(loop);
    // It goes round again after a failure: a caught error (a `catch` that does not always throw, break or return),
    // a `continue` of this loop, or a status check (`res.ok`, `res.status`). A status check is one against an HTTP
    // status (`res.status === 503`, `[429, 503].includes(res.status)`), not a domain state polled for (`body.pipeline.status`).
    const caught = tries.filter((statement) => statement.catchClause !== undefined && catchGoesRound(statement.catchClause, loop));
    const inTry = caught.length > 0;
    // `try { await blob.save(doc); break; } catch { … }`: success leaves the loop, a failure goes round again.
    // `if (!error) break;`, `if (error) { … } else { break; }`: the loop leaves when the result says it succeeded and
    // goes round when it says it failed (`{ data, error }` results of SDK clients that resolve rather than reject).
    const leavesOnResult = leavesWhenResultSucceeds(loop, node);
    const leavesFromTry = returned || caught.some((statement) => statement.tryBlock.statements.some((inner) => (ts.isBreakStatement(inner) && !inner.label) || ts.isReturnStatement(inner)));
    const leavesOnSuccess = leavesFromTry || leavesOnResult;
    const body = withoutComments(loop.statement.getText());
    const goesRound = inTry || leavesOnResult || continuesLoop(loop) || checksStatus(loop.statement, /\b[45]\d\d\b/.test(body));
    // Loose (is a failure retried at all?): any loop that catches and goes round, polling included.
    // A list of targets tried in turn until one answers (`for (const url of [primary, fallback])`) is a fallback, not a retry.
    if (overAttempts) return inTry && leavesFromTry ? loop : undefined;
    if (loose) return goesRound ? loop : undefined;
    return (goesRound && says) || (inTry && leavesOnSuccess) ? loop : undefined;
  }
  return undefined;
}

/** The loop header reads some `.length` or `.size` (`i < items.length`), other than of a short literal list (`attempt < DELAYS.length`). */
function boundByCollection(loop: ts.IterationStatement): boolean {
  if (!/\.length\b|\.size\b/.test(loopHeaderText(loop))) return false;
  const header = ts.isForStatement(loop) ? [loop.initializer, loop.condition, loop.incrementor] : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? [loop.expression] : [];
  let found = false;
  for (const part of header) {
    if (!part) continue;
    forEachDescendant(part, (node) => {
      if (ts.isPropertyAccessExpression(node) && /^(length|size)$/.test(node.name.text) && !isFixedList(node.expression)) found = true;
      return found ? 'stop' : undefined;
    });
  }
  return found;
}

/** At most this many literals make a list of attempts rather than a collection. */
const maxAttemptList = 5;

/** An array literal of a few literals, inline or in a `const` of the same function: `[0, 0.1, 0.3]`, `['gpt-4o', 'gpt-4o-mini']`. */
function isFixedList(expression: ts.Expression): boolean {
  let value: ts.Node = expression;
  if (ts.isIdentifier(value)) {
    const binding = resolveName(value.text, value);
    const declaration = binding.kind === 'local' ? binding.declaration : undefined;
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || (declaration.parent.flags & ts.NodeFlags.Const) === 0) return false;
    value = declaration.initializer;
  }
  return ts.isArrayLiteralExpression(value) && value.elements.length <= maxAttemptList && value.elements.every((element) => ts.isLiteralExpression(element) || ts.isPrefixUnaryExpression(element));
}

/** A `catch` goes round again unless every path through it leaves the loop, or when it `continue`s it. */
function catchGoesRound(clause: ts.CatchClause, loop: ts.IterationStatement): boolean {
  return !alwaysLeaves(clause.block) || continuesLoop(loop, clause.block);
}

/**
 * The body reads a response's status to decide (`res.ok`, `res.status === 503` when it names a 4xx/5xx status), other
 * than in an `if` that throws on it: `if (!res.ok) throw …` ends the loop on a failure rather than sending again.
 */
function checksStatus(body: ts.Statement, namesStatus: boolean): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (ts.isPropertyAccessExpression(node) && (node.name.text === 'ok' || (namesStatus && /^status(Code)?$/.test(node.name.text)))) found = !throwsOnIt(node, body);
    return found ? 'stop' : undefined;
  });
  return found;
}

/** The check sits in the condition of an `if` whose branch always throws. */
function throwsOnIt(check: ts.Node, body: ts.Node): boolean {
  for (let current = check.parent; current && current !== body; current = current.parent) {
    if (ts.isIfStatement(current)) return check.pos >= current.expression.pos && check.end <= current.expression.end && alwaysThrows(current.thenStatement);
    if (ts.isStatement(current)) return false;
  }
  return false;
}

function alwaysThrows(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some(alwaysThrows);
  return ts.isIfStatement(statement) && statement.elseStatement !== undefined && alwaysThrows(statement.thenStatement) && alwaysThrows(statement.elseStatement);
}

/** Every path through the statement throws, returns or breaks (`if (…) break; throw error;`). */
function alwaysLeaves(statement: ts.Statement): boolean {
  if (ts.isThrowStatement(statement) || ts.isReturnStatement(statement) || ts.isBreakStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some(alwaysLeaves);
  if (ts.isIfStatement(statement)) return statement.elseStatement !== undefined && alwaysLeaves(statement.thenStatement) && alwaysLeaves(statement.elseStatement);
  return false;
}

/** A `continue` of this loop in `within` (its body by default); one inside a nested loop or function is not counted. */
function continuesLoop(loop: ts.IterationStatement, within: ts.Node = loop.statement): boolean {
  const label = ts.isLabeledStatement(loop.parent) ? loop.parent.label.text : undefined;
  let found = false;
  forEachDescendant(within, (node) => {
    if (ts.isContinueStatement(node) && (!node.label || node.label.text === label)) found = true;
    else if (isFunctionNode(node) || isLoop(node)) return 'skip';
    return found ? 'stop' : undefined;
  });
  return found;
}

/** Code text without its comments (`// Only continue if …` is no `continue`); a `//` after `:` or a quote is a URL. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Retry words: `attempt`, `retry`, and `tries` as a word or a name's part (`maxTries`), not inside one (`entries`, `countries`). */
function says(text: string): boolean {
  return /attempt|retr(y|ies)/i.test(text) || /(^|[^a-zA-Z])(tries|tried)|Tries|Tried|TRIES|TRIED/.test(text);
}

/** The loop's header counts attempts: `attempt <= maxRetries`, `page < total && attempts < maxAttempts`. */
export function headerCountsAttempts(loop: ts.IterationStatement): boolean {
  return says(loopHeaderText(loop));
}

/** Retry words in the loop header, or in a loop body short enough to be about one request. */
function saysRetry(loop: ts.IterationStatement): boolean {
  if (headerCountsAttempts(loop)) return true;
  const body = loop.statement.getText();
  return (body.length < 1500 && says(body)) || countsFailures(loop.statement);
}

/** The last name of a counter (`networkRetries`, `attemptCount`; `errors` of `errors.length`). */
const retryCounter = /^(attempts?|retry|retries|tries|tried|tryCount)(Count|Number|No)?$|^[a-z]\w*(Attempts?|Retry|Retries|Tries|Tried)(Count|Number|No)?$/;
const failureCounter = /^(errors|failures|fails|errorCount|failureCount|failCount|failedTries)$|^[a-z]\w*(Errors|Failures|Fails|ErrorCount|FailureCount|FailedTries)$/;
const comparisons = new Set([
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
]);

/**
 * The body counts failed attempts against a limit, however long it is: `networkRetries < maxNetworkRetries`,
 * `failedTries >= 3`, `errors.length >= errorLimit`. An error counter needs a limit by name or a number ≥ 2
 * (`errors.length > 0` is not a count of attempts).
 */
function countsFailures(body: ts.Statement): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (isFunctionNode(node)) return 'skip';
    if (ts.isBinaryExpression(node) && comparisons.has(node.operatorToken.kind)) {
      found = countsAgainst(node.left, node.right) || countsAgainst(node.right, node.left);
    }
    return found ? 'stop' : undefined;
  });
  return found;
}

function countsAgainst(counter: ts.Expression, limit: ts.Expression): boolean {
  let target: ts.Expression = counter;
  if (ts.isPropertyAccessExpression(target) && /^(length|size)$/.test(target.name.text)) target = target.expression;
  const name = ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : undefined;
  if (!name) return false;
  const value = ts.isNumericLiteral(limit) ? Number(limit.text) : undefined;
  const named = (ts.isIdentifier(limit) || ts.isPropertyAccessExpression(limit)) && /max|limit/i.test(limit.getText());
  if (retryCounter.test(name)) return named || (value !== undefined && value >= 1);
  return failureCounter.test(name) && (named || (value !== undefined && value >= 2));
}

function loopHeaderText(loop: ts.IterationStatement): string {
  if (ts.isForStatement(loop)) return `${loop.initializer?.getText() ?? ''};${loop.condition?.getText() ?? ''};${loop.incrementor?.getText() ?? ''}`;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return loop.expression.getText();
  return '';
}

/** How a retry-delay callback grows: randomized, growing with the attempt without jitter, flat, or opaque. */
export type DelayShape = 'jittered' | 'growing' | 'constant' | 'unknown';

const jitterText = /Math\.random|random\(|jitter|exponentialDelay|linearDelay\s*\(\s*\)/i;
const mathCall = /^Math\.(pow|min|max|round|floor|ceil|trunc)$/;

/**
 * The shape of a delay callback (`retryDelay(n) { … }`, got's `calculateDelay({ attemptCount })`): what its
 * returns compute from the attempt. A call to a function declared in the same file is followed once
 * (`retryDelay: (n) => backoff(n) * 1000`); any other call, or a value it cannot see, is `unknown`.
 */
export function delayCallbackShape(callback: ts.Expression, depth = 0): DelayShape {
  const fn = callbackFunction(callback);
  if (!fn || !fn.body || depth > 2) return 'unknown';
  if (jitterText.test(fn.body.getText())) return 'jittered';
  const returns: ts.Expression[] = [];
  if (!ts.isBlock(fn.body)) returns.push(fn.body);
  else {
    forEachDescendant(fn.body, (node) => {
      if (ts.isReturnStatement(node) && node.expression) returns.push(node.expression);
      return node !== fn.body && isFunctionLike(node) ? 'skip' : undefined;
    });
  }
  if (returns.length === 0) return 'unknown';
  let shape: DelayShape = 'constant';
  for (const value of returns) {
    const kind = expressionShape(value, fn, depth);
    if (kind === 'unknown' || kind === 'jittered') return kind;
    if (kind === 'growing') shape = 'growing';
  }
  return shape;
}

function callbackFunction(expression: ts.Expression): FunctionNode | undefined {
  let node: ts.Node = expression;
  while (ts.isParenthesizedExpression(node)) node = node.expression;
  if (ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node)) return node;
  if (ts.isIdentifier(node)) {
    const binding = resolveName(node.text, node);
    if (binding.kind !== 'local') return undefined;
    const declaration = binding.declaration;
    if (ts.isFunctionDeclaration(declaration)) return declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) return callbackFunction(declaration.initializer);
  }
  return undefined;
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node);
}

/** `2 ** n * 1000` grows; `1000` or a constant is flat; `backoff(n)` is what `backoff` returns. */
function expressionShape(value: ts.Expression, fn: FunctionNode, depth: number): DelayShape {
  let shape: DelayShape = 'constant';
  // An explicit stack, not recursion: a delay expression can nest deeper than the call stack.
  const stack: ts.Node[] = [value];
  for (let node = stack.pop(); node && (shape as DelayShape) !== 'unknown'; node = stack.pop()) visit(node);
  return shape;

  function visit(node: ts.Node): void {
    if (ts.isCallExpression(node)) {
      if (mathCall.test(node.expression.getText())) {
        stack.push(...node.arguments);
        return;
      }
      const inner = ts.isIdentifier(node.expression) ? delayCallbackShape(node.expression, depth + 1) : 'unknown';
      if (inner === 'unknown' || inner === 'jittered') shape = inner;
      else if (inner === 'growing' || node.arguments.some((argument) => usesParameter(argument, fn))) shape = 'growing';
      return;
    }
    if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const binding = resolveName(node.text, node);
      if (binding.kind === 'local' && isParameterOf(binding.declaration, fn)) shape = 'growing';
      else if (binding.kind === 'import') shape = 'unknown';
      else if (binding.kind === 'local' && ts.isVariableDeclaration(binding.declaration) && binding.declaration.initializer && contains(fn, binding.declaration) && depth < 3) {
        // `const delay = retryCount * base; return delay;`: what the local holds.
        const inner = expressionShape(binding.declaration.initializer, fn, depth + 1);
        if (inner !== 'constant') shape = inner;
      }
      return;
    }
    if (ts.isPropertyAccessExpression(node)) {
      // `retryCount` destructured or read off the argument (`attempt.count`) grows; other properties are settings.
      if (usesParameter(node, fn)) shape = 'growing';
      return;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
}

function usesParameter(node: ts.Node, fn: FunctionNode): boolean {
  let found = false;
  forEachDescendant(node, (child) => {
    if (!ts.isIdentifier(child)) return undefined;
    const binding = resolveName(child.text, child);
    found = binding.kind === 'local' && isParameterOf(binding.declaration, fn);
    return found ? 'stop' : 'skip';
  });
  return found;
}

/** A parameter of `fn`, or a name destructured from one (`({ attemptCount }) => …`). */
function isParameterOf(declaration: ts.Node, fn: FunctionNode): boolean {
  for (let node: ts.Node | undefined = declaration; node && node !== fn; node = node.parent) {
    if (ts.isParameter(node)) return node.parent === fn;
  }
  return false;
}

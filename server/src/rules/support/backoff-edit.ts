/**
 * Edits that give a hand-written retry loop a jittered backoff on every path that goes round again. A
 * fix that waits on one retry path but not another would hide the finding without fixing it, so each
 * edit is checked against the loop's control flow (`everyRetryPathWaits`) and not offered otherwise:
 *
 * - no delay: a wait at the end of the `catch` when every retry comes through it, else at the top of the
 *   body, before every attempt but the first (`if (attempt > 0) await …`);
 * - a constant delay: `backoffDelay(n, { baseDelayMs: <the user's delay> })` in its place, or moved to the
 *   top of the body when some retry path skips it;
 * - an un-jittered growing delay: `Math.random() * delay` (full jitter over the user's own schedule).
 *
 * `n` is the number of the retry about to happen (1 for the first), derived from the loop's attempt
 * counter; when no counter can be found the loop is left alone rather than guessed at.
 */
import { ts } from '../../analysis/ts';
import { resolveName } from '../../analysis/bindings';
import { numericValue } from '../../analysis/options';
import { contains, forEachDescendant, isFunctionNode, isLoop, lineIndent } from '../../analysis/syntax';
import { codeStyle } from '@shared/code-style';
import { fixDefaults } from '@shared/fix-defaults';
import type { Fix, TextEdit } from '../types';
import { insertPropertiesEdit } from './options-edit';

const title = 'Wait with exponential backoff and full jitter before retrying (backoffDelay)';

/**
 * Replaces the delay expression `delay` inside `loop`: a constant becomes `backoffDelay(n, { baseDelayMs })`
 * with the user's delay as the base; a growing one gets full jitter. When some retry path does not pass the
 * delay, the wait moves to the top of the body of a counted `for` loop, or no fix is offered.
 */
export function replaceDelayFix(loop: ts.IterationStatement, delay: ts.Expression, kind: 'constant' | 'growing'): Fix | undefined {
  const statement = delayStatement(delay, loop);
  if (!statement) return undefined;
  if (kind === 'growing') {
    if (!everyRetryPathWaits(loop, (node) => node === statement)) return undefined;
    const text = isSimple(delay) ? delay.getText() : `(${delay.getText()})`;
    return { title: 'Add full jitter to the backoff (Math.random() * delay)', edits: [{ start: delay.getStart(), end: delay.getEnd(), newText: `Math.random() * ${text}` }] };
  }
  // The user's delay becomes the base: only a number or a constant holding one (a computed wait is not a base).
  if (!isConstantDelay(delay)) return undefined;
  const backoff = (retry: string) => `backoffDelay(${retry}${baseOptions(delay)})`;
  if (everyRetryPathWaits(loop, (node) => node === statement)) {
    const retry = retryNumber(loop, delay);
    if (!retry) return undefined;
    return { title, edits: [{ start: delay.getStart(), end: delay.getEnd(), newText: backoff(retry) }], helperImports: ['backoffDelay'] };
  }
  // Some path goes round without the delay (`if (!res.ok) continue;`): one wait before every retry instead.
  if (!ts.isExpressionStatement(statement) || !ts.isBlock(statement.parent)) return undefined;
  const top = topOfLoop(loop);
  if (!top) return undefined;
  const sourceText = statement.getSourceFile().text;
  const waitText = sourceText.slice(statement.getStart(), delay.getStart()) + backoff(top.retry) + sourceText.slice(delay.getEnd(), statement.getEnd());
  const insert = top.insert(`if (${top.guard}) ${withStatementEnd(waitText, sourceText)}`);
  return { title, edits: [insert, removeStatement(statement)], helperImports: ['backoffDelay'] };
}

/**
 * Adds a wait to a loop that retries without one: as the last statement of the `catch` around the request
 * when every retry comes through it, else at the top of the loop body before every attempt but the first.
 */
export function insertDelayFix(loop: ts.IterationStatement, request: ts.Node): Fix | undefined {
  const sourceFile = loop.getSourceFile();
  const text = sourceFile.text;
  const wait = (retry: string) => withStatementEnd(`await ${sleepCall(loop, `backoffDelay(${retry})`)}`, text);
  const handler = catchAround(request, loop);
  const block = handler?.block;
  const last = block?.statements[block.statements.length - 1];
  const endsInJump = last !== undefined && (ts.isThrowStatement(last) || ts.isReturnStatement(last) || ts.isContinueStatement(last) || ts.isBreakStatement(last));
  if (handler && block && !endsInJump && everyRetryPathWaits(loop, () => false, block)) {
    const retry = retryNumber(loop, last ?? block);
    if (!retry) return undefined;
    const closeLine = text.lastIndexOf('\n', block.getEnd() - 1) + 1;
    const indent = lineIndent(text, handler.getStart());
    const unit = codeStyle(text).indentUnit;
    const edit =
      closeLine > block.getStart()
        ? // On its own line before the closing brace, after any comment the block holds.
          { start: closeLine, end: closeLine, newText: `${indent}${unit}${wait(retry)}\n` }
        : { start: block.getStart(), end: block.getEnd(), newText: `{\n${indent}${unit}${wait(retry)}\n${indent}}` };
    return { title: 'Wait with exponential backoff and full jitter before retrying (backoffDelay)', edits: [edit], helperImports: ['backoffDelay'] };
  }
  const top = topOfLoop(loop);
  if (!top) return undefined;
  return { title, edits: [top.insert(`if (${top.guard}) ${wait(top.retry)}`)], helperImports: ['backoffDelay'] };
}

/** `retryDelay: axiosRetry.exponentialDelay` in an `axiosRetry(axios, { … })` call (axios-retry's own jittered backoff). */
export function axiosRetryDelayEdits(call: ts.CallExpression, callee: ts.Identifier): Fix | undefined {
  const options = call.arguments[1];
  const value = `${callee.text}.exponentialDelay`;
  const fixTitle = 'Back off exponentially (axiosRetry.exponentialDelay)';
  if (!options) {
    if (call.arguments.length !== 1) return undefined;
    const end = call.arguments[0].getEnd();
    return { title: fixTitle, edits: [{ start: end, end, newText: `, { retryDelay: ${value} }` }] };
  }
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  return { title: fixTitle, edits: [insertPropertiesEdit(options, [`retryDelay: ${value}`])] };
}

// ---------------------------------------------------------------------------------------------------
// Retry paths

/** Bit set of the states a path can be in: 1 = has not waited yet, 2 = has waited. */
type States = number;
const notWaited = 1;
const waited = 2;

interface Flow {
  /** States with which the statement completes normally. */
  normal: States;
  /** States with which it goes round the loop (`continue`). */
  again: States;
}

/**
 * True when every path from the top of `loop`'s body that goes round again (to the end of the body, or a
 * `continue` of this loop) has passed a wait: a statement `isWait` accepts, or the end of `waitsAtEnd`.
 * Conservative: a `try` may throw anywhere, a nested loop may run no iteration.
 */
function everyRetryPathWaits(loop: ts.IterationStatement, isWait: (statement: ts.Statement) => boolean, waitsAtEnd?: ts.Block): boolean {
  const label = ts.isLabeledStatement(loop.parent) ? loop.parent.label.text : undefined;
  // Iterative walks: a statement can nest deeper than the call stack.
  const containsWait = (node: ts.Node): boolean => {
    let found = false;
    forEachDescendant(node, (child) => {
      if ((ts.isBlock(child) && child === waitsAtEnd) || (isStatement(child) && isWait(child))) found = true;
      return found ? 'stop' : undefined;
    });
    return found;
  };
  const continuesUs = (node: ts.Node): boolean => {
    let found = false;
    forEachDescendant(node, (child) => {
      if (isFunctionNode(child)) return 'skip';
      if (ts.isContinueStatement(child) && label !== undefined && child.label?.text === label) found = true;
      return found ? 'stop' : undefined;
    });
    return found;
  };
  const list = (statements: readonly ts.Statement[], states: States): Flow => {
    let normal = states;
    let again = 0;
    for (const statement of statements) {
      if (normal === 0) break;
      const flow = step(statement, normal);
      again |= flow.again;
      normal = flow.normal;
    }
    return { normal, again };
  };
  const step = (statement: ts.Statement, states: States): Flow => {
    if (isWait(statement)) return { normal: waited, again: 0 };
    if (ts.isBlock(statement)) {
      const flow = list(statement.statements, states);
      return statement === waitsAtEnd && flow.normal !== 0 ? { normal: waited, again: flow.again } : flow;
    }
    if (ts.isIfStatement(statement)) {
      const then = step(statement.thenStatement, states);
      const otherwise = statement.elseStatement ? step(statement.elseStatement, states) : { normal: states, again: 0 };
      return { normal: then.normal | otherwise.normal, again: then.again | otherwise.again };
    }
    if (ts.isTryStatement(statement)) {
      const attempt = step(statement.tryBlock, states);
      // A throw can come from anywhere in the try block, before or after a wait in it.
      const handled = statement.catchClause ? step(statement.catchClause.block, states | attempt.normal | attempt.again) : { normal: 0, again: 0 };
      let normal = attempt.normal | handled.normal;
      let again = attempt.again | handled.again;
      if (statement.finallyBlock && list(statement.finallyBlock.statements, notWaited).normal === waited) {
        normal = normal ? waited : 0;
        again = again ? waited : 0;
      }
      return { normal, again };
    }
    if (ts.isContinueStatement(statement)) return !statement.label || statement.label.text === label ? { normal: 0, again: states } : { normal: 0, again: 0 };
    if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isBreakStatement(statement)) return { normal: 0, again: 0 };
    if (ts.isLabeledStatement(statement)) return step(statement.statement, states);
    if (isLoop(statement) || ts.isSwitchStatement(statement)) {
      // Its own `continue`s and `break`s stay inside; it may run no iteration, or any.
      return { normal: states | (containsWait(statement) ? waited : 0), again: continuesUs(statement) ? notWaited | waited : 0 };
    }
    return { normal: states, again: 0 };
  };
  const flow = step(loop.statement, notWaited);
  return ((flow.normal | flow.again) & notWaited) === 0;
}

function isStatement(node: ts.Node): node is ts.Statement {
  return ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isReturnStatement(node) || ts.isIfStatement(node) || ts.isBlock(node) || ts.isTryStatement(node);
}

/** The statement of the loop body whose evaluation runs the delay (`await sleep(x);`, `await new Promise(…)`). */
function delayStatement(delay: ts.Node, loop: ts.IterationStatement): ts.Statement | undefined {
  for (let current: ts.Node = delay; current !== loop; current = current.parent) {
    if (isFunctionNode(current) && !ts.isNewExpression(current.parent)) return undefined;
    if (ts.isExpressionStatement(current) || ts.isVariableStatement(current)) {
      // Inside a promise executor the statement is the executor's; keep looking for the awaited one.
      if (!isFunctionNode(current.parent.parent)) return current;
    }
    if (ts.isIfStatement(current) || ts.isReturnStatement(current)) return undefined;
  }
  return undefined;
}

/** Where a wait before every attempt but the first goes: the top of a counted `for` body, or just after a `while` body's leading `attempts++`. */
function topOfLoop(loop: ts.IterationStatement): { guard: string; retry: string; insert: (statement: string) => TextEdit } | undefined {
  const body = loop.statement;
  if (!ts.isBlock(body)) return undefined;
  const text = body.getSourceFile().text;
  const unit = codeStyle(text).indentUnit;
  const at = (offset: number, indent: string, statement: string): TextEdit => ({ start: offset, end: offset, newText: `${indent}${statement}\n` });
  const lineStartOf = (node: ts.Node) => text.lastIndexOf('\n', node.getStart() - 1) + 1;
  if (ts.isForStatement(loop)) {
    const counter = forCounter(loop);
    if (!counter || (counter.start !== 0 && counter.start !== 1)) return undefined;
    const guard = `${counter.name} > ${counter.start}`;
    const retry = counter.start === 0 ? counter.name : `${counter.name} - 1`;
    const first = body.statements[0];
    if (first && lineStartOf(first) > body.getStart()) return { guard, retry, insert: (statement) => at(lineStartOf(first), lineIndent(text, first.getStart()), statement) };
    const indent = lineIndent(text, loop.getStart());
    return { guard, retry, insert: (statement) => ({ start: body.getStart() + 1, end: body.getStart() + 1, newText: `\n${indent}${unit}${statement}${first ? '' : `\n${indent}`}` }) };
  }
  const increment = bodyIncrement(loop);
  const first = body.statements[0];
  if (!increment || !first || !ts.isExpressionStatement(first) || first.expression !== increment.node || !localLetZero(increment.name, loop)) return undefined;
  const next = body.statements[1];
  const lineEnd = text.indexOf('\n', first.getEnd());
  if (lineEnd < 0) return undefined;
  const indent = lineIndent(text, first.getStart());
  return { guard: `${increment.name} > 1`, retry: `${increment.name} - 1`, insert: (statement) => at(next && lineStartOf(next) > first.getEnd() ? lineStartOf(next) : lineEnd + 1, indent, statement) };
}

/** Deletes a statement with its line when it stands alone on it. */
function removeStatement(statement: ts.Statement): TextEdit {
  const text = statement.getSourceFile().text;
  const lineStart = text.lastIndexOf('\n', statement.getStart() - 1) + 1;
  const lineEnd = text.indexOf('\n', statement.getEnd());
  const alone = /^[ \t]*$/.test(text.slice(lineStart, statement.getStart())) && lineEnd >= 0 && /^[ \t]*$/.test(text.slice(statement.getEnd(), lineEnd));
  return alone ? { start: lineStart, end: lineEnd + 1, newText: '' } : { start: statement.getStart(), end: statement.getEnd(), newText: '' };
}

/** `, { baseDelayMs: <delay> }` unless the delay is the helper's own base; `maxDelayMs` too when it exceeds the cap. */
function baseOptions(delay: ts.Expression): string {
  const value = numericValue(delay);
  if (value === fixDefaults.baseDelayMs) return '';
  const base = delay.getText();
  return value !== undefined && value > fixDefaults.maxDelayMs ? `, { baseDelayMs: ${base}, maxDelayMs: ${base} }` : `, { baseDelayMs: ${base} }`;
}

/** `sleep(ms)` when the file has a one-argument sleep in scope (or timers/promises' setTimeout), else a Promise around setTimeout. */
function sleepCall(loop: ts.Node, ms: string): string {
  for (const name of ['sleep', 'delay', 'wait', 'pause']) {
    const binding = resolveName(name, loop);
    if (binding.kind === 'import' && /^(node:)?timers\/promises$/.test(binding.module) && binding.name === 'setTimeout') return `${name}(${ms})`;
    if (binding.kind !== 'local') continue;
    const declaration = binding.declaration;
    const fn = ts.isFunctionDeclaration(declaration) ? declaration : ts.isVariableDeclaration(declaration) && declaration.initializer && isFunctionNode(declaration.initializer) ? declaration.initializer : undefined;
    if (fn && fn.parameters.length === 1) return `${name}(${ms})`;
  }
  return `new Promise((resolve) => setTimeout(resolve, ${ms}))`;
}

/** A literal number, or a `const` (anywhere in scope) whose initializer is one. */
function isConstantDelay(delay: ts.Expression): boolean {
  if (numericValue(delay) !== undefined) return true;
  if (!ts.isIdentifier(delay)) return false;
  const binding = resolveName(delay.text, delay);
  return binding.kind === 'local' && ts.isVariableDeclaration(binding.declaration) && (binding.declaration.parent.flags & ts.NodeFlags.Const) !== 0 && numericValue(binding.declaration.initializer) !== undefined;
}

function withStatementEnd(statement: string, text: string): string {
  const trimmed = statement.replace(/;\s*$/, '');
  return codeStyle(text).semicolons ? `${trimmed};` : trimmed;
}

function isSimple(expression: ts.Expression): boolean {
  return ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression) || ts.isCallExpression(expression) || ts.isNumericLiteral(expression) || ts.isParenthesizedExpression(expression);
}

// ---------------------------------------------------------------------------------------------------
// Attempt counters

/**
 * The retry number at `at` as source text: `attempt + 1` in `for (let attempt = 0; …; attempt++)`,
 * `attempt` when the counter starts at 1, and for a counter declared before the loop and incremented
 * in its body, the counter itself once the increment has run (it then counts the failures) or plus one.
 */
function retryNumber(loop: ts.IterationStatement, at: ts.Node): string | undefined {
  if (ts.isForStatement(loop)) {
    const counter = forCounter(loop);
    if (!counter) return undefined;
    return counter.start === 0 ? `${counter.name} + 1` : counter.start === 1 ? counter.name : undefined;
  }
  const increment = bodyIncrement(loop);
  if (!increment) return undefined;
  const declaration = localLetZero(increment.name, loop);
  if (!declaration) return undefined;
  return increment.node.getEnd() <= at.getStart() ? increment.name : `${increment.name} + 1`;
}

function forCounter(loop: ts.ForStatement): { name: string; start: number } | undefined {
  const init = loop.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const [declaration] = init.declarations;
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer || !ts.isNumericLiteral(declaration.initializer)) return undefined;
  const name = declaration.name.text;
  const step = loop.incrementor?.getText().replace(/\s/g, '');
  if (step !== `${name}++` && step !== `++${name}` && step !== `${name}+=1`) return undefined;
  return { name, start: Number(declaration.initializer.text) };
}

/** The one `x++` / `++x` / `x += 1` in a while/do loop's body, outside nested functions. */
function bodyIncrement(loop: ts.IterationStatement): { name: string; node: ts.Node } | undefined {
  const found: Array<{ name: string; node: ts.Node }> = [];
  // Iterative: a loop body can hold a `"a" + "a" + …` deeper than the call stack.
  forEachDescendant(loop.statement, (node) => {
    if (ts.isFunctionLike(node)) return 'skip';
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && node.operator === ts.SyntaxKind.PlusPlusToken && ts.isIdentifier(node.operand)) {
      found.push({ name: node.operand.text, node });
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && ts.isIdentifier(node.left) && node.right.getText() === '1') {
      found.push({ name: node.left.text, node });
    }
    return found.length > 1 ? 'stop' : undefined;
  });
  return found.length === 1 ? found[0] : undefined;
}

/** True when `name` is a `let name = 0` declared before `loop` in an enclosing scope. */
function localLetZero(name: string, loop: ts.IterationStatement): boolean {
  const binding = resolveName(name, loop.statement);
  if (binding.kind !== 'local' || !ts.isVariableDeclaration(binding.declaration)) return false;
  const declaration = binding.declaration;
  return !contains(loop, declaration) && declaration.initializer?.getText() === '0' && (declaration.parent.flags & ts.NodeFlags.Let) !== 0;
}

/** The catch clause of the try (inside `loop`) whose try block holds `request`. */
function catchAround(request: ts.Node, loop: ts.IterationStatement): ts.CatchClause | undefined {
  for (let current = request.parent; current && current !== loop; current = current.parent) {
    if (ts.isTryStatement(current) && contains(current.tryBlock, request)) return current.catchClause;
  }
  return undefined;
}

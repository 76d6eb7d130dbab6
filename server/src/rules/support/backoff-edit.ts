/**
 * Edits that give a hand-written retry loop the helper's full-jitter backoff: a constant or un-jittered
 * delay becomes `backoffDelay(n)`, a loop with no delay gets one at the end of its `catch`. `n` is the
 * number of the retry about to happen (1 for the first), derived from the loop's attempt counter; when
 * no counter can be found the loop is left alone rather than guessed at.
 */
import { ts } from '../../analysis/ts';
import { resolveName } from '../../analysis/bindings';
import { contains, lineIndent } from '../../analysis/syntax';
import type { Fix } from '../types';

/** Replaces the delay expression `delay` inside `loop` with `backoffDelay(n)`. */
export function replaceDelayFix(loop: ts.IterationStatement, delay: ts.Expression): Fix | undefined {
  const retry = retryNumber(loop, delay);
  if (!retry) return undefined;
  return {
    title: 'Wait with exponential backoff and full jitter (backoffDelay)',
    edits: [{ start: delay.getStart(), end: delay.getEnd(), newText: `backoffDelay(${retry})` }],
    helperImports: ['backoffDelay'],
  };
}

/** Adds `await new Promise((resolve) => setTimeout(resolve, backoffDelay(n)))` as the last statement of the loop's catch. */
export function insertDelayFix(loop: ts.IterationStatement, request: ts.Node): Fix | undefined {
  const handler = catchAround(request, loop);
  if (!handler) return undefined;
  const block = handler.block;
  const last = block.statements[block.statements.length - 1];
  if (last && (ts.isThrowStatement(last) || ts.isReturnStatement(last) || ts.isContinueStatement(last) || ts.isBreakStatement(last))) return undefined;
  const retry = retryNumber(loop, last ?? block);
  if (!retry) return undefined;
  const statement = `await new Promise((resolve) => setTimeout(resolve, backoffDelay(${retry})));`;
  const text = block.getSourceFile().text;
  const closeLine = text.lastIndexOf('\n', block.getEnd() - 1) + 1;
  const indent = lineIndent(text, handler.getStart());
  const edit =
    closeLine > block.getStart()
      ? // On its own line before the closing brace, after any comment the block holds.
        { start: closeLine, end: closeLine, newText: `${indent}  ${statement}\n` }
      : { start: block.getStart(), end: block.getEnd(), newText: `{\n${indent}  ${statement}\n${indent}}` };
  return { title: 'Wait with exponential backoff and full jitter before retrying (backoffDelay)', edits: [edit], helperImports: ['backoffDelay'] };
}

/** `retryDelay: axiosRetry.exponentialDelay` in an `axiosRetry(axios, { … })` call (axios-retry's own jittered backoff). */
export function axiosRetryDelayEdits(call: ts.CallExpression, callee: ts.Identifier): Fix | undefined {
  const options = call.arguments[1];
  const value = `${callee.text}.exponentialDelay`;
  if (!options) {
    if (call.arguments.length !== 1) return undefined;
    const end = call.arguments[0].getEnd();
    return { title: 'Back off exponentially (axiosRetry.exponentialDelay)', edits: [{ start: end, end, newText: `, { retryDelay: ${value} }` }] };
  }
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  const open = options.getStart() + 1;
  const newText = options.properties.length > 0 ? ` retryDelay: ${value},` : ` retryDelay: ${value} `;
  return { title: 'Back off exponentially (axiosRetry.exponentialDelay)', edits: [{ start: open, end: open, newText }] };
}

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
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && node.operator === ts.SyntaxKind.PlusPlusToken && ts.isIdentifier(node.operand)) {
      found.push({ name: node.operand.text, node });
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && ts.isIdentifier(node.left) && node.right.getText() === '1') {
      found.push({ name: node.left.text, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(loop.statement);
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

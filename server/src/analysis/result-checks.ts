/**
 * Retry loops around clients that resolve with an error instead of rejecting (`{ data, error }`): the loop leaves
 * when the result says the request succeeded (`if (!error) break;`) and goes round when it says it failed.
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import { forEachDescendant, isFunctionNode, isLoop } from './syntax';

/** A `break` of this loop, or a `return`, after the request and under a check that says the request succeeded. */
export function leavesWhenResultSucceeds(loop: ts.IterationStatement, request: ts.Node): boolean {
  let found = false;
  forEachDescendant(loop.statement, (node) => {
    if (isFunctionNode(node) || isLoop(node) || ts.isSwitchStatement(node)) return 'skip';
    if (node.pos >= request.end && ((ts.isBreakStatement(node) && !node.label) || ts.isReturnStatement(node))) found = underSuccessCheck(node, loop);
    return found ? 'stop' : undefined;
  });
  return found;
}

/**
 * The one `if` between `exit` and the loop tests the request's error (`!error`, `error === null`, `res.ok`) and says
 * it succeeded on this branch. Under a second `if` (`if (job.status === 'done') { if (job.ok) return … }`) the loop
 * polls a state rather than retrying a failure.
 */
function underSuccessCheck(exit: ts.Node, loop: ts.IterationStatement): boolean {
  let child: ts.Node = exit;
  let verdict: boolean | undefined;
  for (let current = exit.parent; current && current !== loop; child = current, current = current.parent) {
    if (!ts.isIfStatement(current) || child === current.expression) continue;
    const success = successTest(current.expression);
    if (verdict !== undefined || success === undefined) return false;
    verdict = child === current.thenStatement ? success : !success;
  }
  return verdict === true;
}

const errorName = /^(error|err)$/;
const successName = /^ok$/;

/** `!error`, `error === null`, `res.ok`, `result.success`: true; `error`, `!res.ok`: false; anything else: undefined. */
function successTest(condition: ts.Expression): boolean | undefined {
  const expression = skipOuterExpressions(condition);
  if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = successTest(expression.operand);
    return inner === undefined ? undefined : !inner;
  }
  if (ts.isBinaryExpression(expression)) {
    const kind = expression.operatorToken.kind;
    const equal = kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken;
    const unequal = kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken;
    const nothing = (side: ts.Expression) => side.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(side) && side.text === 'undefined');
    const tested = nothing(expression.right) ? expression.left : nothing(expression.left) ? expression.right : undefined;
    const truthy = tested && (equal || unequal) ? successTest(tested) : undefined;
    // `error === null` is `!error`.
    return truthy === undefined ? undefined : equal ? !truthy : truthy;
  }
  const name = ts.isIdentifier(expression) ? expression.text : ts.isPropertyAccessExpression(expression) ? expression.name.text : undefined;
  if (name === undefined) return undefined;
  if (errorName.test(name)) return false;
  return successName.test(name) ? true : undefined;
}

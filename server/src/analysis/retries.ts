/** Retry on the path of a request: retry libraries, the helper's withRetry, hand-written retry loops. */
import { ts } from './ts';
import { resolveName } from './bindings';
import { normalizeModule } from './clients';
import { trailingName, isLoop } from './syntax';

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
 * failure and says "attempt/retry/tries" in its header or (short) body — or that catches the failure
 * and returns the response from inside the loop. `loose` accepts any loop that catches and goes round.
 */
export function retryLoopAround(node: ts.Node, stopAt: ts.Node | undefined, loose = false): ts.IterationStatement | undefined {
  let inTry = false;
  let returned = false;
  for (let current = node.parent; current && current !== stopAt; current = current.parent) {
    if (ts.isTryStatement(current) && node.pos >= current.tryBlock.pos && node.end <= current.tryBlock.end) inTry = true;
    if (ts.isReturnStatement(current)) returned = true;
    if (!isLoop(current)) continue;
    if (ts.isForOfStatement(current) || ts.isForInStatement(current)) return undefined;
    if (/\.length\b|\.size\b/.test(loopHeaderText(current))) return undefined;
    const says = saysRetry(current);
    // It goes round again after a failure: a caught error, a `continue`, or a status check (`res.ok`, `res.status`).
    const goesRound = inTry || /\bcontinue\b|\.ok\b|\.status(Code)?\b/.test(current.statement.getText());
    // Loose (is a failure retried at all?): any loop that catches and goes round, polling included.
    if (loose) return goesRound ? current : undefined;
    return (goesRound && says) || (inTry && returned) ? current : undefined;
  }
  return undefined;
}

/** Retry words in the loop header, or in a loop body short enough to be about one request. */
function saysRetry(loop: ts.IterationStatement): boolean {
  const words = /attempt|retr(y|ies)|tries|tried/i;
  if (words.test(loopHeaderText(loop))) return true;
  const body = loop.statement.getText();
  return body.length < 1500 && words.test(body);
}

function loopHeaderText(loop: ts.IterationStatement): string {
  if (ts.isForStatement(loop)) return `${loop.initializer?.getText() ?? ''};${loop.condition?.getText() ?? ''};${loop.incrementor?.getText() ?? ''}`;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) return loop.expression.getText();
  return '';
}

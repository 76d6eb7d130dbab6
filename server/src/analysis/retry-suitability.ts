/**
 * Requests that a retry does not suit, whatever their method says: a proxy forwarding the client's request (its
 * method and body are the client's, and a streamed body cannot be sent twice), a routine that makes one
 * incidental request deep inside (retrying the routine repeats all its other work), and a loop of attempts that polls
 * or pages rather than iterating over items.
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import type { FunctionTarget, HttpCall } from './file-analysis';
import { asObjectLiteral, propertyValue } from './options';
import { headerCountsAttempts } from './retries';
import { forEachDescendant, isFunctionNode, isLoop } from './syntax';

/** `req.method`, `request.method`, `ctx.req.method`, `c.req.method`: the incoming request's method. */
const incomingMethod = /^(req|request|ctx\.req|ctx\.request|c\.req|event\.request|incoming)\.method$/;
/** `body: req`, `body: request.body`, `body: ctx.req`: the incoming request's body or stream. */
const incomingBody = /^(req|request|ctx\.req|ctx\.request|c\.req\.raw|event\.request|incoming)(\.body)?$/;

/**
 * A proxy: the request forwards the incoming request's method or body, or streams its body (`duplex: 'half'`).
 * Neither is known to be idempotent, and a stream is consumed by the first attempt.
 */
export function forwardsIncomingRequest(http: HttpCall): boolean {
  const options = asObjectLiteral(http.node.arguments[http.optionsIndex]);
  if (!options || options === 'unknown') return false;
  if (propertyValue(options, 'duplex')) return true;
  const method = propertyValue(options, 'method');
  const body = propertyValue(options, 'body') ?? propertyValue(options, 'data');
  return (method !== undefined && incomingMethod.test(textOf(method))) || (body !== undefined && incomingBody.test(textOf(body)));
}

function textOf(expression: ts.Expression): string {
  return skipOuterExpressions(expression).getText().replace(/\s+/g, '');
}

/** Statements above which a function is a routine rather than a request with some handling around it. */
const routineStatements = 60;

/**
 * A routine: a function whose body runs many statements (more than `routineStatements`, nested functions not
 * counted), so a request inside it is one step of much other work. `performExtraction(…)` is not `fetch(…)`.
 */
export function isRoutine(target: FunctionTarget): boolean {
  const body = target.node.body;
  if (!body || !ts.isBlock(body)) return false;
  let statements = 0;
  forEachDescendant(body, (node) => {
    if (node !== target.node && isFunctionNode(node)) return 'skip';
    if (node !== body && ts.isStatement(node) && !ts.isBlock(node)) statements++;
    return statements > routineStatements ? 'stop' : undefined;
  });
  return statements > routineStatements;
}

/**
 * The request's own loop counts attempts (`attempt <= maxRetries`, `start < total && attempts < maxAttempts`) and
 * still lets its failures out (a loop that caught them would be a retry): it polls until the data is there (new
 * fields, a non-empty page) and sends the request again by design, so it is no batch of items one failure loses.
 */
export function inAttemptLoop(node: ts.Node): boolean {
  for (let current = node.parent; current && !isFunctionNode(current); current = current.parent) {
    if (isLoop(current) && node.pos >= current.statement.pos) return headerCountsAttempts(current);
  }
  return false;
}

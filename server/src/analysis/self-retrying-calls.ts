/**
 * Calls of a project function that retries its own request by calling itself (`robustFetch({ url, method: 'POST',
 * tryCount: 3 })`, see recursive-retries.ts): what the call makes of that retry. Whether it retries at all can
 * depend on the call (a counter that counts down from a default of 1 gives one attempt), and so can the method
 * (`fetch(url, { method })` with `method` a parameter).
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import type { FileAnalysis, FunctionTarget, HttpCall } from './file-analysis';
import { numericValue, propertyValue, stringValue } from './options';
import { recursiveRetriesOf, type RecursiveRetry } from './recursive-retries';
import { enclosingFunction } from './syntax';

/** The self-retrying request a call reaches, as that call configures it. */
export interface SelfRetryAtCall {
  request: HttpCall;
  retry: RecursiveRetry;
  /** Whether this call lets the function call itself again: false when a count-down counter stays at its default ≤ 1. */
  retries: boolean;
  /** The upper-case method the call passes for the request's `method` parameter, when it is a string literal. */
  method: string | undefined;
}

/** For a call of `target`, each request of `target` that it retries by calling itself. */
export function selfRetriesAtCall(call: ts.CallExpression, target: FunctionTarget): SelfRetryAtCall[] {
  const found: SelfRetryAtCall[] = [];
  for (const request of target.file.httpCalls) {
    if (enclosingFunction(request.node) !== target.node) continue;
    const retry = recursiveRetriesOf(request.node, target.file)[0];
    if (!retry) continue;
    found.push({ request, retry, retries: callRetries(call, retry), method: passedMethod(call, request, target.file) });
  }
  return found;
}

/**
 * False when a counter the recursion counts down (`tryCount: tryCount - 1`) has a numeric default of at most 1 and
 * the call leaves it there or passes at most 1; a call that passes more, or a counter that counts up, retries.
 */
function callRetries(call: ts.CallExpression, retry: RecursiveRetry): boolean {
  for (const counter of retry.counters) {
    if (!countsDown(counter, retry)) continue;
    const passed = argumentFor(call, counter, retry);
    const value = passed ? numericValue(passed) : defaultOf(counter);
    if (value !== undefined && value <= 1) return false;
  }
  return true;
}

/** The recursive call passes `counter - n` for it. */
function countsDown(counter: ts.Node, retry: RecursiveRetry): boolean {
  const passed = argumentFor(retry.call, counter, retry);
  return passed !== undefined && ts.isBinaryExpression(passed) && passed.operatorToken.kind === ts.SyntaxKind.MinusToken;
}

function defaultOf(counter: ts.Node): number | undefined {
  const initializer = ts.isParameter(counter) || ts.isBindingElement(counter) ? counter.initializer : undefined;
  return initializer ? numericValue(initializer) : undefined;
}

/** What `call` passes for a parameter (or a name destructured from one) of the retrying function. */
function argumentFor(call: ts.CallExpression, declaration: ts.Node, retry: RecursiveRetry): ts.Expression | undefined {
  if (ts.isParameter(declaration)) {
    const argument = call.arguments[retry.fn.parameters.indexOf(declaration)];
    return argument && skipOuterExpressions(argument);
  }
  if (!ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent) || !ts.isParameter(declaration.parent.parent)) return undefined;
  const argument = call.arguments[retry.fn.parameters.indexOf(declaration.parent.parent)];
  const literal = argument && skipOuterExpressions(argument);
  if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  const value = propertyValue(literal, (declaration.propertyName ?? declaration.name).getText());
  return value && skipOuterExpressions(value);
}

/** `fetch(url, { method })` where `method` is a parameter: the string the call passes for it. */
function passedMethod(call: ts.CallExpression, request: HttpCall, file: FileAnalysis): string | undefined {
  const options = request.node.arguments[request.optionsIndex];
  const literal = options && skipOuterExpressions(options);
  if (!literal || !ts.isObjectLiteralExpression(literal)) return undefined;
  const method = propertyValue(literal, 'method');
  if (!method || !ts.isIdentifier(skipOuterExpressions(method))) return undefined;
  const retry = recursiveRetriesOf(request.node, file)[0];
  const declaration = retry && parameterNamed(retry, (skipOuterExpressions(method) as ts.Identifier).text);
  const passed = declaration && argumentFor(call, declaration, retry);
  return passed ? stringValue(passed)?.toUpperCase() : undefined;
}

/** The parameter, or the name destructured from one, that `name` refers to in the retrying function. */
function parameterNamed(retry: RecursiveRetry, name: string): ts.Node | undefined {
  for (const parameter of retry.fn.parameters) {
    if (ts.isIdentifier(parameter.name) && parameter.name.text === name) return parameter;
    if (ts.isObjectBindingPattern(parameter.name)) {
      const element = parameter.name.elements.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name);
      if (element) return element;
    }
  }
  return undefined;
}

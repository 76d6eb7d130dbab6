/**
 * Wrappers whose requests get their deadline only from a caller's argument (`get(url, init?)` passing
 * `init.signal` on), and whether a given call of such a wrapper passes one.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { clientDefaults } from './clients';
import { deadlinePresence, guardedByRace, hasTimeout, isNothing, optionsArgument } from './deadlines';
import type { FunctionTarget } from './file-analysis';
import type { HttpCall } from './http-calls';
import { asObjectLiteral, propertyNameText } from './options';
import { contains, type FunctionNode } from './syntax';
import { bodyCalls } from './wrappers';

/** The clients whose requests take a deadline option this analysis can read. */
export const deadlineClients: ReadonlySet<HttpCall['client']> = new Set(['fetch', 'undici-request', 'undici-dispatcher', 'axios', 'got', 'node-http', 'superagent', 'ofetch']);

/** A project wrapper whose requests get a deadline only from one of its parameters (`fetch(url, init?)`). */
interface ForwardedDeadline {
  parameterIndex: number;
  /** The last request the wrapper sends (all of them take the deadline from that parameter). */
  http: HttpCall;
}

const forwardedCache = new WeakMap<ts.Node, ForwardedDeadline | null>();

/**
 * When every request the wrapper sends takes its `signal`/`timeout` (or the options spread that could
 * carry one) only from one parameter, and nothing in the wrapper sets a deadline of its own, the wrapper
 * times out only if its caller passes one. Requests without any deadline are reported where they are.
 */
export function forwardedDeadline(target: FunctionTarget): ForwardedDeadline | undefined {
  const cached = forwardedCache.get(target.node);
  if (cached !== undefined) return cached ?? undefined;
  const result = computeForwardedDeadline(target) ?? null;
  forwardedCache.set(target.node, result);
  return result ?? undefined;
}

function computeForwardedDeadline(target: FunctionTarget): ForwardedDeadline | undefined {
  const fn = target.node;
  if (!fn.body) return undefined;
  let found: ForwardedDeadline | undefined;
  for (const call of bodyCalls(fn, target.file)) {
    const http = target.file.httpCall(call);
    if (!http) continue;
    if (!deadlineClients.has(http.client) || clientDefaults[http.client].timesOut || guardedByRace(http.node)) return undefined;
    if (http.instance && (!http.instance.creation || deadlinePresence(http.instance.options, clientDefaults[http.client].timeoutOptions, true) !== 'no')) return undefined;
    if (!hasTimeout(http)) return undefined; // reported at the request itself
    const names = http.client === 'fetch' ? ['signal', 'timeout', 'dispatcher'] : clientDefaults[http.client].timeoutOptions;
    const source = deadlineSource(optionsArgument(http), names, fn);
    if (source === undefined || (found && found.parameterIndex !== source)) return undefined;
    found = { parameterIndex: source, http };
  }
  return found;
}

/** The parameter the request's deadline comes from; undefined when it is set in the wrapper or cannot be told. */
function deadlineSource(options: ts.Expression | undefined, names: readonly string[], fn: FunctionNode): number | undefined {
  if (!options) return undefined;
  const expr = skipOuterExpressions(options);
  const literal = asObjectLiteral(expr);
  const values: ts.Expression[] = [];
  if (literal === 'unknown' || literal === undefined) values.push(expr);
  else {
    for (const property of literal.properties) {
      if (ts.isSpreadAssignment(property)) values.push(property.expression);
      else if (ts.isPropertyAssignment(property) && property.name && names.includes(propertyNameText(property.name) ?? '')) values.push(property.initializer);
      else if (ts.isShorthandPropertyAssignment(property) && names.includes(property.name.text)) values.push(property.name);
    }
  }
  let parameter: number | undefined;
  for (const value of values) {
    const traced = traceToParameter(value, fn, 0);
    if (traced === 'fixed' || traced === 'unknown') return undefined;
    if (traced === 'none') continue;
    if (parameter !== undefined && parameter !== traced) return undefined;
    parameter = traced;
  }
  return parameter;
}

/** Where a value inside the wrapper comes from: a parameter's index, a deadline made here (`fixed`), nothing, or unknown. */
function traceToParameter(value: ts.Expression, fn: FunctionNode, depth: number): number | 'fixed' | 'none' | 'unknown' {
  if (depth > 5) return 'unknown';
  if (/AbortSignal\.(timeout|any)|setTimeout|\btimeout\s*:|\b\d{3,}\b/.test(value.getText())) return 'fixed';
  let result: number | 'none' = 'none';
  let unknown = false;
  const visit = (node: ts.Node): void => {
    if (unknown) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      // `new AbortController()` alone carries no deadline; another call's result cannot be read.
      if (!(ts.isNewExpression(node) && node.expression.getText() === 'AbortController')) unknown = true;
      return;
    }
    if (ts.isPropertyAccessExpression(node)) return visit(node.expression);
    if (ts.isIdentifier(node)) {
      const traced = identifierSource(node, fn, depth);
      if (traced === 'fixed' || traced === 'unknown') unknown = true;
      else if (traced !== 'none') {
        if (result !== 'none' && result !== traced) unknown = true;
        result = traced;
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(skipOuterExpressions(value));
  return unknown ? 'unknown' : result;
}

function identifierSource(identifier: ts.Identifier, fn: FunctionNode, depth: number): number | 'fixed' | 'none' | 'unknown' {
  if (identifier.text === 'undefined') return 'none';
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind !== 'local') return 'unknown';
  let declaration = binding.declaration;
  if (ts.isBindingElement(declaration)) {
    // `const { timeout = 10_000, ...rest } = init`: a default is the wrapper's own deadline.
    if (declaration.initializer && !isNothing(skipOuterExpressions(declaration.initializer))) return 'fixed';
    let root: ts.Node = declaration;
    while (ts.isBindingElement(root) || ts.isObjectBindingPattern(root) || ts.isArrayBindingPattern(root)) root = root.parent;
    declaration = root;
  }
  if (ts.isParameter(declaration)) {
    const index = fn.parameters.indexOf(declaration);
    if (index < 0) return 'unknown';
    const initializer = declaration.initializer && skipOuterExpressions(declaration.initializer);
    // `timeout = 0`, `signal = undefined`: a default that sets no deadline leaves it to the caller.
    if (!initializer || isNoDeadline(initializer) || (ts.isObjectLiteralExpression(initializer) && deadlinePresence(initializer, callerDeadlineNames, true) === 'no')) return index;
    return 'fixed';
  }
  if (!ts.isVariableDeclaration(declaration) || !contains(fn, declaration)) return 'unknown';
  const sources: ts.Expression[] = declaration.initializer ? [declaration.initializer] : [];
  if (ts.isIdentifier(declaration.name)) {
    const name = declaration.name.text;
    // `let controller; if (timeout) { controller = new AbortController(); setTimeout(…) }`: set only when the caller asks.
    const assignments = fn.body ? assignmentsTo(name, fn.body) : [];
    for (const assignment of assignments) {
      if (!insideCondition(assignment, fn)) sources.push(assignment.right);
    }
  }
  let result: number | 'none' = 'none';
  for (const source of sources) {
    const traced = traceToParameter(source, fn, depth + 1);
    if (traced === 'fixed' || traced === 'unknown') return traced;
    if (traced !== 'none') {
      if (result !== 'none' && result !== traced) return 'unknown';
      result = traced;
    }
  }
  return result;
}

function assignmentsTo(name: string, body: ts.Node): ts.BinaryExpression[] {
  const found: ts.BinaryExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && node.left.text === name) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

function insideCondition(node: ts.Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (ts.isIfStatement(current) || ts.isConditionalExpression(current)) return true;
  }
  return false;
}

/** Whether the caller's argument at `index` may set a deadline: absent or a literal without one is no. */
export function callerSetsDeadline(call: ts.CallExpression, index: number): boolean {
  if (call.arguments.some((argument, position) => position <= index && ts.isSpreadElement(argument))) return true;
  const argument = call.arguments[index];
  if (!argument) return false;
  const literal = asObjectLiteral(argument);
  if (literal === undefined) return false;
  if (literal === 'unknown') return !isNoDeadline(skipOuterExpressions(argument));
  return literal.properties.some((property) => {
    if (ts.isSpreadAssignment(property)) return deadlinePresence(property.expression, callerDeadlineNames, false) !== 'no';
    const name = property.name && propertyNameText(property.name);
    return name !== undefined && /signal|timeout|deadline/i.test(name);
  });
}

const callerDeadlineNames = ['signal', 'timeout', 'timeoutMs', 'deadline'];

/** `undefined`, `null`, `void 0` or `0`: a value that sets no deadline (a zero timeout means none in axios, got and Node). */
function isNoDeadline(expr: ts.Expression): boolean {
  return isNothing(expr) || (ts.isNumericLiteral(expr) && Number(expr.text) === 0);
}

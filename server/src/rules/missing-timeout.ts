/** missing-timeout: requests that can wait forever (or undici's 300 s) for a stuck server. */
import { ts } from '../analysis/ts';
import { skipOuterExpressions } from '../analysis/bindings';
import { clientDefaults } from '../analysis/clients';
import type { HttpCall } from '../analysis/http-calls';
import { asObjectLiteral, optionPresence, type Presence, propertyNameText } from '../analysis/options';
import { contains, enclosingFunction, type FunctionNode, isFunctionNode, trailingName } from '../analysis/syntax';
import { resolveName } from '../analysis/bindings';
import { requestSites } from '../analysis/request-sites';
import { bodyCalls } from '../analysis/wrappers';
import type { FileAnalysis, FunctionTarget } from '../analysis/file-analysis';
import { fixDefaults, numberLiteral } from '@shared/fix-defaults';
import { insertPropertiesEdit } from './support/options-edit';
import { helperRetryCallback, signalParameter } from './support/retry-signal';
import { defineRule, type Fix, type TextEdit } from './types';
import { originOfCall } from '../analysis/origins';
import { hostOf, p99TimeoutFactor, profileOf, timeoutFromProfile } from './support/server-profile';

const messages = {
  fetch: '`{{label}}` has no `signal`, so a stalled server can hold it and its socket for minutes; add `signal: AbortSignal.timeout({{ms}})`.',
  undici: '`{{label}}` sets no `signal` or undici timeout, so a stalled server holds it for minutes; add `signal: AbortSignal.timeout({{ms}})`.',
  axios: '`{{label}}` has no `timeout`, so a hung server holds it and its socket forever; set `timeout: {{ms}}` here or on the instance.',
  got: '`{{label}}` has no `timeout`, so a hung server holds it and its socket forever; set `timeout: { request: {{ms}} }`.',
  nodeHttp: "`{{label}}` has no `timeout`, so a silent server holds its socket forever; pass a `signal`, or `timeout` and destroy it on `'timeout'`.",
  superagent: '`{{label}}` has no `.timeout(…)`, so a hung server holds it forever; add `.timeout({ response: 5_000, deadline: 30_000 })`.',
  ofetch: '`{{label}}` has no `timeout`, so a hung server holds it and its socket forever; set `timeout: {{ms}}`.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'missing-timeout',
    description: 'fetch without a signal; axios, got, undici and http(s) requests without a timeout.',
    severity: 'warning',
    fixable: true,
    // Deno and Bun server code counts (its requests need deadlines too); real browser code is skipped in check.
    appliesToBrowser: true,
    messages,
  },
  check(ctx) {
    if (ctx.file.environment === 'browser' && ctx.file.serverRuntime === undefined) return;
    const setsAxiosDefaults = /\bdefaults\.timeout\s*=/.test(ctx.file.text);
    for (const http of ctx.file.httpCalls) {
      const messageId = messageFor(http);
      if (!messageId || clientDefaults[http.client].timesOut) continue;
      if (http.client === 'axios' && setsAxiosDefaults) continue;
      if (hasTimeout(http) || guardedByRace(http.node) || waitsByDesign(http) || devOnlyLoopback(http)) continue;
      const profile = profileOf(ctx, originOfCall(http, ctx.file));
      const fromProfile = timeoutFromProfile(profile);
      const ms = numberLiteral(fromProfile ?? fixDefaults.attemptTimeoutMs);
      const why = profile && fromProfile ? ` (${p99TimeoutFactor} × the p99 measured for ${hostOf(profile.origin)})` : '';
      ctx.report(http.node.expression, messageId, { label: http.label, ms }, { fix: timeoutFix(http, ctx.file, ms, why) });
    }
    for (const site of requestSites(ctx.file)) {
      const wrapper = site.wrapper;
      if (!wrapper || site.node !== wrapper.node) continue;
      const forwarded = forwardedDeadline(wrapper.target);
      if (!forwarded || callerSetsDeadline(wrapper.node, forwarded.parameterIndex)) continue;
      const label = wrapper.node.expression.getText().replace(/\s+/g, '');
      ctx.report(wrapper.node.expression, forwarded.messageId, { label, ms: numberLiteral(fixDefaults.attemptTimeoutMs) });
    }
  },
});

/** A project wrapper whose requests get a deadline only from one of its parameters (`fetch(url, init?)`). */
interface ForwardedDeadline {
  parameterIndex: number;
  messageId: MessageId;
}

const forwardedCache = new WeakMap<ts.Node, ForwardedDeadline | null>();

/**
 * When every request the wrapper sends takes its `signal`/`timeout` (or the options spread that could
 * carry one) only from one parameter, and nothing in the wrapper sets a deadline of its own, the wrapper
 * times out only if its caller passes one. Requests without any deadline are reported where they are.
 */
function forwardedDeadline(target: FunctionTarget): ForwardedDeadline | undefined {
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
    const messageId = messageFor(http);
    if (!messageId || clientDefaults[http.client].timesOut || guardedByRace(http.node)) return undefined;
    if (http.instance && (!http.instance.creation || deadlinePresence(http.instance.options, clientDefaults[http.client].timeoutOptions, true) !== 'no')) return undefined;
    if (!hasTimeout(http)) return undefined; // reported at the request itself
    const names = http.client === 'fetch' ? ['signal', 'timeout', 'dispatcher'] : clientDefaults[http.client].timeoutOptions;
    const source = deadlineSource(optionsArgument(http), names, fn);
    if (source === undefined || (found && found.parameterIndex !== source)) return undefined;
    found = { parameterIndex: source, messageId };
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
    if (!initializer || (ts.isObjectLiteralExpression(initializer) && deadlinePresence(initializer, callerDeadlineNames, true) === 'no')) return index;
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
function callerSetsDeadline(call: ts.CallExpression, index: number): boolean {
  if (call.arguments.some((argument, position) => position <= index && ts.isSpreadElement(argument))) return true;
  const argument = call.arguments[index];
  if (!argument) return false;
  const literal = asObjectLiteral(argument);
  if (literal === undefined) return false;
  if (literal === 'unknown') return !isNothing(skipOuterExpressions(argument));
  return literal.properties.some((property) => {
    if (ts.isSpreadAssignment(property)) return deadlinePresence(property.expression, callerDeadlineNames, false) !== 'no';
    const name = property.name && propertyNameText(property.name);
    return name !== undefined && /signal|timeout|deadline/i.test(name);
  });
}

const callerDeadlineNames = ['signal', 'timeout', 'timeoutMs', 'deadline'];

function messageFor(http: HttpCall): MessageId | undefined {
  switch (http.client) {
    case 'fetch':
      return 'fetch';
    case 'undici-request':
    case 'undici-dispatcher':
      return 'undici';
    case 'axios':
      return 'axios';
    case 'got':
      return 'got';
    case 'node-http':
      return 'nodeHttp';
    case 'superagent':
      return 'superagent';
    case 'ofetch':
      return 'ofetch';
    default:
      return undefined;
  }
}

function hasTimeout(http: HttpCall): boolean {
  const args = http.node.arguments;
  if (args.some((argument) => ts.isSpreadElement(argument))) return true;
  // node-fetch (v2) has its own `timeout` option. WHATWG fetch (global, undici) ignores it, but that is
  // wrong-pool-option's finding, whose fix keeps the author's number (two fixes would add two signals).
  const names = http.client === 'fetch' ? ['signal', 'timeout'] : clientDefaults[http.client].timeoutOptions;
  if (http.client === 'superagent') return /\.timeout\s*\(/.test(chainText(http.node));
  if (http.client === 'node-http' && setsTimeoutLater(http.node)) return true;
  const options = optionsArgument(http);
  const presence = deadlinePresence(options, http.client === 'fetch' ? [...names, 'dispatcher'] : names, http.client === 'axios' || http.client === 'got');
  if (presence !== 'no') return true;
  // A request object as first argument (`fetch(new Request(url, init))`) may carry its own signal.
  if (http.client === 'fetch' && args[0] && mayBeRequestObject(args[0])) return true;
  if (http.instance) {
    if (!http.instance.creation) return true;
    return deadlinePresence(http.instance.options, names, http.client === 'axios' || http.client === 'got') !== 'no';
  }
  return false;
}

/**
 * Like optionPresence, but a deadline must be a value: `signal: undefined` or `timeout: void 0` set
 * nothing, and for axios and got `timeout: 0` means no timeout. A conditional spread whose branches are
 * literals (`...(body ? { body } : {})`) is read branch by branch instead of counting as "might set it".
 */
function deadlinePresence(expression: ts.Expression | undefined, names: readonly string[], zeroIsNone: boolean, depth = 0): Presence {
  if (!expression) return 'no';
  const expr = skipOuterExpressions(expression);
  if (depth > 4) return 'unknown';
  if (isNothing(expr)) return 'no';
  if (ts.isConditionalExpression(expr)) {
    const whenTrue = deadlinePresence(expr.whenTrue, names, zeroIsNone, depth + 1);
    const whenFalse = deadlinePresence(expr.whenFalse, names, zeroIsNone, depth + 1);
    return whenTrue === 'yes' || whenFalse === 'yes' ? 'yes' : whenTrue === 'no' && whenFalse === 'no' ? 'no' : 'unknown';
  }
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken || expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
    // `cond && { signal }`: the right side; `a || b`: either one.
    const right = deadlinePresence(expr.right, names, zeroIsNone, depth + 1);
    if (expr.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return right;
    const left = deadlinePresence(expr.left, names, zeroIsNone, depth + 1);
    return left === 'yes' || right === 'yes' ? 'yes' : left === 'no' && right === 'no' ? 'no' : 'unknown';
  }
  const literal = asObjectLiteral(expr);
  if (literal === undefined) return 'no';
  if (literal === 'unknown') return optionPresence(expr, names);
  let result: Presence = 'no';
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      const inner = deadlinePresence(property.expression, names, zeroIsNone, depth + 1);
      if (inner === 'yes') result = 'yes';
      else if (inner === 'unknown' && result === 'no') result = 'unknown';
      continue;
    }
    const name = property.name && propertyNameText(property.name);
    if (!name || !names.includes(name)) continue;
    // A later property overrides what a spread before it may have set.
    const value = ts.isPropertyAssignment(property) ? skipOuterExpressions(property.initializer) : undefined;
    if (value && (isNothing(value) || (zeroIsNone && name === 'timeout' && ts.isNumericLiteral(value) && Number(value.text) === 0))) {
      if (result !== 'yes') result = result === 'unknown' ? 'unknown' : 'no';
      continue;
    }
    result = 'yes';
  }
  return result;
}

/** `undefined`, `void 0`, `null`. */
function isNothing(expr: ts.Expression): boolean {
  if (ts.isIdentifier(expr) && expr.text === 'undefined') return true;
  if (expr.kind === ts.SyntaxKind.NullKeyword) return true;
  return ts.isVoidExpression(expr);
}

function optionsArgument(http: HttpCall): ts.Expression | undefined {
  const args = http.node.arguments;
  const argument = args[http.optionsIndex];
  if (!argument) return undefined;
  const inner = skipOuterExpressions(argument);
  if (isFunctionNode(inner)) return undefined;
  // `https.get(url, onResponse)`: a trailing non-literal after the URL is the response callback.
  const isCallback = http.client === 'node-http' && http.optionsIndex > 0 && args.length === http.optionsIndex + 1 && !ts.isObjectLiteralExpression(inner);
  return isCallback ? undefined : argument;
}

function mayBeRequestObject(argument: ts.Expression): boolean {
  const expr = skipOuterExpressions(argument);
  if (ts.isNewExpression(expr)) return expr.expression.getText() === 'Request';
  const name = ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) ? expr.name.text : '';
  return /^(req|request|input|resource)$/i.test(name);
}

/** The text of a call chain hanging off `node`: `request.get(u).set(...).timeout(...)`. */
function chainText(node: ts.Node): string {
  let top: ts.Node = node;
  while (ts.isPropertyAccessExpression(top.parent) || (ts.isCallExpression(top.parent) && top.parent.expression === top)) top = top.parent;
  return top.getText();
}

/** `req.setTimeout(…)` or `req.on('timeout', …)` in the same function. */
function setsTimeoutLater(node: ts.Node): boolean {
  const scope = enclosingFunction(node)?.body ?? node.getSourceFile();
  return /\.setTimeout\s*\(|\.on\(\s*['"]timeout['"]/.test(scope.getText()) || /\.setTimeout\s*\(/.test(chainText(node));
}

/** The URL text of a request, when its first argument is a literal or template. */
function urlText(http: HttpCall): string | undefined {
  const first = http.node.arguments[0] && skipOuterExpressions(http.node.arguments[0]);
  if (!first) return undefined;
  if (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first)) return first.getText();
  return undefined;
}

/**
 * Long polls that block until work arrives by design: the AWS Lambda Extensions API `event/next` and the
 * Runtime API `invocation/next` (documented to wait indefinitely), and URLs that say `long-poll`. A
 * deadline there would cut off a healthy wait.
 */
function waitsByDesign(http: HttpCall): boolean {
  const url = urlText(http);
  return url !== undefined && /\/(event|invocation)\/next\b|long-?poll/i.test(url);
}

/** A literal loopback URL behind a development check (`if (NODE_ENV === 'development')`): a local dev tool, not production traffic. */
function devOnlyLoopback(http: HttpCall): boolean {
  const url = urlText(http);
  if (!url || !/^.https?:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(url)) return false;
  for (let current: ts.Node | undefined = http.node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isIfStatement(current) && /development|\bisDev|\bdev(elopment)?Mode|\bisLocal/i.test(current.expression.getText())) return true;
  }
  return false;
}

/** `Promise.race([fetch(u), timeout(5000)])` or `pTimeout(fetch(u), …)`: a deadline from outside. */
function guardedByRace(node: ts.Node): boolean {
  for (let current = node.parent; current && !isFunctionNode(current); current = current.parent) {
    if (!ts.isCallExpression(current)) continue;
    const name = trailingName(current.expression) ?? '';
    if (name === 'race' || /timeout|deadline/i.test(name)) return true;
  }
  return false;
}

/**
 * Inserts the deadline where the client takes it; only when the options are absent or an object literal.
 * Inside the helper's `withRetry((signal) => …)` the request takes the attempt's signal (the parameter is
 * added when the callback has none): it carries the attempt timeout, the deadline and the caller's abort.
 */
function timeoutFix(http: HttpCall, file: FileAnalysis, ms: string, why: string): Fix | undefined {
  const callback = takesSignal.has(http.client) ? helperRetryCallback(http.node, file) : undefined;
  const parameter = callback && signalParameter(callback);
  if (parameter) {
    const property = parameter.name === 'signal' ? 'signal' : `signal: ${parameter.name}`;
    const edits = optionsEdits(http, property);
    return edits && { title: "Use the attempt's signal from withRetry", edits: [...parameter.edits, ...edits] };
  }
  const property =
    http.client === 'fetch' || http.client === 'undici-request'
      ? `signal: AbortSignal.timeout(${ms})`
      : http.client === 'axios' || http.client === 'ofetch'
        ? `timeout: ${ms}`
        : http.client === 'got'
          ? `timeout: { request: ${ms} }`
          : undefined;
  if (!property) return undefined;
  const edits = optionsEdits(http, property);
  return edits && { title: `Add \`${property}\`${why}`, edits };
}

/** Clients whose request options take a `signal`. */
const takesSignal: ReadonlySet<HttpCall['client']> = new Set(['fetch', 'undici-request', 'axios', 'ofetch', 'got']);

/** Adds `property` to the request's options literal, or the options object when there is none. */
function optionsEdits(http: HttpCall, property: string): TextEdit[] | undefined {
  const args = http.node.arguments;
  const options = args[http.optionsIndex];
  if (options && ts.isObjectLiteralExpression(options)) return [insertPropertiesEdit(options, [property])];
  if (!options && args.length === http.optionsIndex && http.optionsIndex > 0) {
    const last = args[args.length - 1];
    return [{ start: last.getEnd(), end: last.getEnd(), newText: `, { ${property} }` }];
  }
  return undefined;
}

export default rule;

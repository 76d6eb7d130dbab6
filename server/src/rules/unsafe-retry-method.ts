/** unsafe-retry-method: POST/PATCH retried after failures that may come after the server applied them, with no Idempotency-Key. */
import { ts } from '../analysis/ts';
import { resolveName, skipOuterExpressions } from '../analysis/bindings';
import { normalizeModule } from '../analysis/clients';
import type { HttpCall } from '../analysis/http-calls';
import { asObjectLiteral, propertyValue, stringValue } from '../analysis/options';
import { retriedFunction, type RetryWrapper, retryWrapperOf } from '../analysis/retry-wrappers';
import { inLoopOfItsFunction, retryLoopAround } from '../analysis/retries';
import { requestSites } from '../analysis/request-sites';
import { selfRetriesAtCall } from '../analysis/self-retrying-calls';
import type { FunctionTarget } from '../analysis/file-analysis';
import { enclosingFunction } from '../analysis/syntax';
import { sdkCallAcrossFiles } from '../analysis/sdk-client-origins';
import { originOf } from '../analysis/values';
import { runsWhenCalled } from '../analysis/wrappers';
import { insertPropertiesEdit } from './support/options-edit';
import { codeOf, nameText } from './support/message-text';
import { defineRule, type Fix, type RuleContext, type TextEdit } from './types';

const unsafeMethods = new Set(['POST', 'PATCH']);
/** An idempotency key, or a retry that only repeats requests that never left (the connection was refused). */
const madeSafe = /idempoten|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UND_ERR_CONNECT/i;
/** POSTs that read or compute rather than write, by their URL: GraphQL, search, JSON-RPC, LLM completions, token endpoints. */
const readLike = /graphql|search|query|rpc|completions|embeddings|chat|generate|predict|infer|token|oauth/i;
/** Retry options that decide per error; they may already skip writes. */
/** A loop condition on a 5xx (`res.status >= 500`, `!res.ok`), as opposed to one on 429 alone. */
const serverErrorCheck = /status(Code)?\s*(===?|!==?|[<>]=?)\s*5\d\d\b|!\s*[\w.]+\.ok\b|\.ok\s*===?\s*false/;
const customDecision = /shouldRetry|retryIf|retryOn|retryCondition|onlyIf|handleWhen/;

const messages = {
  wrapper: '`{{wrapper}}` retries the {{method}} `{{request}}` on any failure, so it may be applied twice; {{remedy}}.',
  loop: 'This loop resends the {{method}} `{{request}}` after {{trigger}}, so it may be applied twice; send an `Idempotency-Key`.',
  sdkLoop: 'This loop resends the write `{{request}}` after {{trigger}}, so it may land twice; make it idempotent (an upsert).',
  selfRetry: '`{{wrapper}}` calls itself again when the {{method}} it sends here fails, so it may be applied twice; send an `Idempotency-Key`.',
  methods: '{{client}} is told to retry {{method}}, so a write may be applied twice; remove {{method}} from `methods`.',
  axiosRetry: '`retryCondition: {{condition}}` also retries POST/PATCH, so a write may run twice; use `isNetworkOrIdempotentRequestError`.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'unsafe-retry-method',
    description: 'POST/PATCH requests retried (retry wrappers, hand-written loops, axios-retry/got/ky/undici retry options) without an Idempotency-Key.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: true,
    messages,
  },
  check(ctx) {
    const reported = new Set<ts.Node>();
    if (/retry|Retry|backOff|attempt|execute/.test(ctx.file.text)) {
      for (const call of ctx.file.calls) {
        const wrapper = retryWrapperOf(call, ctx.file);
        if (wrapper) checkWrapper(ctx, wrapper, reported);
      }
    }
    for (const http of ctx.file.httpCalls) if (!reported.has(http.node)) checkLoop(ctx, http);
    for (const call of ctx.file.calls) if (inLoopOfItsFunction(call, ctx.file)) checkSdkLoop(ctx, call);
    for (const site of requestSites(ctx.file)) if (site.wrapper && ts.isCallExpression(site.node)) checkSelfRetry(ctx, site.node, site.wrapper.target);
    if (/\bmethods\b/.test(ctx.file.text)) checkMethodOptions(ctx);
    if (ctx.file.text.includes('axios-retry')) for (const call of ctx.file.calls) checkAxiosRetry(ctx, call);
  },
});

function isUnsafeWrite(http: HttpCall): boolean {
  return http.method !== undefined && unsafeMethods.has(http.method) && !madeSafe.test(http.node.getText()) && !readLike.test(urlText(http));
}

/** The URL as written and, for a constant, its value: `PLACES_URL` and `'https://…/places:searchText'`. */
function urlText(http: HttpCall): string {
  const first = http.node.arguments[0];
  if (!first) return '';
  const literal = asObjectLiteral(first);
  const url = literal && literal !== 'unknown' ? propertyValue(literal, 'url') : first;
  return url ? `${url.getText()} ${stringValue(url) ?? ''}` : '';
}

/** `pRetry(() => fetch(u, { method: 'POST' }))`, `withRetry(() => axios.post(u, body))`. */
function checkWrapper(ctx: RuleContext<MessageId>, wrapper: RetryWrapper, reported: Set<ts.Node>): void {
  const target = retriedFunction(wrapper, ctx.file);
  if (!target?.node.body) return;
  const settings = wrapper.options?.getText() ?? '';
  if (madeSafe.test(settings) || customDecision.test(settings) || madeSafe.test(target.node.getText())) return;
  // The key may be created before the retry and passed in (`const key = randomUUID()`).
  const around = enclosingFunction(wrapper.call);
  if (around && madeSafe.test(around.getText())) return;
  for (const call of target.file.callsWithin(target.node)) {
    if (!runsWhenCalled(call, target.node)) continue;
    const http = target.file.httpCall(call);
    if (!http || !isUnsafeWrite(http)) continue;
    reported.add(call);
    if (target.file !== ctx.file) continue;
    const fix = wrapper.helper ? notIdempotentFix(wrapper) : undefined;
    const remedy = wrapper.helper ? 'pass `{ idempotent: false }`' : 'send an `Idempotency-Key`';
    ctx.report(call.expression, 'wrapper', { wrapper: nameText(wrapper.label), method: http.method!, request: codeOf(call), remedy }, { fix });
  }
}

/** `{ idempotent: false }`: the helper then retries only failures that prove the request never reached the server. */
function notIdempotentFix(wrapper: RetryWrapper): Fix | undefined {
  const title = 'Retry only failures that never reached the server ({ idempotent: false })';
  const options = wrapper.options && skipOuterExpressions(wrapper.options);
  if (!options) {
    const end = wrapper.callback.getEnd();
    return { title, edits: [{ start: end, end, newText: ', { idempotent: false }' }] };
  }
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  return { title, edits: [insertPropertiesEdit(options, ['idempotent: false'])] };
}

/** A hand-written retry loop around a POST/PATCH that goes round on thrown errors or on 5xx. */
function checkLoop(ctx: RuleContext<MessageId>, http: HttpCall): void {
  if (!isUnsafeWrite(http)) return;
  const fn = enclosingFunction(http.node);
  const loop = retryLoopAround(http.node, fn);
  if (!loop || (fn && madeSafe.test(fn.getText()))) return;
  const body = loop.statement.getText();
  const caught = insideCatchingTry(http.node, loop);
  const onServerError = serverErrorCheck.test(body);
  if (!caught && !onServerError) return;
  const trigger = caught ? 'a thrown error' : 'a 5xx';
  ctx.report(http.node.expression, 'loop', { method: http.method!, request: codeOf(http.node), trigger });
}

/** SDK writes that land the same however often they are sent: an upsert, an update or delete by key, an overwrite. */
const idempotentWrite = /^(upsert|update|put|set|delete|del|remove|replace|upload|save|copy|move|enable|disable|tag|untag)/i;

/** `db.from('jobs').insert(row)` or `stripe.charges.create(…)` in a hand-written retry loop: a write that is not idempotent. */
function checkSdkLoop(ctx: RuleContext<MessageId>, call: ts.CallExpression): void {
  // The retry loop first: it is rarer, and cheaper to tell, than an SDK client of another file.
  const fn = enclosingFunction(call);
  const loop = retryLoopAround(call, fn);
  if (!loop) return;
  const sdk = sdkCallAcrossFiles(call, ctx.file);
  const operation = sdk?.operation.split('.').pop() ?? '';
  if (!sdk?.writes || idempotentWrite.test(operation) || madeSafe.test(call.getText())) return;
  if (fn && madeSafe.test(fn.getText())) return;
  const trigger = insideCatchingTry(call, loop) ? 'a thrown error' : 'a failed result';
  ctx.report(call.expression, 'sdkLoop', { request: codeOf(call.expression), trigger });
}

/**
 * `robustFetch({ url, method: 'POST', tryCount: 3 })` where `robustFetch` calls itself again after its request fails:
 * the method and whether it retries come from this call.
 */
function checkSelfRetry(ctx: RuleContext<MessageId>, call: ts.CallExpression, target: FunctionTarget): void {
  if (madeSafe.test(call.getText())) return;
  const around = enclosingFunction(call);
  if (around && madeSafe.test(around.getText())) return;
  for (const found of selfRetriesAtCall(call, target)) {
    if (!found.retries || !found.method || !unsafeMethods.has(found.method) || madeSafe.test(found.retry.fn.getText())) continue;
    if (readLike.test(urlArgument(call))) continue;
    ctx.report(call.expression, 'selfRetry', { wrapper: nameText(found.retry.name), method: found.method });
    return;
  }
}

/** The `url` the call passes (as written, and a constant's value), for read-like POSTs. */
function urlArgument(call: ts.CallExpression): string {
  const first = call.arguments[0];
  const literal = first && asObjectLiteral(first);
  const url = literal && literal !== 'unknown' ? propertyValue(literal, 'url') : first;
  return url ? `${url.getText()} ${stringValue(url) ?? ''}` : '';
}

function insideCatchingTry(node: ts.Node, loop: ts.Node): boolean {
  for (let current = node.parent; current && current !== loop; current = current.parent) {
    if (ts.isTryStatement(current) && current.catchClause && node.pos >= current.tryBlock.pos && node.end <= current.tryBlock.end) {
      const statements = current.catchClause.block.statements;
      const last = statements[statements.length - 1];
      // `catch (e) { throw e }` ends the loop; anything else goes round again.
      return !(last && ts.isThrowStatement(last) && !statements.some((statement) => ts.isIfStatement(statement)));
    }
  }
  return false;
}

/** got/ky `retry: { methods: […] }`, undici `interceptors.retry({ methods })` and `new RetryAgent(d, { methods })` listing POST/PATCH. */
function checkMethodOptions(ctx: RuleContext<MessageId>): void {
  for (const http of ctx.file.httpCalls) {
    if (http.client === 'got' || http.client === 'ky') checkRetryObject(ctx, http.node.arguments[http.optionsIndex], http.client);
  }
  for (const call of ctx.file.calls) {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) continue;
    const name = callee.name.text;
    if (name === 'extend' || name === 'create') {
      const origin = originOf(call);
      if (origin.kind === 'instance' && origin.creation === call && (origin.client === 'got' || origin.client === 'ky')) {
        checkRetryObject(ctx, call.arguments[0], origin.client);
      }
    } else if (name === 'retry') {
      const base = originOf(callee.expression);
      if (base.kind === 'module' && base.module === 'undici' && base.name === 'interceptors') checkMethodsIn(ctx, call.arguments[0], 'undici\'s retry interceptor');
    }
  }
  for (const construction of ctx.file.constructions) {
    const origin = originOf(construction.expression);
    if (origin.kind === 'module' && origin.module === 'undici' && (origin.name === 'RetryAgent' || origin.name === 'RetryHandler')) {
      checkMethodsIn(ctx, construction.arguments?.[1], `undici's \`${origin.name}\``);
    }
  }
}

function checkRetryObject(ctx: RuleContext<MessageId>, options: ts.Expression | undefined, client: 'got' | 'ky'): void {
  const literal = asObjectLiteral(options);
  if (!literal || literal === 'unknown' || madeSafe.test(literal.getText())) return;
  checkMethodsIn(ctx, propertyValue(literal, 'retry'), client);
}

function checkMethodsIn(ctx: RuleContext<MessageId>, options: ts.Expression | undefined, client: string): void {
  const literal = asObjectLiteral(options);
  if (!literal || literal === 'unknown' || madeSafe.test(literal.getText())) return;
  const methods = propertyValue(literal, 'methods');
  const array = methods && skipOuterExpressions(methods);
  if (!array || !ts.isArrayLiteralExpression(array)) return;
  const unsafe = array.elements.filter((element) => ts.isStringLiteralLike(element) && unsafeMethods.has(element.text.toUpperCase()));
  if (unsafe.length === 0) return;
  const method = unsafe.map((element) => (element as ts.StringLiteral).text.toUpperCase()).join(' and ');
  const fix = unsafe.length < array.elements.length ? removeElementsFix(array, unsafe, method) : undefined;
  ctx.report(unsafe[0], 'methods', { client, method }, { fix });
}

/** Deletes the listed elements with their commas: `['GET', 'POST', 'PUT']` → `['GET', 'PUT']`. */
function removeElementsFix(array: ts.ArrayLiteralExpression, remove: ts.Expression[], method: string): Fix {
  const edits: TextEdit[] = [];
  const elements = array.elements;
  for (const element of remove) {
    const index = elements.indexOf(element);
    const next = elements[index + 1];
    const previous = elements[index - 1];
    if (next && !remove.includes(next)) edits.push({ start: element.getStart(), end: next.getStart(), newText: '' });
    else if (previous) edits.push({ start: previous.getEnd(), end: element.getEnd(), newText: '' });
    else edits.push({ start: element.getStart(), end: next ? next.getStart() : element.getEnd(), newText: '' });
  }
  return { title: `Do not retry ${method}`, edits: mergeAdjacent(edits) };
}

function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const merged: TextEdit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last && edit.start <= last.end) last.end = Math.max(last.end, edit.end);
    else merged.push({ ...edit });
  }
  return merged;
}

/** `axiosRetry(client, { retryCondition: isRetryableError })` and conditions that let POST through. */
function checkAxiosRetry(ctx: RuleContext<MessageId>, call: ts.CallExpression): void {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isIdentifier(callee) || !isAxiosRetryImport(callee, ['default', '*'])) return;
  const literal = asObjectLiteral(call.arguments[1]);
  if (!literal || literal === 'unknown' || madeSafe.test(literal.getText())) return;
  const condition = propertyValue(literal, 'retryCondition');
  if (!condition) return;
  const value = skipOuterExpressions(condition);
  const text = value.getText();
  const isRetryable = (ts.isPropertyAccessExpression(value) && value.name.text === 'isRetryableError' && ts.isIdentifier(value.expression) && isAxiosRetryImport(value.expression, ['default', '*'])) || (ts.isIdentifier(value) && isAxiosRetryImport(value, ['isRetryableError']));
  let why: string | undefined;
  if (isRetryable) why = '`isRetryableError` does not look at the method';
  else if ((ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && /\bisRetryableError\s*\(/.test(text)) why = 'it calls `isRetryableError`, which does not look at the method';
  else if (ts.isArrowFunction(value) && value.body.kind === ts.SyntaxKind.TrueKeyword) why = 'it always returns true';
  else if ((ts.isArrowFunction(value) || ts.isFunctionExpression(value)) && /['"`](post|patch)['"`]/i.test(text)) why = 'it names POST or PATCH';
  if (!why) return;
  const fix: Fix | undefined = ts.isPropertyAccessExpression(value) && isRetryable
    ? { title: 'Retry network errors and idempotent requests only', edits: [{ start: value.name.getStart(), end: value.name.getEnd(), newText: 'isNetworkOrIdempotentRequestError' }] }
    : ts.isIdentifier(value) && isRetryable
      ? { title: 'Retry network errors and idempotent requests only', edits: [{ start: value.getStart(), end: value.getEnd(), newText: `${callee.text}.isNetworkOrIdempotentRequestError` }] }
      : undefined;
  ctx.report(condition.parent, 'axiosRetry', { condition: codeOf(value) }, { fix });
}

function isAxiosRetryImport(identifier: ts.Identifier, names: string[]): boolean {
  const binding = resolveName(identifier.text, identifier);
  return binding.kind === 'import' && normalizeModule(binding.module) === 'axios-retry' && names.includes(binding.name);
}

export default rule;

/**
 * Retry wrappers that take a callback (p-retry, async-retry, exponential-backoff, cockatiel policies,
 * the `retry` package's `operation.attempt`, the helper's `withRetry`, project `withRetry(fn)` functions)
 * and what makes them go again: only a rejection of the callback, or also a failing response.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { normalizeModule } from './clients';
import { referencedFunction } from './definitions';
import type { FileAnalysis } from './file-analysis';
import { constInitializer } from './options';
import { isRetryNamed } from './retries';
import { type FunctionNode, forEachDescendant, isFunctionNode, isLoop, trailingName } from './syntax';
import { functionName } from './wrappers';

/** A call that runs a callback again when it fails. */
export interface RetryWrapper {
  call: ts.CallExpression;
  /** The retried callback as written (a function literal or a reference to one). */
  callback: ts.Expression;
  /** How the code names the wrapper, for messages: `pRetry`, `retry`, `policy.execute`. */
  label: string;
  /**
   * `rejection`: goes again only when the callback rejects (p-retry, async-retry, exponential-backoff,
   * cockatiel without result handling, project wrappers that only catch); `response`: also on failing
   * responses (the helper's withRetry, cockatiel `handleWhenResult`); `explicit`: when the code asks
   * (`retry(err)` of promise-retry, `operation.retry(err)`, ts-retry-promise `until`).
   */
  trigger: 'rejection' | 'response' | 'explicit';
  /** The bundled helper's `withRetry`, which takes `{ idempotent: false }`. */
  helper: boolean;
  /** The options argument, when given. */
  options?: ts.Expression;
  /** A project wrapper's declaration, for related information. */
  definition?: { file: FileAnalysis; node: FunctionNode };
}

const helperModule = /(^|\/)resilient-http(\.[cm]?[jt]s)?$/;
/** What a wrapper reads when it looks at the result rather than only catching (statuses, predicates). */
const inspectsResult = /\.ok\b|status|shouldRetry|retryIf|retryOn|retryWhen|isRetryable|until|predicate|condition|Response|validate/;

/** The function a wrapper retries: the callback itself, or the project function it names. */
export function retriedFunction(wrapper: RetryWrapper, file: FileAnalysis): { file: FileAnalysis; node: FunctionNode } | undefined {
  const callback = skipOuterExpressions(wrapper.callback);
  if (isFunctionNode(callback)) return { file, node: callback };
  if (ts.isIdentifier(callback) || ts.isPropertyAccessExpression(callback)) return referencedFunction(callback, file);
  return undefined;
}

const retryModules = new Set(['p-retry', 'async-retry', 'exponential-backoff', 'promise-retry', 'ts-retry-promise']);

/** Cheap first look: a retry-like name, `execute`/`attempt`, or an import of a retry library. */
function mayBeRetryCall(callee: ts.Expression): boolean {
  const name = trailingName(callee);
  if (name === undefined) return false;
  if (isRetryNamed(name) || name === 'execute') return true;
  if (!ts.isIdentifier(callee)) return false;
  const binding = resolveName(callee.text, callee);
  return binding.kind === 'import' && (retryModules.has(normalizeModule(binding.module)) || helperModule.test(binding.module));
}

/** The retry wrapper `call` is, if it is one. */
export function retryWrapperOf(call: ts.CallExpression, file: FileAnalysis): RetryWrapper | undefined {
  const callback = call.arguments[0];
  const callee = skipOuterExpressions(call.expression);
  if (!callback || !mayBeRetryCall(callee)) return undefined;
  if (ts.isPropertyAccessExpression(callee)) return memberWrapper(call, callee, file);
  if (!ts.isIdentifier(callee)) return undefined;
  const binding = resolveName(callee.text, callee);
  const make = (trigger: RetryWrapper['trigger'], helper = false, index = 0): RetryWrapper => ({
    call,
    callback: call.arguments[index],
    label: callee.text,
    trigger,
    helper,
    options: call.arguments[index + 1],
  });
  if (binding.kind === 'import') {
    const module = normalizeModule(binding.module);
    const whole = binding.name === 'default' || binding.name === '*';
    if ((module === 'p-retry' || module === 'async-retry') && whole) return make('rejection');
    if (module === 'exponential-backoff' && binding.name === 'backOff') return make('rejection');
    if (module === 'promise-retry' && whole) return make('explicit');
    if (module === 'ts-retry-promise' && binding.name === 'retry') return make(hasOption(call.arguments[1], 'until') ? 'explicit' : 'rejection');
    if (helperModule.test(module) && binding.name === 'withRetry') return make('response', true);
  }
  return projectWrapper(call, file);
}

/** `policy.execute(fn)` (cockatiel) and `operation.attempt(fn)` (the `retry` package). */
function memberWrapper(call: ts.CallExpression, callee: ts.PropertyAccessExpression, file: FileAnalysis): RetryWrapper | undefined {
  const callback = call.arguments[0];
  if (!callback) return undefined;
  const label = callee.getText().replace(/\s+/g, '');
  const method = callee.name.text;
  const creation = creationOf(callee.expression);
  if (method === 'execute' && creation && rootModule(creation) === 'cockatiel' && /retry/i.test(creation.getText())) {
    // handleWhenResult / handleResultType / orWhenResult: the policy also retries on returned values.
    const trigger = /Result/.test(creation.getText()) ? 'response' : 'rejection';
    return { call, callback, label, trigger, helper: false };
  }
  if (method === 'attempt' && creation && rootModule(creation) === 'retry' && /\boperation\s*\(/.test(creation.getText())) {
    return { call, callback, label, trigger: 'explicit', helper: false };
  }
  // `utils.withRetry(fn)` where `utils` is a project namespace or object.
  return projectWrapper(call, file);
}

/** The expression a policy or operation was built with: `const policy = retry(handleAll, …)`. */
function creationOf(expression: ts.Expression): ts.Expression | undefined {
  const inner = skipOuterExpressions(expression);
  if (ts.isIdentifier(inner)) return constInitializer(inner);
  if (ts.isPropertyAccessExpression(inner) && inner.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const member = inner.name.text;
    for (let node: ts.Node | undefined = inner.parent; node; node = node.parent) {
      if (!ts.isClassLike(node)) continue;
      const property = node.members.find((candidate) => ts.isPropertyDeclaration(candidate) && candidate.name.getText() === member);
      return property && ts.isPropertyDeclaration(property) ? property.initializer : undefined;
    }
  }
  return undefined;
}

/** The module the leftmost identifier of a call chain is imported from (`retry(…)`, `Policy.handleAll().retry()`). */
function rootModule(expression: ts.Expression): string | undefined {
  let current: ts.Expression = skipOuterExpressions(expression);
  for (;;) {
    if (ts.isCallExpression(current) || ts.isPropertyAccessExpression(current)) current = skipOuterExpressions(current.expression);
    else break;
  }
  if (!ts.isIdentifier(current)) return undefined;
  const binding = resolveName(current.text, current);
  return binding.kind === 'import' ? normalizeModule(binding.module) : undefined;
}

function hasOption(options: ts.Expression | undefined, name: string): boolean {
  const inner = options && skipOuterExpressions(options);
  if (!inner) return false;
  if (!ts.isObjectLiteralExpression(inner)) return true;
  return inner.properties.some((property) => property.name?.getText() === name || ts.isSpreadAssignment(property));
}

/**
 * A project function that retries the function it is given: it calls that parameter inside a `try` in a
 * loop (or calls itself again from the `catch`). `rejection` when it only catches and never looks at the
 * result; `response` when it inspects the result (statuses, predicates) or is the helper copied into the project.
 */
function projectWrapper(call: ts.CallExpression, file: FileAnalysis): RetryWrapper | undefined {
  const target = referencedFunction(call.expression, file);
  if (!target?.node.body) return undefined;
  const fn = target.node;
  // Its name or its body says it retries (`withRetry`, `attempt < maxAttempts`): not a batch runner or a lock.
  if (!isRetryNamed(functionName(fn)) && !/attempt|retr(y|ies)|tries/i.test(target.node.body.getText())) return undefined;
  const index = fn.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && retriedParameterCall(fn, parameter.name.text) !== undefined);
  const callback = call.arguments[index];
  if (index < 0 || !callback) return undefined;
  const parameter = fn.parameters[index].name as ts.Identifier;
  const invocation = retriedParameterCall(fn, parameter.text)!;
  const isHelper = /(^|[\\/])resilient-http\.[cm]?[jt]s$/.test(target.file.path);
  const blind = !isHelper && !inspectsResult.test(fn.body!.getText()) && resultOnlyReturned(invocation);
  const label = call.expression.getText().replace(/\s+/g, '');
  return {
    call,
    callback,
    label,
    trigger: blind ? 'rejection' : 'response',
    helper: isHelper && functionName(fn) === 'withRetry',
    options: call.arguments[index + 1],
    definition: target,
  };
}

/** A call of parameter `name` inside a `try` block that a loop or a recursive call repeats. */
function retriedParameterCall(fn: FunctionNode, name: string): ts.CallExpression | undefined {
  const body = fn.body;
  if (!body) return undefined;
  const ownName = functionName(fn);
  let found: ts.CallExpression | undefined;
  forEachDescendant(body, (node) => {
    if (isFunctionNode(node) && node !== fn) return 'skip';
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name && insideRetriedTry(node, fn, ownName)) {
      found = node;
      return 'stop';
    }
    return undefined;
  });
  return found;
}

function insideRetriedTry(node: ts.Node, fn: FunctionNode, ownName: string): boolean {
  let tryStatement: ts.TryStatement | undefined;
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (ts.isTryStatement(current) && catchGoesOn(current) && node.pos >= current.tryBlock.pos && node.end <= current.tryBlock.end) tryStatement ??= current;
    // A loop over items (`for…of`, `i < xs.length`) runs the function once per item; it does not retry it.
    if (tryStatement && isLoop(current)) return !ts.isForOfStatement(current) && !ts.isForInStatement(current) && !/\.length\b/.test(loopHeader(current));
  }
  // Recursion from the catch: `catch (e) { return withRetry(fn, attempts - 1) }`.
  const handler = tryStatement?.catchClause?.block.getText() ?? '';
  return tryStatement !== undefined && isRetryNamed(ownName) && handler.includes(`${ownName}(`);
}

function loopHeader(loop: ts.IterationStatement): string {
  return loop.getText().slice(0, loop.statement.pos - loop.getStart());
}

/** A catch that goes round again: not a bare rethrow (`catch (e) { log(e); throw e; }`). */
function catchGoesOn(tryStatement: ts.TryStatement): boolean {
  const statements = tryStatement.catchClause?.block.statements;
  if (!statements) return false;
  const last = statements[statements.length - 1];
  return !(last && ts.isThrowStatement(last) && !statements.some((statement) => ts.isIfStatement(statement)));
}

/** `return await fn()` or `const x = await fn(); … return x`: the callback's value goes back untouched. */
function resultOnlyReturned(invocation: ts.CallExpression): boolean {
  let current: ts.Node = invocation;
  while (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isReturnStatement(parent)) return true;
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name)) return false;
  const name = parent.name.text;
  const scope = parent.parent.parent.parent;
  const uses = scope.getText().match(new RegExp(`\\b${name}\\b`, 'g'))?.length ?? 0;
  const returns = scope.getText().match(new RegExp(`return\\s+${name}\\s*;?`, 'g'))?.length ?? 0;
  return uses === returns + 1;
}

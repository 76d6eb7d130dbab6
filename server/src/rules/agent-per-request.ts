/** agent-per-request: pools and client instances created per call, so no socket is ever reused. */
import { ts } from '../analysis/ts';
import { resolveName } from '../analysis/bindings';
import { definitionOf } from '../analysis/definitions';
import { disposedInFinally } from '../analysis/disposed-dispatchers';
import { requestSites } from '../analysis/request-sites';
import { sdkCallAcrossFiles } from '../analysis/sdk-client-origins';
import { clientOrigin } from '../analysis/sdk-clients';
import { sdkWrapperRequest } from '../analysis/sdk-wrappers';
import { enclosingFunction, forEachDescendant, isFunctionNode, isLoop, contains, trailingName, type FunctionNode } from '../analysis/syntax';
import { constructedClass, originOf } from '../analysis/values';
import { functionName } from '../analysis/wrappers';
import { newSpan } from './support/anchors';
import { codeText, nameText } from './support/message-text';
import { defineRule, type Fix } from './types';

const messages = {
  loop: '`{{created}}` is created on every iteration of this loop, so no socket is reused; create it once, outside the loop.',
  perCall: '`{{created}}` is created on every call of `{{fn}}`, so no socket is reused; create it once at module scope.',
  clientPerCall: '`{{created}}` is a new client on every call of `{{fn}}`, so no socket is reused; create it once at module scope.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'agent-per-request',
    description: 'A connection pool or client instance created inside a loop, a per-call function or a request handler.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    const sites = requestSites(ctx.file);
    for (const creation of creations(ctx.file)) {
      const fn = enclosingFunction(creation);
      if (!fn || ts.isConstructorDeclaration(fn) || escapes(creation, fn) || disposedInFinally(creation, fn)) continue;
      const created = codeText(createdLabel(creation));
      const anchor = ts.isNewExpression(creation) ? newSpan(creation) : { start: creation.getStart(), end: creation.expression.getEnd() };
      const fix = hoistFix(creation, fn);
      if (insideLoop(creation, fn)) {
        ctx.report(anchor, 'loop', { created }, { fix });
      } else if (sites.some((site) => contains(fn, site.node) && enclosingFunction(site.node) === fn)) {
        ctx.report(anchor, ts.isNewExpression(creation) ? 'perCall' : 'clientPerCall', { created, fn: nameText(functionName(fn)) }, { fix });
      }
    }
    // `const tasks = new CloudTasksClient(…)` in a handler: an SDK client with connections and credentials of its own.
    for (const construction of ctx.file.constructions) {
      if (!clientOrigin(construction)?.entry.ownsConnections) continue;
      const fn = enclosingFunction(construction);
      if (!fn || ts.isConstructorDeclaration(fn) || escapes(construction, fn) || disposedInFinally(construction, fn)) continue;
      // Built from the call's own values (a tenant's credentials, a region it was given), it is a choice; from nothing
      // the call holds, it could have been built once.
      if (usesLocals(construction, fn) || !sendsThroughClient(construction, fn, ctx.file)) continue;
      // The class alone (`CloudTasksClient`): SDK class names are long, and `new X()` would be cut.
      const created = codeText(construction.expression.getText().replace(/\s+/g, ''));
      const fix = hoistFix(construction, fn);
      if (insideLoop(construction, fn)) ctx.report(newSpan(construction), 'loop', { created }, { fix });
      else ctx.report(newSpan(construction), 'clientPerCall', { created, fn: nameText(functionName(fn)) }, { fix });
    }
    // `const agent = makeAgent()` where the project's `makeAgent` builds a fresh one on every call.
    for (const call of ctx.file.calls) {
      // Only a call by a plain name can be such a factory's (`buildsFreshInstance`): the others skip the escape walk.
      if (!ts.isIdentifier(call.expression)) continue;
      const fn = enclosingFunction(call);
      if (!fn || ts.isConstructorDeclaration(fn) || escapes(call, fn) || disposedInFinally(call, fn) || !buildsFreshInstance(call, ctx.file)) continue;
      const created = codeText(`${call.expression.getText().replace(/\s+/g, '')}()`);
      const anchor = { start: call.getStart(), end: call.expression.getEnd() };
      if (insideLoop(call, fn)) ctx.report(anchor, 'loop', { created });
      else if (sites.some((site) => contains(fn, site.node) && enclosingFunction(site.node) === fn) || sendsThrough(call, fn)) ctx.report(anchor, 'clientPerCall', { created, fn: nameText(functionName(fn)) });
    }
  },
});

/**
 * A call of a project function every `return` of which is a new pool or client (`return new Agent(…)`,
 * `=> axios.create(…)`): nothing is cached, so each call builds another one.
 */
function buildsFreshInstance(call: ts.CallExpression, file: Parameters<typeof requestSites>[0]): boolean {
  if (!ts.isIdentifier(call.expression)) return false;
  const factory = definitionOf(call.expression, file)?.node;
  if (!factory || !isFunctionNode(factory) || !factory.body || contains(factory, call)) return false;
  const returned: ts.Expression[] = [];
  if (!ts.isBlock(factory.body)) returned.push(factory.body);
  else {
    let other = false;
    forEachDescendant(factory.body, (node) => {
      if (node !== factory.body && isFunctionNode(node)) return 'skip';
      if (ts.isReturnStatement(node)) {
        if (node.expression) returned.push(node.expression);
        else other = true;
      }
      return undefined;
    });
    if (other) return false;
  }
  return returned.length > 0 && returned.every((expression) => isCreation(expression));
}

/** `const client = makeClient(); return client.get(path)`: the factory's client is not followed as an instance, so its verbs are read here. */
function sendsThrough(call: ts.CallExpression, fn: FunctionNode): boolean {
  const declaration = call.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== call || !ts.isIdentifier(declaration.name) || !fn.body) return false;
  return new RegExp(`\\b${declaration.name.text.replace(/\$/g, "\\$")}\\s*\\.\\s*(get|post|put|patch|delete|head|request)\\s*\\(`).test(fn.body.getText());
}

/**
 * `const client = new CloudTasksClient(…)` that a request inside `fn` goes through: `client.createTask(…)`, or a
 * project function handed the client (`createTask({ client, … })`), in `fn` or a callback of it.
 */
function sendsThroughClient(construction: ts.NewExpression, fn: FunctionNode, file: Parameters<typeof requestSites>[0]): boolean {
  const declaration = construction.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== construction || !ts.isIdentifier(declaration.name)) return false;
  const name = declaration.name.text;
  const refersToClient = (node: ts.Node): boolean => {
    let found = false;
    forEachDescendant(node, (child) => {
      if (ts.isIdentifier(child) && child.text === name) {
        const binding = resolveName(name, child);
        found = binding.kind === 'local' && binding.declaration === declaration;
      }
      return found ? 'stop' : undefined;
    });
    return found;
  };
  const sites = new Set<ts.Node>(requestSites(file).map((site) => site.node));
  return file.calls.some((call) => contains(fn, call) && refersToClient(call) && (sites.has(call) || sdkCallAcrossFiles(call, file) !== undefined || sdkWrapperRequest(call, file) !== undefined));
}

function isCreation(expression: ts.Expression): boolean {
  let expr = expression;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr)) expr = expr.expression;
  if (ts.isNewExpression(expr)) return constructedClass(expr) !== undefined;
  if (!ts.isCallExpression(expr) || !/^(create|extend)$/.test(trailingName(expr.expression) ?? '')) return false;
  const origin = originOf(expr);
  return origin.kind === 'instance' && origin.creation === expr;
}

/**
 * Moves `const x = new Agent(…)` to module scope, just above the top-level statement that holds the
 * function, when its initializer uses nothing local to the function and the name is free there.
 */
function hoistFix(creation: ts.NewExpression | ts.CallExpression, fn: FunctionNode): Fix | undefined {
  const declaration = creation.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || (list.flags & ts.NodeFlags.Const) === 0) return undefined;
  if (!ts.isVariableStatement(statement)) return undefined;
  if (usesLocals(creation, fn)) return undefined;
  let top: ts.Node = statement;
  while (top.parent && !ts.isSourceFile(top.parent)) top = top.parent;
  const sourceFile = top.getSourceFile();
  if (resolveName(declaration.name.text, sourceFile).kind !== 'global') return undefined;
  const text = sourceFile.text;
  const lineStart = text.lastIndexOf('\n', statement.getStart() - 1) + 1;
  const lineEnd = text.indexOf('\n', statement.getEnd());
  const removeEnd = lineEnd < 0 ? statement.getEnd() : lineEnd + 1;
  const insertAt = top.getFullStart() + (text.slice(top.getFullStart(), top.getStart()).length - text.slice(top.getFullStart(), top.getStart()).trimStart().length);
  return {
    title: `Create \`${declaration.name.text}\` once, at module scope`,
    edits: [
      { start: insertAt, end: insertAt, newText: `${statement.getText().trim()}\n\n` },
      { start: lineStart, end: removeEnd, newText: '' },
    ],
  };
}

/** True when an expression refers to something declared inside `fn` (a parameter, a local). */
function usesLocals(expression: ts.Node, fn: FunctionNode): boolean {
  let found = false;
  // An explicit stack (forEachDescendant): option objects can nest deeper than the call stack.
  forEachDescendant(expression, (node) => {
    if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) && !(ts.isPropertyAssignment(node.parent) && node.parent.name === node)) {
      const binding = resolveName(node.text, node);
      if (binding.kind === 'local' && contains(fn, binding.declaration)) found = true;
    }
    return found ? 'stop' : undefined;
  });
  return found;
}

function creations(file: Parameters<typeof requestSites>[0]): Array<ts.NewExpression | ts.CallExpression> {
  const found: Array<ts.NewExpression | ts.CallExpression> = [];
  for (const construction of file.constructions) if (constructedClass(construction)) found.push(construction);
  for (const call of file.calls) {
    if (!/^(create|extend)$/.test(trailingName(call.expression) ?? '')) continue;
    const origin = originOf(call);
    if (origin.kind === 'instance' && origin.creation === call && ts.isPropertyAccessExpression(call.expression)) found.push(call);
  }
  return found;
}

function createdLabel(creation: ts.NewExpression | ts.CallExpression): string {
  const callee = creation.expression.getText().replace(/\s+/g, '');
  return ts.isNewExpression(creation) ? `new ${callee}()` : `${callee}()`;
}

function insideLoop(node: ts.Node, fn: FunctionNode): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isLoop(current) && contains(current.statement, node)) return true;
  }
  return false;
}

/**
 * The instance outlives the call: returned (a factory), stored on `this` or an outer variable,
 * memoized (`??=`), or put in a cache (`cache.set(key, agent)`).
 */
function escapes(creation: ts.Expression, fn: FunctionNode): boolean {
  let current: ts.Node = creation;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent)) current = current.parent;
  const parent = current.parent;
  if (ts.isReturnStatement(parent) || ts.isArrowFunction(parent)) return true;
  if (ts.isBinaryExpression(parent) && parent.right === current) return !rebuiltField(parent, fn);
  if (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && ['set', 'push', 'add'].includes(parent.expression.name.text)) return true;
  if (ts.isCallExpression(parent) && ts.isIdentifier(parent.expression) && /Dispatcher$/.test(parent.expression.text)) return true;
  if (ts.isPropertyDeclaration(parent)) return true;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return variableEscapes(parent.name.text, fn);
  if (ts.isPropertyAssignment(parent)) return objectEscapes(parent.parent, fn);
  return false;
}

/** Methods that run once (set-up, log-in) may build the client they keep. */
const oneTimeMethod = /^(init|initialize|setup|setUp|connect|configure|start|bootstrap|onModuleInit|onApplicationBootstrap|reset|create|build)/;

/**
 * `this.client = axios.create(…)` in a per-call method, not guarded by a check of `this.client` (`if (!this.client)`,
 * `??=`): the field is rebuilt on every call, so the pool it holds is never reused.
 */
function rebuiltField(assignment: ts.BinaryExpression, fn: FunctionNode): boolean {
  if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const target = assignment.left;
  if (!ts.isPropertyAccessExpression(target) || target.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  if (!ts.isMethodDeclaration(fn) || oneTimeMethod.test(fn.name.getText())) return false;
  const field = target.getText();
  for (let node: ts.Node = assignment; node !== fn; node = node.parent) {
    const condition = ts.isIfStatement(node) ? node.expression : ts.isConditionalExpression(node) ? node.condition : undefined;
    if (condition?.getText().includes(field)) return false;
  }
  return true;
}

function variableEscapes(name: string, fn: FunctionNode): boolean {
  let found = false;
  if (fn.body) {
    forEachDescendant(fn.body, (node) => {
      if (!ts.isIdentifier(node) || node.text !== name) return undefined;
      found = referenceEscapes(node, fn);
      return found ? 'stop' : 'skip';
    });
  }
  return found;
}

function referenceEscapes(reference: ts.Identifier, fn: FunctionNode): boolean {
  const parent = reference.parent;
  if (ts.isReturnStatement(parent)) return true;
  if (ts.isShorthandPropertyAssignment(parent) || (ts.isPropertyAssignment(parent) && parent.initializer === reference)) {
    return objectEscapes(parent.parent, fn);
  }
  if (ts.isBinaryExpression(parent) && parent.right === reference && parent.operatorToken.kind !== ts.SyntaxKind.EqualsEqualsEqualsToken) {
    return !ts.isIdentifier(parent.left) || !contains(fn, declarationOf(parent.left) ?? fn);
  }
  // Handed to another function (`setGlobalDispatcher(agent)`, `pools.push(pool)`, `cache.set(k, agent)`): it may outlive the call.
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(reference)) return true;
  return false;
}

function declarationOf(identifier: ts.Identifier): ts.Node | undefined {
  const binding = resolveName(identifier.text, identifier);
  return binding.kind === 'global' ? undefined : binding.declaration;
}

function objectEscapes(literal: ts.ObjectLiteralExpression, fn: FunctionNode): boolean {
  const parent = literal.parent;
  if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent === fn)) return true;
  if (ts.isParenthesizedExpression(parent) && ts.isArrowFunction(parent.parent)) return true;
  return false;
}

export default rule;

/**
 * Where a value comes from, followed through local declarations: an imported module, an HTTP
 * client instance (`axios.create()`, `new Agent()`), or something we cannot see.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { type ClientId, instanceTypeNames, normalizeModule, undiciDispatcherClasses } from './clients';

/** A client instance and the expression that created it, when visible. */
export interface InstanceOrigin {
  kind: 'instance';
  client: ClientId | 'node-agent';
  /** The `axios.create(...)` / `new Agent(...)` expression, absent when known only from a type. */
  creation?: ts.CallExpression | ts.NewExpression;
  /** The options argument of the creation, when given. */
  options?: ts.Expression;
}

/** The result of following a value to its source. */
export type ValueOrigin =
  | { kind: 'module'; module: string; name: string }
  | InstanceOrigin
  | { kind: 'unknown' };

const unknown: ValueOrigin = { kind: 'unknown' };
const maxDepth = 5;

/** Follows `expression` through identifiers, `this.x` members and factory calls. */
export function originOf(expression: ts.Expression, depth = 0): ValueOrigin {
  if (depth > maxDepth) return unknown;
  const expr = skipOuterExpressions(ts.isAwaitExpression(expression) ? expression.expression : expression);
  if (ts.isIdentifier(expr)) return identifierOrigin(expr, depth);
  if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return thisMemberOrigin(expr, depth);
  }
  if (ts.isCallExpression(expr)) return factoryOrigin(expr, depth);
  if (ts.isNewExpression(expr)) return constructedOrigin(expr, depth);
  if (ts.isPropertyAccessExpression(expr)) {
    const base = originOf(expr.expression, depth + 1);
    // `require('axios').default`, `undici.Agent`: a member of a module is that module's export.
    if (base.kind === 'module' && (base.name === '*' || base.name === 'default')) {
      return { kind: 'module', module: base.module, name: expr.name.text };
    }
  }
  return unknown;
}

function identifierOrigin(identifier: ts.Identifier, depth: number): ValueOrigin {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind === 'import') return { kind: 'module', module: normalizeModule(binding.module), name: binding.name };
  if (binding.kind === 'global') return unknown;
  return declarationOrigin(binding.declaration, depth);
}

function declarationOrigin(declaration: ts.Node, depth: number): ValueOrigin {
  if (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isPropertyDeclaration(declaration)) {
    // `private http: AxiosInstance = axios.create({…})`: the creation says more (its options) than the type.
    // A parameter's default is only one of the values it may hold, so there the type still comes first.
    const initialized = declaration.initializer ? originOf(declaration.initializer, depth + 1) : unknown;
    if (!ts.isParameter(declaration) && initialized.kind === 'instance' && initialized.creation) return initialized;
    const typed = typeAnnotationOrigin(declaration.type);
    if (typed) return typed;
    if (declaration.initializer) return initialized;
  }
  return unknown;
}

function typeAnnotationOrigin(type: ts.TypeNode | undefined): InstanceOrigin | undefined {
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isIdentifier(type.typeName) ? type.typeName : type.typeName.right;
  const known = instanceTypeNames[name.text];
  if (!known) return undefined;
  const binding = resolveName(name.text, type);
  // Only trust the name when it is imported from the library it names (a local `Pool` type is not undici's).
  if (binding.kind !== 'import' || normalizeModule(binding.module) !== known.module) return undefined;
  return { kind: 'instance', client: known.client };
}

function thisMemberOrigin(access: ts.PropertyAccessExpression, depth: number): ValueOrigin {
  const owner = enclosingClass(access);
  if (!owner) return unknown;
  const name = access.name.text;
  // A field known only from its type (`private api: AxiosInstance`) is usually created in the constructor:
  // prefer the creation there, whose options tell whether it times out; keep the type as the fallback.
  let typed: ValueOrigin = unknown;
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && member.name.getText() === name) {
      const origin = declarationOrigin(member, depth);
      if (origin.kind === 'instance' && !origin.creation) typed = origin;
      else if (origin.kind !== 'unknown') return origin;
    }
    if (ts.isConstructorDeclaration(member)) {
      const origin = constructorAssignedOrigin(member, name, depth);
      if (origin.kind !== 'unknown') return origin;
    }
  }
  return typed;
}

function constructorAssignedOrigin(ctor: ts.ConstructorDeclaration, name: string, depth: number): ValueOrigin {
  for (const parameter of ctor.parameters) {
    if (ts.isIdentifier(parameter.name) && parameter.name.text === name && parameter.modifiers?.length) {
      return declarationOrigin(parameter, depth);
    }
  }
  // Top-level statements first, then those inside `if` / `try` blocks (`if (!config.byToken) { this.http = axios.create(…) }`).
  const pending: ts.Statement[] = [...(ctor.body?.statements ?? [])];
  for (let index = 0; index < pending.length && index < maxConstructorStatements; index++) {
    const statement = pending[index];
    if (ts.isBlock(statement)) pending.push(...statement.statements);
    else if (ts.isIfStatement(statement)) pending.push(statement.thenStatement, ...(statement.elseStatement ? [statement.elseStatement] : []));
    else if (ts.isTryStatement(statement)) pending.push(statement.tryBlock);
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, operatorToken, right } = statement.expression;
    if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
    if (left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) return originOf(right, depth + 1);
  }
  return unknown;
}

/** A bound on the constructor statements searched for a field's assignment. */
const maxConstructorStatements = 500;

/** The class whose `this` an expression sees (arrow functions keep it, function expressions do not). */
export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

function factoryOrigin(call: ts.CallExpression, depth: number): ValueOrigin {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return unknown;
  const method = callee.name.text;
  const base = originOf(callee.expression, depth + 1);
  const options = call.arguments[0];
  const client = factoryClient(base, method);
  return client ? { kind: 'instance', client, creation: call, options } : unknown;
}

function factoryClient(base: ValueOrigin, method: string): ClientId | undefined {
  const isModule = (module: string) =>
    base.kind === 'module' && base.module === module && (base.name === 'default' || base.name === '*');
  if (isModule('axios') && method === 'create') return 'axios';
  if ((isModule('got') || (base.kind === 'instance' && base.client === 'got')) && method === 'extend') return 'got';
  if ((isModule('ky') || (base.kind === 'instance' && base.client === 'ky')) && (method === 'create' || method === 'extend')) {
    return 'ky';
  }
  if (base.kind === 'instance' && base.client === 'undici-dispatcher' && method === 'compose') return 'undici-dispatcher';
  return undefined;
}

function constructedOrigin(construction: ts.NewExpression, depth: number): ValueOrigin {
  const constructed = constructedClass(construction, depth);
  if (!constructed) return unknown;
  // `new Pool(origin, options)`, `new Client(origin, options)`: the origin comes first; `new Agent(options)`.
  const origin = constructed === 'undici-dispatcher' ? originOf(construction.expression, depth + 1) : unknown;
  const optionsIndex = origin.kind === 'module' && originFirst.has(origin.name) ? 1 : 0;
  return { kind: 'instance', client: constructed, creation: construction, options: construction.arguments?.[optionsIndex] };
}

/** undici classes whose constructor takes the origin (or origins) before the options. */
const originFirst: ReadonlySet<string> = new Set(['Pool', 'Client', 'BalancedPool']);

/** Which socket-owning class a `new X(...)` builds: an undici dispatcher or Node's `http(s).Agent`. */
export function constructedClass(construction: ts.NewExpression, depth = 0): 'undici-dispatcher' | 'node-agent' | undefined {
  const origin = originOf(construction.expression, depth + 1);
  if (origin.kind !== 'module') return undefined;
  if (origin.module === 'undici' && undiciDispatcherClasses.has(origin.name)) return 'undici-dispatcher';
  if ((origin.module === 'http' || origin.module === 'https') && origin.name === 'Agent') return 'node-agent';
  return undefined;
}

/**
 * Requests behind run-time dispatch: a method called on a value whose declared type is a project class
 * (often abstract: `BaseJobProvider`, `BaseAuthProvider`) while the object is chosen at run time
 * (`this._provider = match(env).with(…)`, `static getInstance(): BaseAuthProvider`). No type checker, so
 * the implementations are found syntactically: the declared class itself and its subclasses that the file
 * choosing the object imports or declares. An implementation sends a request when its wrapper summary
 * reaches HTTP, when its body calls a catalogued SDK client (`this.provider.userManagement.getUser(…)` on
 * `new WorkOS(…)`), or when it dispatches again (`JobClient.triggerJob` → `this._provider.triggerJob`).
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { calledFunction, definitionOf, exportedDefinition } from './definitions';
import type { FileAnalysis, RequestSite, WrapperSummary } from './file-analysis';
import { sdkCall } from './sdk-clients';
import { enclosingClass } from './values';
import { bodyCalls, runsWhenCalled, summarize } from './wrappers';
import type { FunctionNode } from './syntax';

/** Dispatch levels followed from a call site (`jobs.triggerJob` → `this._provider.triggerJob` → an implementation). */
const maxDepth = 3;
/** Base classes followed up from a candidate subclass. */
const maxInheritance = 4;

interface ClassRef {
  file: FileAnalysis;
  node: ts.ClassLikeDeclaration;
}

/** A project class and the file whose imports name the classes that may stand in for it. */
interface DispatchTarget {
  declared: ClassRef;
  context: FileAnalysis;
}

interface Implementation {
  file: FileAnalysis;
  node: FunctionNode;
  className: string;
  /** The request the implementation ends up sending. */
  example: { file: FileAnalysis; node: ts.Node; label: string };
}

/**
 * `receiver.method(…)` as a request site when the method is chosen at run time and an implementation sends a
 * request (`wrapper` points at that implementation). Ask only for calls that matter (inside a fan-out): each
 * call costs a few definition lookups.
 */
export function dispatchedRequest(call: ts.CallExpression, file: FileAnalysis): RequestSite | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const implementation = dispatchedImplementation(call, file, 0);
  if (!implementation) return undefined;
  const name = `${implementation.className}.${methodName(implementation.node)}`;
  const summary: WrapperSummary = { reach: 'unlimited', retried: false, unsafeOnly: false, name, example: implementation.example };
  return { node: call, label: `${callee.getText().replace(/\s+/g, '')}()`, wrapper: { node: call, summary, target: { file: implementation.file, node: implementation.node } } };
}

function methodName(fn: FunctionNode): string {
  return fn.name && !ts.isComputedPropertyName(fn.name) ? fn.name.getText() : 'method';
}

/** The implementation of `receiver.method(…)` that sends a request, when one of the candidates does. */
function dispatchedImplementation(call: ts.CallExpression, file: FileAnalysis, depth: number): Implementation | undefined {
  if (depth > maxDepth) return undefined;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const target = dispatchTarget(callee.expression, file);
  if (!target) return undefined;
  for (const candidate of candidateClasses(target)) {
    const method = ownMethod(candidate.node, callee.name.text);
    if (!method) continue;
    const found = requestOf(method, candidate.file, depth);
    // A further dispatch names the implementation that sends (`EndpointJobProvider.triggerJob`, not `JobClient.triggerJob`).
    if (found && 'className' in found) return found;
    if (found) return { file: candidate.file, node: method, className: candidate.node.name?.text ?? 'class', example: found };
  }
  return undefined;
}

/** The request a method body sends: through its wrapper summary, an SDK client, or a further dispatch. */
function requestOf(method: FunctionNode, file: FileAnalysis, depth: number): Implementation | Implementation['example'] | undefined {
  const summary = summarize(method, file);
  if (summary.reach === 'unlimited' && summary.example) return summary.example;
  if (summary.reach !== 'none') return undefined;
  for (const inner of bodyCalls(method, file)) {
    if (!runsWhenCalled(inner, method)) continue;
    const sdk = sdkCall(inner);
    if (sdk) return { file, node: inner, label: skipOuterExpressions(inner.expression).getText().replace(/\s+/g, '') };
    const dispatched = dispatchedImplementation(inner, file, depth + 1);
    if (dispatched) return dispatched;
  }
  return undefined;
}

function ownMethod(owner: ts.ClassLikeDeclaration, name: string): FunctionNode | undefined {
  for (const member of owner.members) {
    if (ts.isMethodDeclaration(member) && member.body && member.name.getText() === name) return member;
  }
  return undefined;
}

/**
 * The project class a receiver is declared as, and the file that picks its run-time object:
 * `this._provider` (a field typed `BaseJobProvider`: the class's own file), `auth` where
 * `auth = AuthProvider.getInstance()` and `getInstance(): BaseAuthProvider` (the file declaring `getInstance`),
 * `jobs` where `jobs = new JobClient(…)`.
 */
function dispatchTarget(receiver: ts.Expression, file: FileAnalysis): DispatchTarget | undefined {
  const expr = skipOuterExpressions(receiver);
  if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = enclosingClass(expr);
    let declared: ClassRef | undefined;
    for (const member of owner?.members ?? []) {
      // A field set to one value where it is declared is that value, not a choice made at run time.
      if (ts.isPropertyDeclaration(member) && member.name.getText() === expr.name.text && !member.initializer) declared = typedClass(member.type, file);
    }
    // `this.provider = new NoopProvider()` in the constructor: that class, not any subclass of the declared one.
    const constructed = owner && constructedInConstructor(owner, expr.name.text, file);
    if (constructed) return { declared: constructed, context: constructed.file };
    return declared ? { declared, context: file } : undefined;
  }
  if (!ts.isIdentifier(expr) || resolveName(expr.text, expr).kind === 'global') return undefined;
  const definition = definitionOf(expr, file);
  if (!definition) return undefined;
  const value = definition.node;
  if (ts.isNewExpression(value)) {
    const constructed = definitionOf(value.expression, definition.file);
    return constructed && ts.isClassDeclaration(constructed.node) ? { declared: { file: constructed.file, node: constructed.node }, context: constructed.file } : undefined;
  }
  if (ts.isCallExpression(value)) {
    // `AuthProvider.getInstance()`: the factory's declared return type, its own file choosing the object.
    const factory = factoryOf(value, definition.file);
    const declared = factory && typedClass(factory.node.type, factory.file);
    return declared && factory ? { declared, context: factory.file } : undefined;
  }
  return undefined;
}

function constructedInConstructor(owner: ts.ClassLikeDeclaration, name: string, file: FileAnalysis): ClassRef | undefined {
  for (const member of owner.members) {
    if (!ts.isConstructorDeclaration(member) || !member.body) continue;
    for (const statement of member.body.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, operatorToken, right } = statement.expression;
      if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword || left.name.text !== name) continue;
      const value = skipOuterExpressions(right);
      if (!ts.isNewExpression(value)) return undefined;
      const definition = definitionOf(value.expression, file);
      return definition && ts.isClassDeclaration(definition.node) ? { file: definition.file, node: definition.node } : undefined;
    }
  }
  return undefined;
}

/** The function a factory call runs: `AuthProvider.getInstance()` (a static method of a project class) or `createClient()`. */
function factoryOf(call: ts.CallExpression, file: FileAnalysis): { file: FileAnalysis; node: FunctionNode } | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const owner = definitionOf(callee.expression, file);
    if (owner && ts.isClassDeclaration(owner.node)) {
      const method = ownMethod(owner.node, callee.name.text);
      return method ? { file: owner.file, node: method } : undefined;
    }
  }
  return calledFunction(call, file);
}

/** `BaseJobProvider` or `BaseJobProvider | null` as a type annotation naming a project class. */
function typedClass(type: ts.TypeNode | undefined, file: FileAnalysis): ClassRef | undefined {
  if (!type) return undefined;
  if (ts.isUnionTypeNode(type)) {
    const named = type.types.filter((member) => ts.isTypeReferenceNode(member));
    return named.length === 1 ? typedClass(named[0], file) : undefined;
  }
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const definition = definitionOf(type.typeName, file);
  return definition && ts.isClassDeclaration(definition.node) ? { file: definition.file, node: definition.node } : undefined;
}

/** The declared class, then the classes the choosing file declares or imports that extend it. */
function candidateClasses(target: DispatchTarget): ClassRef[] {
  const candidates: ClassRef[] = [target.declared];
  for (const candidate of classesNamedIn(target.context)) {
    if (candidate.node !== target.declared.node && extendsClass(candidate, target.declared.node)) candidates.push(candidate);
  }
  return candidates;
}

function classesNamedIn(file: FileAnalysis): ClassRef[] {
  const classes: ClassRef[] = [];
  for (const statement of file.sourceFile.statements) {
    if (ts.isClassDeclaration(statement)) classes.push({ file, node: statement });
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const target = file.project.resolveImport(file.path, statement.moduleSpecifier.text);
    if (!target) continue;
    for (const element of bindings.elements) {
      if (element.isTypeOnly) continue;
      const definition = exportedDefinition(target, (element.propertyName ?? element.name).text);
      if (definition && ts.isClassDeclaration(definition.node)) classes.push({ file: definition.file, node: definition.node });
    }
  }
  return classes;
}

function extendsClass(candidate: ClassRef, base: ts.ClassLikeDeclaration): boolean {
  let current: ClassRef | undefined = candidate;
  for (let level = 0; current && level < maxInheritance; level++) {
    const clause = current.node.heritageClauses?.find((heritage: { token: ts.SyntaxKind }) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
    const expression = clause?.types[0]?.expression;
    if (!expression || !ts.isIdentifier(expression)) return false;
    const definition = definitionOf(expression, current.file);
    if (!definition || !ts.isClassDeclaration(definition.node)) return false;
    if (definition.node === base) return true;
    current = { file: definition.file, node: definition.node };
  }
  return false;
}

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
import { projectInterface } from './project-interfaces';
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

/** The declared type of a receiver: a project class (often abstract) or a project interface. */
interface TypeRef {
  file: FileAnalysis;
  node: ts.ClassLikeDeclaration | ts.InterfaceDeclaration;
}

/** A project class and the file whose imports name the classes that may stand in for it. */
interface DispatchTarget {
  declared: TypeRef;
  /** Files whose own and imported classes may stand in (the declared type's file is always searched too). */
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
    let declared: TypeRef | undefined;
    for (const member of owner?.members ?? []) {
      // A field set to one value where it is declared is that value, not a choice made at run time.
      if (ts.isPropertyDeclaration(member) && member.name.getText() === expr.name.text && !member.initializer) declared = typedClass(member.type, file);
      // `constructor(private readonly directory: UserDirectory)`: whatever the caller (or a container) passes.
      if (ts.isConstructorDeclaration(member)) declared ??= parameterType(member, expr.name.text, file);
    }
    // `this.provider = new NoopProvider()` in the constructor: that class, not any subclass of the declared one.
    const constructed = owner && constructedInConstructor(owner, expr.name.text, file);
    if (constructed) return { declared: constructed, context: constructed.file };
    return declared ? { declared, context: file } : undefined;
  }
  if (!ts.isIdentifier(expr)) return undefined;
  const binding = resolveName(expr.text, expr);
  if (binding.kind === 'global') return undefined;
  // `async function sync(directory: UserDirectory)`: a parameter typed by a project interface or abstract class.
  if (binding.kind === 'local' && ts.isParameter(binding.declaration)) {
    const declared = typedClass(binding.declaration.type, file);
    return declared && isContract(declared) ? { declared, context: file } : undefined;
  }
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

/** `BaseJobProvider`, `BaseJobProvider | null` or `UserDirectory` as a type annotation naming a project class or interface. */
function typedClass(type: ts.TypeNode | undefined, file: FileAnalysis): TypeRef | undefined {
  if (!type) return undefined;
  if (ts.isUnionTypeNode(type)) {
    const named = type.types.filter((member) => ts.isTypeReferenceNode(member));
    return named.length === 1 ? typedClass(named[0], file) : undefined;
  }
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const definition = definitionOf(type.typeName, file);
  if (definition && ts.isClassDeclaration(definition.node)) return { file: definition.file, node: definition.node };
  return definition ? undefined : projectInterface(type.typeName, file);
}

/** An interface (`UserDirectory`) or an abstract class: a contract whose implementations are chosen elsewhere. */
function isContract(type: TypeRef): boolean {
  return ts.isInterfaceDeclaration(type.node) || (ts.getModifiers(type.node)?.some((modifier) => modifier.kind === ts.SyntaxKind.AbstractKeyword) ?? false);
}

/** The type of a constructor parameter property (`private readonly directory: UserDirectory`), when it is a contract. */
function parameterType(constructor: ts.ConstructorDeclaration, name: string, file: FileAnalysis): TypeRef | undefined {
  const parameter = constructor.parameters.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name && ts.getModifiers(candidate)?.length);
  const declared = parameter && typedClass(parameter.type, file);
  return declared && isContract(declared) ? declared : undefined;
}

/**
 * The declared class, then the classes that extend or implement it among those the choosing file and the declared
 * type's own file declare or import (a bounded search: two files' imports, not the whole project).
 */
function candidateClasses(target: DispatchTarget): ClassRef[] {
  const declared = target.declared;
  const candidates: ClassRef[] = ts.isInterfaceDeclaration(declared.node) ? [] : [{ file: declared.file, node: declared.node }];
  const seen = new Set<ts.Node>([declared.node]);
  const files = target.context === declared.file ? [target.context] : [target.context, declared.file];
  for (const candidate of files.flatMap(classesNamedIn)) {
    if (seen.has(candidate.node)) continue;
    seen.add(candidate.node);
    if (extendsClass(candidate, declared.node)) candidates.push(candidate);
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

/** Whether `candidate` extends the class `base` or implements the interface `base`, itself or through its base classes. */
function extendsClass(candidate: ClassRef, base: TypeRef['node']): boolean {
  let current: ClassRef | undefined = candidate;
  for (let level = 0; current && level < maxInheritance; level++) {
    if (ts.isInterfaceDeclaration(base) && implementsInterface(current, base)) return true;
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

/** `class HttpDirectory implements UserDirectory`: the clause names the interface (same file or imported). */
function implementsInterface(candidate: ClassRef, contract: ts.InterfaceDeclaration): boolean {
  const clause = candidate.node.heritageClauses?.find((heritage: { token: ts.SyntaxKind }) => heritage.token === ts.SyntaxKind.ImplementsKeyword);
  return clause?.types.some((type) => ts.isIdentifier(type.expression) && type.expression.text === contract.name.text && projectInterface(type.expression, candidate.file)?.node === contract) ?? false;
}

/**
 * Finds what a name or callee refers to across the project: local functions, class methods,
 * and exports of relatively imported files (`export function`, `export const`, re-exports,
 * `module.exports`). No type checker: declarations are followed syntactically.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import type { FileAnalysis, Definition } from './file-analysis';
import { type FunctionNode, isFunctionNode } from './syntax';
import { enclosingClass } from './values';

export type { Definition } from './file-analysis';

/**
 * Steps followed from a name to its definition (imports, re-exports, `const` aliases). Export lookups are cached per
 * file and name, so a long barrel chain (a workspace package's `index.ts` → `export *` → `export { x } from`…) costs
 * one lookup per file; the bound only ends `const a = b, b = a` cycles and keeps the stack small.
 */
const maxHops = 32;
/** Base classes followed from a class to find a member it inherits. */
const maxInheritance = 4;

/** The project function a call invokes, if it can be found. */
export function calledFunction(call: ts.CallExpression, file: FileAnalysis): { file: FileAnalysis; node: FunctionNode } | undefined {
  return referencedFunction(call.expression, file);
}

/** The project function an expression names (`fetchUser`, `this.load`, `api.getUser`), if it can be found. */
export function referencedFunction(expression: ts.Expression, file: FileAnalysis): { file: FileAnalysis; node: FunctionNode } | undefined {
  // Only `f`, `this.f`, `ns.f` and members of an imported module (`api.users.fetchUser`) can name a project function we
  // can find; other deeper chains are method calls on values.
  const callee = skipOuterExpressions(expression);
  const head = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? headName(callee, file) : undefined;
  if (head === undefined || !file.localFunctionNames.has(head)) return undefined;
  const definition = definitionOf(callee, file);
  if (definition && isFunctionNode(definition.node)) return { file: definition.file, node: definition.node };
  return undefined;
}

/** Member steps followed below a project import (`api.v2.users.fetchUser`: three). */
const maxImportMembers = 3;

/**
 * `ns` for `ns.f`, `f` for `this.f`, `x` for `this.x.f`, `api` for `api.users.fetchUser` when `api` is bound by an
 * import of a project file (a namespace or an exported object of functions); undefined for other deeper chains.
 */
function headName(access: ts.PropertyAccessExpression, file: FileAnalysis): string | undefined {
  const object = access.expression;
  if (object.kind === ts.SyntaxKind.ThisKeyword) return access.name.text;
  if (ts.isIdentifier(object)) return object.text;
  if (ts.isPropertyAccessExpression(object) && object.expression.kind === ts.SyntaxKind.ThisKeyword) return object.name.text;
  let root: ts.Expression = object;
  for (let steps = 1; ts.isPropertyAccessExpression(root) && steps <= maxImportMembers; steps++) root = root.expression;
  return ts.isIdentifier(root) && file.relativeImportNames.has(root.text) ? root.text : undefined;
}

/** Follows an expression to the value it was defined as (same file or a relative import). */
export function definitionOf(expression: ts.Expression, file: FileAnalysis, hops = 0): Definition | undefined {
  if (hops > maxHops) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isIdentifier(expr)) return identifierDefinition(expr, file, hops);
  if (ts.isPropertyAccessExpression(expr)) return memberDefinition(expr, file, hops);
  return { file, node: expr };
}

function identifierDefinition(identifier: ts.Identifier, file: FileAnalysis, hops: number): Definition | undefined {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind === 'global') return undefined;
  if (binding.kind === 'import') {
    const target = file.project.resolveImport(file.path, binding.module);
    if (!target) return undefined;
    if (binding.name === '*') return { file: target, node: target.sourceFile };
    return exportedDefinition(target, binding.name, hops + 1);
  }
  return declarationValue(binding.declaration, file, hops);
}

function declarationValue(declaration: ts.Node, file: FileAnalysis, hops: number): Definition | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration)) return { file, node: declaration };
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    const init = skipOuterExpressions(declaration.initializer);
    if (ts.isIdentifier(init) || ts.isPropertyAccessExpression(init)) return definitionOf(init, file, hops + 1) ?? { file, node: init };
    return { file, node: init };
  }
  if (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isPropertyDeclaration(declaration)) {
    return typedInstance(declaration.type, file, hops);
  }
  return undefined;
}

/** `users: UsersService` where `UsersService` is a project class: calls on it go to that class's methods. */
function typedInstance(type: ts.TypeNode | undefined, file: FileAnalysis, hops: number): Definition | undefined {
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const definition = definitionOf(type.typeName, file, hops + 1);
  // The class declaration stands for its instances: members of it resolve to its methods.
  return definition && ts.isClassDeclaration(definition.node) ? definition : undefined;
}

function memberDefinition(access: ts.PropertyAccessExpression, file: FileAnalysis, hops: number): Definition | undefined {
  const name = access.name.text;
  if (access.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = enclosingClass(access);
    return owner ? classMember(owner, name, file, hops) : undefined;
  }
  const base = definitionOf(access.expression, file, hops + 1);
  if (!base) return undefined;
  if (ts.isSourceFile(base.node)) return exportedDefinition(base.file, name, hops + 1);
  if (ts.isObjectLiteralExpression(base.node)) return objectMember(base.node, name, base.file, hops);
  const built = builtObject(base, hops);
  if (built) return objectMember(built.node, name, built.file, hops);
  const instanceOf = classOfInstance(base, hops);
  return instanceOf ? classMember(instanceOf.node, name, instanceOf.file, hops, true) : undefined;
}

/** The class an instance definition belongs to: a typed declaration (already the class) or `new Class()`. */
function classOfInstance(base: Definition, hops: number): { file: FileAnalysis; node: ts.ClassLikeDeclaration } | undefined {
  if (ts.isClassDeclaration(base.node)) return { file: base.file, node: base.node };
  if (ts.isNewExpression(base.node)) {
    const constructed = definitionOf(base.node.expression, base.file, hops + 1);
    if (constructed && ts.isClassDeclaration(constructed.node)) return { file: constructed.file, node: constructed.node };
  }
  return undefined;
}

/**
 * `const client = createStatusClient(key)` (or `await connect(key)`): the object literal the project factory returns, as
 * its expression body or a `return` (of the literal or of a `const` holding it), so `client.listUpdates(…)` is the
 * closure it holds.
 */
function builtObject(base: Definition, hops: number): { file: FileAnalysis; node: ts.ObjectLiteralExpression } | undefined {
  let expr: ts.Node = base.node;
  if (ts.isAwaitExpression(expr)) expr = skipOuterExpressions(expr.expression);
  if (!ts.isCallExpression(expr) || hops > maxHops) return undefined;
  const factory = definitionOf(expr.expression, base.file, hops + 1);
  const body = factory && isFunctionNode(factory.node) ? factory.node.body : undefined;
  if (!factory || !body) return undefined;
  // Asked for every member call on a `const` a call made: the factory's answer is remembered per parsed function.
  const cached = builtObjects.get(factory.node);
  if (cached !== undefined) return cached ?? undefined;
  let found: { file: FileAnalysis; node: ts.ObjectLiteralExpression } | undefined;
  const values = ts.isBlock(body) ? returnedValues(body) : [body];
  for (const value of values) {
    const definition = definitionOf(value, factory.file, hops + 1);
    if (definition && ts.isObjectLiteralExpression(definition.node)) found = { file: definition.file, node: definition.node };
    if (found) break;
  }
  // Only an answer from the factory's own file: one an import gave would outlive an edit of that file.
  const local = found ? found.file === factory.file : values.every((value) => !ts.isIdentifier(skipOuterExpressions(value)) && !ts.isPropertyAccessExpression(skipOuterExpressions(value)));
  if (local) builtObjects.set(factory.node, found ?? null);
  return found;
}

const builtObjects = new WeakMap<ts.Node, { file: FileAnalysis; node: ts.ObjectLiteralExpression } | null>();

/** The values a function body's own `return` statements give (not those of functions nested in it). */
function returnedValues(body: ts.Block): ts.Expression[] {
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionNode(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) values.push(node.expression);
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return values;
}

function classMember(owner: ts.ClassLikeDeclaration, name: string, file: FileAnalysis, hops: number, methodsOnly = false, inherited = 0): Definition | undefined {
  let signature: ts.MethodDeclaration | undefined;
  for (const member of owner.members) {
    if (ts.isConstructorDeclaration(member) && !methodsOnly) {
      const parameter = member.parameters.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name && candidate.modifiers?.length);
      if (parameter) return typedInstance(parameter.type, file, hops);
    }
    if (!member.name || member.name.getText() !== name) continue;
    // Overload signatures come first; the implementation is the declaration with a body.
    if (ts.isMethodDeclaration(member) && member.body) return { file, node: member };
    if (ts.isMethodDeclaration(member)) signature ??= member;
    if (ts.isPropertyDeclaration(member) && !methodsOnly) {
      return (member.initializer ? undefined : constructorAssignment(owner, name, file, hops)) ?? declarationValue(member, file, hops + 1);
    }
  }
  if (signature) return { file, node: signature };
  // A field only the constructor sets (`this.queue = new PQueue()`), declared or not (JavaScript classes).
  const assigned = methodsOnly ? undefined : constructorAssignment(owner, name, file, hops);
  if (assigned) return assigned;
  // `class GitlabHttp extends HttpBase`: a member it does not declare is the base class's.
  const base = inherited < maxInheritance ? baseClass(owner, file) : undefined;
  return base ? classMember(base.node, name, base.file, hops, methodsOnly, inherited + 1) : undefined;
}

/** The value the constructor's own statements assign to `this.<name>` (the first such assignment). */
function constructorAssignment(owner: ts.ClassLikeDeclaration, name: string, file: FileAnalysis, hops: number): Definition | undefined {
  const constructor = owner.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
  for (const statement of constructor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement)) continue;
    const assignment = statement.expression;
    if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const target = assignment.left;
    if (!ts.isPropertyAccessExpression(target) || target.expression.kind !== ts.SyntaxKind.ThisKeyword || target.name.text !== name) continue;
    const value = skipOuterExpressions(assignment.right);
    // `this.queue = queue` of a constructor parameter: what callers pass is not visible here.
    if (ts.isIdentifier(value) && resolveName(value.text, value).kind === 'local' && ts.isParameter(declarationOfLocal(value))) return undefined;
    return ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) ? definitionOf(value, file, hops + 1) : { file, node: value };
  }
  return undefined;
}

function declarationOfLocal(identifier: ts.Identifier): ts.Node {
  const binding = resolveName(identifier.text, identifier);
  return binding.kind === 'local' ? binding.declaration : identifier;
}

/** The project class `owner` extends, when it can be found. */
function baseClass(owner: ts.ClassLikeDeclaration, file: FileAnalysis): { file: FileAnalysis; node: ts.ClassLikeDeclaration } | undefined {
  const clause = owner.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
  const expression = clause?.types[0]?.expression;
  if (!expression || !(ts.isIdentifier(expression) || ts.isPropertyAccessExpression(expression))) return undefined;
  const definition = definitionOf(expression, file);
  return definition && ts.isClassDeclaration(definition.node) && definition.node !== owner ? { file: definition.file, node: definition.node } : undefined;
}

function objectMember(literal: ts.ObjectLiteralExpression, name: string, file: FileAnalysis, hops: number): Definition | undefined {
  for (const property of literal.properties) {
    if (!property.name || property.name.getText() !== name) continue;
    if (ts.isMethodDeclaration(property)) return { file, node: property };
    if (ts.isPropertyAssignment(property)) return definitionOf(property.initializer, file, hops + 1);
    if (ts.isShorthandPropertyAssignment(property)) return definitionOf(property.name, file, hops + 1);
  }
  return undefined;
}

/** What `file` exports under `name` ('default' for the default export); cached on the file. */
export function exportedDefinition(file: FileAnalysis, name: string, hops = 0): Definition | undefined {
  if (hops > maxHops) return undefined;
  if (file.exports.has(name)) return file.exports.get(name);
  file.exports.set(name, undefined);
  let found: Definition | undefined;
  for (const statement of file.sourceFile.statements) {
    found = statementExport(statement, name, file, hops);
    if (found) break;
  }
  file.exports.set(name, found);
  return found;
}

function hasExportModifier(node: ts.Node, keyword: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((modifier) => modifier.kind === keyword) ?? false);
}

function statementExport(statement: ts.Statement, name: string, file: FileAnalysis, hops: number): Definition | undefined {
  const exported = hasExportModifier(statement, ts.SyntaxKind.ExportKeyword);
  const isDefault = hasExportModifier(statement, ts.SyntaxKind.DefaultKeyword);
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && exported) {
    if ((isDefault && name === 'default') || (!isDefault && statement.name?.text === name)) return { file, node: statement };
  }
  if (ts.isVariableStatement(statement) && exported) {
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declarationValue(declaration, file, hops);
    }
  }
  if (ts.isExportAssignment(statement) && name === 'default') return definitionOf(statement.expression, file, hops + 1);
  if (ts.isExportDeclaration(statement)) return exportDeclaration(statement, name, file, hops);
  if (ts.isExpressionStatement(statement)) return commonJsExport(statement.expression, name, file, hops);
  return undefined;
}

function exportDeclaration(statement: ts.ExportDeclaration, name: string, file: FileAnalysis, hops: number): Definition | undefined {
  const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
  const clause = statement.exportClause;
  if (!clause) {
    const target = from ? file.project.resolveImport(file.path, from) : undefined;
    return target ? exportedDefinition(target, name, hops + 1) : undefined;
  }
  if (!ts.isNamedExports(clause)) return undefined;
  for (const element of clause.elements) {
    if (element.name.text !== name) continue;
    const local = (element.propertyName ?? element.name).text;
    if (from) {
      const target = file.project.resolveImport(file.path, from);
      return target ? exportedDefinition(target, local, hops + 1) : undefined;
    }
    const binding = resolveName(local, file.sourceFile);
    return binding.kind === 'local' ? declarationValue(binding.declaration, file, hops) : identifierDefinitionByName(local, file, hops);
  }
  return undefined;
}

function identifierDefinitionByName(local: string, file: FileAnalysis, hops: number): Definition | undefined {
  const binding = resolveName(local, file.sourceFile);
  if (binding.kind !== 'import') return undefined;
  const target = file.project.resolveImport(file.path, binding.module);
  return target ? exportedDefinition(target, binding.name, hops + 1) : undefined;
}

/** `module.exports = { f }`, `module.exports.f = f`, `exports.f = f`. */
function commonJsExport(expression: ts.Expression, name: string, file: FileAnalysis, hops: number): Definition | undefined {
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const target = expression.left.getText();
  if (target === 'module.exports') {
    const value = skipOuterExpressions(expression.right);
    if (name === 'default') return definitionOf(value, file, hops + 1);
    if (ts.isObjectLiteralExpression(value)) return objectMember(value, name, file, hops);
    return undefined;
  }
  if (target === `module.exports.${name}` || target === `exports.${name}`) return definitionOf(expression.right, file, hops + 1);
  return undefined;
}

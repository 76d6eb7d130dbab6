/**
 * Requests through SDK clients that the same-file recognizer (`sdkCall`) cannot see, by following the client a call
 * goes through to where it comes from: a client exported by another project file (`export const db: SupabaseClient
 * = …`, `export const db = createClient(…)`), a name or field typed as the SDK's client class (`private readonly db:
 * SupabaseClient`), one of two clients picked by a condition (`cond ? replica : primary`), a builder or handle on a
 * client (`db.from('jobs')`, `webApi.getCoreApi()`), a method a project interface declares as returning one
 * (`getClient(): Client`), and a client a project function builds and returns
 * (`const core = await azureApi.coreApi()` where `coreApi()` returns `new azure.WebApi(…).getCoreApi()`), through
 * `await`, `const` and `return`, across files. Each step is a definition lookup: ask for calls that matter (in a
 * loop, a fan-out).
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { calledFunction, definitionOf } from './definitions';
import type { FileAnalysis } from './file-analysis';
import { projectInterface } from './project-interfaces';
import { clientOrigin, sdkCallThrough, sdkEntryFor, type ClientOrigin, type SdkCall } from './sdk-clients';
import { forEachDescendant, type FunctionNode, isFunctionNode } from './syntax';
import { enclosingClass } from './values';

/** Imports, conditions, calls, returns, `await`s and declarations followed from a call to its client. */
const maxSteps = 10;

/** The SDK request `call` sends, following the client it goes through into other project files. */
export function sdkCallAcrossFiles(call: ts.CallExpression, file: FileAnalysis): SdkCall | undefined {
  if (!ts.isPropertyAccessExpression(skipOuterExpressions(call.expression))) return undefined;
  return sdkCallThrough(call, (root) => originOf(root, file, 0));
}

function originOf(expression: ts.Expression, file: FileAnalysis, steps: number): ClientOrigin | undefined {
  if (steps > maxSteps) return undefined;
  const expr = skipOuterExpressions(expression);
  const same = clientOrigin(expr);
  if (same) return same;
  if (ts.isAwaitExpression(expr)) return originOf(expr.expression, file, steps + 1);
  if (ts.isConditionalExpression(expr)) {
    const whenTrue = originOf(expr.whenTrue, file, steps + 1);
    const whenFalse = whenTrue && originOf(expr.whenFalse, file, steps + 1);
    return whenTrue && whenFalse?.entry === whenTrue.entry ? whenTrue : undefined;
  }
  if (ts.isCallExpression(expr)) return callOrigin(expr, file, steps);
  if (ts.isIdentifier(expr)) return identifierOrigin(expr, file, steps);
  if (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword) return memberOrigin(expr, file, steps);
  return undefined;
}

/**
 * `db.from('jobs')`, `db.storage.from('avatars')`, `webApi.getCoreApi()`: a builder or handle on a client sends
 * nothing itself and stands for the client; otherwise the client a project function returns (`azureApi.coreApi()`).
 */
function callOrigin(call: ts.CallExpression, file: FileAnalysis, steps: number): ClientOrigin | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isPropertyAccessExpression(callee)) {
    let owner: ts.Expression = skipOuterExpressions(callee.expression);
    while (ts.isPropertyAccessExpression(owner) && owner.expression.kind !== ts.SyntaxKind.ThisKeyword) owner = skipOuterExpressions(owner.expression);
    const found = originOf(owner, file, steps + 1);
    if (found) return found.entry.handles?.test(callee.name.text) ? found : undefined;
  }
  const target = calledFunction(call, file);
  if (target) return returnedBy(target.node, target.file, steps + 1);
  return ts.isPropertyAccessExpression(callee) ? declaredReturnOrigin(callee, file) : undefined;
}

/**
 * `client.getClient()` where `client: OutlookClient` and the project interface (or class) declares `getClient(): Client`
 * of a catalogued SDK: the client the method's declared return type names.
 */
function declaredReturnOrigin(callee: ts.PropertyAccessExpression, file: FileAnalysis): ClientOrigin | undefined {
  const type = receiverType(skipOuterExpressions(callee.expression));
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const declared = definitionOf(type.typeName, file);
  const owner = declared && ts.isClassDeclaration(declared.node) ? declared.node : declared ? undefined : projectInterface(type.typeName, file)?.node;
  for (const member of owner?.members ?? []) {
    if ((ts.isMethodSignature(member) || ts.isMethodDeclaration(member)) && member.name.getText() === callee.name.text && member.type) {
      return typeOrigin(member.type);
    }
  }
  return undefined;
}

/** The declared type of a receiver: a typed name (`client: OutlookClient`) or field (`this.outlook`). */
function receiverType(receiver: ts.Expression): ts.TypeNode | undefined {
  if (ts.isIdentifier(receiver)) {
    const binding = resolveName(receiver.text, receiver);
    const declaration = binding.kind === 'local' ? binding.declaration : undefined;
    return declaration && (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.type : undefined;
  }
  if (!ts.isPropertyAccessExpression(receiver) || receiver.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  for (const member of enclosingClass(receiver)?.members ?? []) {
    if (ts.isPropertyDeclaration(member) && member.name.getText() === receiver.name.text) return member.type;
    const parameter = ts.isConstructorDeclaration(member) ? member.parameters.find((candidate) => candidate.name.getText() === receiver.name.text && ts.getModifiers(candidate)?.length) : undefined;
    if (parameter) return parameter.type;
  }
  return undefined;
}

/** The client a project function returns: its expression body, or the first `return` whose value is one. */
function returnedBy(fn: FunctionNode, file: FileAnalysis, steps: number): ClientOrigin | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return originOf(body, file, steps);
  let found: ClientOrigin | undefined;
  forEachDescendant(body, (node) => {
    if (found) return 'stop';
    if (isFunctionNode(node)) return 'skip';
    if (ts.isReturnStatement(node) && node.expression) found = originOf(node.expression, file, steps);
    return undefined;
  });
  return found;
}

function identifierOrigin(identifier: ts.Identifier, file: FileAnalysis, steps: number): ClientOrigin | undefined {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind === 'local') return declarationOrigin(binding.declaration, file, steps);
  if (binding.kind !== 'import' || binding.name === '*' || !file.project.isProjectSpecifier(file.path, binding.module)) return undefined;
  const target = file.project.resolveImport(file.path, binding.module);
  return target ? exportedClient(target, binding.name, steps + 1) : undefined;
}

function exportedClient(file: FileAnalysis, name: string, steps: number): ClientOrigin | undefined {
  const declaration = exportedVariables(file).get(name);
  return declaration ? declarationOrigin(declaration, file, steps) : undefined;
}

/**
 * `export const name = …` at the top of a file, by name; remembered per parsed version (its own syntax only, so a
 * change elsewhere cannot make it stale), as loops ask for every call's receiver.
 */
const exportedVariableCache = new WeakMap<ts.SourceFile, Map<string, ts.VariableDeclaration>>();

function exportedVariables(file: FileAnalysis): Map<string, ts.VariableDeclaration> {
  const cached = exportedVariableCache.get(file.sourceFile);
  if (cached) return cached;
  const found = new Map<string, ts.VariableDeclaration>();
  for (const statement of file.sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || !statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) found.set(declaration.name.text, declaration);
  }
  exportedVariableCache.set(file.sourceFile, found);
  return found;
}

/** A declaration typed as the SDK's client class, or holding a client. */
function declarationOrigin(declaration: ts.Node, file: FileAnalysis, steps: number): ClientOrigin | undefined {
  if (ts.isBindingElement(declaration)) return typeOrigin(destructuredType(declaration));
  if (!ts.isVariableDeclaration(declaration) && !ts.isParameter(declaration) && !ts.isPropertyDeclaration(declaration)) return undefined;
  return typeOrigin(declaration.type) ?? (declaration.initializer ? originOf(declaration.initializer, file, steps + 1) : undefined);
}

/**
 * `({ client }: { client: CloudTasksClient })`, `({ client }: TaskArgs)` with `interface TaskArgs { client: … }` in the
 * same file: the type the destructured parameter's (or variable's) annotation gives the field.
 */
function destructuredType(element: ts.BindingElement): ts.TypeNode | undefined {
  const pattern = element.parent;
  const holder = pattern.parent;
  if (!ts.isObjectBindingPattern(pattern) || element.dotDotDotToken || !(ts.isParameter(holder) || ts.isVariableDeclaration(holder))) return undefined;
  const field = (element.propertyName ?? element.name).getText();
  const members = typeMembers(holder.type, holder.getSourceFile());
  const member = members?.find((candidate) => ts.isPropertySignature(candidate) && candidate.name.getText() === field);
  return member && ts.isPropertySignature(member) ? member.type : undefined;
}

/** The members of a type literal, or of a same-file interface or type alias of one that a reference names. */
function typeMembers(type: ts.TypeNode | undefined, source: ts.SourceFile): readonly ts.Node[] | undefined {
  if (!type) return undefined;
  if (ts.isTypeLiteralNode(type)) return type.members;
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const name = type.typeName.text;
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) return statement.members;
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name && ts.isTypeLiteralNode(statement.type)) return statement.type.members;
  }
  return undefined;
}

/** `SupabaseClient`, `SupabaseClient<Database>`, `gmail_v1.Gmail` imported from a catalogued SDK. */
function typeOrigin(type: ts.TypeNode | undefined): ClientOrigin | undefined {
  // `let client: CloudTasksClient | null = null`, set when configured: the client it holds once set.
  if (type && ts.isUnionTypeNode(type)) return typeOrigin(withoutNullish(type.types));
  if (!type || !ts.isTypeReferenceNode(type)) return undefined;
  const typeName = type.typeName;
  // `gmail_v1.Gmail`: a class in a namespace the SDK exports.
  const imported = ts.isIdentifier(typeName) ? typeName : ts.isIdentifier(typeName.left) ? typeName.left : undefined;
  if (!imported) return undefined;
  const binding = resolveName(imported.text, imported);
  if (binding.kind !== 'import') return undefined;
  const entry = sdkEntryFor(binding.module);
  const constructors = entry?.constructors;
  const name = ts.isIdentifier(typeName) ? binding.name : typeName.right.text;
  const matches = constructors && (typeof constructors === 'string' ? constructors === name : constructors.test(name));
  return entry && matches ? { entry, module: binding.module } : undefined;
}

/** `this.db` where the class declares `db: SupabaseClient` or takes `private db: SupabaseClient` in its constructor. */
function memberOrigin(access: ts.PropertyAccessExpression, file: FileAnalysis, steps: number): ClientOrigin | undefined {
  const owner = enclosingClass(access);
  if (!owner) return undefined;
  const name = access.name.text;
  for (const member of owner.members) {
    if (ts.isPropertyDeclaration(member) && member.name.getText() === name) return declarationOrigin(member, file, steps);
    if (!ts.isConstructorDeclaration(member)) continue;
    const parameter = member.parameters.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name && ts.getModifiers(candidate)?.length);
    if (parameter) return typeOrigin(parameter.type);
  }
  return undefined;
}

/** The one member of `X | null | undefined` that is not nullish, if there is exactly one. */
function withoutNullish(types: readonly ts.TypeNode[]): ts.TypeNode | undefined {
  const nullish = (member: ts.TypeNode) =>
    member.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword);
  const rest = types.filter((member) => !nullish(member));
  return rest.length === 1 ? rest[0] : undefined;
}

/**
 * Name resolution without a type checker: which declaration an identifier refers to, by walking
 * the enclosing scopes. Enough to tell the global `fetch` from a parameter named `fetch`, and an
 * axios import from a local variable called `axios`.
 */
import { ts } from './ts';

/** What a name refers to at a given place. */
export type Binding =
  | { kind: 'global' }
  | { kind: 'import'; module: string; name: string; declaration: ts.Node }
  | { kind: 'local'; declaration: ts.Node };

const scopeCache = new WeakMap<ts.Node, Map<string, ts.Node>>();

const globalBinding: Binding = { kind: 'global' };

/**
 * What a name resolves to from inside a scope, for every scope a resolution passed: rules resolve the same
 * names (`fetch`, `axios`, an import) from every call of a function, and each walk up to the file costs its
 * depth. It depends on the scope's ancestors, which an incremental parse changes for the subtrees it reuses,
 * so a re-parse forgets it (`forgetResolutions`); bounded in size, as trees of a whole workspace stay alive.
 */
let resolutions = new WeakMap<ts.Node, Map<string, Binding>>();
let rememberedScopes = 0;
const maxRememberedScopes = 50_000;

/** Forgets every remembered resolution: a tree was re-parsed incrementally, or another parser's tree adopted. */
export function forgetResolutions(): void {
  resolutions = new WeakMap();
  rememberedScopes = 0;
}

/** Resolves `name` as seen from `from`. Undeclared names are globals. */
export function resolveName(name: string, from: ts.Node): Binding {
  const passed: Array<Map<string, Binding>> = [];
  let found: Binding | undefined;
  for (let node: ts.Node | undefined = from; node; node = node.parent) {
    if (!isScope(node)) continue;
    let known = resolutions.get(node);
    const remembered = known?.get(name);
    if (remembered) {
      found = remembered;
      break;
    }
    if (!known) {
      if (++rememberedScopes > maxRememberedScopes) forgetResolutions();
      resolutions.set(node, (known = new Map<string, Binding>()));
    }
    passed.push(known);
    const declaration = declaredNames(node).get(name);
    if (declaration) {
      found = bindingFor(declaration);
      break;
    }
  }
  found ??= globalBinding;
  for (const known of passed) known.set(name, found);
  return found;
}

function isScope(node: ts.Node): boolean {
  return scopeKinds[node.kind];
}

/**
 * Whether a node of each kind opens a scope, read by kind alone: resolving a name tests every node up to its
 * scope, thousands of times a lint. The tests look only at `kind`, so they can be asked of a bare `{ kind }`.
 */
const scopeKinds: readonly boolean[] = Array.from({ length: ts.SyntaxKind.Count }, (_, kind) => opensScope({ kind } as ts.Node));

function opensScope(node: ts.Node): boolean {
  return (
    ts.isSourceFile(node) ||
    ts.isBlock(node) ||
    ts.isModuleBlock(node) ||
    ts.isCaseBlock(node) ||
    ts.isFunctionLike(node) ||
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isCatchClause(node) ||
    ts.isClassLike(node)
  );
}

function declaredNames(scope: ts.Node): Map<string, ts.Node> {
  let names = scopeCache.get(scope);
  if (!names) {
    names = new Map();
    collectDeclarations(scope, names);
    scopeCache.set(scope, names);
  }
  return names;
}

function collectDeclarations(scope: ts.Node, names: Map<string, ts.Node>): void {
  if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope)) {
    for (const statement of scope.statements) collectStatement(statement, names);
  } else if (ts.isCaseBlock(scope)) {
    for (const clause of scope.clauses) for (const statement of clause.statements) collectStatement(statement, names);
  } else if (ts.isFunctionLike(scope)) {
    for (const parameter of scope.parameters) collectBindingName(parameter.name, parameter, names);
    if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name) names.set(scope.name.text, scope);
  } else if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
    const initializer = scope.initializer;
    if (initializer && ts.isVariableDeclarationList(initializer)) {
      for (const declaration of initializer.declarations) collectBindingName(declaration.name, declaration, names);
    }
  } else if (ts.isCatchClause(scope)) {
    const declaration = scope.variableDeclaration;
    if (declaration) collectBindingName(declaration.name, declaration, names);
  } else if (ts.isClassExpression(scope) && scope.name) {
    names.set(scope.name.text, scope);
  }
}

function collectStatement(statement: ts.Statement, names: Map<string, ts.Node>): void {
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) collectBindingName(declaration.name, declaration, names);
  } else if (
    (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) &&
    statement.name
  ) {
    names.set(statement.name.text, statement);
  } else if (ts.isModuleDeclaration(statement) && ts.isIdentifier(statement.name)) {
    names.set(statement.name.text, statement);
  } else if (ts.isImportDeclaration(statement)) {
    collectImport(statement, names);
  } else if (ts.isImportEqualsDeclaration(statement)) {
    names.set(statement.name.text, statement);
  }
}

function collectImport(statement: ts.ImportDeclaration, names: Map<string, ts.Node>): void {
  const clause = statement.importClause;
  if (!clause) return;
  if (clause.name) names.set(clause.name.text, clause);
  const bindings = clause.namedBindings;
  if (!bindings) return;
  if (ts.isNamespaceImport(bindings)) names.set(bindings.name.text, bindings);
  else for (const element of bindings.elements) names.set(element.name.text, element);
}

function collectBindingName(name: ts.BindingName, declaration: ts.Node, names: Map<string, ts.Node>): void {
  if (ts.isIdentifier(name)) {
    names.set(name.text, declaration);
    return;
  }
  // Patterns nest as deep as the code does (`const [[[a]]] = x`): a stack, in source order, not recursion.
  const pending: ts.BindingElement[] = [];
  const pushElements = (pattern: Exclude<ts.BindingName, ts.Identifier>) => {
    for (let index = pattern.elements.length - 1; index >= 0; index--) {
      const element = pattern.elements[index];
      if (ts.isBindingElement(element)) pending.push(element);
    }
  };
  pushElements(name);
  while (pending.length > 0) {
    const element = pending.pop()!;
    if (ts.isIdentifier(element.name)) names.set(element.name.text, element);
    else pushElements(element.name);
  }
}

/** The module a `require('m')` or `await import('m')` expression loads, if it is one. */
export function requiredModule(expression: ts.Expression): string | undefined {
  let inner = skipOuterExpressions(expression);
  if (ts.isAwaitExpression(inner)) inner = skipOuterExpressions(inner.expression);
  if (!ts.isCallExpression(inner) || inner.arguments.length !== 1) return undefined;
  const argument = inner.arguments[0];
  if (!ts.isStringLiteralLike(argument)) return undefined;
  const isRequire = ts.isIdentifier(inner.expression) && inner.expression.text === 'require';
  const isImport = inner.expression.kind === ts.SyntaxKind.ImportKeyword;
  return isRequire || isImport ? argument.text : undefined;
}

/** Strips parentheses, type assertions, `!` and `satisfies`. */
export function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let current = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current)) {
      current = current.expression;
    } else if (ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

function bindingFor(declaration: ts.Node): Binding {
  if (ts.isImportClause(declaration)) {
    return { kind: 'import', module: moduleText(declaration.parent.moduleSpecifier), name: 'default', declaration };
  }
  if (ts.isNamespaceImport(declaration)) {
    return { kind: 'import', module: moduleText(declaration.parent.parent.moduleSpecifier), name: '*', declaration };
  }
  if (ts.isImportSpecifier(declaration)) {
    const imported = (declaration.propertyName ?? declaration.name).text;
    return { kind: 'import', module: moduleText(declaration.parent.parent.parent.moduleSpecifier), name: imported, declaration };
  }
  if (ts.isImportEqualsDeclaration(declaration)) {
    const reference = declaration.moduleReference;
    if (ts.isExternalModuleReference(reference) && ts.isStringLiteralLike(reference.expression)) {
      return { kind: 'import', module: reference.expression.text, name: '*', declaration };
    }
  }
  return requireBinding(declaration) ?? { kind: 'local', declaration };
}

/** `const x = require('m')`, `const { a: x } = require('m')`, `const x = require('m').y`. */
function requireBinding(declaration: ts.Node): Binding | undefined {
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
    const init = skipOuterExpressions(declaration.initializer);
    const whole = requiredModule(init);
    if (whole) return { kind: 'import', module: whole, name: '*', declaration };
    if (ts.isPropertyAccessExpression(init)) {
      const base = requiredModule(init.expression);
      if (base) return { kind: 'import', module: base, name: init.name.text, declaration };
    }
    return undefined;
  }
  if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
    const holder = declaration.parent.parent;
    if (!ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
    const module = requiredModule(holder.initializer);
    if (!module) return undefined;
    const property = declaration.propertyName ?? declaration.name;
    if (!ts.isIdentifier(property)) return undefined;
    return { kind: 'import', module, name: property.text, declaration };
  }
  return undefined;
}

function moduleText(specifier: ts.Expression): string {
  return ts.isStringLiteralLike(specifier) ? specifier.text : '';
}

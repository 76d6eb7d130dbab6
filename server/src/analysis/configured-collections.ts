/**
 * Collections that are what one owner configured by hand (a workspace's webhooks, an account's calendar connections),
 * a handful whatever the table holds: the rows of an owner-scoped query of a configuration table
 * (`table-scans.ts`), followed back from a fan-out's collection through `const`s, `filter`s, `await`, one result of
 * `await Promise.all([…])`, the project function that returns them, and a parameter (also destructured) to what this
 * file's calls of its function pass. Asked only for a fan-out about to be reported: each step is a lookup.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { callsNamed } from './calls-by-name';
import { calledFunction } from './definitions';
import type { FileAnalysis } from './file-analysis';
import { forEachDescendant, isFunctionNode, type FunctionNode } from './syntax';
import { ownerConfigurationRows } from './table-scans';

/** Steps followed from a collection back to its query. */
const maxSteps = 12;
/** Calls of a function looked at for what they pass. */
const maxCallers = 8;

/** `the webhook rows of one owner`: why the collection is a handful, when its rows are an owner's configuration. */
export function configuredRows(collection: ts.Expression | undefined, file: FileAnalysis): string | undefined {
  return collection ? rowsOf(collection, file, 0) : undefined;
}

function rowsOf(expression: ts.Expression, file: FileAnalysis, steps: number): string | undefined {
  if (steps > maxSteps) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isAwaitExpression(expr)) return rowsOf(expr.expression, file, steps + 1);
  if (ts.isIdentifier(expr)) return identifierRows(expr, file, steps);
  if (!ts.isCallExpression(expr)) return undefined;
  const callee = skipOuterExpressions(expr.expression);
  if (ts.isPropertyAccessExpression(callee) && ['filter', 'sort', 'toSorted', 'slice'].includes(callee.name.text)) return rowsOf(callee.expression, file, steps + 1);
  const query = ownerConfigurationRows(expr);
  if (query) return query;
  // `getWebhooksForPipeline(workspaceId, event)`: what the project function returns.
  const target = calledFunction(expr, file);
  return target ? returnedRows(target.node, target.file, steps + 1) : undefined;
}

function returnedRows(fn: FunctionNode, file: FileAnalysis, steps: number): string | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return rowsOf(body, file, steps);
  const returned: ts.Expression[] = [];
  forEachDescendant(body, (node) => {
    if (isFunctionNode(node)) return 'skip';
    if (ts.isReturnStatement(node) && node.expression) returned.push(node.expression);
    return undefined;
  });
  // Every return must be such rows: an early `return []` is fewer still.
  let found: string | undefined;
  for (const value of returned) {
    const inner = skipOuterExpressions(value);
    if (ts.isArrayLiteralExpression(inner) && inner.elements.length === 0) continue;
    const rows = rowsOf(value, file, steps);
    if (!rows) return undefined;
    found ??= rows;
  }
  return found;
}

function identifierRows(identifier: ts.Identifier, file: FileAnalysis, steps: number): string | undefined {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind !== 'local') return undefined;
  const declaration = binding.declaration;
  if (ts.isVariableDeclaration(declaration)) return declaration.initializer ? rowsOf(declaration.initializer, file, steps + 1) : undefined;
  if (ts.isParameter(declaration) && ts.isIdentifier(declaration.name)) return passedRows(declaration, undefined, file, steps);
  if (!ts.isBindingElement(declaration) || declaration.dotDotDotToken) return undefined;
  const pattern = declaration.parent;
  const holder = pattern.parent;
  // `({ webhooks }: Args) => …`: the field of the object the callers pass.
  if (ts.isObjectBindingPattern(pattern) && ts.isParameter(holder)) return passedRows(holder, (declaration.propertyName ?? declaration.name).getText(), file, steps);
  // `const [organization, webhooks] = await Promise.all([getOrganization(id), getWebhooks(id)])`: one of the results.
  if (!ts.isArrayBindingPattern(pattern) || !ts.isVariableDeclaration(holder) || !holder.initializer) return undefined;
  const awaited = skipOuterExpressions(holder.initializer);
  const all = ts.isAwaitExpression(awaited) ? skipOuterExpressions(awaited.expression) : undefined;
  if (!all || !ts.isCallExpression(all) || all.expression.getText() !== 'Promise.all') return undefined;
  const list = all.arguments[0] && skipOuterExpressions(all.arguments[0]);
  const element = list && ts.isArrayLiteralExpression(list) ? list.elements[pattern.elements.indexOf(declaration)] : undefined;
  return element && !ts.isSpreadElement(element) ? rowsOf(element, file, steps + 1) : undefined;
}

/**
 * What this file's calls of the parameter's function pass for it (`field` of an object argument when destructured):
 * every such call must pass an owner's configuration rows, and there must be one.
 */
function passedRows(parameter: ts.ParameterDeclaration, field: string | undefined, file: FileAnalysis, steps: number): string | undefined {
  const fn = parameter.parent;
  if (!isFunctionNode(fn) || parameter.dotDotDotToken) return undefined;
  const name = declaredName(fn);
  if (!name) return undefined;
  const index = fn.parameters.indexOf(parameter);
  let found: string | undefined;
  let callers = 0;
  for (const call of callsNamed(file, name)) {
    if (call.arguments.length <= index || calledFunction(call, file)?.node !== fn) continue;
    if (++callers > maxCallers) return undefined;
    const passed = field === undefined ? call.arguments[index] : fieldOf(call.arguments[index], field);
    const rows = passed && rowsOf(passed, file, steps + 1);
    if (!rows) return undefined;
    found ??= rows;
  }
  return found;
}

/** The name calls use for a function: its own, or the `const` or property holding it. */
function declaredName(fn: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const holder = fn.parent;
  return (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder)) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}

/** `webhooks` in `{ webhooks, data }` or `{ webhooks: rows }`. */
function fieldOf(argument: ts.Expression, field: string): ts.Expression | undefined {
  const literal = skipOuterExpressions(argument);
  if (!ts.isObjectLiteralExpression(literal)) return undefined;
  for (const property of literal.properties) {
    if (property.name?.getText() !== field) continue;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
    if (ts.isPropertyAssignment(property)) return property.initializer;
  }
  return undefined;
}

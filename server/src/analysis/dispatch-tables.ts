/**
 * Calls through a table of project functions keyed by a run-time value: `providers[kind].sendAlert(…)`,
 * `handlers[event.type](…)`, where the table is an object literal (in this file or exported by another) whose entries
 * are functions, or objects of functions. The functions the table holds there, as definitions to summarize.
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import { definitionOf } from './definitions';
import type { FileAnalysis, FunctionTarget } from './file-analysis';
import { isFunctionNode } from './syntax';

/** Entries of a table looked into, at most: the first ones show what kind of table it is. */
const maxEntries = 16;

/** The project functions `table[key].member` or `table[key]` can be, read from the table's object literal. */
export function tableFunctions(callee: ts.Expression, file: FileAnalysis): FunctionTarget[] {
  let expression = skipOuterExpressions(callee);
  let member: string | undefined;
  if (ts.isPropertyAccessExpression(expression)) {
    member = expression.name.text;
    expression = skipOuterExpressions(expression.expression);
  }
  if (!ts.isElementAccessExpression(expression)) return [];
  const table = definitionOf(expression.expression, file);
  if (!table || !ts.isObjectLiteralExpression(table.node)) return [];
  const found: FunctionTarget[] = [];
  for (const entry of table.node.properties.slice(0, maxEntries)) {
    const value = member === undefined ? entryValue(entry) : memberOf(entryValue(entry), member);
    if (!value) continue;
    if (isFunctionNode(value)) found.push({ file: table.file, node: value });
    else if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
      const definition = definitionOf(value, table.file);
      if (definition && isFunctionNode(definition.node)) found.push({ file: definition.file, node: definition.node });
    }
  }
  return found;
}

/** What an entry holds: `key: value`, `key` (shorthand), `key(…) { … }` (the method itself). */
function entryValue(entry: ts.ObjectLiteralElementLike | undefined): ts.Node | undefined {
  if (!entry) return undefined;
  if (ts.isPropertyAssignment(entry)) return skipOuterExpressions(entry.initializer);
  if (ts.isShorthandPropertyAssignment(entry)) return entry.name;
  return ts.isMethodDeclaration(entry) ? entry : undefined;
}

/** `{ sendAlert: sendSlackAlert, … }`: what an object-literal entry holds under `member`. */
function memberOf(value: ts.Node | undefined, member: string): ts.Node | undefined {
  if (!value || !ts.isObjectLiteralExpression(value)) return undefined;
  return entryValue(value.properties.find((property) => property.name?.getText() === member));
}

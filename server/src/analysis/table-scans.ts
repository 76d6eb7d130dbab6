/**
 * Queries that read every row a filter keeps, across all tenants: no row cap and no condition on a key that scopes
 * them to one record's rows (`db.select().from(monitor).where(eq(monitor.active, true))`,
 * `prisma.subscriber.findMany({ where: { verified: true } })`). Evidence that a collection is large
 * (`large-collections.ts`); a query scoped by a key (`eq(webhook.workspaceId, id)`, `{ where: { projectId } }`) is a
 * tenant's rows, often a handful, and says nothing.
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import { queryCapOptions } from './collections';
import { forEachDescendant } from './syntax';

/** Names of columns and fields that pick one record's rows: `id`, `workspaceId`, `monitor_id`, `slug`, `email`. */
const scopingKey = /^(id|slug|email|key|uuid)$|[a-z](Id|Ids|ID|Key|Slug)$|_(id|ids|key)$/;
/** Builder steps that cap or page the rows. */
const cappingSteps = new Set([...queryCapOptions, 'offset', 'skip', 'cursor', 'paginate', 'findFirst', 'get', 'executeTakeFirst', 'executeTakeFirstOrThrow']);
/** Comparisons whose first operand, a scoping column, scopes the rows (drizzle's `eq`, `inArray`). */
const scopingComparisons = new Set(['eq', 'inArray']);
/** Builder steps that filter the rows. */
const filterSteps = new Set(['where', 'andWhere', 'orWhere', 'filter', 'whereIn']);
/** Links followed down a query builder chain. */
const maxLinks = 32;

/**
 * `every \`monitor\` row the query keeps, no limit`: a drizzle (`select().from(t)`), Kysely (`selectFrom('t')`)
 * or Prisma (`db.t.findMany(…)`) query with no row cap and no scoping condition, said for a message.
 */
export function unscopedQueryRows(expression: ts.Expression): string | undefined {
  let expr = skipOuterExpressions(expression);
  let table: string | undefined;
  for (let links = 0; ts.isCallExpression(expr) && links < maxLinks; links++) {
    const callee = skipOuterExpressions(expr.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const step = callee.name.text;
    if (cappingSteps.has(step) || (filterSteps.has(step) && expr.arguments.some(scopes))) return undefined;
    if (step === 'from' || step === 'selectFrom') table = tableName(expr.arguments[0]) ?? table;
    if (step === 'findMany') {
      const model = skipOuterExpressions(callee.expression);
      table = ts.isPropertyAccessExpression(model) ? model.name.text : undefined;
      return table && !expr.arguments.some(capsOrScopes) ? described(table) : undefined;
    }
    expr = skipOuterExpressions(callee.expression);
  }
  return table ? described(table) : undefined;
}

function described(table: string): string {
  return `every \`${table.length > 32 ? `${table.slice(0, 31)}…` : table}\` row the query keeps, no limit`;
}

function tableName(argument: ts.Expression | undefined): string | undefined {
  const expr = argument && skipOuterExpressions(argument);
  if (!expr) return undefined;
  if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr)) return expr.getText();
  return ts.isStringLiteralLike(expr) ? expr.text : undefined;
}

/** Options that are not plainly written, or `{ take: n }`, `{ cursor }`, `{ skip }`, or a `where` on a scoping key. */
function capsOrScopes(argument: ts.Expression): boolean {
  const expr = skipOuterExpressions(argument);
  if (!ts.isObjectLiteralExpression(expr)) return true;
  return expr.properties.some((property) => {
    if (ts.isSpreadAssignment(property) || property.name === undefined) return true;
    const name = property.name.getText();
    if (cappingSteps.has(name)) return true;
    return name === 'where' && (!ts.isPropertyAssignment(property) || scopes(property.initializer));
  });
}

/**
 * A condition on a scoping key anywhere in a filter: `eq(t.workspaceId, id)`, `{ projectId }`, Kysely's
 * `where('workspace_id', '=', id)`.
 */
function scopes(argument: ts.Expression): boolean {
  if (ts.isStringLiteralLike(argument) && scopingKey.test(argument.text.replace(/^.*\./, ''))) return true;
  let found = false;
  forEachDescendant(argument, (node) => {
    if (found) return 'stop';
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && scopingKey.test(node.name.getText())) found = true;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && scopingComparisons.has(node.expression.text)) {
      const column = node.arguments[0] && skipOuterExpressions(node.arguments[0]);
      if (column && ts.isPropertyAccessExpression(column) && scopingKey.test(column.name.text)) found = true;
    }
    return found ? 'stop' : undefined;
  });
  return found;
}

/** Tables of what an owner configures by hand: its webhooks, integrations, calendar connections, notification channels. */
const configurationTable = /(webhook|integration|connection|connector|destination|channel)s?$/i;
/** A key naming the owner of the rows: `workspaceId`, `emailAccountId`, `team_id` (not a row's own `id`). */
const ownerKey = /^[a-z][A-Za-z0-9]*(Id|_id)$/;

/**
 * `the webhooks of one owner (\`prisma.webhook.findMany()\`)`: a query of a configuration table scoped to one owner
 * (`findMany({ where: { workspaceId, … } })`, `select().from(webhook).where(eq(webhook.workspaceId, id))`): a
 * handful, whatever the table holds. Undefined for other queries.
 */
export function ownerConfigurationRows(expression: ts.Expression): string | undefined {
  let expr = skipOuterExpressions(expression);
  let owned = false;
  for (let links = 0; ts.isCallExpression(expr) && links < maxLinks; links++) {
    const callee = skipOuterExpressions(expr.expression);
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const step = callee.name.text;
    if (filterSteps.has(step) && expr.arguments.some(scopesToOwner)) owned = true;
    if (step === 'from' && owned) {
      const table = tableName(expr.arguments[0]);
      return table && configurationTable.test(table.replace(/^.*\./, '')) ? `the ${table} rows of one owner` : undefined;
    }
    if (step === 'findMany') {
      const model = skipOuterExpressions(callee.expression);
      const table = ts.isPropertyAccessExpression(model) ? model.name.text : undefined;
      const where = expr.arguments[0] && optionsWhere(expr.arguments[0]);
      return table && configurationTable.test(table) && where && scopesToOwner(where) ? `the ${table} rows of one owner` : undefined;
    }
    expr = skipOuterExpressions(callee.expression);
  }
  return undefined;
}

function optionsWhere(argument: ts.Expression): ts.Expression | undefined {
  const options = skipOuterExpressions(argument);
  if (!ts.isObjectLiteralExpression(options)) return undefined;
  const where = options.properties.find((property) => property.name?.getText() === 'where');
  return where && ts.isPropertyAssignment(where) ? where.initializer : undefined;
}

/** `{ workspaceId }`, `{ teamId: team.id }`, `eq(webhook.workspaceId, id)`, at the top of a filter or in its `AND`. */
function scopesToOwner(filter: ts.Expression): boolean {
  const expr = skipOuterExpressions(filter);
  if (ts.isObjectLiteralExpression(expr)) {
    return expr.properties.some((property) => {
      const name = property.name?.getText();
      if (name && ownerKey.test(name)) return ts.isShorthandPropertyAssignment(property) || (ts.isPropertyAssignment(property) && !ts.isObjectLiteralExpression(skipOuterExpressions(property.initializer)));
      return name === 'AND' && ts.isPropertyAssignment(property) && elementsOf(property.initializer).some(scopesToOwner);
    });
  }
  if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression)) return false;
  if (expr.expression.text === 'and') return expr.arguments.some(scopesToOwner);
  const column = expr.expression.text === 'eq' && expr.arguments[0] ? skipOuterExpressions(expr.arguments[0]) : undefined;
  return column !== undefined && ts.isPropertyAccessExpression(column) && ownerKey.test(column.name.text);
}

function elementsOf(expression: ts.Expression): readonly ts.Expression[] {
  const expr = skipOuterExpressions(expression);
  return ts.isArrayLiteralExpression(expr) ? expr.elements : [expr];
}

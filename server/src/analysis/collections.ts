/** Whether the collection a fan-out iterates over is provably small or is a fixed-size chunk. */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { asObjectLiteral, constInitializer, numericValue } from './options';
import { shortText } from './syntax';

/** At most this many concurrent requests count as a small, literal fan-out. */
export const smallFanOut = 8;

/** Why a collection does not make an unbounded fan-out. */
export interface CollectionBound {
  reason: 'small' | 'chunked';
  /** Human-readable evidence: "an array literal of 3 elements", "a chunk of 50". */
  detail: string;
}

const chunkName = /(chunk|batch)(es|s)?$/i;
const maxDepth = 4;

/** A bound for the collection, or undefined when it may be large. */
export function collectionBound(expression: ts.Expression | undefined, depth = 0): CollectionBound | undefined {
  if (!expression || depth > maxDepth) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isArrayLiteralExpression(expr)) return arrayLiteralBound(expr, depth);
  if (ts.isObjectLiteralExpression(expr)) return arrayFromBound(expr, depth);
  if (ts.isIdentifier(expr)) return identifierBound(expr, depth);
  if (ts.isCallExpression(expr)) return callBound(expr, depth);
  if (ts.isPropertyAccessExpression(expr) && chunkName.test(expr.name.text)) {
    return { reason: 'chunked', detail: `\`${expr.name.text}\`, a batch` };
  }
  if (ts.isPropertyAccessExpression(expr) && isOneRecord(expr.expression)) return oneRecordBound(expr.expression);
  if (ts.isPropertyAccessExpression(expr) && pageFields.has(expr.name.text)) return oneUserListing(expr.expression);
  return undefined;
}

/** Keys that scope a listing to one person's own items. */
const userScope = new Set(['userId', 'user_id']);

/**
 * `existing.data` where `existing = await workos.mfa.listUserAuthFactors({ userId, limit: 100 })`: what one user made by
 * hand (their factors, sessions, keys), a handful whatever the page size. A listing scoped to an organization or a
 * project is not this: many people add to it.
 */
function oneUserListing(page: ts.Expression): CollectionBound | undefined {
  const expr = skipOuterExpressions(page);
  const binding = ts.isIdentifier(expr) ? resolveName(expr.text, expr) : undefined;
  const declaration = binding?.kind === 'local' ? binding.declaration : undefined;
  const initializer = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && skipOuterExpressions(declaration.initializer);
  const call = initializer && ts.isAwaitExpression(initializer) ? skipOuterExpressions(initializer.expression) : undefined;
  if (!call || !ts.isCallExpression(call) || !listedBy(call)) return undefined;
  const scoped = call.arguments.some((argument) => {
    const literal = asObjectLiteral(argument);
    return literal && literal !== 'unknown' && literal.properties.some((property) => property.name !== undefined && userScope.has(property.name.getText()));
  });
  return scoped ? { reason: 'small', detail: `the items of one user (\`${shortText(call.expression, 40)}\`)` } : undefined;
}

/** Lookups that return one row by key: prisma's `findUnique`/`findFirst`, TypeORM's `findOne`, Mongoose's `findById`. */
const oneRecordLookup = /^(find(Unique|First)(OrThrow)?|findOne(OrFail|By)?|findById)$/;

/**
 * `envelope.items` where `envelope = await db.envelope.findUnique(…)`: the children of one record, whose number
 * the application caps (items per document, recipients per envelope), not a table scan. Size unknown, so no
 * warning on a guess; the rule stays quiet.
 */
function isOneRecord(expression: ts.Expression): boolean {
  const expr = skipOuterExpressions(expression);
  if (ts.isAwaitExpression(expr)) return isOneRecordLookup(expr.expression);
  if (!ts.isIdentifier(expr)) return false;
  const binding = resolveName(expr.text, expr);
  if (binding.kind !== 'local' || !ts.isVariableDeclaration(binding.declaration) || !binding.declaration.initializer) return false;
  const initializer = skipOuterExpressions(binding.declaration.initializer);
  return ts.isAwaitExpression(initializer) && isOneRecordLookup(initializer.expression);
}

function isOneRecordLookup(expression: ts.Expression): boolean {
  const call = skipOuterExpressions(expression);
  return ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && oneRecordLookup.test(call.expression.name.text);
}

function oneRecordBound(record: ts.Expression): CollectionBound {
  return { reason: 'small', detail: `the children of one record (\`${record.getText()}\`)` };
}

/** A query page this small is a page, not a table scan: its requests are a bounded batch. */
export const maxQueryPage = 50;
/** Options and names that say how many rows a query returns at most. */
export const queryCapOptions = new Set(['take', 'limit', 'first', 'top', 'pageSize', 'per_page', 'perPage']);

/**
 * `await db.user.findMany({ take: 10 })`, `await sql\`… LIMIT 20\``, `….limit(20).execute()`: rows capped by the
 * query itself, at most `maxQueryPage`. The cap is in the code, so whatever the table holds the fan-out is that small.
 */
function queryCap(initializer: ts.Expression): CollectionBound | undefined {
  let expr = skipOuterExpressions(initializer);
  if (ts.isAwaitExpression(expr)) expr = skipOuterExpressions(expr.expression);
  const cap = queryRows(expr);
  return cap && cap.rows <= maxQueryPage ? { reason: cap.rows <= smallFanOut ? 'small' : 'chunked', detail: `at most ${cap.rows} rows (\`${cap.written}\`)` } : undefined;
}

/** The rows a query says it returns at most, and how the code says it (`take: 10`, `LIMIT 20`, `.limit(20)`). */
export interface RowCap {
  rows: number;
  written: string;
}

/**
 * The row cap of a query: `take: 1000` (or another `queryCapOptions` key) in its options, `LIMIT 200` in its SQL,
 * or `.limit(100)` / `.take(500)` / `.top(100)` down a query builder chain (`db.selectFrom('x').where(…).limit(100).execute()`).
 */
export function queryRows(expression: ts.Expression): RowCap | undefined {
  let expr: ts.Expression = skipOuterExpressions(expression);
  if (ts.isTaggedTemplateExpression(expr)) return sqlRows(expr.template.getText());
  for (let links = 0; ts.isCallExpression(expr) && links < 32; links++) {
    const callee = expr.expression;
    const inArguments = argumentRows(expr);
    if (inArguments) return inArguments;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    // `.top(999)`: an OData builder's `$top` (Microsoft Graph's `client.api(path).top(n)`).
    if ((callee.name.text === 'limit' || callee.name.text === 'take' || callee.name.text === 'top') && expr.arguments.length === 1) {
      const rows = numericCap(expr.arguments[0]);
      if (rows !== undefined) return { rows, written: `.${callee.name.text}(${rows})` };
    }
    expr = skipOuterExpressions(callee.expression);
  }
  return undefined;
}

function argumentRows(call: ts.CallExpression): RowCap | undefined {
  for (const argument of call.arguments) {
    const literal = asObjectLiteral(argument);
    if (literal && literal !== 'unknown') {
      for (const property of literal.properties) {
        if (!ts.isPropertyAssignment(property) || !queryCapOptions.has(property.name.getText())) continue;
        const rows = numericCap(property.initializer);
        if (rows !== undefined) return { rows, written: `${property.name.getText()}: ${rows}` };
      }
    } else if (ts.isStringLiteralLike(argument) || ts.isTemplateExpression(argument)) {
      const sql = sqlRows(argument.getText());
      if (sql) return sql;
    }
  }
  return undefined;
}

/**
 * The largest value an expression can have, when the code caps it: a number, a `const` holding one, or a clamp
 * (`Math.min(input.limit ?? 50, MAX_LIMIT)` is at most `MAX_LIMIT`; `Math.max(1, …)` of capped values at most their largest).
 */
export function numericCap(expression: ts.Expression, depth = 0): number | undefined {
  const value = numericValue(expression);
  if (value !== undefined || depth > maxDepth) return value;
  const expr = skipOuterExpressions(expression);
  if (ts.isIdentifier(expr)) {
    const initializer = constInitializer(expr);
    return initializer ? numericCap(initializer, depth + 1) : undefined;
  }
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression) || !isGlobalMath(expr.expression.expression)) return undefined;
  const caps = expr.arguments.map((argument) => numericCap(argument, depth + 1));
  const known = caps.filter((cap): cap is number => cap !== undefined);
  if (expr.expression.name.text === 'min') return known.length > 0 ? Math.min(...known) : undefined;
  if (expr.expression.name.text === 'max') return known.length > 0 && known.length === caps.length ? Math.max(...known) : undefined;
  return undefined;
}

function isGlobalMath(expression: ts.Expression): boolean {
  return ts.isIdentifier(expression) && expression.text === 'Math' && resolveName('Math', expression).kind === 'global';
}

function sqlRows(text: string): RowCap | undefined {
  const match = /\bLIMIT\s+(\d+)\b/i.exec(text);
  return match ? { rows: Number(match[1]), written: `LIMIT ${match[1]}` } : undefined;
}

/** `Object.values(this.jobDefinitions)`: handlers, plugins or job definitions registered in code, not data. */
const registryName = /(definitions|registry|handlers|plugins)$/i;

function arrayLiteralBound(literal: ts.ArrayLiteralExpression, depth: number): CollectionBound | undefined {
  let count = 0;
  for (const element of literal.elements) {
    if (ts.isSpreadElement(element)) {
      if (!collectionBound(element.expression, depth + 1)) return undefined;
      count += smallFanOut;
    } else {
      count += 1;
    }
  }
  return count <= smallFanOut ? { reason: 'small', detail: `an array literal of ${literal.elements.length} elements` } : undefined;
}

function identifierBound(identifier: ts.Identifier, depth: number): CollectionBound | undefined {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind === 'local') {
    const declaration = binding.declaration;
    if (ts.isParameter(declaration) && declaration.type && ts.isTupleTypeNode(declaration.type)) {
      return declaration.type.elements.length <= smallFanOut ? { reason: 'small', detail: 'a tuple' } : undefined;
    }
    const initializer = ts.isVariableDeclaration(declaration) ? constInitializer(identifier) ?? declaration.initializer : undefined;
    const fromInit = initializer && !isGrownLater(identifier.text, declaration) ? collectionBound(initializer, depth + 1) ?? queryCap(initializer) : undefined;
    if (fromInit) return fromInit;
    // `const { items } = envelope` or `let { items } = await db.envelope.findFirst(…)`.
    if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) && ts.isVariableDeclaration(declaration.parent.parent)) {
      const source = declaration.parent.parent.initializer;
      if (source && isOneRecord(source)) return oneRecordBound(skipOuterExpressions(source));
    }
  }
  return chunkName.test(identifier.text) ? { reason: 'chunked', detail: `\`${identifier.text}\`, a batch` } : undefined;
}

/** `const xs = []; … xs.push(x)`: a literal that is only where collecting starts. */
function isGrownLater(name: string, declaration: ts.Node): boolean {
  const scope = declaration.parent?.parent?.parent ?? declaration;
  const escaped = name.replace(/[$]/g, '\\$');
  return new RegExp(`\\b${escaped}\\s*(\\.\\s*(push|unshift|splice)\\s*\\(|\\[[^\\]]*\\]\\s*=[^=])`).test(scope.getText());
}

function callBound(call: ts.CallExpression, depth: number): CollectionBound | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (method === 'slice' || method === 'splice') return sliceBound(call, method);
    if (['filter', 'sort', 'reverse', 'toSorted', 'toReversed', 'flat'].includes(method)) return collectionBound(callee.expression, depth + 1);
    const objectName = ts.isIdentifier(callee.expression) ? callee.expression.text : undefined;
    if (objectName === 'Object' && ['keys', 'values', 'entries'].includes(method)) return objectBound(call.arguments[0]) ?? registryBound(call.arguments[0]);
    if (objectName === 'Array' && method === 'from') return arrayFromBound(call.arguments[0], depth);
  }
  // `chunk(xs, n)` itself is a list of any length: only one chunk at a time is bounded (see identifierBound).
  return undefined;
}

/** `xs.slice(0, 5)` is small; `xs.slice(i, i + size)` is one fixed-size chunk. */
function sliceBound(call: ts.CallExpression, method: string): CollectionBound | undefined {
  const [start, second] = call.arguments;
  if (!start || !second) return undefined;
  const startValue = numericValue(start);
  const secondValue = numericValue(second);
  const size = method === 'splice' ? secondValue : startValue !== undefined && secondValue !== undefined ? secondValue - startValue : undefined;
  if (size !== undefined) {
    return size <= smallFanOut ? { reason: 'small', detail: `\`${method}\` of ${size}` } : { reason: 'chunked', detail: `a chunk of ${size}` };
  }
  const end = skipOuterExpressions(second);
  if (ts.isBinaryExpression(end) && end.operatorToken.kind === ts.SyntaxKind.PlusToken && end.left.getText() === start.getText()) {
    return { reason: 'chunked', detail: `a chunk of \`${end.right.getText()}\`` };
  }
  return undefined;
}

function registryBound(argument: ts.Expression | undefined): CollectionBound | undefined {
  const expr = argument && skipOuterExpressions(argument);
  const name = expr && (ts.isIdentifier(expr) ? expr.text : ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword ? expr.name.text : undefined);
  return name && registryName.test(name) ? { reason: 'small', detail: `definitions registered in code (\`${name}\`)` } : undefined;
}

function objectBound(argument: ts.Expression | undefined): CollectionBound | undefined {
  const literal = asObjectLiteral(argument);
  if (!literal || literal === 'unknown') return undefined;
  if (literal.properties.some((property) => ts.isSpreadAssignment(property))) return undefined;
  return literal.properties.length <= smallFanOut ? { reason: 'small', detail: `an object literal of ${literal.properties.length} keys` } : undefined;
}

function arrayFromBound(argument: ts.Expression | undefined, depth: number): CollectionBound | undefined {
  const literal = asObjectLiteral(argument);
  if (literal && literal !== 'unknown') {
    const length = literal.properties.find((property) => property.name?.getText() === 'length');
    const value = length && ts.isPropertyAssignment(length) ? numericValue(length.initializer) : undefined;
    return value !== undefined && value <= smallFanOut ? { reason: 'small', detail: `${value} items` } : undefined;
  }
  return collectionBound(argument, depth + 1);
}

/** Fields that hold the items of a listed page (`{ data, hasMore }`, `{ items, nextCursor }`). */
export const pageFields = new Set(['data', 'items', 'results', 'records', 'nodes', 'value']);

/**
 * Names that say a call lists a remote collection: `listUsers`, `list`, `getOrganizationMemberList`. Not `getAll…`
 * or `findAll…`: project queries name so what a team registered (`getAllWebhooksByEventTrigger`), often a few.
 */
const listingName = /^list([A-Z_]|$)|[a-z]List$/;

/** `listed by \`auth.getOrganizationMemberList()\``: an awaited call whose name says it lists, said for a message. */
export function listedBy(expression: ts.Expression): string | undefined {
  if (!ts.isCallExpression(expression)) return undefined;
  const callee = skipOuterExpressions(expression.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name && listingName.test(name) ? `listed by \`${shortText(callee, 48)}()\`` : undefined;
}

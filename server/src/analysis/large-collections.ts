/**
 * Evidence in the code that a collection can be large, for findings that need it (a request one step removed from
 * the code, behind run-time dispatch). The bounds that make a fan-out small are in `collections.ts`.
 */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { listedBy, maxQueryPage, numericCap, pageFields, queryCapOptions, queryRows, type RowCap } from './collections';
import { calledFunction } from './definitions';
import { callsNamed } from './calls-by-name';
import type { FileAnalysis } from './file-analysis';
import { constInitializer } from './options';
import { forEachDescendant, isFunctionNode, isLoop, shortText, type FunctionNode } from './syntax';
import { unscopedQueryRows } from './table-scans';

/**
 * Evidence in the code that a collection can be large: rows of a query capped above a page
 * (`findMany({ take: 1000 })`, `.limit(100).execute()`, `LIMIT 500`), or what an awaited call whose name says it
 * lists returns (`await auth.getOrganizationMemberList(orgId)`, `listUsers`: a page of a remote
 * list, often a hundred), with its `data` / `items` page field. Followed through `const`, destructuring (the rest of
 * a list, one result of `await Promise.all([…])`), `?? []`, spreads, `.catch(…)` and `filter` / `map` / `sort` of such
 * rows, or every page a project function collects (`allTeams.push(...page)` in a loop that awaits each page). Undefined
 * when the code does not say (size unknown). Without `file`, project functions are not followed.
 */
export function largeCollectionEvidence(expression: ts.Expression | undefined, file?: FileAnalysis): string | undefined {
  return evidenceOf(expression, file, 0, false);
}

function evidenceOf(expression: ts.Expression | undefined, file: FileAnalysis | undefined, depth: number, awaited: boolean): string | undefined {
  if (!expression || depth > maxEvidenceSteps) return undefined;
  const expr = skipOuterExpressions(expression);
  if (ts.isIdentifier(expr)) return identifierEvidence(expr, file, depth);
  if (ts.isAwaitExpression(expr)) return evidenceOf(expr.expression, file, depth + 1, true);
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return evidenceOf(expr.left, file, depth + 1, awaited);
  }
  // `[...rows]`, `[...members, ...invited]`: as large as the largest part.
  if (ts.isArrayLiteralExpression(expr)) {
    for (const element of expr.elements) {
      const found = ts.isSpreadElement(element) ? evidenceOf(element.expression, file, depth + 1, false) : undefined;
      if (found) return found;
    }
    return undefined;
  }
  // `new Set(ids)`, `Array.from(ids)`: the same elements, fewer or as many.
  if (ts.isNewExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'Set') return evidenceOf(expr.arguments?.[0], file, depth + 1, false);
  if (ts.isCallExpression(expr) && expr.expression.getText() === 'Array.from' && expr.arguments.length === 1) return evidenceOf(expr.arguments[0], file, depth + 1, false);
  // `members.data`, `page?.items`, `result.val`: the page field of a listed result, the value of a `{ val, err }` result.
  if (ts.isPropertyAccessExpression(expr) && itemFields.has(expr.name.text)) return evidenceOf(expr.expression, file, depth + 1, awaited);
  // `response.data.threads` of `await gmail.users.threads.list(…)`: the plural field of a listed page.
  if (ts.isPropertyAccessExpression(expr) && /[a-z]s$/.test(expr.name.text) && ts.isPropertyAccessExpression(skipOuterExpressions(expr.expression))) {
    const page = skipOuterExpressions(expr.expression) as ts.PropertyAccessExpression;
    if (itemFields.has(page.name.text)) return evidenceOf(page.expression, file, depth + 1, awaited);
  }
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
    const method = expr.expression.name.text;
    if (['filter', 'map', 'sort', 'toSorted', 'reverse', 'toReversed'].includes(method)) return evidenceOf(expr.expression.expression, file, depth + 1, false);
    // `auth.getOrganizationMemberList(orgId).catch(() => null)`: the same promise, its failure handled.
    if (method === 'catch') return evidenceOf(expr.expression.expression, file, depth + 1, awaited);
    // `z.array(monitorSchema).safeParse(rows)`: a schema check hands back the same rows (`.data`).
    if (schemaChecks.has(method) && expr.arguments.length === 1) return evidenceOf(expr.arguments[0], file, depth + 1, false);
  }
  if (!awaited) return queryRowsAbovePage(expr);
  return queryRowsAbovePage(expr) ?? listedBy(expr) ?? pagesCollectedBy(expr, file) ?? pageSizeRows(expr) ?? callbackRows(expr, file, depth) ?? returnedRows(expr, file, depth) ?? unscopedQueryRows(expr);
}

/**
 * `await withGraphRetry(() => client.api('/me/mailFolders').top(999).get())`: a wrapper (retry, rate-limit tracking)
 * awaited for what the callback it is handed returns, rows like any other.
 */
function callbackRows(expression: ts.Expression, file: FileAnalysis | undefined, depth: number): string | undefined {
  if (!ts.isCallExpression(expression)) return undefined;
  const callback = expression.arguments.map((argument) => skipOuterExpressions(argument)).find((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument));
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
  for (const returned of returnedValues(callback)) {
    const found = evidenceOf(returned, file, depth + 1, true);
    if (found) return found;
  }
  return undefined;
}

/** `await getRootFolders(client)` where the project function returns `response.value.map(…)` of such rows: the same rows. */
function returnedRows(expression: ts.Expression, file: FileAnalysis | undefined, depth: number): string | undefined {
  const target = file && ts.isCallExpression(expression) ? calledFunction(expression, file) : undefined;
  if (!target) return undefined;
  for (const returned of returnedValues(target.node)) {
    const found = evidenceOf(returned, target.file, depth + 1, true);
    if (found) return found;
  }
  return undefined;
}

/** What a function returns: its expression body, or the values of its own `return` statements (not those of nested functions). */
function returnedValues(fn: FunctionNode): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const values: ts.Expression[] = [];
  forEachDescendant(fn.body, (node) => {
    if (isFunctionNode(node)) return 'skip';
    if (ts.isReturnStatement(node) && node.expression) values.push(node.expression);
    return undefined;
  });
  return values;
}

/** Schema validators (zod, valibot, yup) that return what they are given, checked. */
const schemaChecks = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'validateSync']);
/** Steps followed from a collection back to where it comes from. */
const maxEvidenceSteps = 12;
/** Fields holding the rows of a result: a listed page's, and the value of a `{ val, err }` result. */
const itemFields = new Set([...pageFields, 'val']);

function identifierEvidence(identifier: ts.Identifier, file: FileAnalysis | undefined, depth: number): string | undefined {
  const binding = resolveName(identifier.text, identifier);
  if (binding.kind !== 'local') return undefined;
  const declaration = binding.declaration;
  if (ts.isVariableDeclaration(declaration)) return evidenceOf(declaration.initializer, file, depth + 1, false);
  if (ts.isParameter(declaration)) return file ? argumentEvidence(declaration, file, depth) : undefined;
  if (!ts.isBindingElement(declaration) || !ts.isVariableDeclaration(declaration.parent.parent)) return undefined;
  const pattern = declaration.parent;
  const source = declaration.parent.parent.initializer;
  // `const { data } = await workos.userManagement.listUsers(…)`.
  if (ts.isObjectBindingPattern(pattern)) {
    const field = (declaration.propertyName ?? declaration.name).getText();
    return itemFields.has(field) ? evidenceOf(source, file, depth + 1, false) : undefined;
  }
  // `const [, ...others] = members`: the rest of a list is as large.
  if (declaration.dotDotDotToken) return evidenceOf(source, file, depth + 1, false);
  // `const [members, invitations] = await Promise.all([listMembers(org), listInvitations(org)])`: one of the results.
  const awaited = source && skipOuterExpressions(source);
  const all = awaited && ts.isAwaitExpression(awaited) ? skipOuterExpressions(awaited.expression) : undefined;
  if (!all || !ts.isCallExpression(all) || all.expression.getText() !== 'Promise.all') return undefined;
  const list = all.arguments[0] && skipOuterExpressions(all.arguments[0]);
  const index = pattern.elements.indexOf(declaration);
  const element = list && ts.isArrayLiteralExpression(list) ? list.elements[index] : undefined;
  return element && !ts.isSpreadElement(element) ? evidenceOf(element, file, depth + 1, true) : undefined;
}

/**
 * `fetchUsers(logs.map((log) => log.actorId))`: a parameter of a function this file declares is what the file's own
 * calls of it pass (the first call with evidence; a caller in another file is not looked for).
 */
function argumentEvidence(parameter: ts.ParameterDeclaration, file: FileAnalysis, depth: number): string | undefined {
  const fn = parameter.parent;
  const name = isFunctionNode(fn) && !parameter.dotDotDotToken && ts.isIdentifier(parameter.name) ? declaredName(fn) : undefined;
  if (!name) return undefined;
  const index = fn.parameters.indexOf(parameter);
  for (const call of callsNamed(file, name)) {
    if (call.arguments.length <= index || calledFunction(call, file)?.node !== fn) continue;
    const found = evidenceOf(call.arguments[index], file, depth + 1, false);
    if (found) return found;
  }
  return undefined;
}

/** The name calls use for a function: its own, or the `const` or property holding it. */
function declaredName(fn: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const holder = fn.parent;
  return (ts.isVariableDeclaration(holder) || ts.isPropertyDeclaration(holder)) && ts.isIdentifier(holder.name) ? holder.name.text : undefined;
}

/**
 * `up to 200 rows, \`pageSize\``: an awaited query the code hands a page size capped above a page (`pageSize` where
 * `pageSize = Math.min(input.limit ?? 50, MAX_LIMIT)`), in its own arguments or in those of the call that made it
 * (`const { getLogs } = clickhouse.logs(args)`, `query(args)()`), followed through local `const`s, spreads and the
 * arguments of calls that build them (`buildArgs(params, pageSize)`).
 */
function pageSizeRows(expression: ts.Expression): string | undefined {
  if (!ts.isCallExpression(expression)) return undefined;
  const maker = queryMaker(expression);
  for (const source of maker ? [expression, maker] : [expression]) {
    for (const argument of source.arguments) {
      const cap = handedPageSize(argument, 0);
      if (cap && cap.rows > maxQueryPage) return `up to ${cap.rows} rows, \`${cap.written}\``;
    }
  }
  return undefined;
}

/** The call a curried query function comes from: `query(args)` in `query(args)()`, or the initializer of its `const`. */
function queryMaker(call: ts.CallExpression): ts.CallExpression | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isCallExpression(callee)) return callee;
  if (!ts.isIdentifier(callee)) return undefined;
  const binding = resolveName(callee.text, callee);
  if (binding.kind !== 'local') return undefined;
  const declaration = binding.declaration;
  const variable = ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) ? declaration.parent.parent : declaration;
  if (!ts.isVariableDeclaration(variable) || !variable.initializer) return undefined;
  let initializer = skipOuterExpressions(variable.initializer);
  if (ts.isAwaitExpression(initializer)) initializer = skipOuterExpressions(initializer.expression);
  return ts.isCallExpression(initializer) ? initializer : undefined;
}

/** Hand-offs followed from a query's argument to its page size. */
const maxHandOffs = 4;

function handedPageSize(argument: ts.Expression, steps: number): RowCap | undefined {
  if (steps > maxHandOffs) return undefined;
  const expr = skipOuterExpressions(argument);
  if (ts.isIdentifier(expr)) {
    if (queryCapOptions.has(expr.text)) return capOf(expr, expr.text);
    const initializer = constInitializer(expr);
    return initializer ? handedPageSize(initializer, steps + 1) : undefined;
  }
  if (ts.isObjectLiteralExpression(expr)) {
    for (const property of expr.properties) {
      const name = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
      const found = ts.isSpreadAssignment(property)
        ? handedPageSize(property.expression, steps + 1)
        : name && queryCapOptions.has(name) && ts.isPropertyAssignment(property)
          ? capOf(property.initializer, name)
          : name && queryCapOptions.has(name) && ts.isShorthandPropertyAssignment(property)
            ? capOf(property.name, name)
            : undefined;
      if (found) return found;
    }
    return undefined;
  }
  if (ts.isCallExpression(expr)) {
    for (const inner of expr.arguments) {
      const found = handedPageSize(inner, steps + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function capOf(value: ts.Expression, written: string): RowCap | undefined {
  const rows = numericCap(value);
  return rows === undefined ? undefined : { rows, written };
}

/** `up to 1000 rows, \`take: 1000\``: a query whose cap is above a page (`maxQueryPage`), said for a message. */
function queryRowsAbovePage(expression: ts.Expression): string | undefined {
  const cap = queryRows(expression);
  return cap && cap.rows > maxQueryPage ? `up to ${cap.rows} rows, \`${cap.written}\`` : undefined;
}

/**
 * `every page \`azureHelper.getAllProjectTeams()\` collects`: a project function that returns a local list it grows in a
 * loop which awaits each page (`do { const page = await api.getTeams(id, top, skip); all.push(...page); } while (…)`).
 */
function pagesCollectedBy(expression: ts.Expression, file: FileAnalysis | undefined): string | undefined {
  if (!file || !ts.isCallExpression(expression)) return undefined;
  const target = calledFunction(expression, file);
  const body = target?.node.body;
  if (!target || !body || !ts.isBlock(body)) return undefined;
  for (const name of returnedNames(target.node)) {
    if (grownPerPage(body, name)) return `every page \`${shortText(expression.expression, 48)}()\` collects`;
  }
  return undefined;
}

/** The local names `fn` returns (`return allTeams;`), not those of functions nested in it. */
function returnedNames(fn: FunctionNode): string[] {
  const names: string[] = [];
  if (!fn.body) return names;
  forEachDescendant(fn.body, (node) => {
    if (isFunctionNode(node)) return 'skip';
    if (ts.isReturnStatement(node) && node.expression && ts.isIdentifier(skipOuterExpressions(node.expression))) names.push(skipOuterExpressions(node.expression).getText());
    return undefined;
  });
  return names;
}

/** A loop in `body` that awaits something and pushes into `name`. */
function grownPerPage(body: ts.Block, name: string): boolean {
  let found = false;
  forEachDescendant(body, (node) => {
    if (found) return 'stop';
    if (isFunctionNode(node)) return 'skip';
    if (!isLoop(node)) return undefined;
    let pushes = false;
    let waits = false;
    forEachDescendant(node.statement, (inner) => {
      if (isFunctionNode(inner)) return 'skip';
      if (ts.isAwaitExpression(inner)) waits = true;
      if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'push' && inner.expression.expression.getText() === name) pushes = true;
      return undefined;
    });
    found = pushes && waits;
    return found ? 'stop' : undefined;
  });
  return found;
}

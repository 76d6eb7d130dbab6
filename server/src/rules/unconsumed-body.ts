/** unconsumed-body: a fetch/undici response whose body some path neither reads, cancels, returns nor hands on. */
import { ts } from '../analysis/ts';
import { resolveName, skipOuterExpressions } from '../analysis/bindings';
import { expressionLeavesUnread, type UnreadExit, unreadExits } from '../analysis/body-consumption';
import { sentThroughDisposedDispatcher } from '../analysis/disposed-dispatchers';
import { droppedByBatch } from '../analysis/dropped-batches';
import { effectValueCallback } from '../analysis/effect-pipelines';
import type { HttpCall } from '../analysis/http-calls';
import type { FileAnalysis, FunctionTarget } from '../analysis/file-analysis';
import { asObjectLiteral, propertyValue, stringValue } from '../analysis/options';
import { referencesTo } from '../analysis/references';
import { requestSites } from '../analysis/request-sites';
import { headReaders, isWhatwgFetch } from '../analysis/responses';
import { codeStyle } from '@shared/code-style';
import { enclosingFunction, forEachDescendant, isLoop, lineIndent } from '../analysis/syntax';
import { defineRule, type Fix, type RelatedLocation, type RuleContext, type TextEdit } from './types';
import { codeOf, nameText } from './support/message-text';

const messages = {
  fetch: "`{{name}}`'s body is unread at {{exit}}, pinning a socket; add `{{consume}}?.cancel()`.",
  undici: "`{{name}}`'s body is unread at {{exit}}, pinning a socket; add `{{consume}}.dump()`.",
  neverRead: '`{{request}}` is destructured without `body`, pinning its socket; take `body` too and {{remedy}}.',
  discarded: '`{{request}}` drops its response with the body unread, pinning its socket; end it with `{{consume}}`.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'unconsumed-body',
    description: 'A fetch or undici response whose body is neither read, cancelled, returned nor passed on along some path.',
    severity: 'warning',
    fixable: true,
    // Deno and Bun server code counts (its requests need deadlines too); real browser code is skipped in check.
    appliesToBrowser: true,
    messages,
  },
  check(ctx) {
    if (ctx.file.environment === 'browser' && ctx.file.serverRuntime === undefined) return;
    for (const http of ctx.file.httpCalls) {
      const undici = http.client === 'undici-request' || http.client === 'undici-dispatcher';
      if (!undici && !isWhatwgFetch(http)) continue;
      if (http.method === 'HEAD' || isBrowserRelative(http) || followsNoRedirect(http) || isComponentCode(ctx.file)) continue;
      // A one-shot pool destroyed in a `finally` frees the socket an unread body would hold.
      if (sentThroughDisposedDispatcher(http.node)) continue;
      const bound = boundResponse(http.node) ?? assignedResponse(http.node);
      if (bound) checkBinding(ctx, http.node, bound, undici);
      else if (isDiscarded(http.node) || droppedByBatch(http.node)) {
        const consume = undici ? '.then(({ body }) => body.dump())' : '.then((res) => res.body?.cancel())';
        ctx.report(http.node.expression, 'discarded', { request: codeOf(http.node), consume });
      } else if (!undici) checkThenCallback(ctx, http);
    }
    // `const res = await usersApi.fetchUser(id)` where the project function returns `fetch(…)`'s response as it is.
    if (isComponentCode(ctx.file)) return;
    for (const site of requestSites(ctx.file)) {
      const wrapper = site.wrapper;
      if (!wrapper || site.node !== wrapper.node || !returnsRawResponse(wrapper.target) || sentThroughDisposedDispatcher(wrapper.node)) continue;
      const bound = boundResponse(wrapper.node);
      if (bound && ts.isIdentifier(bound.declaration.name)) checkBinding(ctx, wrapper.node, bound, false);
    }
  },
});

/**
 * A project function every `return` of which is a WHATWG `fetch(…)` (awaited or not) of a URL with a host:
 * `fetchUser: (id) => fetch(`${base}/users/${id}`)`. Its callers hold the response and its body.
 */
function returnsRawResponse(target: FunctionTarget): boolean {
  const fn = target.node;
  if (!fn.body) return false;
  const returned: ts.Expression[] = [];
  if (!ts.isBlock(fn.body)) returned.push(fn.body);
  else {
    let bare = false;
    forEachDescendant(fn.body, (node) => {
      if (node !== fn.body && ts.isFunctionLike(node)) return 'skip';
      if (ts.isReturnStatement(node)) {
        if (node.expression) returned.push(node.expression);
        else bare = true;
      }
      return undefined;
    });
    if (bare) return false;
  }
  return (
    returned.length > 0 &&
    returned.every((expression) => {
      let inner = skipOuterExpressions(expression);
      if (ts.isAwaitExpression(inner)) inner = skipOuterExpressions(inner.expression);
      const http = ts.isCallExpression(inner) ? target.file.httpCall(inner) : undefined;
      return http !== undefined && isWhatwgFetch(http) && http.method !== 'HEAD' && !isBrowserRelative(http) && !followsNoRedirect(http);
    })
  );
}

/**
 * `let res; try { res = await fetch(u) } catch { … throw }` then `if (!res.ok) throw …`: the one
 * assignment of a `let` declared in the block that goes on after the `try`. Paths inside the `try`
 * after the assignment are not walked (a missed finding rather than a false alarm).
 */
function assignedResponse(call: ts.CallExpression): Bound | undefined {
  let current: ts.Node = call;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent)) current = current.parent;
  const awaited = current.parent;
  if (!ts.isAwaitExpression(awaited)) return undefined;
  const assignment = awaited.parent;
  if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken || assignment.right !== awaited || !ts.isIdentifier(assignment.left)) return undefined;
  if (!ts.isExpressionStatement(assignment.parent)) return undefined;
  const binding = resolveName(assignment.left.text, assignment.left);
  const declaration = binding.kind === 'local' ? binding.declaration : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || !ts.isBlock(statement.parent)) return undefined;
  const block = statement.parent;
  // The statement of `block` that holds the assignment: the walk starts after it.
  let holder: ts.Node = assignment.parent;
  while (holder.parent && holder.parent !== block) {
    if (isFunctionLike(holder.parent)) return undefined;
    holder = holder.parent;
  }
  if (holder.parent !== block || enclosingFunction(holder) !== enclosingFunction(statement)) return undefined;
  const assignments = referencesTo(declaration.name, block).filter((use) => ts.isBinaryExpression(use.parent) && use.parent.left === use && use.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken);
  if (assignments.length !== 1) return undefined;
  // `let res; for (…) { res = await fetch(u); if (…) continue; return res.json() }`: each iteration's
  // response is walked inside the loop's block, where a `continue` leaves it unread (and the next one replaces it).
  if (isLoop(holder) && ts.isBlock(holder.statement)) {
    const body = holder.statement;
    const inner: ts.Node | undefined = body.statements.find((candidate) => ts.isExpressionStatement(candidate) && candidate.expression === assignment);
    return inner && { declaration, statement: inner as ts.VariableStatement, block: body, anchor: assignment.left };
  }
  return { declaration, statement: holder as ts.VariableStatement, block, anchor: assignment.left };
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || ts.isClassLike(node);
}

/** `fetch(u).then((res) => { if (!res.ok) throw …; return res.json() })`: the callback's parameter is the response. */
function checkThenCallback(ctx: RuleContext<MessageId>, http: HttpCall): void {
  // `Effect.tryPromise(() => fetch(u)).pipe(Effect.flatMap((res) => …))`: the stage that takes the response.
  const callback = thenCallback(http.node) ?? effectValueCallback(http.node);
  if (!callback) return;
  const parameter = callback.parameters[0];
  if (!parameter || !ts.isIdentifier(parameter.name)) return;
  const name = parameter.name;
  const request = codeOf(http.node);
  const data = { messageId: 'fetch' as const, name: nameText(name.text), request, consume: `${nameText(name.text)}.body`, statement: `await ${name.text}.body?.cancel();` };
  let exits: UnreadExit[];
  if (ts.isBlock(callback.body)) {
    // The walk starts after the statement it is given: the block itself stands for "before the first statement".
    exits = unreadExits(name, callback.body, callback.body, false);
  } else {
    exits = expressionLeavesUnread(name, callback.body) ? ['end'] : [];
  }
  if (exits.length === 0) return;
  // Anchored on the request (the callback's parameter may be lines below it); no fix: the callback is rarely async.
  const sourceFile = ctx.file.sourceFile;
  const first = exits[0];
  const keyword = first === 'end' ? '' : ts.isReturnStatement(first) ? 'return' : ts.isThrowStatement(first) ? 'throw' : ts.isBreakStatement(first) ? 'break' : 'continue';
  const exit = first === 'end' ? 'the end of its callback' : `\`${keyword}\` on line ${sourceFile.getLineAndCharacterOfPosition(first.getStart()).line + 1}`;
  const more = exits.length > 1 ? ` (+${exits.length - 1} more)` : '';
  const related: RelatedLocation[] = exits
    .filter((other): other is Exclude<UnreadExit, 'end'> => other !== 'end')
    .map((other) => ({ file: ctx.file.path, start: other.getStart(), end: other.getEnd(), message: `leaves with \`${name.text}\`'s body unread` }));
  ctx.report(http.node.expression, data.messageId, { name: data.name, request: data.request, consume: data.consume, exit: `${exit}${more}` }, { related });
}

/** The callback of `fetch(u).then((res) => …)`. */
function thenCallback(call: ts.CallExpression): ts.ArrowFunction | ts.FunctionExpression | undefined {
  let current: ts.Node = call;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent)) current = current.parent;
  const access = current.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== current || access.name.text !== 'then') return undefined;
  const then = access.parent;
  if (!ts.isCallExpression(then) || then.expression !== access) return undefined;
  const callback = then.arguments[0] && skipOuterExpressions(then.arguments[0]);
  return callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? callback : undefined;
}

/** `await fetch(u, { method: 'POST', body })` or `void fetch(u)` as a statement: fire and forget, the response is never bound. */
function isDiscarded(call: ts.CallExpression): boolean {
  let current: ts.Node = call;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isAwaitExpression(current.parent) || ts.isVoidExpression(current.parent)) current = current.parent;
  return ts.isExpressionStatement(current.parent) && enclosingFunction(current) !== undefined;
}

interface Bound {
  declaration: ts.VariableDeclaration;
  /** Where to report when not the declaration's name: the `res` of `res = await fetch(…)`. */
  anchor?: ts.Identifier;
  statement: ts.VariableStatement;
  block: ts.Block;
}

/** `const res = await fetch(…)` directly in a block of a function. */
function boundResponse(call: ts.CallExpression): Bound | undefined {
  let current: ts.Node = call;
  while (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent)) current = current.parent;
  const awaited = current.parent;
  if (!ts.isAwaitExpression(awaited)) return undefined;
  const declaration = awaited.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== awaited) return undefined;
  const statement = declaration.parent.parent;
  if (!ts.isVariableStatement(statement) || !ts.isBlock(statement.parent) || !enclosingFunction(statement)) return undefined;
  return { declaration, statement, block: statement.parent };
}

/** `fetch('/api/…')`: a path without a host only works in a browser, whatever the file looks like. */
function isBrowserRelative(http: HttpCall): boolean {
  const first = http.node.arguments[0] && skipOuterExpressions(http.node.arguments[0]);
  if (!first) return false;
  const text = ts.isStringLiteralLike(first) ? first.text : ts.isTemplateExpression(first) ? first.head.text : undefined;
  return text !== undefined && text.startsWith('/');
}

/** `redirect: 'manual'`: read for its `Location`; a redirect's body is empty or a few bytes. */
function followsNoRedirect(http: HttpCall): boolean {
  const options = asObjectLiteral(http.node.arguments[http.optionsIndex]);
  const redirect = options && options !== 'unknown' ? propertyValue(options, 'redirect') : undefined;
  return stringValue(redirect) === 'manual';
}

/** UI code of web apps (`app/components/…`, `hooks/`) runs in the browser even where nothing in the file says so. */
function isComponentCode(file: FileAnalysis): boolean {
  return /(^|\/)(components|hooks)\//.test(file.project.repositoryRelativePath(file.path));
}

function checkBinding(ctx: RuleContext<MessageId>, call: ts.CallExpression, bound: Bound, undici: boolean): void {
  const { declaration, statement, block } = bound;
  const request = codeOf(call);
  const name = declaration.name;
  if (ts.isIdentifier(name)) {
    const exits = unreadExits(name, statement, block, false);
    if (exits.length === 0) return;
    const statementText = undici ? `await ${name.text}.body.dump();` : `await ${name.text}.body?.cancel();`;
    report(ctx, bound.anchor ?? name, exits, { messageId: undici ? 'undici' : 'fetch', name: nameText(name.text), request, consume: `${nameText(name.text)}.body`, statement: statementText });
    return;
  }
  if (!ts.isObjectBindingPattern(name) || name.elements.some((element) => element.dotDotDotToken)) return;
  const body = name.elements.find((element) => (element.propertyName ?? element.name).getText() === 'body');
  if (!body) {
    const remedy = undici ? '`await body.dump()` if unused' : '`await body?.cancel()` if unused';
    ctx.report(name, 'neverRead', { request, remedy }, { fix: takeBodyFix(name, statement, undici) });
    return;
  }
  if (!ts.isIdentifier(body.name)) return;
  const exits = unreadExits(body.name, statement, block, true);
  if (exits.length === 0) return;
  const local = body.name.text;
  const consume = undici ? `${local}.dump()` : `${local}?.cancel()`;
  report(ctx, body.name, exits, { messageId: undici ? 'undici' : 'fetch', name: nameText(local), request, consume: nameText(local), statement: `await ${consume};` });
}

/**
 * `const { statusCode } = await request(u)` → `const { statusCode, body } = await request(u);` followed by
 * `await body.dump();` (`body?.cancel()` for fetch): the body is never used, so it is discarded at once.
 */
function takeBodyFix(pattern: ts.BindingName, statement: ts.VariableStatement, undici: boolean): Fix | undefined {
  const fn = enclosingFunction(statement);
  if (!ts.isObjectBindingPattern(pattern) || !fn || !ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) || pattern.elements.length === 0) return undefined;
  const local = ['body', 'unusedBody', 'responseBody'].find((candidate) => resolveName(candidate, statement).kind === 'global');
  if (!local) return undefined;
  const text = statement.getSourceFile().text;
  const last = pattern.elements[pattern.elements.length - 1];
  const call = undici ? `await ${local}.dump()` : `await ${local}?.cancel()`;
  const end = codeStyle(text).semicolons ? ';' : '';
  return {
    title: `Take the body and discard it (${call.slice(6)})`,
    edits: [
      { start: last.getEnd(), end: last.getEnd(), newText: local === 'body' ? ', body' : `, body: ${local}` },
      afterLine(statement, `${lineIndent(text, statement.getStart())}${call}${end}`),
    ],
  };
}

/** Inserts `line` after the statement's line (after a comment that ends it), or right after the statement. */
function afterLine(statement: ts.Statement, line: string): TextEdit {
  const text = statement.getSourceFile().text;
  const lineEnd = text.indexOf('\n', statement.getEnd());
  const rest = lineEnd < 0 ? '' : text.slice(statement.getEnd(), lineEnd);
  if (lineEnd >= 0 && /^\s*(\/\/.*)?$/.test(rest)) return { start: lineEnd + 1, end: lineEnd + 1, newText: `${line}\n` };
  return { start: statement.getEnd(), end: statement.getEnd(), newText: `\n${line}` };
}

interface ReportData {
  messageId: MessageId;
  name: string;
  request: string;
  /** What the message tells to call `.dump()` on (undici). */
  consume: string;
  /** The statement the fix inserts before each exit. */
  statement: string;
}

function report(ctx: RuleContext<MessageId>, anchor: ts.Identifier, exits: UnreadExit[], data: ReportData): void {
  const sourceFile = ctx.file.sourceFile;
  const describe = (exit: UnreadExit) => {
    if (exit === 'end') return 'the end of its block';
    const keyword = ts.isReturnStatement(exit) ? 'return' : ts.isThrowStatement(exit) ? 'throw' : ts.isBreakStatement(exit) ? 'break' : 'continue';
    return `\`${keyword}\` on line ${sourceFile.getLineAndCharacterOfPosition(exit.getStart()).line + 1}`;
  };
  const more = exits.length > 1 ? ` (+${exits.length - 1} more)` : '';
  const related: RelatedLocation[] = exits
    .filter((exit): exit is Exclude<UnreadExit, 'end'> => exit !== 'end')
    .map((exit) => ({ file: ctx.file.path, start: exit.getStart(), end: exit.getEnd(), message: `leaves with \`${data.name}\`'s body unread` }));
  const fix = cancelFix(anchor, exits, data.statement, data.messageId === 'undici');
  ctx.report(anchor, data.messageId, { name: data.name, request: data.request, consume: data.consume, exit: `${describe(exits[0])}${more}` }, { related, fix });
}

/**
 * Inserts the cancel/dump before every exit, and at the end of the declaring block when control can fall
 * off it with the body unread (guarded by `bodyUsed` when another path reads the body first); only in
 * async functions.
 */
function cancelFix(anchor: ts.Identifier, exits: UnreadExit[], statement: string, undici: boolean): Fix | undefined {
  const fn = enclosingFunction(anchor);
  const isAsync = fn && ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  if (!isAsync) return undefined;
  const text = anchor.getSourceFile().text;
  const written = codeStyle(text).semicolons ? statement : statement.replace(/;$/, '');
  const edits: TextEdit[] = [];
  for (const exit of exits) {
    const edit = exit === 'end' ? insertAtEnd(anchor, written, undici, exits.filter((other): other is Exclude<UnreadExit, 'end'> => other !== 'end')) : insertBefore(exit, written);
    if (!edit) return undefined;
    edits.push(edit);
  }
  return { title: `Discard the unread body before leaving (${statement.slice(6, -1)})`, edits };
}

/** Puts `statement` before `exit`, turning a lone `if (…) return x;` branch into a block. */
function insertBefore(exit: ts.Statement, statement: string): TextEdit | undefined {
  const text = exit.getSourceFile().text;
  const parent = exit.parent;
  if (ts.isBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
    const lineStart = text.lastIndexOf('\n', exit.getStart() - 1) + 1;
    const before = text.slice(lineStart, exit.getStart());
    if (/^[ \t]*$/.test(before)) return { start: lineStart, end: lineStart, newText: `${before}${statement}\n` };
    return { start: exit.getStart(), end: exit.getStart(), newText: `${statement} ` };
  }
  if (!ts.isIfStatement(parent) && !isLoop(parent)) return undefined;
  // The branch's leading trivia goes too; keep comments by leaving such a branch alone.
  if (text.slice(exit.pos, exit.getStart()).trim() !== '') return undefined;
  const indent = lineIndent(text, parent.getStart());
  const unit = codeStyle(text).indentUnit;
  return { start: exit.pos, end: exit.end, newText: ` {\n${indent}${unit}${statement}\n${indent}${unit}${exit.getText()}\n${indent}}` };
}

/**
 * The way out at the end of the block that declares the response: the statement goes last in the block,
 * indented like the declaration. A fetch body that another path reading on to the end has consumed cannot
 * be cancelled (its stream is locked: `cancel()` rejects), so there the rejection is caught.
 */
function insertAtEnd(anchor: ts.Identifier, statement: string, undici: boolean, otherExits: ReadonlyArray<Exclude<UnreadExit, 'end'>>): TextEdit | undefined {
  let declaration: ts.Node = anchor;
  while (!ts.isVariableStatement(declaration)) {
    if (!declaration.parent) return undefined;
    declaration = declaration.parent;
  }
  const block = declaration.parent;
  if (!ts.isBlock(block)) return undefined;
  const text = block.getSourceFile().text;
  const closeLine = text.lastIndexOf('\n', block.getEnd() - 1) + 1;
  if (closeLine <= declaration.getEnd() || !/^[ \t]*$/.test(text.slice(closeLine, block.getEnd() - 1))) return undefined;
  const end = declaration.getEnd();
  const uses = referencesTo(anchor, block).filter((use) => use.getStart() > end);
  const readOnTheWay = !undici && uses.some((use) => !isHeadRead(use) && !leavesThrough(use, block));
  const written = readOnTheWay ? statement.replace(/\.cancel\(\)/, '.cancel().catch(() => undefined)') : statement;
  const indent = lineIndent(text, declaration.getStart());
  // As early as the same paths allow: right after the block's last statement that uses the response,
  // when nothing after it leaves the block another way (those exits get their own statement).
  const statements = block.statements;
  const lastUse = [...statements].reverse().find((child) => child.getStart() > end && uses.some((use) => use.pos >= child.pos && use.end <= child.end));
  const after = lastUse ?? declaration;
  const rest = statements.slice(statements.indexOf(after) + 1);
  const lineEnd = text.indexOf('\n', after.getEnd());
  if (rest.length > 0 && !otherExits.some((exit) => exit.getStart() > after.getEnd()) && lineEnd >= 0 && /^[ \t]*$/.test(text.slice(after.getEnd(), lineEnd))) {
    return { start: lineEnd + 1, end: lineEnd + 1, newText: `${indent}${written}\n` };
  }
  return { start: closeLine, end: closeLine, newText: `${indent}${written}\n` };
}

function isHeadRead(use: ts.Identifier): boolean {
  return ts.isPropertyAccessExpression(use.parent) && use.parent.expression === use && headReaders.has(use.parent.name.text);
}

/** A use inside a `return`/`throw` (of the block, not of a nested function): that path never reaches the end. */
function leavesThrough(use: ts.Node, block: ts.Block): boolean {
  for (let current = use.parent; current && current !== block; current = current.parent) {
    if (ts.isReturnStatement(current) || ts.isThrowStatement(current)) return enclosingFunction(current) === enclosingFunction(block);
    if (ts.isFunctionLike(current)) return false;
  }
  return false;
}

export default rule;

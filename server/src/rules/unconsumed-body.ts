/** unconsumed-body: a fetch/undici response whose body some path neither reads, cancels, returns nor hands on. */
import { ts } from '../analysis/ts';
import { skipOuterExpressions } from '../analysis/bindings';
import { type UnreadExit, unreadExits } from '../analysis/body-consumption';
import type { HttpCall } from '../analysis/http-calls';
import { asObjectLiteral, propertyValue, stringValue } from '../analysis/options';
import { repositoryRelativePath } from '../analysis/project/repository-root';
import { isWhatwgFetch } from '../analysis/responses';
import { enclosingFunction, isLoop, lineIndent, shortText } from '../analysis/syntax';
import type { Fix, RelatedLocation, Rule, RuleContext, TextEdit } from './types';

const rule: Rule = {
  meta: {
    id: 'unconsumed-body',
    description: 'A fetch or undici response whose body is neither read, cancelled, returned nor passed on along some path.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      fetch:
        '`{{name}}` from `{{request}}` leaves its body unread on {{exit}}: the connection stays taken until garbage collection gets to the response, and under load the pool runs dry (requests queue behind leaked sockets, then fail with `UND_ERR_CONNECT_TIMEOUT`, `fetch failed`). Call `await {{name}}.body?.cancel()` before leaving.',
      undici:
        '`{{name}}` from `{{request}}` is neither read nor dumped on {{exit}}: undici keeps the connection busy until the body is consumed, so a few of these exhaust the pool (requests hang, then fail with `UND_ERR_HEADERS_TIMEOUT`, `UND_ERR_CONNECT_TIMEOUT`). Call `await {{consume}}.dump()` before leaving.',
      neverRead:
        'The body of `{{request}}` is never taken out of the response, so it is never read or discarded: the connection stays busy ({{holder}}), and under load the pool runs dry (requests hang, then fail with `UND_ERR_CONNECT_TIMEOUT`, `fetch failed`). Take `body` too and {{remedy}}.',
    },
  },
  check(ctx) {
    for (const http of ctx.file.httpCalls) {
      const undici = http.client === 'undici-request' || http.client === 'undici-dispatcher';
      if (!undici && !isWhatwgFetch(http)) continue;
      if (http.method === 'HEAD' || isBrowserRelative(http) || followsNoRedirect(http) || isComponentCode(ctx.file.path)) continue;
      const bound = boundResponse(http.node);
      if (bound) checkBinding(ctx, http, bound, undici);
    }
  },
};

interface Bound {
  declaration: ts.VariableDeclaration;
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
function isComponentCode(filePath: string): boolean {
  return /(^|\/)(components|hooks)\//.test(repositoryRelativePath(filePath));
}

function checkBinding(ctx: RuleContext, http: HttpCall, bound: Bound, undici: boolean): void {
  const { declaration, statement, block } = bound;
  const request = shortText(http.node);
  const name = declaration.name;
  if (ts.isIdentifier(name)) {
    const exits = unreadExits(name, statement, block, false);
    if (exits.length === 0) return;
    const statementText = undici ? `await ${name.text}.body.dump();` : `await ${name.text}.body?.cancel();`;
    report(ctx, name, exits, { messageId: undici ? 'undici' : 'fetch', name: name.text, request, consume: `${name.text}.body`, statement: statementText });
    return;
  }
  if (!ts.isObjectBindingPattern(name) || name.elements.some((element) => element.dotDotDotToken)) return;
  const body = name.elements.find((element) => (element.propertyName ?? element.name).getText() === 'body');
  if (!body) {
    const holder = undici ? 'undici holds it until the body is consumed' : 'until garbage collection gets to the response';
    const remedy = undici ? '`await body.dump()` when you do not need it' : '`await body?.cancel()` when you do not need it';
    ctx.report(name, 'neverRead', { request, holder, remedy });
    return;
  }
  if (!ts.isIdentifier(body.name)) return;
  const exits = unreadExits(body.name, statement, block, true);
  if (exits.length === 0) return;
  const local = body.name.text;
  const consume = undici ? `${local}.dump()` : `${local}?.cancel()`;
  report(ctx, body.name, exits, { messageId: undici ? 'undici' : 'fetch', name: local, request, consume: local, statement: `await ${consume};` });
}

interface ReportData {
  messageId: string;
  name: string;
  request: string;
  /** What the message tells to call `.dump()` on (undici). */
  consume: string;
  /** The statement the fix inserts before each exit. */
  statement: string;
}

function report(ctx: RuleContext, anchor: ts.Identifier, exits: UnreadExit[], data: ReportData): void {
  const sourceFile = ctx.file.sourceFile;
  const describe = (exit: UnreadExit) => {
    if (exit === 'end') return 'the path that runs to the end of its block';
    const keyword = ts.isReturnStatement(exit) ? 'return' : ts.isThrowStatement(exit) ? 'throw' : ts.isBreakStatement(exit) ? 'break' : 'continue';
    return `the \`${keyword}\` on line ${sourceFile.getLineAndCharacterOfPosition(exit.getStart()).line + 1}`;
  };
  const more = exits.length > 1 ? ` (and ${exits.length - 1} more way${exits.length > 2 ? 's' : ''} out)` : '';
  const related: RelatedLocation[] = exits
    .filter((exit): exit is Exclude<UnreadExit, 'end'> => exit !== 'end')
    .map((exit) => ({ file: ctx.file.path, start: exit.getStart(), end: exit.getEnd(), message: `leaves with \`${data.name}\`'s body unread` }));
  const fix = cancelFix(anchor, exits, data.statement);
  ctx.report(anchor, data.messageId, { name: data.name, request: data.request, consume: data.consume, exit: `${describe(exits[0])}${more}` }, { related, fix });
}

/** Inserts the cancel/dump before every exit; only in async functions and when every exit is a statement. */
function cancelFix(anchor: ts.Identifier, exits: UnreadExit[], statement: string): Fix | undefined {
  const fn = enclosingFunction(anchor);
  const isAsync = fn && ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  if (!isAsync || exits.includes('end')) return undefined;
  const edits: TextEdit[] = [];
  for (const exit of exits as Array<Exclude<UnreadExit, 'end'>>) {
    const edit = insertBefore(exit, statement);
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
  return { start: exit.pos, end: exit.end, newText: ` {\n${indent}  ${statement}\n${indent}  ${exit.getText()}\n${indent}}` };
}

export default rule;

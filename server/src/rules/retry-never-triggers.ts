/** retry-never-triggers: a retry that goes again only on rejection, around a request that resolves on a 5xx. */
import { ts } from '../analysis/ts';
import { skipOuterExpressions } from '../analysis/bindings';
import type { FileAnalysis } from '../analysis/file-analysis';
import type { HttpCall } from '../analysis/http-calls';
import { referencesTo } from '../analysis/references';
import { bodyReaders, isWhatwgFetch, resolvesOnServerError } from '../analysis/responses';
import { retriedFunction, retryWrapperOf } from '../analysis/retry-wrappers';
import { enclosingFunction, type FunctionNode, lineIndent } from '../analysis/syntax';
import { runsWhenCalled } from '../analysis/wrappers';
import { codeStyle, statementEnd } from '@shared/code-style';
import { codeOf, nameText } from './support/message-text';
import { defineRule, type Fix, type RelatedLocation } from './types';

/** Anything in the callback that may already turn a bad response into a rejection. */
const checksOutcome = /\.ok\b|\bok\b|status|throw|bail|reject|assert|ensure|check|raise|validate|AbortError|Error\(/i;

const messages = {
  resolves: '`{{wrapper}}` never retries a 5xx or 429 from `{{request}}` (it resolves on them); throw on those in the callback.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'retry-never-triggers',
    description: 'Retry wrappers (p-retry, async-retry, …) around a request that resolves on a 5xx, so a failing response is never retried.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: true,
    messages,
  },
  check(ctx) {
    if (!/retry|Retry|backOff|attempt|execute/.test(ctx.file.text)) return;
    for (const call of ctx.file.calls) {
      const wrapper = retryWrapperOf(call, ctx.file);
      if (wrapper?.trigger !== 'rejection') continue;
      const target = retriedFunction(wrapper, ctx.file);
      if (!target) continue;
      const http = uncheckedRequest(target.node, target.file);
      if (!http) continue;
      const related: RelatedLocation[] = [{ file: target.file.path, start: http.node.getStart(), end: http.node.getEnd(), message: `\`${http.label}\` resolves on a 5xx` }];
      if (wrapper.definition) {
        const definition = wrapper.definition;
        related.push({ file: definition.file.path, start: definition.node.getStart(), end: definition.node.getStart() + 1, message: `\`${wrapper.label}\` retries only when the callback rejects` });
      }
      const fix = target.file === ctx.file ? throwOnStatusFix(target.node, http) : undefined;
      ctx.report(call.expression, 'resolves', { wrapper: nameText(wrapper.label), request: codeOf(http.node) }, { related, fix });
    }
  },
});

/** A request in `fn` that resolves on a 5xx and whose response reaches the caller with no look at its status. */
function uncheckedRequest(fn: FunctionNode, file: FileAnalysis): HttpCall | undefined {
  if (!fn.body || checksOutcome.test(fn.body.getText())) return undefined;
  for (const call of file.callsWithin(fn)) {
    if (!runsWhenCalled(call, fn)) continue;
    const http = file.httpCall(call);
    if (http && resolvesOnServerError(http) && !waitsForLocalServer(http) && responseUnchecked(call)) return http;
  }
  return undefined;
}

/** `pRetry(() => fetch('http://localhost:3000/health'))`: waiting for a server to start listening, where any answer will do. */
function waitsForLocalServer(http: HttpCall): boolean {
  const url = http.node.arguments[0];
  return url !== undefined && /localhost|127\.0\.0\.1|\[::1\]/.test(url.getText());
}

/** Follows the response: returned, awaited, its body read, or dropped — but never given to code that could check it. */
function responseUnchecked(node: ts.Expression): boolean {
  let current: ts.Node = node;
  for (;;) {
    const parent = current.parent;
    if (ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
      current = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current) {
      return parent.name.text === 'then' ? thenUnchecked(parent) : bodyReaders.has(parent.name.text);
    }
    if (ts.isReturnStatement(parent) || ts.isExpressionStatement(parent)) return true;
    if (ts.isArrowFunction(parent)) return parent.body === current;
    if (!ts.isVariableDeclaration(parent) || parent.initializer !== current) return false;
    if (ts.isIdentifier(parent.name)) return variableUnchecked(parent.name);
    // `const { body } = await request(url)`: the status is never even taken out.
    return ts.isObjectBindingPattern(parent.name) && parent.name.elements.every((element) => !element.dotDotDotToken && !/status|ok/i.test((element.propertyName ?? element.name).getText()));
  }
}

/** `fetch(u).then((r) => r.json())`: the response goes to an inline callback that only reads it. */
function thenUnchecked(access: ts.PropertyAccessExpression): boolean {
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access || call.arguments.length !== 1) return false;
  const handler = skipOuterExpressions(call.arguments[0]);
  if (!(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) return false;
  const parameter = handler.parameters[0]?.name;
  return parameter !== undefined && ts.isIdentifier(parameter) && variableUnchecked(parameter);
}

/** Every use of the response variable returns it or reads its body. */
function variableUnchecked(name: ts.Identifier): boolean {
  return referencesTo(name, enclosingFunction(name) ?? name.getSourceFile()).every((use) => {
    const parent = use.parent;
    if (ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === use)) return true;
    return ts.isPropertyAccessExpression(parent) && bodyReaders.has(parent.name.text);
  });
}

/**
 * Makes the callback throw on a retryable status, so the wrapper sees the failure: an arrow returning
 * `fetch(…)` becomes a block; a `const res = await fetch(…)` gets the check after it. The body of the
 * failed response is cancelled first so its socket goes back to the pool at once.
 */
function throwOnStatusFix(fn: FunctionNode, http: HttpCall): Fix | undefined {
  if (!isWhatwgFetch(http) || !fn.body) return undefined;
  const text = fn.getSourceFile().text;
  const title = 'Throw on a 5xx or 429 so the retry sees it';
  const { indentUnit: unit } = codeStyle(text);
  const end = statementEnd(text);
  const check = (name: string, indent: string) =>
    `${indent}if (${name}.status >= 500 || ${name}.status === 429) {\n${indent}${unit}await ${name}.body?.cancel()${end}\n${indent}${unit}throw new Error(\`HTTP \${${name}.status}\`)${end}\n${indent}}`;
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) {
    let body: ts.Expression = fn.body;
    while (ts.isParenthesizedExpression(body) || ts.isAwaitExpression(body)) body = body.expression;
    if (body !== http.node) return undefined;
    // A name the surrounding statement does not use, so nothing is shadowed (`const res = await pRetry(…)`).
    let statement: ts.Node = fn;
    while (statement.parent && !ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent)) statement = statement.parent;
    const name = ['res', 'response', 'httpResponse'].find((candidate) => !new RegExp(`\\b${candidate}\\b`).test(statement.getText()));
    if (!name) return undefined;
    const indent = lineIndent(text, fn.getStart());
    const block = `{\n${indent}${unit}const ${name} = await ${http.node.getText()}${end}\n${check(name, `${indent}${unit}`)}\n${indent}${unit}return ${name}${end}\n${indent}}`;
    const isAsync = ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
    const edits = [{ start: fn.body.getStart(), end: fn.body.getEnd(), newText: block }];
    if (!isAsync) edits.unshift({ start: fn.getStart(), end: fn.getStart(), newText: 'async ' });
    return { title, edits };
  }
  const declaration = http.node.parent;
  if (!ts.isAwaitExpression(declaration) || !ts.isVariableDeclaration(declaration.parent) || !ts.isIdentifier(declaration.parent.name)) return undefined;
  const statement = declaration.parent.parent.parent;
  if (!ts.isVariableStatement(statement) || statement.parent !== fn.body) return undefined;
  const at = statement.getEnd();
  return { title, edits: [{ start: at, end: at, newText: `\n${check(declaration.parent.name.text, lineIndent(text, statement.getStart()))}` }] };
}

export default rule;

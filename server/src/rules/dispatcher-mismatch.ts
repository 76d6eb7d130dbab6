/** dispatcher-mismatch: the global fetch (Node's bundled undici) given a dispatcher from npm undici of another major. */
import { ts } from '../analysis/ts';
import { requiredModule, resolveName } from '../analysis/bindings';
import { definitionOf } from '../analysis/definitions';
import type { FileAnalysis } from '../analysis/file-analysis';
import type { HttpCall } from '../analysis/http-calls';
import { propertyValue } from '../analysis/options';
import { fetchFlavor, requestOptions } from '../analysis/pools';
import { bundledUndiciMajor } from '../analysis/project/runtime-versions';
import { originOf } from '../analysis/values';
import { preambleEnd, quoted, statementEnd } from '@shared/code-style';
import { codeOf, codeText } from './support/message-text';
import { defineRule, type Fix, type RuleContext, type TextEdit } from './types';

/** A dispatcher built from the npm `undici` package, and where. */
interface NpmDispatcher {
  file: FileAnalysis;
  node: ts.Node;
}

const localName = 'undiciFetch';

const messages = {
  mismatch:
    "`{{label}}` is Node {{node}}'s fetch (undici {{bundled}}) but `{{dispatcher}}` is npm undici {{installed}}, so it can fail; use undici's `fetch`.",
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'dispatcher-mismatch',
    description: 'The global `fetch` given a `dispatcher` from npm undici whose major differs from the undici bundled in the project\'s Node.js.',
    severity: 'error',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    // `install()` from undici, or an assignment, makes the global fetch npm undici's own.
    if (/\b(global|globalThis)\.fetch\s*=|\binstall\s*\(\s*\)/.test(ctx.file.text)) return;
    for (const http of ctx.file.httpCalls) {
      if (fetchFlavor(http) !== 'global') continue;
      const value = requestOptions(http) && propertyValue(requestOptions(http)!, 'dispatcher');
      const dispatcher = value && npmDispatcher(value, ctx.file);
      if (value && dispatcher) check(ctx, http, value, dispatcher);
    }
  },
});

function check(ctx: RuleContext<MessageId>, http: HttpCall, value: ts.Expression, dispatcher: NpmDispatcher): void {
  const node = ctx.file.project.runtimeVersionsOf(ctx.file.path).node;
  const installed = ctx.file.project.runtimeVersionsOf(dispatcher.file.path).undici;
  const bundled = node ? bundledUndiciMajor[node.major] : undefined;
  // Unknown Node line or unknown undici: no evidence, no finding.
  if (!node || !installed || bundled === undefined || bundled === installed.major) return;
  const data = {
    label: codeText(http.label),
    bundled,
    node: node.major,
    dispatcher: codeOf(value),
    installed: installed.major,
  };
  const related =
    dispatcher.file === ctx.file && dispatcher.node === value
      ? []
      : [{ file: dispatcher.file.path, start: dispatcher.node.getStart(), end: dispatcher.node.getEnd(), message: `the dispatcher, built with npm undici ${installed.major}` }];
  ctx.report(http.node.expression, 'mismatch', data, { related, fix: undiciFetchFix(ctx.file, http) });
}

/** Follows `value` to a dispatcher constructed (or obtained) from the npm `undici` package. */
function npmDispatcher(value: ts.Expression, file: FileAnalysis): NpmDispatcher | undefined {
  // A loop, not recursion: `.compose(a).compose(b)…` chains can be longer than the call stack is deep.
  let expression = value;
  let from = file;
  // `const d = d.compose(x)` names itself: each definition is followed once.
  const seen = new Set<ts.Node>();
  for (;;) {
    const definition = definitionOf(expression, from);
    if (!definition || seen.has(definition.node)) return undefined;
    const node = definition.node;
    seen.add(node);
    if (ts.isNewExpression(node)) return fromUndici(node.expression) ? { file: definition.file, node } : undefined;
    if (!ts.isCallExpression(node)) return undefined;
    const callee = node.expression;
    // `getGlobalDispatcher()`, `new Agent().compose(interceptors.retry())`.
    if (fromUndici(callee)) return { file: definition.file, node };
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'compose') return undefined;
    expression = callee.expression;
    from = definition.file;
  }
}

function fromUndici(expression: ts.Expression): boolean {
  const origin = originOf(expression);
  return origin.kind === 'module' && origin.module === 'undici';
}

/**
 * `fetch(u, { dispatcher })` → `undiciFetch(u, { dispatcher })` with `fetch as undiciFetch` imported
 * from undici (`const { fetch: undiciFetch } = require('undici')` in CommonJS): only this call changes
 * (other calls keep the global fetch and its types). A cast of the options to the global `RequestInit`,
 * which made the npm dispatcher type-check against the global fetch, is dropped when the options are a
 * literal undici's own `RequestInit` describes, else it casts to undici's `RequestInit` instead.
 */
function undiciFetchFix(file: FileAnalysis, http: HttpCall): Fix | undefined {
  const sourceFile = file.sourceFile;
  const title = "Use undici's own fetch with its dispatcher";
  const callee = http.node.expression;
  const edits: TextEdit[] = [{ start: callee.getStart(), end: callee.getEnd(), newText: localName }];
  const wanted: UndiciImport[] = [];
  const existing = resolveName(localName, sourceFile);
  // Imported by an earlier pass of the fix (another call in the file): only the callee changes.
  if (!(existing.kind === 'import' && existing.module === 'undici' && existing.name === 'fetch')) {
    if (existing.kind !== 'global') return undefined;
    wanted.push({ imported: 'fetch', local: localName, type: false });
  }
  const javascript = /\.[cm]?jsx?$/.test(file.path);
  const cast = castEdits(http.node.arguments[http.optionsIndex], javascript);
  if (cast === 'unknown') return undefined;
  if (cast) {
    edits.push(...cast.edits);
    if (cast.needsType) {
      const typeName = resolveName(typeLocalName, sourceFile);
      if (typeName.kind === 'global') wanted.push({ imported: 'RequestInit', local: typeLocalName, type: true });
      else if (!(typeName.kind === 'import' && typeName.module === 'undici' && typeName.name === 'RequestInit')) return undefined;
    }
  }
  if (wanted.length > 0) {
    const importEdits = undiciImportEdits(file, wanted, javascript);
    if (!importEdits) return undefined;
    edits.unshift(...importEdits);
  }
  return { title, edits };
}

const typeLocalName = 'UndiciRequestInit';

/** The properties of undici's own `RequestInit` (undici/types/fetch.d.ts). */
const undiciInitKeys: ReadonlySet<string> = new Set(['body', 'cache', 'credentials', 'dispatcher', 'duplex', 'headers', 'integrity', 'keepalive', 'method', 'mode', 'redirect', 'referrer', 'referrerPolicy', 'signal', 'window']);

interface UndiciImport {
  imported: string;
  local: string;
  type: boolean;
}

/**
 * What becomes of `{ … } as RequestInit` (TypeScript) or `/** @type {RequestInit} *\/ ({ … })` (JSDoc):
 * no edit without such a cast, `unknown` for a cast this fix cannot follow.
 */
function castEdits(options: ts.Expression | undefined, javascript: boolean): { edits: TextEdit[]; needsType: boolean } | 'unknown' | undefined {
  if (!options) return undefined;
  let outer = options;
  while (ts.isParenthesizedExpression(outer) && !javascript) outer = outer.expression;
  if (javascript) {
    if (!ts.isParenthesizedExpression(outer)) return undefined;
    const text = outer.getSourceFile().text;
    const trivia = text.slice(outer.getFullStart(), outer.getStart());
    const tag = /\/\*\*\s*@type\s*\{\s*RequestInit\s*\}\s*\*\/\s*$/.exec(trivia);
    if (!tag) return undefined;
    const commentStart = outer.getFullStart() + tag.index;
    if (describedByUndici(outer.expression)) return { edits: [{ start: commentStart, end: outer.getEnd(), newText: outer.expression.getText() }], needsType: false };
    const typeStart = commentStart + tag[0].indexOf('RequestInit');
    return { edits: [{ start: typeStart, end: typeStart + 'RequestInit'.length, newText: "import('undici').RequestInit" }], needsType: false };
  }
  if (!(ts.isAsExpression(outer) || ts.isSatisfiesExpression(outer) || ts.isTypeAssertionExpression(outer))) return undefined;
  const type = outer.type;
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || type.typeName.text !== 'RequestInit' || type.typeArguments) return undefined;
  const binding = resolveName('RequestInit', outer);
  // Already undici's own type (`import type { RequestInit } from 'undici'`): it type-checks as it is.
  if (binding.kind === 'import') return binding.module === 'undici' ? undefined : 'unknown';
  const inner = outer.expression;
  if (describedByUndici(inner)) return { edits: [{ start: outer.getStart(), end: outer.getEnd(), newText: inner.getText() }], needsType: false };
  return { edits: [{ start: type.getStart(), end: type.getEnd(), newText: typeLocalName }], needsType: true };
}

/** An object literal whose every property undici's `RequestInit` has, so it needs no cast. */
function describedByUndici(expression: ts.Expression): boolean {
  if (!ts.isObjectLiteralExpression(expression)) return false;
  return expression.properties.every((property) => (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && undiciInitKeys.has(property.name.getText()));
}

/** Adds the names to the file's import (or `require`) of undici, or a new one after the file's imports. */
function undiciImportEdits(file: FileAnalysis, wanted: readonly UndiciImport[], javascript: boolean): TextEdit[] | undefined {
  const sourceFile = file.sourceFile;
  const statements = sourceFile.statements;
  const imports = statements.filter(ts.isImportDeclaration);
  const commonJs = javascript && imports.length === 0 && /\brequire\s*\(/.test(file.text);
  const end = statementEnd(file.text);
  if (commonJs) {
    const requires = statements.filter((statement): statement is ts.VariableStatement => ts.isVariableStatement(statement) && statement.declarationList.declarations.some((declaration) => declaration.initializer !== undefined && requiredModule(declaration.initializer) !== undefined));
    const entries = wanted.filter((entry) => !entry.type).map((entry) => `${entry.imported}: ${entry.local}`);
    if (entries.length === 0) return [];
    for (const statement of requires) {
      const [declaration] = statement.declarationList.declarations;
      const pattern = declaration.name;
      if (statement.declarationList.declarations.length === 1 && requiredModule(declaration.initializer!) === 'undici' && ts.isObjectBindingPattern(pattern) && pattern.elements.length > 0) {
        const last = pattern.elements[pattern.elements.length - 1];
        return [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${entries.join(', ')}` }];
      }
    }
    const text = `const { ${entries.join(', ')} } = require(${quoted(file.text, 'undici')})${end}`;
    const anchor = requires.length > 0 ? requires[requires.length - 1].getEnd() : undefined;
    return [anchor === undefined ? { start: preambleEnd(file.text), end: preambleEnd(file.text), newText: `${text}\n\n` } : { start: anchor, end: anchor, newText: `\n${text}` }];
  }
  const named = (entry: UndiciImport) => `${entry.type ? 'type ' : ''}${entry.imported} as ${entry.local}`;
  const undiciImport = imports.find((statement) => ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'undici' && !statement.importClause?.isTypeOnly);
  const bindings = undiciImport?.importClause?.namedBindings;
  if (bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0) {
    const last = bindings.elements[bindings.elements.length - 1];
    return [{ start: last.getEnd(), end: last.getEnd(), newText: `, ${wanted.map(named).join(', ')}` }];
  }
  const text = `import { ${wanted.map(named).join(', ')} } from ${quoted(file.text, 'undici')}${end}`;
  const anchor = imports.length > 0 ? imports[imports.length - 1].getEnd() : undefined;
  return [anchor === undefined ? { start: preambleEnd(file.text), end: preambleEnd(file.text), newText: `${text}\n\n` } : { start: anchor, end: anchor, newText: `\n${text}` }];
}

export default rule;

/** dispatcher-mismatch: the global fetch (Node's bundled undici) given a dispatcher from npm undici of another major. */
import { ts } from '../analysis/ts';
import { resolveName } from '../analysis/bindings';
import { definitionOf } from '../analysis/definitions';
import type { FileAnalysis } from '../analysis/file-analysis';
import type { HttpCall } from '../analysis/http-calls';
import { propertyValue } from '../analysis/options';
import { fetchFlavor, requestOptions } from '../analysis/pools';
import { bundledUndiciMajor } from '../analysis/project/runtime-versions';
import { shortText } from '../analysis/syntax';
import { originOf } from '../analysis/values';
import type { Fix, Rule, RuleContext } from './types';

/** A dispatcher built from the npm `undici` package, and where. */
interface NpmDispatcher {
  file: FileAnalysis;
  node: ts.Node;
}

const localName = 'undiciFetch';

const rule: Rule = {
  meta: {
    id: 'dispatcher-mismatch',
    description: 'The global `fetch` given a `dispatcher` from npm undici whose major differs from the undici bundled in the project\'s Node.js.',
    severity: 'error',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      mismatch:
        '`{{label}}` is Node\'s built-in fetch, backed by the undici {{bundled}} bundled in Node.js {{node}} ({{nodeSource}}), but `{{dispatcher}}` comes from npm undici {{installed}} ({{undiciSource}}). The two copies do not share one dispatcher contract: across majors requests fail before they are sent (`invalid onRequestStart method`, `UND_ERR_INVALID_ARG`, surfaced as `fetch failed`) or the dispatcher\'s settings are applied differently. Import `fetch` from the same undici: `import { fetch } from \'undici\'`.',
    },
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
};

function check(ctx: RuleContext, http: HttpCall, value: ts.Expression, dispatcher: NpmDispatcher): void {
  const node = ctx.file.project.runtimeVersionsOf(ctx.file.path).node;
  const installed = ctx.file.project.runtimeVersionsOf(dispatcher.file.path).undici;
  const bundled = node ? bundledUndiciMajor[node.major] : undefined;
  // Unknown Node line or unknown undici: no evidence, no finding.
  if (!node || !installed || bundled === undefined || bundled === installed.major) return;
  const data = {
    label: http.label,
    bundled,
    node: node.major,
    nodeSource: `assumed from ${node.source}`,
    dispatcher: shortText(value, 30),
    installed: installed.major,
    undiciSource: installed.source,
  };
  const related =
    dispatcher.file === ctx.file && dispatcher.node === value
      ? []
      : [{ file: dispatcher.file.path, start: dispatcher.node.getStart(), end: dispatcher.node.getEnd(), message: `the dispatcher, built with npm undici ${installed.major}` }];
  ctx.report(http.node.expression, 'mismatch', data, { related, fix: undiciFetchFix(ctx.file, http) });
}

/** Follows `value` to a dispatcher constructed (or obtained) from the npm `undici` package. */
function npmDispatcher(value: ts.Expression, file: FileAnalysis): NpmDispatcher | undefined {
  const definition = definitionOf(value, file);
  if (!definition) return undefined;
  const node = definition.node;
  if (ts.isNewExpression(node)) return fromUndici(node.expression) ? { file: definition.file, node } : undefined;
  if (ts.isCallExpression(node)) {
    const callee = node.expression;
    // `getGlobalDispatcher()`, `new Agent().compose(interceptors.retry())`.
    if (fromUndici(callee)) return { file: definition.file, node };
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'compose') return npmDispatcher(callee.expression, definition.file);
  }
  return undefined;
}

function fromUndici(expression: ts.Expression): boolean {
  const origin = originOf(expression);
  return origin.kind === 'module' && origin.module === 'undici';
}

/**
 * `fetch(u, { dispatcher })` → `undiciFetch(u, { dispatcher })` with `fetch as undiciFetch` imported
 * from undici: only this call changes (other calls keep the global fetch and its types).
 */
function undiciFetchFix(file: FileAnalysis, http: HttpCall): Fix | undefined {
  const sourceFile = file.sourceFile;
  const callee = http.node.expression;
  const rename = { start: callee.getStart(), end: callee.getEnd(), newText: localName };
  const existing = resolveName(localName, sourceFile);
  // Imported by an earlier pass of the fix (another call in the file): only the callee changes.
  if (existing.kind === 'import' && existing.module === 'undici' && existing.name === 'fetch') return { title: 'Use undici\'s own fetch with its dispatcher', edits: [rename] };
  if (existing.kind !== 'global' || /\brequire\s*\(/.test(file.text)) return undefined;
  const imports = sourceFile.statements.filter(ts.isImportDeclaration);
  const undiciImport = imports.find((statement) => ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'undici' && !statement.importClause?.isTypeOnly);
  const bindings = undiciImport?.importClause?.namedBindings;
  const edits = [rename];
  if (bindings && ts.isNamedImports(bindings) && bindings.elements.length > 0) {
    const last = bindings.elements[bindings.elements.length - 1];
    edits.unshift({ start: last.getEnd(), end: last.getEnd(), newText: `, fetch as ${localName}` });
  } else {
    const anchor = imports.length > 0 ? imports[imports.length - 1].getEnd() : undefined;
    const text = `import { fetch as ${localName} } from 'undici';`;
    edits.unshift(anchor === undefined ? { start: 0, end: 0, newText: `${text}\n\n` } : { start: anchor, end: anchor, newText: `\n${text}` });
  }
  return { title: 'Use undici\'s own fetch with its dispatcher', edits };
}

export default rule;

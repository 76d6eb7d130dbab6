/** Whether a file's code runs in a browser, where Node's socket pool rules do not apply. */
import { ts } from './ts';

/** Where a file's code runs. */
export type Environment = 'browser' | 'node';

const browserModules = [/^react-dom(\/|$)/, /^vue$/, /^@angular\/(core|common)/, /^svelte(\/|$)/, /^solid-js/, /^preact/];
const browserHooks = /\buse(State|Effect|LayoutEffect|Reducer|Ref|Memo|Callback|Query|SWR)\s*\(/;
const browserGlobals = /\b(window|document|localStorage|sessionStorage|navigator)\s*\./;

/**
 * Browser-only when the file says so ('use client'), imports a UI framework's DOM renderer, calls
 * React hooks, or touches DOM globals. Everything else is assumed to run on Node.
 */
export function detectEnvironment(sourceFile: ts.SourceFile): Environment {
  const first = sourceFile.statements[0];
  if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use client') {
    return 'browser';
  }
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      if (browserModules.some((pattern) => pattern.test(module))) return 'browser';
    }
  }
  const text = sourceFile.text;
  return browserHooks.test(text) || browserGlobals.test(text) ? 'browser' : 'node';
}

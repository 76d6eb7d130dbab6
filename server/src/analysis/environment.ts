/** Whether a file's code runs in a browser, where Node's socket pool rules do not apply. */
import { resolveName } from './bindings';
import { forEachDescendant } from './syntax';
import { ts } from './ts';

/** Where a file's code runs: a browser (or Deno/Bun/a worker runtime), Node in production, or a test suite. */
export type Environment = 'browser' | 'node' | 'test';

const testPath =
  /(^|[\\/])(__tests__|__mocks__|__fixtures__|tests?|testing|benchmarks?|e2e|cypress|test-utils|[\w.-]+[-_](tests?|e2e)|e2e[-_][\w.-]+)[\\/]|\.(test|spec|e2e|bench)\.[cm]?[jt]sx?$/;

/** `.test.ts`, `.spec.tsx`: a test file by its name, wherever it sits. */
const testFileName = /\.(test|spec|e2e|bench)\.[cm]?[jt]sx?$/;
/** The root of a Next.js route tree: below it, folders are URL segments (`app/api/webhooks/test/route.ts`). */
const routeRoot = /[\\/](app|pages[\\/]api)[\\/]/g;
/** A file Next.js serves: a route handler or page under `app/`, any module under `pages/api/`. */
const routeFile = /[\\/](route|page)\.[cm]?[jt]sx?$/;

/** True for test code: its requests go to test servers under the test runner's own timeouts. */
export function isTestPath(filePath: string): boolean {
  if (testFileName.test(filePath)) return true;
  // A route segment named `test` (`/api/checker/test`, "send a test webhook") is served in production: only the
  // folders above the route tree say whether it is test code.
  const roots = [...filePath.matchAll(routeRoot)];
  const root = roots[roots.length - 1];
  if (root?.index !== undefined && (root[1] !== 'app' || routeFile.test(filePath))) return testPath.test(filePath.slice(0, root.index + 1));
  return testPath.test(filePath);
}

const browserModules = [/^react-dom(\/|$)/, /^prosemirror-/, /^@tiptap\//, /^vue$/, /^@angular\/(core|common)/, /^svelte(\/|$)/, /^solid-js/, /^preact/];
const browserHooks = /\buse(State|Effect|LayoutEffect|Reducer|Ref|Memo|Callback|Query|SWR)\s*\(/;
const browserGlobalNames = new Set(['window', 'document', 'localStorage', 'sessionStorage', 'navigator']);

/** `window.x`, `document.x`… where the name is the global, not a local (`const document = await Model.findOne()`). */
function usesBrowserGlobal(sourceFile: ts.SourceFile): boolean {
  let found = false;
  forEachDescendant(sourceFile, (node) => {
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      browserGlobalNames.has(node.expression.text) &&
      resolveName(node.expression.text, node.expression).kind === 'global' &&
      !behindEnvironmentCheck(node)
    ) {
      found = true;
      return 'stop';
    }
    return undefined;
  });
  return found;
}

/** `typeof window !== 'undefined'`, `isBrowser`, `isServer`: a test of where the code runs. */
const environmentCheck = /\btypeof\s+(window|document|navigator|localStorage)\b|\b(is|in)(Browser|Client|Server|Ssr|SSR|Node)\b|\bhasWindow\b/;

/**
 * `typeof window !== 'undefined' ? window.location.origin : base`, `if (isBrowser) localStorage.x`: code
 * written to run in both places touches the browser's globals only behind a check, so that use says
 * nothing about where the module runs.
 */
function behindEnvironmentCheck(node: ts.Node): boolean {
  for (let child = node, current = node.parent; current && !ts.isSourceFile(current); child = current, current = current.parent) {
    const condition = ts.isIfStatement(current) && child !== current.expression
      ? current.expression
      : ts.isConditionalExpression(current) && child !== current.condition
        ? current.condition
        : ts.isBinaryExpression(current) && child === current.right && (current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || current.operatorToken.kind === ts.SyntaxKind.BarBarToken)
          ? current.left
          : undefined;
    if (condition && environmentCheck.test(condition.getText())) return true;
  }
  return false;
}

/**
 * A React custom hook defined in the file (`export const useRequestRunner = () => …`, `export function useX`): a
 * function. `export const useIndex = process.env.X !== ''` is a flag named `use…`, not a hook.
 */
const customHook = /\bexport\s+(?:(?:default\s+)?function\s+use[A-Z]\w*|const\s+use[A-Z]\w*\s*(?::[^=]*)?=\s*(?:async\b\s*)?(?:\(|function\b|<|[A-Za-z_$][\w$]*\s*=>))/;
const browserGlobals = /\b(window|document|localStorage|sessionStorage|navigator)\s*\./;

/**
 * Browser-only when the file says so ('use client'), imports a UI framework's DOM renderer, calls
 * React hooks, or touches DOM globals. Test files are recognized by their path inside the project
 * (`projectPath`, relative to the repository root, so the checkout's own location does not count). Everything else is
 * assumed to run on Node.
 */
export function detectEnvironment(sourceFile: ts.SourceFile, projectPath = sourceFile.fileName): Environment {
  if (isTestPath(projectPath)) return 'test';
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
  if (customHook.test(text)) return 'browser';
  // Deno and Bun manage their own sockets; these rules are about Node's (see serverRuntime for the rules that still apply).
  if (serverRuntime(sourceFile) !== undefined) return 'browser';
  // Folders named for the browser, and a fetch of a relative URL (`fetch('/api/files')`, `fetch(formatPath('/api/x'))`),
  // which only a page can send: Node's fetch rejects a URL without an origin.
  if (browserPath.test(projectPath) || relativeFetch.test(text)) return 'browser';
  if (browserHooks.test(text)) return 'browser';
  return browserGlobals.test(text) && usesBrowserGlobal(sourceFile) ? 'browser' : 'node';
}

const browserPath = /(^|[\\/])(client-only|browser)[\\/]/;

/**
 * Code that says it runs on a server whoever imports it: a `'use server'` module (Server Actions, called from client
 * components over the network), one that imports `server-only`, Deno or Bun code. What it imports is server code too.
 */
export function markedForServer(sourceFile: ts.SourceFile): boolean {
  if (hasDirective(sourceFile, 'use server') || serverRuntime(sourceFile) !== undefined) return true;
  return sourceFile.statements.some(
    (statement) => ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'server-only',
  );
}

/** A directive prologue entry (`'use client'`) among the file's first statements. */
function hasDirective(sourceFile: ts.SourceFile, directive: string): boolean {
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}
const relativeFetch = /\bfetch\(\s*(?:[\w.]+\(\s*)?(?:'\/(?!\/)|"\/(?!\/)|`\/(?!\/))/;

/** Server runtimes other than Node (Deno, Bun): not Node's sockets, but their requests still need deadlines and read bodies. */
export type ServerRuntime = 'deno' | 'bun';

/** `Deno.serve`, `Bun.file`, imports from `jsr:`/`npm:`/deno.land: code for Deno or Bun. */
export function serverRuntime(sourceFile: ts.SourceFile): ServerRuntime | undefined {
  const text = sourceFile.text;
  if (/\bDeno\.[a-z]/.test(text) || /from\s+['"](jsr:|npm:|https:\/\/deno\.land)/.test(text)) return 'deno';
  if (/\bBun\.[a-z]/.test(text)) return 'bun';
  return undefined;
}

const frontEndDependencies = ['react-dom', 'vue', 'svelte', '@angular/core', 'solid-js', 'preact'];
const serverDependencies = /^(next|nuxt|@remix-run\/.*|@sveltejs\/kit|express|fastify|koa|hono|@nestjs\/core|@hapi\/hapi|astro|@angular\/ssr|vite-plugin-ssr|vike|electron)$/;

/**
 * What a package.json says about the code under it: `browser` for a front-end app (a UI framework
 * and no server framework or SSR meta-framework), otherwise undefined (no opinion).
 */
export function packageEnvironment(packageJson: string): 'browser' | undefined {
  let parsed: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    parsed = JSON.parse(packageJson) as typeof parsed;
  } catch {
    return undefined;
  }
  const names = [...Object.keys(parsed.dependencies ?? {}), ...Object.keys(parsed.devDependencies ?? {})];
  if (names.some((name) => serverDependencies.test(name))) return undefined;
  return names.some((name) => frontEndDependencies.includes(name)) ? 'browser' : undefined;
}

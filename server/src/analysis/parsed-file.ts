/** One parsed file and the facts derived from it (the `FileAnalysis` of file-analysis.ts), computed lazily and cached for its version. */
import { ts } from './ts';
import { detectEnvironment, type Environment, markedForServer, type ServerRuntime, serverRuntime } from './environment';
import { classifyHttpCall } from './http-calls';
import { firstSyntaxError, forgetTreeFacts, parseSource, reparseSource } from './parse';
import { type FunctionNode, isFunctionNode, isLoop, rememberEnclosingFunction, reverseFrom, trailingName } from './syntax';
import type { Definition, FileAnalysis, HttpCall, ProjectView, RequestSite, WrapperSummary } from './file-analysis';

/** `api` for `api.get`, `api` for `api`. */
function rootName(expression: ts.Expression): string {
  let current = expression;
  while (ts.isPropertyAccessExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current.text : '';
}

const httpClientModulePattern =
  /['"`](node:)?(https?|undici|axios|got|ky|node-fetch|request|request-promise|request-promise-native|cross-fetch|isomorphic-fetch|isomorphic-unfetch|@whatwg-node\/fetch|node-fetch-native|superagent|ofetch|needle|@nestjs\/axios)['"`]/;

/** The parsed file with its calls collected in a single walk. */
export class ParsedFile implements FileAnalysis {
  readonly sourceFile: ts.SourceFile;
  /** Every call expression, in source order. */
  readonly calls: ts.CallExpression[] = [];
  /** Every `new` expression, in source order. */
  readonly constructions: ts.NewExpression[] = [];
  /** Every loop statement, in source order. */
  readonly loops: ts.IterationStatement[] = [];
  /** Summaries of this file's functions as HTTP wrappers; dropped when a dependency changes. */
  readonly summaries = new Map<ts.Node, WrapperSummary | 'pending'>();
  /** Request sites (they include wrapper calls into other files); dropped with the summaries. */
  requestSitesCache: RequestSite[] | undefined;
  /** Exports looked up by name; dropped with the summaries (a re-export may point into a changed file). */
  readonly exports = new Map<string, Definition | undefined>();
  /**
   * Names that can refer to a project function: declared functions, function-valued variables,
   * methods, and bindings imported from relative modules. A callee outside this set cannot be a
   * wrapper, which spares resolving most calls (`console.log`, `arr.push`).
   */
  readonly localFunctionNames = new Set<string>();
  /** Whether the file imports or requires an HTTP client module; if not, only `fetch` can send requests. */
  readonly importsHttpClient: boolean;
  /** Names bound by imports of project files (relative or tsconfig-aliased): they may be client instances created there. */
  readonly relativeImportNames = new Set<string>();
  private readonly httpCache = new Map<ts.CallExpression, HttpCall | undefined>();
  private httpList: HttpCall[] | undefined;
  private environmentCache: Environment | undefined;
  private serverMarkCache: boolean | undefined;

  /**
   * @param previous the file's previous tree: re-parsed incrementally for `text` (and given up)
   * @param adopted a tree another parser already built from exactly `text` with this same TypeScript
   *   version (the ESLint plugin's typescript-eslint tree, docs/eslint-plugin.md): used as it is
   */
  constructor(
    readonly path: string,
    readonly text: string,
    readonly project: ProjectView,
    previous?: ts.SourceFile,
    adopted?: ts.SourceFile,
  ) {
    this.sourceFile = adopted?.text === text ? adopted : previous ? reparseSource(previous, text) : parseSource(path, text);
    // Another parser's tree may be one it updated incrementally, with reused subtrees under new parents.
    if (this.sourceFile === adopted) forgetTreeFacts();
    this.collect(this.sourceFile);
    this.importsHttpClient = httpClientModulePattern.test(text);
  }

  /** The first syntax error, if the file does not parse cleanly. */
  get syntaxError(): { message: string; start: number } | undefined {
    return firstSyntaxError(this.sourceFile);
  }

  /** Where this file's code runs: its own environment, or the browser when only browser code imports it. */
  get environment(): Environment {
    const own = this.ownEnvironment;
    if (own !== 'node') return own;
    return !this.markedForServer && this.project.importedOnlyByBrowserCode(this.path) ? 'browser' : own;
  }

  /** `'use server'`, `import 'server-only'`, Deno or Bun: server code whoever imports it. */
  get markedForServer(): boolean {
    this.serverMarkCache ??= markedForServer(this.sourceFile);
    return this.serverMarkCache;
  }

  /** Where this file's code runs as far as its own imports, globals, path and package.json tell. */
  get ownEnvironment(): Environment {
    if (!this.environmentCache) {
      const own = detectEnvironment(this.sourceFile, this.project.repositoryRelativePath(this.path));
      this.environmentCache = own === 'node' && this.project.packageEnvironmentOf(this.path) === 'browser' ? 'browser' : own;
    }
    return this.environmentCache;
  }

  /** Deno or Bun code, from its globals and imports. */
  get serverRuntime(): ServerRuntime | undefined {
    return serverRuntime(this.sourceFile);
  }

  /** The HTTP request a call sends directly, if it is one. */
  httpCall(call: ts.CallExpression): HttpCall | undefined {
    if (this.httpCache.has(call)) return this.httpCache.get(call);
    const mayBeHttp = this.importsHttpClient || trailingName(call.expression) === 'fetch' || this.relativeImportNames.has(rootName(call.expression));
    const result = mayBeHttp ? classifyHttpCall(call, this) : undefined;
    this.httpCache.set(call, result);
    return result;
  }

  /** All direct HTTP calls of the file. */
  get httpCalls(): HttpCall[] {
    if (!this.httpList) {
      this.httpList = [];
      for (const call of this.calls) {
        const http = this.httpCall(call);
        if (http) this.httpList.push(http);
      }
    }
    return this.httpList;
  }

  /** Calls whose start lies in [start, end), found by binary search over the sorted list. */
  callsWithin(node: ts.Node): ts.CallExpression[] {
    const start = node.pos;
    let low = 0;
    let high = this.calls.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.calls[mid].pos < start) low = mid + 1;
      else high = mid;
    }
    const result: ts.CallExpression[] = [];
    for (let i = low; i < this.calls.length && this.calls[i].pos < node.end; i++) {
      if (this.calls[i].end <= node.end && this.calls[i] !== node) result.push(this.calls[i]);
    }
    return result;
  }

  /** Drops cross-file derived facts (a file this one imports changed). */
  clearSummaries(): void {
    // Where the file runs follows package.json and the repository root, which may have changed too.
    this.environmentCache = undefined;
    this.summaries.clear();
    this.exports.clear();
    this.requestSitesCache = undefined;
  }

  /**
   * One pre-order walk (source order, so `calls` is sorted by position) that also sets the parents:
   * one walk instead of two. An explicit stack rather than recursion, as a file can nest deeper than
   * the call stack holds (`"a" + "a" + …` 10,000 times, a long `a.b.c…` chain). It also tells
   * `enclosingFunction` the function around each call, `new` and loop, which rules ask for all of them.
   */
  private collect(root: ts.Node): void {
    const stack: ts.Node[] = [root];
    /** The function around each node on `stack` (undefined: module level), at the same index. */
    const owners: Array<FunctionNode | undefined> = [undefined];
    let parent = root;
    let owner: FunctionNode | undefined;
    const push = (child: ts.Node): undefined => {
      (child as { parent: ts.Node }).parent = parent;
      stack.push(child);
      owners.push(owner);
      return undefined;
    };
    while (stack.length > 0) {
      const node = stack.pop()!;
      const around = owners.pop();
      let listed = true;
      if (ts.isCallExpression(node)) this.calls.push(node);
      else if (ts.isNewExpression(node)) this.constructions.push(node);
      else if (isLoop(node)) this.loops.push(node);
      else listed = false;
      if (!listed) this.collectFunctionName(node);
      else if (node.parent !== around) rememberEnclosingFunction(node.parent, around);
      const base = stack.length;
      parent = node;
      owner = isFunctionNode(node) ? node : around;
      ts.forEachChild(node, push);
      reverseFrom(stack, base);
      reverseFrom(owners, base);
    }
  }

  private collectFunctionName(node: ts.Node): void {
    if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isPropertyAssignment(node)) && node.name) {
      this.localFunctionNames.add(node.name.getText(this.sourceFile));
    } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      this.localFunctionNames.add(node.name.text);
    } else if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && this.project.isProjectSpecifier(this.path, node.moduleSpecifier.text)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (clause?.name) names.push(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      else if (bindings) for (const element of bindings.elements) names.push(element.name.text);
      for (const name of names) {
        this.localFunctionNames.add(name);
        this.relativeImportNames.add(name);
      }
    } else if (ts.isBindingElement(node) && ts.isIdentifier(node.name)) {
      this.localFunctionNames.add(node.name.text);
    } else if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.type && ts.isTypeReferenceNode(node.type)) {
      // `constructor(private users: UsersService)`, `(svc: UsersService) => svc.load()`: calls into project classes.
      this.localFunctionNames.add(node.name.text);
    }
  }
}

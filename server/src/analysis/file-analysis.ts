/**
 * The shape of an analysed file and of the facts other files ask of it: types only, so that the analysis
 * modules (calls, definitions, wrappers, request sites) and the project model can all refer to a file
 * without importing one another. The implementation is `ParsedFile` (parsed-file.ts).
 */
import type { ts } from './ts';
import type { ClientId } from './clients';
import type { Environment, ServerRuntime } from './environment';
import type { KnownServers } from './project/known-servers';
import type { RuntimeVersions } from './project/runtime-versions';
import type { FunctionNode } from './syntax';
import type { InstanceOrigin } from './values';
import type { SdkCall } from './sdk-clients';
import type { ServerProfile } from '@shared/project-config';

/** What a file may ask of the project it belongs to. */
export interface ProjectView {
  /** The analysis of a file from its overlay or the disk; undefined when it cannot be read. */
  getFile(filePath: string): FileAnalysis | undefined;
  /** The analysis already held for `filePath`, without reading anything. */
  cached(filePath: string): FileAnalysis | undefined;
  /** Whether a specifier can name a project file: relative, or matched by a tsconfig `paths` alias. */
  isProjectSpecifier(fromFile: string, specifier: string): boolean;
  /** Resolves a relative or tsconfig-aliased import from `fromFile` to an analysed project file. */
  resolveImport(fromFile: string, specifier: string): FileAnalysis | undefined;
  /** What the nearest package.json above `filePath` says about where its code runs. */
  packageEnvironmentOf(filePath: string): 'browser' | undefined;
  /** Whether `filePath` is imported only by browser code (project/import-graph.ts); false when the project's files are unknown. */
  importedOnlyByBrowserCode(filePath: string): boolean;
  /** The Node.js and undici majors the project files above `filePath` declare. */
  runtimeVersionsOf(filePath: string): RuntimeVersions;
  /** `filePath` relative to its repository's root (the nearest `.git` above it), `/`-separated. */
  repositoryRelativePath(filePath: string): string;
  /** What the probe measured about servers this session. */
  readonly knownServers: KnownServers;
  /** What is known about the server at `origin` for code in `fromFile`: this session's probe, else the project config. */
  serverProfile(origin: string, fromFile: string): KnownServerProfile | undefined;
  /** The URL the project config's `env` mapping gives environment variable `name` for code in `fromFile`. */
  envUrl(name: string, fromFile: string): string | undefined;
}

/** A server profile and where it comes from. */
export interface KnownServerProfile extends ServerProfile {
  /** `probe`: measured in this session; `config`: the project's `.http-resilience.json`. */
  source: 'probe' | 'config';
  /** Whole days since `measuredAt`, by the project host's clock; undefined without a date. */
  ageDays?: number;
}

/** One parsed file and the facts derived from it, computed lazily and cached for its version. */
export interface FileAnalysis {
  /** Absolute path. */
  readonly path: string;
  readonly text: string;
  readonly project: ProjectView;
  readonly sourceFile: ts.SourceFile;
  /** Every call expression, in source order. */
  readonly calls: readonly ts.CallExpression[];
  /** Every `new` expression, in source order. */
  readonly constructions: readonly ts.NewExpression[];
  /** Every loop statement (`for`, `for…of`, `for…in`, `while`, `do`), in source order. */
  readonly loops: readonly ts.IterationStatement[];
  /** Summaries of this file's functions as HTTP wrappers; dropped when a dependency changes. */
  readonly summaries: Map<ts.Node, WrapperSummary | 'pending'>;
  /** Request sites (they include wrapper calls into other files); dropped with the summaries. */
  requestSitesCache: RequestSite[] | undefined;
  /** Exports looked up by name; dropped with the summaries (a re-export may point into a changed file). */
  readonly exports: Map<string, Definition | undefined>;
  /** Names that can refer to a project function (a callee outside this set cannot be a wrapper). */
  readonly localFunctionNames: ReadonlySet<string>;
  /** Whether the file imports or requires an HTTP client module; if not, only `fetch` can send requests. */
  readonly importsHttpClient: boolean;
  /** Names bound by imports of project files (relative or tsconfig-aliased). */
  readonly relativeImportNames: ReadonlySet<string>;
  /** The first syntax error, if the file does not parse cleanly. */
  readonly syntaxError: { message: string; start: number } | undefined;
  /** Where this file's code runs: its own environment, or the browser when only browser code imports it. */
  readonly environment: Environment;
  /** Where this file's code runs as far as the file itself (and its package.json) tells. */
  readonly ownEnvironment: Environment;
  /** `'use server'`, `import 'server-only'`, Deno or Bun: server code whoever imports it. */
  readonly markedForServer: boolean;
  /** Deno or Bun code (its environment is `browser` for Node socket rules); undefined for everything else. */
  readonly serverRuntime: ServerRuntime | undefined;
  /** The HTTP request a call sends directly, if it is one. */
  httpCall(call: ts.CallExpression): HttpCall | undefined;
  /** All direct HTTP calls of the file. */
  readonly httpCalls: HttpCall[];
  /** Calls inside `node` (excluding `node` itself). */
  callsWithin(node: ts.Node): ts.CallExpression[];
  /** Drops cross-file derived facts (a file this one imports, or a project file above it, changed). */
  clearSummaries(): void;
}

/** A project function and the file it is declared in. */
export interface FunctionTarget {
  file: FileAnalysis;
  node: FunctionNode;
}

/** A call that sends an HTTP request directly through a known client. */
export interface HttpCall {
  node: ts.CallExpression;
  client: ClientId;
  /** How the code spells the callee, for messages: `fetch`, `axios.get`, `this.http.get`. */
  label: string;
  /** Upper-case HTTP method when it can be read from the call, else undefined (`GET` by default for most). */
  method: string | undefined;
  /** Index of the argument that carries the per-request options. */
  optionsIndex: number;
  /** The instance the call goes through (`api.get` where `api = axios.create(...)`). */
  instance?: InstanceOrigin;
}

/** A declaration found in some project file. */
export interface Definition {
  file: FileAnalysis;
  /** The value: a function node, an object literal, a call or `new` expression… */
  node: ts.Node;
}

/** A request site: the call (or the function reference) and what it sends through. */
export interface RequestSite {
  node: ts.Node;
  /** How the code names it, for messages. */
  label: string;
  http?: HttpCall;
  wrapper?: WrapperCall;
  /** A request through a network SDK client (`s3.send(new PutObjectCommand(…))`); only from `sdkRequestSites`. */
  sdk?: SdkCall;
}

/** What calling a project function does, as far as HTTP goes. */
export interface WrapperSummary {
  /** `none`: sends no request; `limited`: every request goes through a limiter inside; `unlimited` otherwise. */
  reach: 'none' | 'limited' | 'unlimited';
  /** Every request it sends is retried inside it (retry wrapper, retry loop, or a client that retries). */
  retried: boolean;
  /** Every request it sends uses a method that must not be retried blindly (POST, PATCH…). */
  unsafeOnly: boolean;
  /** Name of the function, for messages. */
  name: string;
  /** The request it ends up sending, for related information. */
  example?: { file: FileAnalysis; node: ts.Node; label: string };
}

/** A call to a project function that sends HTTP requests. */
export interface WrapperCall {
  node: ts.CallExpression;
  summary: WrapperSummary;
  target: FunctionTarget;
}

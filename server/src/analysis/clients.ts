/** What we know about HTTP client libraries: module names, call shapes, built-in defaults. */

/** The HTTP client family a call goes through. */
export type ClientId =
  | 'fetch'
  | 'undici-request'
  | 'undici-dispatcher'
  | 'axios'
  | 'got'
  | 'ky'
  | 'node-http'
  | 'superagent'
  | 'ofetch'
  | 'needle';

/** Behaviour a client has without any option set. */
export interface ClientDefaults {
  /** It gives up on a stuck request by itself (ky: 10 s; needle: open timeout). */
  timesOut: boolean;
  /** It retries idempotent requests by itself (got, ky, ofetch). */
  retries: boolean;
  /** Options that set a per-request deadline. */
  timeoutOptions: readonly string[];
}

export const clientDefaults: Record<ClientId, ClientDefaults> = {
  fetch: { timesOut: false, retries: false, timeoutOptions: ['signal'] },
  'undici-request': { timesOut: false, retries: false, timeoutOptions: ['signal', 'headersTimeout', 'bodyTimeout'] },
  'undici-dispatcher': { timesOut: false, retries: false, timeoutOptions: ['signal', 'headersTimeout', 'bodyTimeout'] },
  axios: { timesOut: false, retries: false, timeoutOptions: ['timeout', 'signal', 'cancelToken'] },
  got: { timesOut: false, retries: true, timeoutOptions: ['timeout', 'signal'] },
  ky: { timesOut: true, retries: true, timeoutOptions: ['timeout', 'signal'] },
  'node-http': { timesOut: false, retries: false, timeoutOptions: ['timeout', 'signal'] },
  superagent: { timesOut: false, retries: false, timeoutOptions: [] },
  ofetch: { timesOut: false, retries: true, timeoutOptions: ['timeout', 'signal'] },
  needle: { timesOut: true, retries: false, timeoutOptions: [] },
};

/** Strips the `node:` scheme so `node:https` and `https` compare equal. */
export function normalizeModule(module: string): string {
  return module.startsWith('node:') ? module.slice(5) : module;
}

/** Modules whose default export (or `fetch` export) is a WHATWG-style fetch. */
export const fetchModules: ReadonlySet<string> = new Set([
  'node-fetch',
  'cross-fetch',
  'isomorphic-fetch',
  'isomorphic-unfetch',
  'undici',
  '@whatwg-node/fetch',
  'node-fetch-native',
]);

/** HTTP verbs exposed as methods (`axios.get`, `got.post`, `ky.put`, `superagent.del`). */
export const verbMethods: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);

/** Methods that only read (retrying them is safe). */
export const idempotentMethods: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/** undici classes that own sockets. */
export const undiciDispatcherClasses: ReadonlySet<string> = new Set([
  'Agent',
  'Pool',
  'Client',
  'BalancedPool',
  'RetryAgent',
  'ProxyAgent',
  'EnvHttpProxyAgent',
]);

/** Type names that, when annotated on a variable, parameter or property, mean "an instance of this client". */
export const instanceTypeNames: Readonly<Record<string, { module: string; client: ClientId }>> = {
  AxiosInstance: { module: 'axios', client: 'axios' },
  AxiosStatic: { module: 'axios', client: 'axios' },
  Got: { module: 'got', client: 'got' },
  KyInstance: { module: 'ky', client: 'ky' },
  HttpService: { module: '@nestjs/axios', client: 'axios' },
  Dispatcher: { module: 'undici', client: 'undici-dispatcher' },
  Agent: { module: 'undici', client: 'undici-dispatcher' },
  Pool: { module: 'undici', client: 'undici-dispatcher' },
  Client: { module: 'undici', client: 'undici-dispatcher' },
};

/** Where the options object goes for a verb method, by client (`axios.post(url, data, config)`). */
export function optionsIndexForVerb(client: ClientId, verb: string): number {
  if (client === 'axios' && (verb === 'post' || verb === 'put' || verb === 'patch')) return 2;
  return 1;
}

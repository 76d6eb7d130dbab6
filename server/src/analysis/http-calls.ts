/** Recognizes the calls that send an HTTP request, from import specifiers and local declarations. */
import { ts } from './ts';
import { resolveName, skipOuterExpressions } from './bindings';
import { type ClientId, fetchModules, optionsIndexForVerb, verbMethods } from './clients';
import { stringValue, propertyValue, asObjectLiteral } from './options';
import { definitionOf } from './definitions';
import type { FileAnalysis, HttpCall } from './file-analysis';
import { type InstanceOrigin, type ValueOrigin, originOf } from './values';

export type { HttpCall } from './file-analysis';

const globalObjects = new Set(['globalThis', 'window', 'self', 'global']);

/** Classifies a call; undefined when it is not a recognized HTTP request. `file` lets instances created in other project files be followed. */
export function classifyHttpCall(call: ts.CallExpression, file?: FileAnalysis): HttpCall | undefined {
  const callee = skipOuterExpressions(call.expression);
  if (ts.isIdentifier(callee)) return identifierCall(call, callee, file);
  if (ts.isPropertyAccessExpression(callee)) return memberCall(call, callee, file);
  return undefined;
}

/**
 * Like originOf, but an identifier imported from a project file is followed into that file:
 * `import { api } from './http'` where http.ts has `export const api = axios.create(…)`.
 */
function crossFileOrigin(expression: ts.Expression, file: FileAnalysis | undefined): ValueOrigin {
  const origin = originOf(expression);
  if (!file || origin.kind !== 'module' || !ts.isIdentifier(expression) || !file.project.isProjectSpecifier(file.path, origin.module)) return origin;
  const definition = definitionOf(expression, file);
  if (!definition || definition.node === expression || !ts.isExpression(definition.node)) return origin;
  const followed = originOf(definition.node);
  return followed.kind === 'unknown' ? origin : followed;
}

function make(call: ts.CallExpression, client: ClientId, optionsIndex: number, method?: string, instance?: InstanceOrigin): HttpCall {
  const label = call.expression.getText().replace(/\s+/g, '');
  const resolvedMethod = method ?? methodFromOptions(call.arguments[optionsIndex]) ?? methodFromOptions(call.arguments[0]);
  return { node: call, client, label, method: resolvedMethod, optionsIndex, instance };
}

function methodFromOptions(options: ts.Expression | undefined): string | undefined {
  const literal = options && asObjectLiteral(options);
  if (!literal || literal === 'unknown') return undefined;
  const value = propertyValue(literal, 'method');
  const text = value && stringValue(value);
  return text?.toUpperCase();
}

function identifierCall(call: ts.CallExpression, callee: ts.Identifier, file: FileAnalysis | undefined): HttpCall | undefined {
  const binding = resolveName(callee.text, callee);
  if (binding.kind === 'global') return callee.text === 'fetch' ? make(call, 'fetch', 1) : undefined;
  const origin = crossFileOrigin(callee, file);
  if (origin.kind === 'module') return moduleFunctionCall(call, origin);
  if (origin.kind === 'instance') return instanceCall(call, origin, undefined);
  return undefined;
}

/** `fetch(...)` from node-fetch, `request(...)` from undici, `axios(...)`, `got(...)`, `ky(...)`. */
function moduleFunctionCall(call: ts.CallExpression, origin: { module: string; name: string }): HttpCall | undefined {
  const { module, name } = origin;
  const whole = name === 'default' || name === '*';
  if (fetchModules.has(module) && (name === 'fetch' || (whole && module !== 'undici'))) return make(call, 'fetch', 1);
  if (module === 'undici' && name === 'request') return make(call, 'undici-request', 1);
  if ((module === 'http' || module === 'https') && (name === 'request' || name === 'get')) {
    return make(call, 'node-http', nodeHttpOptionsIndex(call), name === 'get' ? 'GET' : undefined);
  }
  if (module === 'ofetch' && (name === 'ofetch' || name === '$fetch')) return make(call, 'ofetch', 1);
  if (requestModules.has(module) && whole) return make(call, 'node-http', call.arguments.length > 1 && !isFunctionArgument(call.arguments[1]) ? 1 : 0);
  if (!whole) return undefined;
  if (module === 'axios') return make(call, 'axios', axiosCallOptionsIndex(call));
  if (module === 'got') return make(call, 'got', gotCallOptionsIndex(call));
  if (module === 'ky') return make(call, 'ky', 1);
  if (module === 'needle') return make(call, 'needle', 3, stringValue(call.arguments[0])?.toUpperCase());
  return undefined;
}

/** Method names that can send a request on some client; anything else is rejected before resolving. */
const requestMethods = new Set([...verbMethods, 'request', 'fetch', 'default']);

function memberCall(call: ts.CallExpression, callee: ts.PropertyAccessExpression, file: FileAnalysis | undefined): HttpCall | undefined {
  const method = callee.name.text;
  if (!requestMethods.has(method)) return undefined;
  const object = skipOuterExpressions(callee.expression);
  if (method === 'fetch' && ts.isIdentifier(object) && globalObjects.has(object.text)) {
    return resolveName(object.text, object).kind === 'global' ? make(call, 'fetch', 1) : undefined;
  }
  const origin: ValueOrigin = crossFileOrigin(object, file);
  if (origin.kind === 'module' && (origin.name === '*' || origin.name === 'default')) {
    return moduleMemberCall(call, origin.module, method);
  }
  if (origin.kind === 'instance') return instanceCall(call, origin, method);
  return undefined;
}

/** `axios.get`, `got.post`, `undici.request`, `https.get`, `superagent.get`, `needle.get`. */
function moduleMemberCall(call: ts.CallExpression, module: string, method: string): HttpCall | undefined {
  if (module === 'undici') {
    if (method === 'request') return make(call, 'undici-request', 1);
    if (method === 'fetch') return make(call, 'fetch', 1);
    return undefined;
  }
  if (fetchModules.has(module) && method === 'default') return make(call, 'fetch', 1);
  if (module === 'http' || module === 'https') {
    if (method === 'request' || method === 'get') {
      return make(call, 'node-http', nodeHttpOptionsIndex(call), method === 'get' ? 'GET' : undefined);
    }
    return undefined;
  }
  if (requestModules.has(module) && verbMethods.has(method)) {
    return make(call, 'node-http', call.arguments.length > 1 && !isFunctionArgument(call.arguments[1]) ? 1 : 0, method.toUpperCase());
  }
  const client = verbClients[module];
  if (!client) return undefined;
  if (method === 'request' && client === 'axios') return make(call, 'axios', 0);
  if (!verbMethods.has(method)) return undefined;
  const verb = method === 'del' ? 'DELETE' : method.toUpperCase();
  const index = client === 'needle' ? (method === 'get' || method === 'head' ? 1 : 2) : optionsIndexForVerb(client, method);
  return make(call, client, index, verb);
}

/** The deprecated `request` family: `request(url, options, cb)`, `rp(options)`, `request.get(…)`. */
const requestModules = new Set(['request', 'request-promise', 'request-promise-native']);

function isFunctionArgument(argument: ts.Expression): boolean {
  const inner = skipOuterExpressions(argument);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
}

const verbClients: Record<string, ClientId | undefined> = {
  axios: 'axios',
  got: 'got',
  ky: 'ky',
  superagent: 'superagent',
  needle: 'needle',
};

/** A call on an instance: `api.get(...)`, `api(...)`, `pool.request(...)`. */
function instanceCall(call: ts.CallExpression, instance: InstanceOrigin, method: string | undefined): HttpCall | undefined {
  const client = instance.client;
  if (client === 'node-agent') return undefined;
  if (client === 'undici-dispatcher') {
    return method === 'request' ? make(call, 'undici-dispatcher', 0, undefined, instance) : undefined;
  }
  if (method === undefined) {
    const index = client === 'axios' ? axiosCallOptionsIndex(call) : client === 'got' ? gotCallOptionsIndex(call) : 1;
    return make(call, client, index, undefined, instance);
  }
  if (method === 'request' && client === 'axios') return make(call, client, 0, undefined, instance);
  if (!verbMethods.has(method)) return undefined;
  return make(call, client, optionsIndexForVerb(client, method), method.toUpperCase(), instance);
}

/** `axios(config)` or `axios(url, config)`. */
function axiosCallOptionsIndex(call: ts.CallExpression): number {
  const first = call.arguments[0];
  return first && ts.isObjectLiteralExpression(skipOuterExpressions(first)) ? 0 : 1;
}

/** `got(url, options)` or `got(options)`. */
function gotCallOptionsIndex(call: ts.CallExpression): number {
  return axiosCallOptionsIndex(call);
}

/** `http.request(url, options, cb)`, `http.request(options, cb)`. */
function nodeHttpOptionsIndex(call: ts.CallExpression): number {
  const first = call.arguments[0];
  if (!first) return 0;
  const inner = skipOuterExpressions(first);
  if (ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner) || ts.isNewExpression(inner)) return 1;
  // An identifier we cannot follow is a URL when its name says so (`url`, `endpoint`), otherwise the options.
  const literal = asObjectLiteral(inner);
  if (literal === 'unknown' && ts.isIdentifier(inner) && /url|uri|href|endpoint|link|address/i.test(inner.text)) return 1;
  return 0;
}

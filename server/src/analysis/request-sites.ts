/** Every place in a file that sends a request: direct HTTP calls, wrapper calls, and request functions passed to `map`. */
import { ts } from './ts';
import { resolveName } from './bindings';
import type { FileAnalysis, RequestSite } from './file-analysis';
import { wrapperCall, summarize } from './wrappers';
import { referencedFunction } from './definitions';
import { sdkCall, sdkEntryFor } from './sdk-clients';

export type { RequestSite } from './file-analysis';

const callbackTakers = new Set(['map', 'flatMap', 'forEach', 'from']);

/** The request sites of a file, in source order. */
export function requestSites(file: FileAnalysis): RequestSite[] {
  if (file.requestSitesCache) return file.requestSitesCache;
  const sites: RequestSite[] = [];
  for (const call of file.calls) {
    const http = file.httpCall(call);
    if (http) {
      sites.push({ node: call, label: http.label, http });
      continue;
    }
    const wrapper = wrapperCall(call, file);
    if (wrapper) sites.push({ node: call, label: `${wrapper.summary.name}()`, wrapper });
    const reference = callbackReference(call, file);
    if (reference) sites.push(reference);
  }
  file.requestSitesCache = sites;
  return sites;
}

/** `ids.map(fetchUser)` or `urls.map(fetch)`: a request function handed to an iteration method. */
function callbackReference(call: ts.CallExpression, file: FileAnalysis): RequestSite | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !callbackTakers.has(callee.name.text)) return undefined;
  const argument = unbound(callee.name.text === 'from' ? call.arguments[1] : call.arguments[0]);
  if (!argument || !(ts.isIdentifier(argument) || ts.isPropertyAccessExpression(argument))) return undefined;
  if (ts.isIdentifier(argument) && argument.text === 'fetch' && resolveName('fetch', argument).kind === 'global') {
    return { node: argument, label: 'fetch' };
  }
  const target = referencedFunction(argument, file);
  if (!target) return undefined;
  const summary = summarize(target.node, target.file);
  if (summary.reach === 'none') return undefined;
  return { node: argument, label: `${summary.name}()`, wrapper: { node: call, summary, target } };
}

/** `this.load.bind(this)` names `this.load`: binding a method hands the same function on. */
function unbound(argument: ts.Expression | undefined): ts.Expression | undefined {
  if (argument && ts.isCallExpression(argument) && ts.isPropertyAccessExpression(argument.expression) && argument.expression.name.text === 'bind') {
    return argument.expression.expression;
  }
  return argument;
}

const sdkSitesCache = new WeakMap<FileAnalysis, RequestSite[]>();

/**
 * Requests sent through network SDK clients built in the file (`sdk-clients.ts`), as request sites with
 * `sdk` set. Kept apart from `requestSites` so that each rule opts in to judging SDK calls.
 */
/** Module specifiers a file imports or requires, as written. */
const importedModules = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

/** Whether the file imports a package of the SDK catalogue: only then can a call in it be a same-file SDK request. */
function importsCataloguedSdk(text: string): boolean {
  for (const match of text.matchAll(importedModules)) if (sdkEntryFor(match[1])) return true;
  return false;
}

export function sdkRequestSites(file: FileAnalysis): RequestSite[] {
  const cached = sdkSitesCache.get(file);
  if (cached) return cached;
  const sites: RequestSite[] = [];
  if (importsCataloguedSdk(file.text)) {
    for (const call of file.calls) {
      const sdk = sdkCall(call);
      // `s3.send(GetObjectCommand)` names the command; `octokit.rest.repos.get` is its own name.
      const callee = call.expression.getText().replace(/\s+/g, '');
      if (sdk) sites.push({ node: call, label: sdk.entry.shape === 'command' ? `${callee}(${sdk.operation})` : callee, sdk });
    }
  }
  sdkSitesCache.set(file, sites);
  return sites;
}

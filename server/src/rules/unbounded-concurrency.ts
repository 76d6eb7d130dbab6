/** unbounded-concurrency: HTTP calls fanned out with no limit. */
import { type FanOut, unboundedFanOutOf } from '../analysis/concurrency';
import { type RequestSite, requestSites, sdkRequestSites } from '../analysis/request-sites';
import { dispatchedRequest } from '../analysis/dispatch';
import { sdkCallAcrossFiles } from '../analysis/sdk-client-origins';
import { sdkWrapperRequest } from '../analysis/sdk-wrappers';
import { throttlesItself } from '../analysis/sdk-clients';
import { largeCollectionEvidence } from '../analysis/large-collections';
import { configuredRows } from '../analysis/configured-collections';
import { resolveName, skipOuterExpressions } from '../analysis/bindings';
import { limiterCreationBound } from '../analysis/limiters';
import { shortText } from '../analysis/syntax';
import { ts } from '../analysis/ts';
import type { FileAnalysis } from '../analysis/file-analysis';
import { fixDefaults, numberLiteral } from '@shared/fix-defaults';
import { wrapperRelated } from './support/anchors';
import { defineRule, type Fix } from './types';
import { originOfCall } from '../analysis/origins';
import { profileOf } from './support/server-profile';
import { codeOf, codeSpansText, codeText, nameText } from './support/message-text';

const messages = {
  map: '{{request}} runs for all of `{{collection}}` at once; bound it with {{remedy}}.',
  forEach: '`forEach` fires {{request}} for all of `{{collection}}` at once, awaiting none; await them through a limiter.',
  loop: 'This loop starts {{request}} for all of `{{collection}}` at once, awaiting none; bound it with a limiter.',
  dispatch: '{{request}} runs for all of `{{collection}}` ({{evidence}}) at once; use a limiter.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'unbounded-concurrency',
    description: 'HTTP requests fanned out with no concurrency limit (Promise.all over map, loops collecting promises, forEach(async)).',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    const seen = new Set<FanOut['anchor']>();
    // Requests through network SDK clients (`s3.send(new GetObjectCommand(…))`, `octokit.rest.repos.get(…)`) fan out like any other.
    const sites = [...requestSites(ctx.file), ...sdkRequestSites(ctx.file)];
    const dispatched = indirectSites(ctx.file, sites);
    for (const site of [...sites, ...dispatched.keys()]) {
      // A wrapper whose every request goes through a limiter, or a client that throttles itself, is bounded however it is fanned out.
      if (site.wrapper?.summary.reach === 'limited' || (site.sdk && throttlesItself(site.sdk.module))) continue;
      const indirect = dispatched.get(site);
      const fanOut = indirect ? indirect.fanOut : unboundedFanOutOf(site.node, ctx.file);
      if (!fanOut || seen.has(fanOut.anchor)) continue;
      seen.add(fanOut.anchor);
      // What one owner configured by hand (a workspace's webhooks, an account's calendar connections) is a handful.
      if (!indirect && configuredRows(fanOut.collection, ctx.file)) continue;
      const evidence = indirect?.evidence;
      const messageId = evidence ? 'dispatch' : fanOut.kind === 'for-each' ? 'forEach' : fanOut.kind;
      const collection = fanOut.collection ? codeOf(fanOut.collection) : 'the items';
      const limiter = limiterInScope(fanOut.anchor);
      // The bound: the measured knee of the requests' origin when it has a saved profile, else the helper's.
      const knee = site.http ? profileOf(ctx, originOfCall(site.http, ctx.file))?.knee : undefined;
      const bound = numberLiteral(knee ?? fixDefaults.connections);
      const fix = (limiter && limiterFix(fanOut, limiter)) ?? mapLimitFix(fanOut, bound);
      const data = {
        collection,
        request: `\`${codeText(site.label)}\``,
        evidence: evidence ? codeSpansText(evidence) : '',
        // `mapLimit` is named only when the quick fix brings it (and the helper) into the project.
        remedy: fix?.helperImports ? `\`mapLimit(${collection}, ${bound}, …)\`` : fix && limiter ? `the \`${nameText(limiter.name)}\` limiter (${limiter.bound} at a time)` : `a limiter, ${bound} at a time`,
      };
      ctx.report(fanOut.anchor, messageId, data, { related: wrapperRelated(site), fix });
    }
  },
});

/**
 * Requests one step removed from the code, asked for only where an unbounded fan-out over a collection the code shows
 * can be large would start them (each costs definition lookups across files), with that evidence: requests behind
 * run-time dispatch (`jobs.triggerJob(…)` on a provider chosen from the environment, a parameter typed by a project
 * interface), SDK calls on a client a project function builds and returns (`(await azureApi.coreApi()).getTeams(…)`), and
 * project functions that send through an SDK client (`this.getThread(id)` running `this.client.users.threads.get(…)`).
 */
function indirectSites(file: FileAnalysis, known: readonly RequestSite[]): Map<RequestSite, { evidence: string; fanOut: FanOut }> {
  const seen = new Set<ts.Node>(known.map((site) => site.node));
  const sites = new Map<RequestSite, { evidence: string; fanOut: FanOut }>();
  // The calls of one callback share its fan-out's collection: its evidence is looked for once.
  const evidenceOf = new Map<ts.Expression | undefined, string | undefined>();
  for (const call of file.calls) {
    const callee = call.expression;
    const member = ts.isPropertyAccessExpression(callee);
    // `expandFolder(client, folder)`: a plain name can only be a project function sending through an SDK client.
    if (seen.has(call) || !(member || (ts.isIdentifier(callee) && file.localFunctionNames.has(callee.text)))) continue;
    const fanOut = unboundedFanOutOf(call, file);
    if (!fanOut) continue;
    // The request is one step removed from the code: warn only where the code says the collection is large.
    if (!evidenceOf.has(fanOut.collection)) evidenceOf.set(fanOut.collection, largeCollectionEvidence(fanOut.collection, file));
    const evidence = evidenceOf.get(fanOut.collection);
    if (!evidence) continue;
    const sdk = member ? sdkCallAcrossFiles(call, file) : undefined;
    const site = sdk ? { node: call, label: `${callee.getText().replace(/\s+/g, '')}()`, sdk } : ((member && dispatchedRequest(call, file)) || sdkWrapperRequest(call, file));
    if (site) sites.set(site, { evidence, fanOut });
  }
  return sites;
}

/** `Promise.all(xs.map(fn))` → `mapLimit(xs, 8, fn)`: same results, in order, at most 8 at a time (the helper's bound). */
function mapLimitFix(fanOut: FanOut, bound: string): Fix | undefined {
  const parts = promiseAllOverMap(fanOut);
  if (!parts) return undefined;
  const { combinatorCall, mapCall, items } = parts;
  const callback = mapCall.arguments[0].getText();
  return {
    title: `Bound the fan-out: mapLimit(${shortText(items, 20)}, ${bound}, …)`,
    edits: [{ start: combinatorCall.getStart(), end: combinatorCall.getEnd(), newText: `mapLimit(${items.getText()}, ${bound}, ${callback})` }],
    helperImports: ['mapLimit'],
  };
}

/** `Promise.all(xs.map(cb))` as its parts, when the fan-out is exactly that. */
function promiseAllOverMap(fanOut: FanOut): { combinatorCall: ts.CallExpression; mapCall: ts.CallExpression; items: ts.Expression } | undefined {
  if (fanOut.kind !== 'map' || fanOut.combinator !== 'Promise.all' || !ts.isCallExpression(fanOut.site)) return undefined;
  const combinatorCall = fanOut.anchor.parent;
  const mapCall = fanOut.site;
  const callee = mapCall.expression;
  if (!ts.isCallExpression(combinatorCall) || combinatorCall.arguments[0] !== mapCall) return undefined;
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'map' || mapCall.arguments.length !== 1) return undefined;
  return { combinatorCall, mapCall, items: callee.expression };
}

/** A limiter the code already has, by the name it is in scope under. */
interface ScopedLimiter {
  name: string;
  bound: number;
}

/**
 * A bounded limiter in scope at `at`: a `const limit = pLimit(n)` (p-limit) or the helper's `createLimiter(n)`,
 * declared before `at` in an enclosing block or at module scope and not shadowed. The project's own limiter is
 * preferred to inserting the helper's `mapLimit`.
 */
function limiterInScope(at: ts.Node): ScopedLimiter | undefined {
  for (let scope: ts.Node | undefined = at.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement) || (statement.declarationList.flags & ts.NodeFlags.Const) === 0) continue;
      if (!ts.isSourceFile(scope) && statement.getStart() > at.getStart()) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) continue;
        const creation = skipOuterExpressions(declaration.initializer);
        const bound = limiterCreationBound(creation);
        if (typeof bound !== 'number' || !(bound >= 1) || !ts.isCallExpression(creation) || !callsLimitDirectly(creation)) continue;
        const binding = resolveName(declaration.name.text, at);
        if (binding.kind === 'local' && binding.declaration === declaration) return { name: declaration.name.text, bound };
      }
    }
  }
  return undefined;
}

/** p-limit's `pLimit(n)` and the helper's `createLimiter(n)` return a function: `limit(() => task)`. */
function callsLimitDirectly(creation: ts.CallExpression): boolean {
  const callee = skipOuterExpressions(creation.expression);
  if (!ts.isIdentifier(callee)) return false;
  const binding = resolveName(callee.text, callee);
  if (binding.kind !== 'import') return false;
  if (binding.module === 'p-limit') return binding.name === 'default' || binding.name === '*' || binding.name === 'pLimit';
  return /(^|\/)resilient-http(\.[cm]?[jt]s)?$/.test(binding.module) && binding.name === 'createLimiter';
}

/**
 * `Promise.all(xs.map((x) => task(x)))` → `Promise.all(xs.map((x) => limit(() => task(x))))` with the
 * limiter in scope: the callback's body runs through it. Only for arrow callbacks (a function reference
 * would change the arguments the task gets; a `function` would change `this`).
 */
function limiterFix(fanOut: FanOut, limiter: ScopedLimiter): Fix | undefined {
  const parts = promiseAllOverMap(fanOut);
  const callback = parts && skipOuterExpressions(parts.mapCall.arguments[0]);
  if (!callback || !ts.isArrowFunction(callback)) return undefined;
  const title = `Bound the fan-out with \`${limiter.name}\` (${limiter.bound} at a time)`;
  const body = callback.body;
  if (!ts.isBlock(body)) {
    return { title, edits: [{ start: body.getStart(), end: body.getEnd(), newText: `${limiter.name}(() => ${body.getText()})` }] };
  }
  const asyncModifier = ts.getModifiers(callback)?.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  const edits = [{ start: body.getStart(), end: body.getEnd(), newText: `${limiter.name}(${asyncModifier ? 'async ' : ''}() => ${body.getText()})` }];
  if (asyncModifier) {
    const text = callback.getSourceFile().text;
    const afterAsync = asyncModifier.getEnd() + (/^\s*/.exec(text.slice(asyncModifier.getEnd()))?.[0].length ?? 0);
    edits.unshift({ start: asyncModifier.getStart(), end: afterAsync, newText: '' });
  }
  return { title, edits };
}

export default rule;

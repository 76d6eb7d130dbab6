/**
 * Project functions that send through a network SDK client: `getThread(id)` whose body runs
 * `this.client.users.threads.get(…)` (also inside a callback it hands to a wrapper of its own class,
 * `this.withRateLimitTracking('get-thread', () => …)`), or that calls another project function that does
 * (`getMessage(id, this.client)` in another file). HTTP wrapper summaries (`wrappers.ts`) count only HTTP
 * calls; this is the SDK side, asked for only where it matters (a call in a fan-out over a large collection),
 * as each step is a definition lookup. Requests behind a limiter in between, or through a client that throttles
 * itself (`octokit`), do not count.
 */
import { ts } from './ts';
import { skipOuterExpressions } from './bindings';
import { calledFunction } from './definitions';
import type { FileAnalysis, RequestSite, WrapperSummary } from './file-analysis';
import { sdkCallAcrossFiles } from './sdk-client-origins';
import { throttlesItself } from './sdk-clients';
import { type FunctionNode, shortText } from './syntax';
import { bodyCalls, functionName, limiterBetween, runsWhenCalled } from './wrappers';

/** Project-function levels followed below the called function (`getThreads` → `getThread` → `getMessage` → the SDK call). */
const maxDepth = 3;
/** Functions looked into per question, at most: a bound on the cost of one call site. */
const maxFunctions = 40;

/** The SDK request a project function ends up sending when it is called. */
export interface SdkRequestExample {
  file: FileAnalysis;
  node: ts.Node;
  label: string;
}

/**
 * `this.getThread(id)`, `expandFolder(client, folder)` as a request site when the project function it calls sends
 * an SDK request (`wrapper` points at the function, its example at the SDK call).
 */
export function sdkWrapperRequest(call: ts.CallExpression, file: FileAnalysis): RequestSite | undefined {
  const target = calledFunction(call, file);
  if (!target) return undefined;
  const example = sdkRequestOf(target.node, target.file);
  if (!example) return undefined;
  const summary: WrapperSummary = { reach: 'unlimited', retried: false, unsafeOnly: false, name: functionName(target.node), example };
  return { node: call, label: `${skipOuterExpressions(call.expression).getText().replace(/\s+/g, '')}()`, wrapper: { node: call, summary, target } };
}

/** The SDK call `fn` (or a project function it calls, `maxDepth` levels down) sends when it runs, not through a limiter. */
export function sdkRequestOf(fn: FunctionNode, file: FileAnalysis): SdkRequestExample | undefined {
  const seen = new Set<ts.Node>([fn]);
  // Breadth first: the nearest SDK call is the example, and a wide function does not use up the budget one branch deep.
  let level: { fn: FunctionNode; file: FileAnalysis }[] = [{ fn, file }];
  for (let depth = 0; depth <= maxDepth && level.length > 0; depth++) {
    const next: typeof level = [];
    for (const current of level) {
      for (const call of bodyCalls(current.fn, current.file)) {
        if (!runsWhenCalled(call, current.fn) || limiterBetween(call, current.fn, current.file)) continue;
        const sdk = sdkCallAcrossFiles(call, current.file);
        if (sdk && throttlesItself(sdk.module)) continue;
        if (sdk) return { file: current.file, node: call, label: shortText(skipOuterExpressions(call.expression), 60) };
        const callee = depth < maxDepth && seen.size < maxFunctions ? calledFunction(call, current.file) : undefined;
        if (!callee || seen.has(callee.node)) continue;
        seen.add(callee.node);
        next.push({ fn: callee.node, file: callee.file });
      }
    }
    level = next;
  }
  return undefined;
}

/** wrong-pool-option: options a pool or fetch ignores (or rejects): `maxSockets` on undici, `agent`/`timeout`/`keepAlive` on fetch. */
import { ts } from '../analysis/ts';
import type { HttpCall } from '../analysis/http-calls';
import { numericValue, propertyNameText, propertyNode, propertyValue } from '../analysis/options';
import { fetchFlavor, type PoolInfo, poolInfo, requestOptions } from '../analysis/pools';
import { shortText } from '../analysis/syntax';
import type { Fix, Rule, RuleContext, TextEdit } from './types';

/** Node `http.Agent` options that undici pools do not know: consequence and advice. */
const ignoredByUndici: Readonly<Record<string, { consequence: string; advice: string; rename?: string }>> = {
  maxSockets: { consequence: 'the pool is not bounded by it', advice: 'Use `connections`.', rename: 'connections' },
  maxTotalSockets: { consequence: 'the pool is not bounded by it', advice: 'Use `connections` (per origin).' },
  maxFreeSockets: { consequence: 'it changes nothing (undici keeps every connection it opened until `keepAliveTimeout`)', advice: 'Remove it; size the pool with `connections`.' },
  keepAliveMsecs: { consequence: 'TCP keep-alive probes are not set by it', advice: 'Use `connect: { keepAliveInitialDelay }`, or remove it.' },
  timeout: { consequence: 'no request gets a deadline from it (undici waits 300 s for headers and 300 s for the body)', advice: 'Use `headersTimeout` and `bodyTimeout`, and `connect: { timeout }` for connecting.' },
  freeSocketTimeout: { consequence: 'idle sockets are not closed by it', advice: 'Use `keepAliveTimeout`.' },
};

/** Options undici rejects outright: every request through the pool fails. */
const rejectedByUndici: Readonly<Record<string, string>> = {
  keepAlive: 'Remove it: undici keeps connections alive by default (`pipelining: 0` turns keep-alive off).',
  socketTimeout: 'Use `headersTimeout` and `bodyTimeout`.',
  requestTimeout: 'Use `headersTimeout` and `bodyTimeout`.',
  idleTimeout: 'Use `keepAliveTimeout`.',
  maxKeepAliveTimeout: 'Use `keepAliveMaxTimeout`.',
};

/** undici options that Node's `http.Agent` does not know. */
const ignoredByNodeAgent: Readonly<Record<string, { consequence: string; advice: string; rename?: string }>> = {
  connections: { consequence: '`maxSockets` stays Infinity and a burst opens a socket per request', advice: 'Use `maxSockets`.', rename: 'maxSockets' },
  keepAliveTimeout: { consequence: 'idle sockets are not closed by it', advice: 'Use `timeout` (the idle timeout of free sockets), below the server\'s keep-alive timeout.' },
  headersTimeout: { consequence: 'requests get no deadline from it', advice: 'Set a timeout on the request instead.' },
  bodyTimeout: { consequence: 'requests get no deadline from it', advice: 'Set a timeout on the request instead.' },
  pipelining: { consequence: 'it changes nothing (Node\'s agent never pipelines)', advice: 'Remove it.' },
};

const rule: Rule = {
  meta: {
    id: 'wrong-pool-option',
    description: 'Pool and fetch options that are silently ignored or rejected: `maxSockets` on an undici Agent, `agent`/`timeout`/`keepAlive` on fetch.',
    severity: 'error',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      undiciIgnored: '`{{option}}` is a Node `http.Agent` option; undici\'s `{{pool}}` ignores it without a word, so {{consequence}}. {{advice}}',
      undiciRejected:
        '`{{option}}` is not accepted by undici: creating a connection for `{{pool}}` throws `InvalidArgumentError: unsupported {{option}}`, so every request through it fails (`fetch failed` from fetch). {{advice}}',
      nodeAgentIgnored: '`{{option}}` is an undici option; Node\'s `{{pool}}` ignores it (unknown options go to `net.connect`), so {{consequence}}. {{advice}}',
      fetchAgent:
        '`{{label}}` ignores `agent`: Node\'s fetch is undici and takes a `dispatcher`, not an `http.Agent`, so `{{agent}}` (its pool limits, keep-alive, proxy or TLS settings) never applies and the request goes through the default global pool. Call undici\'s own `fetch` with `dispatcher: new Agent(…)` from undici.',
      fetchTimeout:
        '`{{label}}` ignores `timeout`: the Fetch API has no such option, so this request has no deadline (the default dispatcher waits 300 s for headers and 300 s for the body before `fetch failed`). Use `signal: AbortSignal.timeout({{ms}})`.',
      fetchKeepAlive:
        '`{{label}}` ignores `keepAlive`. The Fetch option is spelled `keepalive` and means something else (let a request outlive the page, body ≤ 64 KiB; a no-op in Node). Node\'s fetch already keeps connections alive in its pool: remove the option, and tune idle sockets with `keepAliveTimeout` on a dispatcher if needed.',
    },
  },
  check(ctx) {
    for (const construction of ctx.file.constructions) {
      const pool = poolInfo(construction, ctx.file);
      if (pool?.options) checkPoolOptions(ctx, pool, pool.options);
    }
    // Code that swaps the global fetch for a polyfill (`global.fetch = nodeFetch`) may mean node-fetch's options.
    if (/\b(global|globalThis)\.fetch\s*=/.test(ctx.file.text)) return;
    for (const http of ctx.file.httpCalls) {
      const flavor = fetchFlavor(http);
      if (flavor !== 'global' && flavor !== 'undici') continue;
      const options = requestOptions(http);
      if (options) checkFetchOptions(ctx, http, options);
    }
  },
};

function checkPoolOptions(ctx: RuleContext, pool: PoolInfo, options: ts.ObjectLiteralExpression): void {
  const poolName = `new ${pool.creation.expression.getText()}`;
  for (const property of options.properties) {
    const name = property.name && propertyNameText(property.name);
    if (!name || ts.isSpreadAssignment(property)) continue;
    if (pool.kind === 'undici') {
      const ignored = Object.hasOwn(ignoredByUndici, name) ? ignoredByUndici[name] : undefined;
      if (ignored) {
        const rename = ignored.rename && pool.name !== 'Client' ? ignored.rename : undefined;
        const advice = pool.name === 'Client' && ignored.rename ? 'A `Client` holds one connection; use a `Pool` with `connections` for more.' : ignored.advice;
        ctx.report(property, 'undiciIgnored', { option: name, pool: poolName, consequence: ignored.consequence, advice }, { fix: rename ? renameFix(options, property, rename) : undefined });
      } else if (Object.hasOwn(rejectedByUndici, name)) {
        const fix = name === 'keepAlive' && propertyValue(options, name)?.kind === ts.SyntaxKind.TrueKeyword ? removeFix(options, property, 'Remove `keepAlive` (undici keeps connections alive)') : undefined;
        ctx.report(property, 'undiciRejected', { option: name, pool: poolName, advice: rejectedByUndici[name] }, { fix });
      }
    } else if (Object.hasOwn(ignoredByNodeAgent, name)) {
      const ignored = ignoredByNodeAgent[name];
      ctx.report(property, 'nodeAgentIgnored', { option: name, pool: poolName, consequence: ignored.consequence, advice: ignored.advice }, { fix: ignored.rename ? renameFix(options, property, ignored.rename) : undefined });
    }
  }
}

function checkFetchOptions(ctx: RuleContext, http: HttpCall, options: ts.ObjectLiteralExpression): void {
  const label = http.label;
  const agent = propertyNode(options, 'agent');
  if (agent && !propertyValue(options, 'dispatcher') && !isEmptyValue(propertyValue(options, 'agent'))) {
    ctx.report(agent, 'fetchAgent', { label, agent: shortText(propertyValue(options, 'agent') ?? agent, 30) });
  }
  const timeout = propertyNode(options, 'timeout');
  const timeoutValue = propertyValue(options, 'timeout');
  if (timeout && timeoutValue && !propertyValue(options, 'signal') && !isEmptyValue(timeoutValue)) {
    const ms = numericValue(timeoutValue);
    const fix: Fix | undefined =
      ms !== undefined && ms > 0 && Number.isFinite(ms)
        ? { title: `Use \`signal: AbortSignal.timeout(${timeoutValue.getText()})\``, edits: [{ start: timeout.getStart(), end: timeout.getEnd(), newText: `signal: AbortSignal.timeout(${timeoutValue.getText()})` }] }
        : undefined;
    ctx.report(timeout, 'fetchTimeout', { label, ms: ms !== undefined && Number.isFinite(ms) ? timeoutValue.getText() : '10_000' }, { fix });
  }
  const keepAlive = propertyNode(options, 'keepAlive');
  if (keepAlive) ctx.report(keepAlive, 'fetchKeepAlive', { label }, { fix: removeFix(options, keepAlive, 'Remove `keepAlive` (Node\'s fetch keeps connections alive)') });
}

function isEmptyValue(value: ts.Expression | undefined): boolean {
  if (!value) return true;
  return value.kind === ts.SyntaxKind.NullKeyword || value.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(value) && value.text === 'undefined');
}

/** Renames a property (`maxSockets: 16` → `connections: 16`) when the new name is not set already. */
function renameFix(options: ts.ObjectLiteralExpression, property: ts.ObjectLiteralElementLike, to: string): Fix | undefined {
  if (propertyNode(options, to) || !ts.isPropertyAssignment(property)) return undefined;
  return { title: `Use \`${to}\``, edits: [{ start: property.name.getStart(), end: property.name.getEnd(), newText: to }] };
}

/** Removes a property with its separating comma. */
export function removeFix(options: ts.ObjectLiteralExpression, property: ts.ObjectLiteralElementLike, title: string): Fix | undefined {
  const properties = options.properties;
  const index = properties.indexOf(property);
  if (index < 0) return undefined;
  let edit: TextEdit;
  if (index < properties.length - 1) edit = { start: property.getStart(), end: properties[index + 1].getStart(), newText: '' };
  else if (index > 0) edit = { start: properties[index - 1].getEnd(), end: property.getEnd(), newText: '' };
  else edit = { start: options.getStart(), end: options.getEnd(), newText: '{}' };
  return { title, edits: [edit] };
}

export default rule;

/** wrong-pool-option: options a pool or fetch ignores (or rejects): `maxSockets` on undici, `agent`/`timeout`/`keepAlive` on fetch. */
import { ts } from '../analysis/ts';
import type { HttpCall } from '../analysis/http-calls';
import { numericValue, propertyNameText, propertyNode, propertyValue } from '../analysis/options';
import { fetchFlavor, type PoolInfo, poolInfo, requestOptions } from '../analysis/pools';
import { codeOf, codeText } from './support/message-text';
import { defineRule, type Fix, type RuleContext, type TextEdit } from './types';

/** Node `http.Agent` options that undici pools do not know: consequence and advice (clauses of the message). */
const ignoredByUndici: Readonly<Record<string, { consequence: string; advice: string; rename?: string }>> = {
  maxSockets: { consequence: 'the pool is not bounded by it', advice: 'use `connections`', rename: 'connections' },
  maxTotalSockets: { consequence: 'the pool is not bounded by it', advice: 'use `connections` (per origin)' },
  maxFreeSockets: { consequence: 'it changes nothing', advice: 'remove it (size with `connections`)' },
  keepAliveMsecs: { consequence: 'it sets no TCP keep-alive probes', advice: 'use `connect: { keepAliveInitialDelay }` or remove it' },
  timeout: { consequence: 'requests get no deadline', advice: 'use `headersTimeout` and `bodyTimeout`' },
  freeSocketTimeout: { consequence: 'it closes no idle sockets', advice: 'use `keepAliveTimeout`' },
};

/** Options undici rejects outright: every request through the pool fails. */
const rejectedByUndici: Readonly<Record<string, string>> = {
  keepAlive: 'remove it (undici keeps connections alive)',
  socketTimeout: 'use `headersTimeout` and `bodyTimeout`',
  requestTimeout: 'use `headersTimeout` and `bodyTimeout`',
  idleTimeout: 'use `keepAliveTimeout`',
  maxKeepAliveTimeout: 'use `keepAliveMaxTimeout`',
};

/** undici options that Node's `http.Agent` does not know. */
const ignoredByNodeAgent: Readonly<Record<string, { consequence: string; advice: string; rename?: string }>> = {
  connections: { consequence: 'a burst still opens a socket per request', advice: 'use `maxSockets`', rename: 'maxSockets' },
  keepAliveTimeout: { consequence: 'it closes no idle sockets', advice: "use `timeout` (below the server's)" },
  headersTimeout: { consequence: 'requests get no deadline from it', advice: 'set a timeout on the request instead' },
  bodyTimeout: { consequence: 'requests get no deadline from it', advice: 'set a timeout on the request instead' },
  pipelining: { consequence: 'it changes nothing', advice: 'remove it' },
};

const messages = {
  undiciIgnored: "undici's `{{pool}}` ignores `{{option}}`, so {{consequence}}; {{advice}}.",
  undiciRejected: 'undici rejects `{{option}}`, so every request through `{{pool}}` fails; {{advice}}.',
  nodeAgentIgnored: "Node's `{{pool}}` ignores `{{option}}`, so {{consequence}}; {{advice}}.",
  fetchAgent: "`{{label}}` ignores `agent`, so `{{agent}}` never applies; use undici's own `fetch` with `dispatcher: new Agent(…)`.",
  fetchTimeout: '`{{label}}` ignores `timeout`, so this request has no deadline; use `signal: AbortSignal.timeout({{ms}})`.',
  fetchKeepAlive: "`{{label}}` ignores `keepAlive`, which is not a Fetch option (Node's fetch keeps connections alive already); remove it.",
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'wrong-pool-option',
    description: 'Pool and fetch options that are silently ignored or rejected: `maxSockets` on an undici Agent, `agent`/`timeout`/`keepAlive` on fetch.',
    severity: 'error',
    fixable: true,
    appliesToBrowser: false,
    messages,
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
});

function checkPoolOptions(ctx: RuleContext<MessageId>, pool: PoolInfo, options: ts.ObjectLiteralExpression): void {
  const poolName = codeText(`new ${pool.creation.expression.getText()}`);
  for (const property of options.properties) {
    const name = property.name && propertyNameText(property.name);
    if (!name || ts.isSpreadAssignment(property)) continue;
    if (pool.kind === 'undici') {
      const ignored = Object.hasOwn(ignoredByUndici, name) ? ignoredByUndici[name] : undefined;
      if (ignored) {
        const rename = ignored.rename && pool.name !== 'Client' ? ignored.rename : undefined;
        const advice = pool.name === 'Client' && ignored.rename ? 'use a `Pool` with `connections`' : ignored.advice;
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

function checkFetchOptions(ctx: RuleContext<MessageId>, http: HttpCall, options: ts.ObjectLiteralExpression): void {
  const label = codeText(http.label);
  const agent = propertyNode(options, 'agent');
  if (agent && !propertyValue(options, 'dispatcher') && !isEmptyValue(propertyValue(options, 'agent'))) {
    ctx.report(agent, 'fetchAgent', { label, agent: codeOf(propertyValue(options, 'agent') ?? agent) });
  }
  const timeout = propertyNode(options, 'timeout');
  const timeoutValue = propertyValue(options, 'timeout');
  if (timeout && timeoutValue && !propertyValue(options, 'signal') && !isEmptyValue(timeoutValue)) {
    const ms = numericValue(timeoutValue);
    const fix: Fix | undefined =
      ms !== undefined && ms > 0 && Number.isFinite(ms)
        ? { title: `Use \`signal: AbortSignal.timeout(${timeoutValue.getText()})\``, edits: [{ start: timeout.getStart(), end: timeout.getEnd(), newText: `signal: AbortSignal.timeout(${timeoutValue.getText()})` }] }
        : undefined;
    ctx.report(timeout, 'fetchTimeout', { label, ms: ms !== undefined && Number.isFinite(ms) ? codeOf(timeoutValue) : '10_000' }, { fix });
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

/** keepalive-mismatch: idle sockets kept longer than the server keeps them, keep-alive agents with no idle timeout, pipelining. */
import { ts } from '../analysis/ts';
import { propertyNode, propertyValue } from '../analysis/options';
import { type PoolInfo, poolInfo, poolOption, poolOrigin } from '../analysis/pools';
import { setOptionsEdits } from './support/options-edit';
import { newSpan } from './support/anchors';
import type { Fix, Rule, RuleContext } from './types';

/** Node's `http.Server` closes idle keep-alive connections after 5 s (`server.keepAliveTimeout`, Node ≤ 25). */
const assumedServerIdleMs = 5_000;
/** undici's `keepAliveTimeout` when none is set. */
const undiciDefaultIdleMs = 4_000;

/** The server idle timeout a pool is compared with, and how we know it. */
interface ServerIdle {
  ms: number;
  /** For messages: "the 5 s of a Node.js server (assumed: …)" or "the 30 s the probe measured for https://…". */
  why: string;
}

const rule: Rule = {
  meta: {
    id: 'keepalive-mismatch',
    description: 'Client idle keep-alive not below the server\'s, keep-alive `http.Agent` without `timeout`, undici `pipelining` above 1.',
    severity: 'info',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      undiciIdle:
        '`{{pool}}` keeps idle sockets for {{client}}, not below {{server}}. When the server closes an idle socket first, the next request sent on it fails (ECONNRESET, `UND_ERR_SOCKET: other side closed`, `fetch failed`) unless the server announced its timeout in a `Keep-Alive` header. Set `keepAliveTimeout: {{suggested}}`.',
      nodeNoTimeout:
        '`{{pool}}` keeps connections alive but has no `timeout`, so its idle sockets never expire on the client side (Node applies the server\'s `Keep-Alive: timeout=` hint only to a shorter agent `timeout`). The server closes them first ({{server}}) and the next request on such a socket fails with ECONNRESET or `socket hang up`. Set `timeout: {{suggested}}`.',
      nodeIdle:
        '`{{pool}}` keeps idle sockets for {{client}} (`timeout`), not below {{server}}. The server closes them first and the next request on such a socket fails with ECONNRESET or `socket hang up`. Set `timeout: {{suggested}}`.',
      pipelining:
        '`{{pool}}` pipelines {{depth}} requests per connection: a slow response holds up the ones queued behind it, and when the server or a proxy closes the connection (idle timeout, restart, a server that does not support pipelining) all of them fail at once with `UND_ERR_SOCKET`, POSTs included, which cannot be retried safely. undici advises values above 1 only for trusted servers. Set `pipelining: 1` and raise `connections` instead.',
    },
  },
  check(ctx) {
    for (const construction of ctx.file.constructions) {
      const pool = poolInfo(construction, ctx.file);
      if (!pool || pool.optionsUnknown) continue;
      if (pool.kind === 'undici') checkUndici(ctx, pool);
      else checkNodeAgent(ctx, pool);
    }
  },
};

function checkUndici(ctx: RuleContext, pool: PoolInfo): void {
  const name = `new ${pool.creation.expression.getText()}`;
  const server = serverIdle(ctx, pool);
  const idle = poolOption(pool, 'keepAliveTimeout');
  // undici's own default (4 s) is below Node's 5 s; it only matters against a shorter measured timeout.
  const clientMs = idle === 'absent' ? undiciDefaultIdleMs : idle;
  if (typeof clientMs === 'number' && clientMs >= server.ms && (idle !== 'absent' || server.measured)) {
    const suggested = belowServer(server.ms);
    const client = idle === 'absent' ? `${seconds(clientMs)} (undici's default)` : seconds(clientMs);
    ctx.report(anchor(pool, 'keepAliveTimeout'), 'undiciIdle', { pool: name, client, server: server.why, suggested }, { fix: setOption(pool, 'keepAliveTimeout', suggested) });
  }
  const depth = poolOption(pool, 'pipelining');
  if (typeof depth === 'number' && depth > 1) {
    ctx.report(anchor(pool, 'pipelining'), 'pipelining', { pool: name, depth }, { fix: setOption(pool, 'pipelining', '1') });
  }
}

function checkNodeAgent(ctx: RuleContext, pool: PoolInfo): void {
  const keepAlive = pool.options && propertyValue(pool.options, 'keepAlive');
  // Without keep-alive there are no idle sockets to race (default-pool reports that instead).
  if (!keepAlive || keepAlive.kind === ts.SyntaxKind.FalseKeyword) return;
  const name = `new ${pool.creation.expression.getText()}`;
  const server = serverIdle(ctx, pool);
  const suggested = belowServer(server.ms);
  const timeout = poolOption(pool, 'timeout');
  if (timeout === 'absent') {
    ctx.report(newSpan(pool.creation), 'nodeNoTimeout', { pool: name, server: server.why, suggested }, { fix: setOption(pool, 'timeout', suggested) });
  } else if (typeof timeout === 'number' && timeout >= server.ms) {
    ctx.report(anchor(pool, 'timeout'), 'nodeIdle', { pool: name, client: seconds(timeout), server: server.why, suggested }, { fix: setOption(pool, 'timeout', suggested) });
  }
}

/** The measured idle timeout of the pool's origin when the probe has one, else Node's 5 s, said to be assumed. */
function serverIdle(ctx: RuleContext, pool: PoolInfo): ServerIdle & { measured: boolean } {
  const origin = poolOrigin(pool);
  const measured = origin === undefined ? undefined : ctx.file.project.knownServers.knownIdleTimeoutMs(origin);
  if (measured !== undefined && origin !== undefined) {
    return { ms: measured, why: `the ${seconds(measured)} the probe measured for ${new URL(origin).origin}`, measured: true };
  }
  return { ms: assumedServerIdleMs, why: 'the 5 s after which a Node.js server closes idle connections (assumed: the server is not known)', measured: false };
}

function anchor(pool: PoolInfo, option: string): ts.Node | { start: number; end: number } {
  return (pool.options && propertyNode(pool.options, option)) ?? newSpan(pool.creation);
}

function setOption(pool: PoolInfo, option: string, value: string): Fix | undefined {
  // A pool in another file is not this file's to edit; findings are reported where the pool is built.
  const edits = setOptionsEdits(pool.creation, pool.optionsIndex, [[option, value]]);
  return edits && edits.length > 0 ? { title: `Set \`${option}: ${value}\``, edits } : undefined;
}

function seconds(ms: number): string {
  return ms % 1_000 === 0 ? `${ms / 1_000} s` : `${ms} ms`;
}

/** `4_000` for 4000: the house style for millisecond literals. */
function formatMs(ms: number): string {
  return String(Math.round(ms)).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/** A client idle timeout safely below the server's: 1 s less, or half of a very short one. */
function belowServer(serverMs: number): string {
  return formatMs(serverMs > 2_000 ? serverMs - 1_000 : Math.max(100, serverMs / 2));
}

export default rule;

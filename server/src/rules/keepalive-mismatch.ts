/** keepalive-mismatch: idle sockets kept longer than the server keeps them, keep-alive agents with no idle timeout, pipelining. */
import { ts } from '../analysis/ts';
import { propertyNode, propertyValue } from '../analysis/options';
import { originOfCall, originOfCreation } from '../analysis/origins';
import { type PoolInfo, poolInfo, poolOfRequest, poolOption } from '../analysis/pools';
import { fixDefaults, numberLiteral } from '@shared/fix-defaults';
import { setOptionsEdits } from './support/options-edit';
import { newSpan } from './support/anchors';
import { hostOf, measuredWhen, profileOf } from './support/server-profile';
import { codeText, hostText } from './support/message-text';
import { defineRule, type Fix, type RuleContext } from './types';

/** Node's `http.Server` closes idle keep-alive connections after 5 s (`server.keepAliveTimeout`, Node ≤ 25). */
const assumedServerIdleMs = 5_000;
/** undici's `keepAliveTimeout` when none is set. */
const undiciDefaultIdleMs = 4_000;

/** The server idle timeout a pool is compared with, and how we know it. */
interface ServerIdle {
  ms: number;
  /** For messages: who closes idle sockets (`api.example.com`, "a Node.js server"), after how long, and how we know ("probed 2026-11-28", "assumed"). */
  server: string;
  idle: string;
  when: string;
}

// "Idle sockets stay 10 s, api.example.com only 5 s (probed 2026-11-28); set …": anchored on the pool, the
// host, not the origin, and no "so reused ones get reset" (the why is in docs/rules/keepalive-mismatch.md), so
// a message quoting a long host and a stale profile stays within 140 characters.
const messages = {
  undiciIdle: 'Idle sockets stay {{client}}, {{server}} only {{idle}} ({{when}}); set `keepAliveTimeout: {{suggested}}`.',
  nodeNoTimeout: 'Idle sockets stay forever, {{server}} only {{idle}} ({{when}}); set `timeout: {{suggested}}`.',
  nodeIdle: 'Idle sockets stay {{client}}, {{server}} only {{idle}} ({{when}}); set `timeout: {{suggested}}`.',
  pipelining: '`{{pool}}` pipelines {{depth}} requests per connection, so one closed connection fails them all; set `pipelining: 1`.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'keepalive-mismatch',
    description: 'Client idle keep-alive not below the server\'s, keep-alive `http.Agent` without `timeout`, undici `pipelining` above 1.',
    severity: 'info',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    for (const construction of ctx.file.constructions) {
      const pool = poolInfo(construction, ctx.file);
      if (!pool || pool.optionsUnknown) continue;
      if (pool.kind === 'undici') checkUndici(ctx, pool);
      else checkNodeAgent(ctx, pool);
    }
  },
});

function checkUndici(ctx: RuleContext<MessageId>, pool: PoolInfo): void {
  const name = codeText(`new ${pool.creation.expression.getText()}`);
  const server = serverIdle(ctx, pool);
  const idle = poolOption(pool, 'keepAliveTimeout');
  // undici's own default (4 s) is below Node's 5 s; it only matters against a shorter measured timeout.
  const clientMs = idle === 'absent' ? undiciDefaultIdleMs : idle;
  if (typeof clientMs === 'number' && clientMs >= server.ms && (idle !== 'absent' || server.measured)) {
    const suggested = belowServer(server);
    const client = idle === 'absent' ? `${seconds(clientMs)} (default)` : seconds(clientMs);
    ctx.report(anchor(pool, 'keepAliveTimeout'), 'undiciIdle', { client, ...said(server), suggested }, { fix: setOption(pool, 'keepAliveTimeout', suggested) });
  }
  const depth = poolOption(pool, 'pipelining');
  if (typeof depth === 'number' && depth > 1) {
    ctx.report(anchor(pool, 'pipelining'), 'pipelining', { pool: name, depth }, { fix: setOption(pool, 'pipelining', '1') });
  }
}

function checkNodeAgent(ctx: RuleContext<MessageId>, pool: PoolInfo): void {
  const keepAlive = pool.options && propertyValue(pool.options, 'keepAlive');
  // Without keep-alive there are no idle sockets to race (default-pool reports that instead).
  if (!keepAlive || keepAlive.kind === ts.SyntaxKind.FalseKeyword) return;
  const server = serverIdle(ctx, pool);
  const suggested = belowServer(server);
  const timeout = poolOption(pool, 'timeout');
  if (timeout === 'absent') {
    ctx.report(newSpan(pool.creation), 'nodeNoTimeout', { ...said(server), suggested }, { fix: setOption(pool, 'timeout', suggested) });
  } else if (typeof timeout === 'number' && timeout >= server.ms) {
    ctx.report(anchor(pool, 'timeout'), 'nodeIdle', { client: seconds(timeout), ...said(server), suggested }, { fix: setOption(pool, 'timeout', suggested) });
  }
}

/** The idle timeout measured for the pool's origin (this session's probe, or the project config), else Node's 5 s, said to be assumed. */
function serverIdle(ctx: RuleContext<MessageId>, pool: PoolInfo): ServerIdle & { measured: boolean } {
  const profile = profileOf(ctx, poolServerOrigin(ctx, pool));
  const measured = profile?.idleTimeoutMs;
  if (profile && measured !== undefined) {
    // A session's probe replaces the saved idle timeout (the profile keeps the saved date), so it says so itself.
    const when = profile.source === 'probe' ? 'probed this session' : measuredWhen(profile);
    return { ms: measured, server: hostText(hostOf(profile.origin)), idle: seconds(measured), when, measured: true };
  }
  return { ms: assumedServerIdleMs, server: 'a Node.js server', idle: seconds(assumedServerIdleMs), when: 'assumed', measured: false };
}

/** The message data that says who closes idle sockets when. */
function said({ server, idle, when }: ServerIdle): Pick<ServerIdle, 'server' | 'idle' | 'when'> {
  return { server, idle, when };
}

/**
 * The origin a pool serves: its own URL (`new Pool(API)`), else the one origin every request of this file
 * that goes through it is linked to (an `Agent` used for `fetch(\`${API}/users\`, { dispatcher })`).
 */
function poolServerOrigin(ctx: RuleContext<MessageId>, pool: PoolInfo): string | undefined {
  const own = originOfCreation(pool.creation, pool.file);
  if (own || pool.kind === 'undici' && pool.name !== 'Agent') return own;
  const origins = new Set<string | undefined>();
  for (const http of ctx.file.httpCalls) {
    if (poolOfRequest(http, ctx.file)?.creation === pool.creation) origins.add(originOfCall(http, ctx.file));
  }
  const [only] = origins;
  return origins.size === 1 ? only : undefined;
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

/**
 * A client idle timeout safely below the server's: the helper's own (3 s) against an assumed Node server,
 * 1 s less than a measured one, or half of a very short one.
 */
function belowServer(server: ServerIdle & { measured: boolean }): string {
  if (!server.measured) return numberLiteral(Math.min(fixDefaults.keepAliveTimeoutMs, server.ms - 1_000));
  return numberLiteral(server.ms > 2_000 ? server.ms - 1_000 : Math.max(100, server.ms / 2));
}

export default rule;

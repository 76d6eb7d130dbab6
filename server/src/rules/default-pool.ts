/** default-pool: connection pools left at defaults that do not survive load. */
import { ts } from '../analysis/ts';
import { asObjectLiteral, numericValue, propertyNode, propertyValue } from '../analysis/options';
import { originOf } from '../analysis/values';
import { newSpan } from './support/anchors';
import { setOptionsEdits } from './support/options-edit';
import type { Fix, Rule, RuleContext } from './types';

const rule: Rule = {
  meta: {
    id: 'default-pool',
    description: 'undici Agent/Pool without `connections`, http(s).Agent without keep-alive or with unbounded sockets.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages: {
      undiciConnections:
        "`new {{name}}()` from undici has no `connections` limit, so under a burst it opens a new socket for every concurrent request to the same origin: file descriptors run out (EMFILE) and the server or a NAT resets connections (ECONNRESET, `UND_ERR_SOCKET: other side closed`). Set `connections` (for example 16) and keep the concurrency that feeds it at or below that.",
      nodeAgentKeepAlive:
        '`new {{name}}()` {{keepAliveWhy}}: every request opens a fresh TCP (and TLS) connection and closes it, so under load sockets pile up in TIME_WAIT and ports or file descriptors run out (EADDRNOTAVAIL, EMFILE). Set `keepAlive: true`.',
      nodeAgentSockets:
        '`new {{name}}()` {{socketsWhy}}, so a burst opens as many sockets as there are requests and the server resets the excess (ECONNRESET, `socket hang up`). Set `maxSockets` (for example 50) and `maxFreeSockets`.',
    },
  },
  check(ctx) {
    for (const construction of ctx.file.constructions) {
      const origin = originOf(construction.expression);
      if (origin.kind !== 'module') continue;
      if (origin.module === 'undici' && (origin.name === 'Agent' || origin.name === 'Pool' || origin.name === 'BalancedPool')) {
        checkUndici(ctx, construction, origin.name);
      } else if ((origin.module === 'http' || origin.module === 'https') && origin.name === 'Agent') {
        checkNodeAgent(ctx, construction, `${origin.module}.Agent`);
      }
    }
  },
};

function checkUndici(ctx: RuleContext, construction: ts.NewExpression, name: string): void {
  const optionsIndex = name === 'Agent' ? 0 : 1;
  const literal = asObjectLiteral(construction.arguments?.[optionsIndex]);
  if (literal === 'unknown') return;
  // `maxSockets` meant as the bound: wrong-pool-option reports it and renames it to `connections`.
  if (literal && propertyValue(literal, 'maxSockets')) return;
  const connections = literal ? propertyValue(literal, 'connections') : undefined;
  if (connections) {
    const value = numericValue(connections);
    const isNull = connections.kind === ts.SyntaxKind.NullKeyword;
    if (!isNull && (value === undefined || Number.isFinite(value))) return;
  }
  const edits = setOptionsEdits(construction, optionsIndex, [['connections', '16']]);
  ctx.report(newSpan(construction), 'undiciConnections', { name }, { fix: edits && { title: 'Bound the pool: connections: 16', edits } });
}

/** `keepAlive: true` and a finite `maxSockets` on a Node agent. */
function nodeAgentFix(construction: ts.NewExpression): Fix | undefined {
  const literal = asObjectLiteral(construction.arguments?.[0]);
  const sockets = literal && literal !== 'unknown' ? propertyValue(literal, 'maxSockets') : undefined;
  const socketsValue = sockets ? numericValue(sockets) : Infinity;
  const keepSockets = socketsValue === undefined || Number.isFinite(socketsValue);
  const entries: Array<[string, string]> = keepSockets ? [['keepAlive', 'true']] : [['keepAlive', 'true'], ['maxSockets', '50']];
  // Kept-alive sockets need an idle timeout below the server's 5 s, or keepalive-mismatch asks for it next.
  if (!(literal && literal !== 'unknown' && propertyValue(literal, 'timeout'))) entries.push(['timeout', '4_000']);
  const edits = setOptionsEdits(construction, 0, entries);
  return edits && { title: `Keep connections alive and bound them: ${entries.map(([name, value]) => `${name}: ${value}`).join(', ')}`, edits };
}

function checkNodeAgent(ctx: RuleContext, construction: ts.NewExpression, name: string): void {
  const literal = asObjectLiteral(construction.arguments?.[0]);
  if (literal === 'unknown') return;
  // `connections` meant as the bound: wrong-pool-option reports it and renames it to `maxSockets`.
  if (literal && propertyValue(literal, 'connections') && !propertyValue(literal, 'maxSockets')) return;
  const keepAlive = literal ? propertyValue(literal, 'keepAlive') : undefined;
  if (!keepAlive || keepAlive.kind === ts.SyntaxKind.FalseKeyword) {
    const keepAliveWhy = keepAlive ? 'sets `keepAlive: false`' : 'does not keep connections alive (`keepAlive` defaults to false)';
    ctx.report(keepAlive && literal ? (propertyNode(literal, 'keepAlive') ?? newSpan(construction)) : newSpan(construction), 'nodeAgentKeepAlive', { name, keepAliveWhy }, { fix: nodeAgentFix(construction) });
    return;
  }
  const maxSockets = literal ? propertyValue(literal, 'maxSockets') : undefined;
  const value = maxSockets ? numericValue(maxSockets) : Infinity;
  if (value === undefined || Number.isFinite(value)) return;
  const socketsWhy = maxSockets ? 'sets `maxSockets` to Infinity' : 'has no `maxSockets` (the default is Infinity)';
  ctx.report(newSpan(construction), 'nodeAgentSockets', { name, socketsWhy }, { fix: nodeAgentFix(construction) });
}

export default rule;

/** default-pool: connection pools left at defaults that do not survive load. */
import { ts } from '../analysis/ts';
import { asObjectLiteral, constInitializer, numericValue, offByDefault, optionPresence, propertyNode, propertyValue } from '../analysis/options';
import { skipOuterExpressions } from '../analysis/bindings';
import { originOf } from '../analysis/values';
import { newSpan } from './support/anchors';
import { fixDefaults, numberLiteral } from '@shared/fix-defaults';
import { setOptionsEdits } from './support/options-edit';
import { defineRule, type Fix, type RuleContext } from './types';

const messages = {
  undiciConnections: '`new {{name}}()` has no `connections` limit, so a burst opens a socket per request; set `connections: {{connections}}`.',
  nodeAgentKeepAlive: '`new {{name}}()` does not keep connections alive, so every request pays a new handshake; set `keepAlive: true`.',
  nodeAgentSockets: '`new {{name}}()` has no finite `maxSockets`, so a burst opens a socket per request; set `maxSockets: {{maxSockets}}`.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'default-pool',
    description: 'undici Agent/Pool without `connections`, http(s).Agent without keep-alive or with unbounded sockets.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    for (const construction of ctx.file.constructions) {
      const origin = originOf(construction.expression);
      if (origin.kind !== 'module') {
        if (isEitherNodeAgent(construction.expression)) checkNodeAgent(ctx, construction, 'http(s).Agent');
        continue;
      }
      if (origin.module === 'undici' && (origin.name === 'Agent' || origin.name === 'Pool' || origin.name === 'BalancedPool')) {
        checkUndici(ctx, construction, origin.name);
      } else if ((origin.module === 'http' || origin.module === 'https') && origin.name === 'Agent') {
        checkNodeAgent(ctx, construction, `${origin.module}.Agent`);
      }
    }
  },
});

/** `new mod.Agent(…)` with `const mod = isHttps ? https : http`: a Node agent either way. */
function isEitherNodeAgent(callee: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'Agent' || !ts.isIdentifier(callee.expression)) return false;
  const initializer = constInitializer(callee.expression);
  const choice = initializer && skipOuterExpressions(initializer);
  if (!choice || !ts.isConditionalExpression(choice)) return false;
  return [choice.whenTrue, choice.whenFalse].every((branch) => {
    const origin = originOf(branch);
    return origin.kind === 'module' && (origin.module === 'http' || origin.module === 'https');
  });
}

function checkUndici(ctx: RuleContext<MessageId>, construction: ts.NewExpression, name: string): void {
  const optionsIndex = name === 'Agent' ? 0 : 1;
  const literal = asObjectLiteral(construction.arguments?.[optionsIndex]);
  if (literal === 'unknown') return;
  // `maxSockets` meant as the bound: wrong-pool-option reports it and renames it to `connections`.
  if (literal && propertyValue(literal, 'maxSockets')) return;
  // An Agent with its own `factory` sizes each origin's pool there; a spread may carry `connections`.
  if (name === 'Agent' && literal && propertyValue(literal, 'factory')) return;
  const connections = literal ? propertyValue(literal, 'connections') : undefined;
  if (!connections && optionPresence(construction.arguments?.[optionsIndex], ['connections']) === 'unknown') return;
  if (connections) {
    const value = numericValue(connections);
    const isNull = connections.kind === ts.SyntaxKind.NullKeyword;
    if (!isNull && (value === undefined || Number.isFinite(value))) return;
  }
  const bound = numberLiteral(fixDefaults.connections);
  const edits = setOptionsEdits(construction, optionsIndex, [['connections', bound]]);
  ctx.report(newSpan(construction), 'undiciConnections', { name, connections: bound }, { fix: edits && { title: `Bound the pool: connections: ${bound}`, edits } });
}

/** `keepAlive: true` and a finite `maxSockets` on a Node agent. */
function nodeAgentFix(construction: ts.NewExpression): Fix | undefined {
  const literal = asObjectLiteral(construction.arguments?.[0]);
  const sockets = literal && literal !== 'unknown' ? propertyValue(literal, 'maxSockets') : undefined;
  const socketsValue = sockets ? numericValue(sockets) : Infinity;
  const keepSockets = socketsValue === undefined || Number.isFinite(socketsValue);
  const entries: Array<[string, string]> = keepSockets ? [['keepAlive', 'true']] : [['keepAlive', 'true'], ['maxSockets', numberLiteral(fixDefaults.connections)]];
  // Kept-alive sockets need an idle timeout below the server's 5 s, or keepalive-mismatch asks for it next.
  if (!(literal && literal !== 'unknown' && propertyValue(literal, 'timeout'))) entries.push(['timeout', numberLiteral(fixDefaults.keepAliveTimeoutMs)]);
  const edits = setOptionsEdits(construction, 0, entries);
  return edits && { title: `Keep connections alive and bound them: ${entries.map(([name, value]) => `${name}: ${value}`).join(', ')}`, edits };
}

function checkNodeAgent(ctx: RuleContext<MessageId>, construction: ts.NewExpression, name: string): void {
  const literal = asObjectLiteral(construction.arguments?.[0]);
  if (literal === 'unknown') return;
  // `connections` meant as the bound: wrong-pool-option reports it and renames it to `maxSockets`.
  if (literal && propertyValue(literal, 'connections') && !propertyValue(literal, 'maxSockets')) return;
  const keepAlive = literal ? propertyValue(literal, 'keepAlive') : undefined;
  if (!keepAlive || offByDefault(keepAlive)) {
    ctx.report(keepAlive && literal ? (propertyNode(literal, 'keepAlive') ?? newSpan(construction)) : newSpan(construction), 'nodeAgentKeepAlive', { name }, { fix: nodeAgentFix(construction) });
    return;
  }
  const maxSockets = literal ? propertyValue(literal, 'maxSockets') : undefined;
  const value = maxSockets ? numericValue(maxSockets) : Infinity;
  if (value === undefined || Number.isFinite(value)) return;
  ctx.report(newSpan(construction), 'nodeAgentSockets', { name, maxSockets: numberLiteral(fixDefaults.connections) }, { fix: nodeAgentFix(construction) });
}

export default rule;

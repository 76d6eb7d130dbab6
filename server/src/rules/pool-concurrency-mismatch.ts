/**
 * pool-concurrency-mismatch: a limiter of N feeding a pool of M < N sockets, or keeping fewer idle sockets
 * than N; and a limiter or pool `connections` above the knee the probe measured for the requests' origin.
 */
import { ts } from '../analysis/ts';
import { collectionBound } from '../analysis/collections';
import type { FileAnalysis } from '../analysis/file-analysis';
import { type LimiterUse, limiterOfCall, limitersOnPath } from '../analysis/limiters';
import { type PoolInfo, poolInfo, poolOfRequest, poolOption } from '../analysis/pools';
import { requestSites, type RequestSite } from '../analysis/request-sites';
import { enclosingFunction, isAwaitedDirectly, isLoop } from '../analysis/syntax';
import { setOptionsEdits } from './support/options-edit';
import { defineRule, type Fix, type RelatedLocation, type RuleContext } from './types';
import { wrapperRelated } from './support/anchors';
import { limiterBoundEdits } from './support/limiter-bound-edit';
import { hostOf, measuredWhen, profileOf, siteOrigin, siteRequest } from './support/server-profile';
import { codeOf, codeText, hostText } from './support/message-text';
import { originOfCreation } from '../analysis/origins';
import { propertyNode } from '../analysis/options';

/** Node's `http.Agent` keeps at most 256 idle sockets per origin when `maxFreeSockets` is not set. */
const nodeDefaultFreeSockets = 256;

/** How many sockets a pool opens and keeps, per origin. */
interface Capacity {
  /** Sockets (times pipelining) in use at once; Infinity when unbounded. */
  sockets: number;
  /** The option that sets it, for the fix; undefined when it cannot simply be raised (a `Client`). */
  option?: 'connections' | 'maxSockets';
  /** Idle sockets kept after a burst (Node agents with keep-alive); undefined when all are kept. */
  free?: { count: number; isDefault: boolean };
}

const messages = {
  poolSmaller: '`{{limiter}}` runs {{n}} but `{{pool}}` has {{capacity}}, so {{waiting}} queue; use {{advice}}.',
  freeSockets: '`{{limiter}}` runs {{n}} but `{{pool}}` keeps {{f}} idle, so {{closed}} reconnect; set `maxFreeSockets: {{n}}`.',
  limiterAboveKnee: '`{{limiter}}` runs {{n}} at once, over the knee {{knee}} of {{host}} ({{when}}); use {{knee}}.',
  poolAboveKnee: '`{{pool}}` opens {{n}} sockets, over the knee {{knee}} of {{host}} ({{when}}); use {{knee}}.',
};

/** The message ids of this rule: a typo in `ctx.report` fails to compile. */
type MessageId = keyof typeof messages;

const rule = defineRule<MessageId>({
  meta: {
    id: 'pool-concurrency-mismatch',
    description: 'A limiter of N feeding a pool of fewer sockets or fewer idle sockets (`maxFreeSockets`); a limiter or `connections` above the measured knee.',
    severity: 'warning',
    fixable: true,
    appliesToBrowser: false,
    messages,
  },
  check(ctx) {
    const seen = new Set<string>();
    const poolsAboveKnee = new Set<ts.NewExpression>();
    for (const construction of ctx.file.constructions) checkPoolKnee(ctx, construction, undefined, poolsAboveKnee);
    for (const site of requestSites(ctx.file)) {
      const limiter = limiterFeeding(site.node, ctx.file);
      const pool = poolOfSite(site, ctx.file);
      // The origin matters only for a pool this file creates or a limiter feeding the site: most sites have neither.
      if (!limiter && pool?.file !== ctx.file) continue;
      const origin = siteOrigin(site, ctx.file) ?? (pool && originOfCreation(pool.creation, pool.file));
      if (pool?.file === ctx.file) checkPoolKnee(ctx, pool.creation, origin, poolsAboveKnee);
      if (!limiter) continue;
      if (aboveKnee(ctx, limiter, origin, seen)) continue;
      const capacity = pool && capacityOf(pool);
      if (!pool || !capacity) continue;
      const key = `${limiter.use.call.pos}\0${pool.file.path}\0${pool.creation.pos}`;
      if (seen.has(key)) continue;
      seen.add(key);
      report(ctx, site, limiter, pool, capacity);
    }
  },
});

function report(ctx: RuleContext<MessageId>, site: RequestSite, limiter: { use: LimiterUse; bound: number }, pool: PoolInfo, capacity: Capacity): void {
  const n = limiter.bound;
  const base = {
    limiter: codeOf(limiter.use.call.expression),
    n,
    pool: codeText(`new ${pool.creation.expression.getText()}`),
  };
  const related = relatedPlaces(ctx.file, site, limiter.use, pool, n);
  if (capacity.sockets < n) {
    const m = capacity.sockets;
    const unit = pool.name === 'Client' ? (m === 1 ? 'one connection' : `${m} pipelined slots`) : `${m} sockets`;
    // The other remedy, a limit of m, is on the docs page.
    const advice = capacity.option ? `\`${capacity.option}: ${n}\`` : `a \`Pool\` of ${n}`;
    const fix = capacity.option ? poolFix(ctx.file, pool, capacity.option, n) : undefined;
    ctx.report(limiter.use.call.expression, 'poolSmaller', { ...base, capacity: unit, waiting: n - m, advice }, { related, fix });
    return;
  }
  const free = capacity.free;
  const inUse = Math.min(n, capacity.sockets);
  if (free && free.count < inUse) {
    const data = { ...base, f: free.count, closed: inUse - free.count };
    ctx.report(limiter.use.call.expression, 'freeSockets', data, { related, fix: poolFix(ctx.file, pool, 'maxFreeSockets', n) });
  }
}

/**
 * The tightest numeric limiter the requests of `node` go through: a limiter the request function is
 * handed to (`pMap(ids, getItem, { concurrency: 16 })`) or one around it (`limit(() => fetch(u))`).
 * None when the limiter maps a small collection, or is awaited one call at a time in a loop.
 */
function limiterFeeding(node: ts.Node, file: FileAnalysis): { use: LimiterUse; bound: number } | undefined {
  const uses = limitersOnPath(node, file);
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.arguments.includes(node as ts.Expression)) {
    const direct = limiterOfCall(parent, file);
    if (direct) uses.unshift(direct);
  }
  let best: { use: LimiterUse; bound: number } | undefined;
  for (const use of uses) {
    if (typeof use.bound !== 'number' || use.bound < 1) continue;
    if (use.items && collectionBound(use.items)?.reason === 'small') return undefined;
    if (runsOneAtATime(use.call)) return undefined;
    if (!best || use.bound < best.bound) best = { use, bound: use.bound };
  }
  return best;
}

/** `for (…) await limit(() => …)`: the limiter never has more than one task. */
function runsOneAtATime(call: ts.CallExpression): boolean {
  if (!isAwaitedDirectly(call)) return false;
  const fn = enclosingFunction(call);
  for (let current = call.parent; current && current !== fn; current = current.parent) {
    if (isLoop(current)) return true;
  }
  return false;
}

/** The pool the site's requests go through: its own options, or those of the request a wrapper sends. */
function poolOfSite(site: RequestSite, file: FileAnalysis): PoolInfo | undefined {
  const request = siteRequest(site, file);
  return request && poolOfRequest(request.http, request.file);
}

/** What a pool holds, when its options say it in numbers; undefined when they cannot be read. */
function capacityOf(pool: PoolInfo): Capacity | undefined {
  if (pool.kind === 'undici') {
    if (pool.name === 'BalancedPool') return undefined;
    const pipelining = poolOption(pool, 'pipelining');
    if (pipelining === 'unknown') return undefined;
    const depth = typeof pipelining === 'number' ? Math.max(1, pipelining) : 1;
    if (pool.name === 'Client') return { sockets: depth };
    const connections = poolOption(pool, 'connections');
    if (connections === 'unknown') return undefined;
    return { sockets: connections === 'absent' ? Infinity : connections * depth, option: depth === 1 ? 'connections' : undefined };
  }
  const maxSockets = poolOption(pool, 'maxSockets');
  const maxTotal = poolOption(pool, 'maxTotalSockets');
  if (maxSockets === 'unknown' || maxTotal === 'unknown') return undefined;
  const sockets = Math.min(maxSockets === 'absent' ? Infinity : maxSockets, maxTotal === 'absent' ? Infinity : maxTotal);
  const option = maxTotal === 'absent' || (maxSockets !== 'absent' && maxSockets <= maxTotal) ? 'maxSockets' : undefined;
  const keepAlive = pool.options?.properties.some((property) => property.name?.getText() === 'keepAlive' && ts.isPropertyAssignment(property) && property.initializer.kind !== ts.SyntaxKind.FalseKeyword);
  const free = poolOption(pool, 'maxFreeSockets');
  if (!keepAlive || free === 'unknown') return { sockets, option };
  return { sockets, option, free: free === 'absent' ? { count: nodeDefaultFreeSockets, isDefault: true } : { count: free, isDefault: false } };
}

function relatedPlaces(file: FileAnalysis, site: RequestSite, use: LimiterUse, pool: PoolInfo, n: number): RelatedLocation[] {
  const limiterPlace = use.definition ?? { file, node: use.call };
  return [
    {
      file: limiterPlace.file.path,
      start: limiterPlace.node.getStart(),
      end: limiterPlace.node.getEnd(),
      message: `the limiter: ${n} at a time`,
    },
    { file: pool.file.path, start: pool.creation.getStart(), end: pool.creation.getEnd(), message: 'the pool the requests go through' },
    ...wrapperRelated(site),
  ];
}

/** Reports a limiter bound above the knee measured for `origin`; true when it did (the pool findings would advise more). */
function aboveKnee(ctx: RuleContext<MessageId>, limiter: { use: LimiterUse; bound: number }, origin: string | undefined, seen: Set<string>): boolean {
  const profile = profileOf(ctx, origin);
  const knee = profile?.knee;
  if (!profile || knee === undefined || limiter.bound <= knee) return false;
  const key = `knee\0${limiter.use.call.pos}`;
  if (seen.has(key)) return true;
  seen.add(key);
  const edits = limiterBoundEdits(limiter.use, ctx.file.path, knee);
  const data = { limiter: codeOf(limiter.use.call.expression), n: limiter.bound, host: hostText(hostOf(profile.origin)), knee, when: measuredWhen(profile) };
  ctx.report(limiter.use.call.expression, 'limiterAboveKnee', data, { fix: edits && { title: `Limit to the measured knee: ${knee}`, edits } });
  return true;
}

/** Reports an undici `Pool`/`Agent` whose `connections` exceed the knee of the origin it serves (its own URL, else `origin`). */
function checkPoolKnee(ctx: RuleContext<MessageId>, construction: ts.NewExpression, origin: string | undefined, reported: Set<ts.NewExpression>): void {
  if (reported.has(construction)) return;
  const pool = poolInfo(construction, ctx.file);
  if (!pool || pool.kind !== 'undici' || (pool.name !== 'Pool' && pool.name !== 'Agent')) return;
  const profile = profileOf(ctx, originOfCreation(construction, ctx.file) ?? (pool.name === 'Agent' ? origin : undefined));
  const connections = poolOption(pool, 'connections');
  const knee = profile?.knee;
  if (!profile || knee === undefined || typeof connections !== 'number' || connections <= knee) return;
  reported.add(construction);
  const data = { pool: codeText(`new ${construction.expression.getText()}`), n: connections, host: hostText(hostOf(profile.origin)), knee, when: measuredWhen(profile) };
  const anchor = (pool.options && propertyNode(pool.options, 'connections')) ?? construction;
  const edits = setOptionsEdits(construction, pool.optionsIndex, [['connections', String(knee)]]);
  ctx.report(anchor, 'poolAboveKnee', data, { fix: edits && edits.length > 0 ? { title: `Set \`connections: ${knee}\`, the measured knee`, edits } : undefined });
}

/** Raises the pool's option to the limiter's number, when the pool is built in this file. */
function poolFix(file: FileAnalysis, pool: PoolInfo, option: string, n: number): Fix | undefined {
  if (pool.file !== file) return undefined;
  const edits = setOptionsEdits(pool.creation, pool.optionsIndex, [[option, String(n)]]);
  return edits && edits.length > 0 ? { title: `Align the pool with the limiter: \`${option}: ${n}\``, edits } : undefined;
}

export default rule;

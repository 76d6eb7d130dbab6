/**
 * The helper under load (architecture.md §7), against real servers on 127.0.0.1: one that drops connections
 * beyond 16 and keeps idle sockets 3 s, one that resets every 25th request. Plain `Promise.all` +
 * `fetch` loses requests there; the helper, in both the form quick fixes write
 * (`mapLimit(ids, 8, (id) => withRetry(() => fetch(…)))`) and with `resilientFetch`, loses none.
 * The limit holds at the server: never more requests in flight than allowed.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createLimiter, mapLimit, resilientAgent, resilientFetch, withRetry } from '../resources/resilient-http';
import { cleanupAfter } from './support/cleanup';
import { type BatchOutcome, runBatch, type ServerBehaviour, serverRegistry } from './support/load-servers';

// Last registered, first closed: the servers (ending any request still open), then the helper's pool.
const cleanup = cleanupAfter({ after });
cleanup.defer(resilientAgent, (agent) => agent.close());
const servers = cleanup.defer(serverRegistry(), (registry) => registry.closeAll());
const server = servers.start;

type FanOut = (tasks: Array<() => Promise<void>>) => Promise<unknown>;
const allAtOnce: FanOut = (tasks) => Promise.all(tasks.map((task) => task()));
const limitedTo = (limit: number): FanOut => (tasks) => mapLimit(tasks, limit, (task) => task());

/** What users wrote: the global fetch, no limit, no retry. */
const plainFetch = (url: string) => async (index: number) => {
  const response = await fetch(`${url}?i=${index}`);
  await response.text();
  return response.status;
};
/** What the quick fixes turn it into: the global fetch, bounded and retried. */
const quickFixed = (url: string) => async (index: number) => {
  const response = await withRetry(() => fetch(`${url}?i=${index}`, { signal: AbortSignal.timeout(10_000) }));
  await response.text();
  return response.status;
};
/** The helper's own fetch: undici's fetch through its tuned pool. */
const helperFetch = (url: string) => async (index: number) => {
  const response = await resilientFetch(`${url}?i=${index}`);
  await response.text();
  return response.status;
};

const summary = (outcome: BatchOutcome) => `${outcome.failed} failed in ${Math.round(outcome.ms)} ms ${outcome.reasons.join('; ')}`;

describe('the helper under load', { timeout: 90_000 }, () => {
  // 3 s of idle keep-alive: shorter than Node's default 5 s, long enough that idle sockets stay open and
  // count against the 16 (undici closes a socket after each response when the server's hint is ≤ 2 s).
  const constrained: ServerBehaviour = { maxConnections: 16, keepAliveTimeout: 3_000 };

  it('loses no request against a server that drops connections beyond 16; Promise.all + fetch loses many', async () => {
    const count = 1_000;
    const naive = await runBatch(count, plainFetch((await server(constrained)).url), allAtOnce);
    const fixed = await runBatch(count, quickFixed((await server(constrained)).url), limitedTo(8));
    const helper = await runBatch(count, helperFetch((await server(constrained)).url), limitedTo(8));
    assert.equal(fixed.failed, 0, `quick-fixed: ${summary(fixed)}`);
    assert.equal(helper.failed, 0, `resilientFetch: ${summary(helper)}`);
    assert.ok(naive.failed >= count / 10, `Promise.all + fetch was expected to lose requests: ${summary(naive)}`);
  });

  it('loses no request against a server that resets every 25th request; Promise.all + fetch loses each one', async () => {
    const count = 1_000;
    const naiveServer = await server({ resetEvery: 25 });
    const naive = await runBatch(count, plainFetch(naiveServer.url), allAtOnce);
    const fixedServer = await server({ resetEvery: 25 });
    const fixed = await runBatch(count, quickFixed(fixedServer.url), limitedTo(8));
    const helperServer = await server({ resetEvery: 25 });
    const helper = await runBatch(count, helperFetch(helperServer.url), limitedTo(8));
    assert.equal(naive.failed, naiveServer.resets, `every reset is a lost request: ${summary(naive)}`);
    assert.ok(naive.failed >= count / 25 - 1, summary(naive));
    assert.equal(fixed.failed, 0, `quick-fixed: ${summary(fixed)}`);
    assert.equal(helper.failed, 0, `resilientFetch: ${summary(helper)}`);
    assert.ok(helperServer.resets >= count / 25 - 1 && helperServer.arrivals.length === count + helperServer.resets, 'each reset request was sent once more');
  });

  it('never has more requests in flight than mapLimit allows, counted at the server', async () => {
    const slow = await server({ delayMs: 5 });
    const outcome = await runBatch(200, helperFetch(slow.url), limitedTo(4));
    assert.equal(outcome.failed, 0);
    assert.equal(slow.maxInFlight, 4);
  });

  it('never has more requests in flight than a createLimiter allows, counted at the server', async () => {
    const slow = await server({ delayMs: 5 });
    const limit = createLimiter(3);
    const outcome = await runBatch(150, helperFetch(slow.url), (tasks) => Promise.all(tasks.map((task) => limit(task))));
    assert.equal(outcome.failed, 0);
    assert.equal(slow.maxInFlight, 3);
  });

  it('never has more requests in flight than the pool has sockets, even with no limiter', async () => {
    const slow = await server({ delayMs: 5 });
    const outcome = await runBatch(200, helperFetch(slow.url), allAtOnce);
    assert.equal(outcome.failed, 0);
    assert.equal(slow.maxInFlight, 8, 'resilientHttpSettings.connections');
  });
});

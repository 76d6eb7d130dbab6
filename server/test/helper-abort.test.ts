/**
 * Aborting the caller's signal stops everything promptly (< 200 ms) and nothing is sent afterwards:
 * requests in flight, the wait before a retry, and calls queued in a limiter. An attempt that ends (timeout or
 * abort) ends its request inside undici too: the socket closes, and a request still waiting for one is never sent.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { createLimiter, mapLimit, originSettings, resilientAgent, resilientFetch } from '../resources/resilient-http';
import { cleanupAfter } from './support/cleanup';
import { type LoadServer, serverRegistry } from './support/load-servers';

// Last registered, first closed: the servers (ending any request still open), then the helper's pool.
const cleanup = cleanupAfter({ after });
cleanup.defer(resilientAgent, (agent) => agent.close());
const servers = cleanup.defer(serverRegistry(), (registry) => registry.closeAll());
const server = servers.start;

/** Aborts `controller` and resolves with how long `pending` took to reject after that. */
async function abortAndTime(controller: AbortController, pending: Promise<unknown>): Promise<number> {
  const started = performance.now();
  controller.abort(new Error('cancelled by the caller'));
  await assert.rejects(pending, /cancelled by the caller/);
  return performance.now() - started;
}

/**
 * Proving that nothing more is sent needs a window in which it could have been: this waits out
 * `windowMs` (longer than any backoff still pending) and asserts the server's count did not move.
 * It is the one deliberate wait in these tests; everything else waits on events.
 */
async function assertNothingSentWithin(target: LoadServer, windowMs: number): Promise<void> {
  const seen = target.arrivals.length;
  await delay(windowMs);
  assert.equal(target.arrivals.length, seen, 'requests arrived after the abort');
}

describe('abort', { timeout: 30_000 }, () => {
  it('stops a mapLimit of requests in flight at once, and closes their sockets', async () => {
    const silent = await server({ hang: true });
    const controller = new AbortController();
    const pending = mapLimit(Array.from({ length: 50 }), 4, (_item, _index, signal) => resilientFetch(silent.url, { signal }), { signal: controller.signal });
    await silent.waitFor(() => silent.arrivals.length === 4, 2_000, '4 requests in flight');
    const ms = await abortAndTime(controller, pending);
    assert.ok(ms < 200, `rejected ${Math.round(ms)} ms after the abort`);
    await silent.waitFor(() => silent.openSockets === 0, 1_000, 'sockets closed');
    await assertNothingSentWithin(silent, 300);
    assert.equal(silent.arrivals.length, 4);
  });

  it('cancels the wait before a retry: the server asked for 1 s, the caller leaves after a few ms', async () => {
    const busy = await server({
      respond: (_request, response) => {
        response.writeHead(503, { 'Retry-After': '1' }).end();
        return true;
      },
    });
    const controller = new AbortController();
    const pending = resilientFetch(busy.url, { signal: controller.signal });
    await busy.waitFor(() => busy.arrivals.length === 1 && busy.inFlight === 0, 2_000, 'the 503');
    const ms = await abortAndTime(controller, pending);
    assert.ok(ms < 200, `rejected ${Math.round(ms)} ms after the abort`);
    await assertNothingSentWithin(busy, 1_000 + 200);
  });

  it('drops calls waiting in a limiter queue at once; they never reach the server', async () => {
    const silent = await server({ hang: true });
    const limit = createLimiter(2);
    const controller = new AbortController();
    const calls = Array.from({ length: 10 }, () => limit((signal) => resilientFetch(silent.url, { signal }), controller.signal));
    await silent.waitFor(() => silent.arrivals.length === 2, 2_000, '2 requests in flight');
    assert.equal(limit.pending, 8);
    const ms = await abortAndTime(controller, Promise.all(calls));
    const settled = await Promise.allSettled(calls);
    assert.ok(ms < 200, `rejected ${Math.round(ms)} ms after the abort`);
    assert.deepEqual(new Set(settled.map((outcome) => outcome.status)), new Set(['rejected']));
    assert.deepEqual([limit.active, limit.pending], [0, 0]);
    await assertNothingSentWithin(silent, 300);
    assert.equal(silent.arrivals.length, 2);
  });

  it('ends the request itself at the attempt timeout: the server sees its socket close', async () => {
    const silent = await server({ hang: true });
    await assert.rejects(resilientFetch(silent.url, {}, { attemptTimeoutMs: 150, maxAttempts: 1 }), { name: 'TimeoutError' });
    assert.equal(silent.arrivals.length, 1);
    await silent.waitFor(() => silent.openSockets === 0, 2_000, 'the socket closed by the client');
  });

  it('never sends a request that was still waiting for a socket when its caller aborted', async () => {
    const silent = await server({ hang: true });
    originSettings[silent.origin] = { connections: 1 };
    cleanup.defer(silent.origin, (origin) => delete originSettings[origin]);
    const [first, second] = [new AbortController(), new AbortController()];
    const holding = resilientFetch(`${silent.url}first`, { signal: first.signal });
    const waiting = resilientFetch(`${silent.url}second`, { signal: second.signal });
    await silent.waitFor(() => silent.arrivals.length === 1, 2_000, 'the first request');
    const ms = await abortAndTime(second, waiting);
    assert.ok(ms < 200, `rejected ${Math.round(ms)} ms after the abort`);
    // The socket is free again only now: the waiting request gets it and must be dropped, not sent.
    await abortAndTime(first, holding);
    await assertNothingSentWithin(silent, 300);
    assert.deepEqual(silent.arrivals.map((arrival) => arrival.path), ['/first']);
  });
});

/**
 * The helper's retry policy against real servers on 127.0.0.1: `Retry-After` in both forms (measured
 * as the gap between arrivals at the server), the per-origin budget against a server that is down
 * (attempts counted through undici's diagnostics channel), idempotency (POST without a key is sent
 * once), per-attempt timeouts and the overall deadline against a server that never answers, and failed
 * attempts' bodies discarded.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, describe, it } from 'node:test';
import { mapLimit, resilientAgent, resilientFetch, resilientHttpSettings, withRetry } from '../resources/resilient-http';
import { cleanupAfter } from './support/cleanup';
import { countUndiciAttempts, downServerUrl, type LoadServer, type ServerBehaviour, serverRegistry } from './support/load-servers';

// Last registered, first closed: the servers (ending any request still open), then the helper's pool.
const cleanup = cleanupAfter({ after });
cleanup.defer(resilientAgent, (agent) => agent.close());
const servers = cleanup.defer(serverRegistry(), (registry) => registry.closeAll());
const server = servers.start;

/** Answers `status` with `headers` the first time a path is asked, `ok` after that. */
const failFirst = (status: number, headers: () => Record<string, string>): ServerBehaviour => ({
  respond: (_request, response, seen) => {
    if (seen > 1) return false;
    response.writeHead(status, headers()).end('come back later');
    return true;
  },
});

const gapMs = (target: LoadServer) => target.arrivals[1].at - target.arrivals[0].at;

describe('Retry-After', { timeout: 30_000 }, () => {
  it('waits the seconds a 503 asks for', async () => {
    const target = await server(failFirst(503, () => ({ 'Retry-After': '1' })));
    const response = await resilientFetch(target.url);
    assert.equal(response.status, 200);
    await response.text();
    assert.equal(target.arrivals.length, 2);
    assert.ok(gapMs(target) >= 1_000 && gapMs(target) < 1_000 + resilientHttpSettings.baseDelayMs + 400, `gap ${gapMs(target)} ms`);
  });

  it("waits until the HTTP date a 429 names, measured against the response's Date, not the local clock", async () => {
    // The server's clock is an hour behind: against the local clock the date is long past.
    const serverNow = Math.floor(Date.now() / 1_000) * 1_000 - 3_600_000;
    const target = await server(failFirst(429, () => ({ Date: new Date(serverNow).toUTCString(), 'Retry-After': new Date(serverNow + 1_000).toUTCString() })));
    const response = await resilientFetch(target.url);
    assert.equal(response.status, 200);
    await response.text();
    assert.ok(gapMs(target) >= 1_000 && gapMs(target) < 1_000 + resilientHttpSettings.baseDelayMs + 400, `gap ${gapMs(target)} ms`);
  });

  it('hands the response back at once when Retry-After is longer than the backoff cap', async () => {
    const target = await server(failFirst(503, () => ({ 'Retry-After': '3600' })));
    const started = performance.now();
    const response = await resilientFetch(target.url);
    assert.equal(response.status, 503);
    assert.equal(await response.text(), 'come back later');
    assert.equal(target.arrivals.length, 1);
    assert.ok(performance.now() - started < 500);
  });
});

describe('retry budget', { timeout: 30_000 }, () => {
  it('stops retrying a server that is down: attempts ≤ 1.1 × requests', async () => {
    const url = await downServerUrl();
    const requests = 200;
    const { attempts, result } = await countUndiciAttempts(new URL(url).origin, () =>
      mapLimit(Array.from({ length: requests }), 8, () => resilientFetch(url).then(() => 'answered', () => 'failed')),
    );
    assert.deepEqual(new Set(result), new Set(['failed']));
    assert.ok(attempts > requests, 'the first failures were retried');
    assert.ok(attempts <= requests + resilientHttpSettings.budgetTokens / 2, `${attempts} attempts for ${requests} requests`);
  });

  it('keeps one budget per origin: a host that is down does not stop retries to another', async () => {
    const down = await downServerUrl();
    await mapLimit(Array.from({ length: 50 }), 8, () => resilientFetch(down).catch(() => undefined));
    const healthy = await server(failFirst(503, () => ({ 'Retry-After': '0' })));
    const response = await resilientFetch(healthy.url);
    assert.equal(response.status, 200);
    await response.text();
    assert.equal(healthy.arrivals.length, 2);
  });
});

describe('idempotency', { timeout: 30_000 }, () => {
  // Reads the request, then resets the connection: the server may have acted on it.
  const resetFirst: ServerBehaviour = {
    respond: (request, _response, seen) => {
      if (seen > 1) return false;
      request.socket.destroy();
      return true;
    },
  };

  it('sends a POST without Idempotency-Key once, even when the connection resets', async () => {
    const target = await server(resetFirst);
    await assert.rejects(resilientFetch(target.url, { method: 'POST', body: '{"order":1}' }), /fetch failed/);
    assert.equal(target.arrivals.length, 1);
  });

  it('keeps a POST unretried when its idempotent option is given as undefined, as if left out', async () => {
    const target = await server(resetFirst);
    await assert.rejects(resilientFetch(target.url, { method: 'POST', body: '{"order":1}' }, { idempotent: undefined }), /fetch failed/);
    assert.equal(target.arrivals.length, 1);
  });

  it('retries a POST with Idempotency-Key, and a PUT, after a reset', async () => {
    const target = await server(resetFirst);
    const post = await resilientFetch(`${target.url}orders`, { method: 'POST', body: '{"order":1}', headers: { 'Idempotency-Key': 'order-1' } });
    const put = await resilientFetch(`${target.url}items/1`, { method: 'PUT', body: '{}' });
    assert.deepEqual([post.status, put.status], [200, 200]);
    await Promise.all([post.text(), put.text()]);
    assert.deepEqual(
      target.arrivals.map((arrival) => `${arrival.method} ${arrival.path}`),
      ['POST /orders', 'POST /orders', 'PUT /items/1', 'PUT /items/1'],
    );
    assert.equal(target.arrivals[1].headers['idempotency-key'], 'order-1');
  });

  it('retries a POST without a key when the connection was refused: it never reached the server', async () => {
    const url = await downServerUrl();
    const { attempts } = await countUndiciAttempts(new URL(url).origin, () => assert.rejects(resilientFetch(url, { method: 'POST', body: 'x' }), /fetch failed/));
    assert.equal(attempts, resilientHttpSettings.maxAttempts);
  });

  it('does not retry a function marked not idempotent after an error that may have reached the server', async () => {
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    };
    await assert.rejects(withRetry(failing, { idempotent: false, baseDelayMs: 1 }), /socket hang up/);
    assert.equal(calls, 1);
  });
});

describe('timeouts', { timeout: 30_000 }, () => {
  it('gives each attempt its own timeout against a server that never answers', async () => {
    const silent = await server({ hang: true });
    const started = performance.now();
    await assert.rejects(resilientFetch(silent.url, {}, { attemptTimeoutMs: 150, baseDelayMs: 10 }), { name: 'TimeoutError' });
    const elapsed = performance.now() - started;
    assert.equal(silent.arrivals.length, 3);
    assert.ok(elapsed >= 450 && elapsed < 1_000, `${Math.round(elapsed)} ms`);
  });

  it('ends at the overall deadline, whatever the attempts have left', async () => {
    const silent = await server({ hang: true });
    const started = performance.now();
    await assert.rejects(resilientFetch(silent.url, {}, { attemptTimeoutMs: 200, deadlineMs: 300, baseDelayMs: 10 }), /deadline timeout of 300 ms/);
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 290 && elapsed < 450, `${Math.round(elapsed)} ms`);
    assert.equal(silent.arrivals.length, 2);
  });

  it('returns on time even when the function ignores the signal it is given (the quick-fix form)', async () => {
    const silent = await server({ hang: true });
    const started = performance.now();
    await assert.rejects(withRetry(() => fetch(silent.url), { attemptTimeoutMs: 100, maxAttempts: 2, baseDelayMs: 10 }), { name: 'TimeoutError' });
    assert.ok(performance.now() - started < 500);
    assert.equal(silent.arrivals.length, 2);
  });
});

describe('failed attempts', { timeout: 30_000 }, () => {
  it('discards the body of a failed attempt, so its socket is not held', async () => {
    // A 1 MiB error body fills the socket buffers: unless the client discards it, the server's response never finishes.
    const big = 'x'.repeat(1 << 20);
    const target = await server({
      respond: (_request, response, seen) => {
        if (seen > 1) return false;
        response.writeHead(503).end(big);
        return true;
      },
    });
    const response = await resilientFetch(target.url, {}, { baseDelayMs: 10 });
    assert.equal(response.status, 200);
    await response.text();
    await target.waitFor(() => target.inFlight === 0, 2_000, 'finished responses');
  });
});

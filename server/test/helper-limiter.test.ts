/**
 * The helper's limiters: a slot is released only once the response body is consumed (the limiter
 * reads a clone to the end, the caller keeps the bytes), the queue is bounded, results keep their
 * order, and the first failure stops mapLimit from starting more work.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Agent, fetch as undiciFetch } from 'undici';
import { createLimiter, mapLimit, resilientAgent } from '../resources/resilient-http';
import { cleanupAfter } from './support/cleanup';
import { serverRegistry } from './support/load-servers';

// Last registered, first closed: the servers (ending any request still open), then the pools.
const cleanup = cleanupAfter({ after });
cleanup.defer(resilientAgent, (agent) => agent.close());
const oneSocket = cleanup.defer(new Agent({ connections: 1 }), (agent) => agent.close());
const servers = cleanup.defer(serverRegistry(), (registry) => registry.closeAll());
const server = servers.start;

const mebibyte = 1 << 20;

describe('limiter slots and response bodies', { timeout: 30_000 }, () => {
  it('releases a slot only after the body has been read, and the caller still gets every byte', async () => {
    const target = await server({ bodyBytes: mebibyte });
    const limit = createLimiter(1);
    const response = await limit(() => undiciFetch(target.url, { dispatcher: oneSocket }));
    // The server finished sending although nobody has read the body yet: the limiter read a clone.
    await target.waitFor(() => target.inFlight === 0, 2_000, 'the whole body sent');
    assert.equal(limit.active, 0);
    assert.equal((await response.text()).length, mebibyte);
  });

  it('does not deadlock a one-socket pool when responses are returned unread', async () => {
    // Without the read, the second request would wait forever for the socket the first body holds.
    const target = await server({ bodyBytes: mebibyte });
    const responses = await mapLimit([1, 2, 3], 1, () => undiciFetch(target.url, { dispatcher: oneSocket }));
    const bodies = await Promise.all(responses.map((response) => response.text()));
    assert.deepEqual(bodies.map((body) => body.length), [mebibyte, mebibyte, mebibyte]);
  });
});

describe('createLimiter', () => {
  it('rejects at once beyond maxQueue instead of buffering without bound', async () => {
    const limit = createLimiter(1, 2);
    let release = () => {};
    const running = limit(() => new Promise<void>((resolve) => (release = resolve)));
    const queued = [limit(() => Promise.resolve('second')), limit(() => Promise.resolve('third'))];
    await assert.rejects(limit(() => Promise.resolve('fourth')), /queue is full \(2 calls waiting\)/);
    assert.deepEqual([limit.active, limit.pending], [1, 2]);
    release();
    await running;
    assert.deepEqual(await Promise.all(queued), ['second', 'third']);
    assert.deepEqual([limit.active, limit.pending], [0, 0]);
  });

  it('frees the slot when a call fails', async () => {
    const limit = createLimiter(1);
    await assert.rejects(limit(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await limit(() => Promise.resolve('next')), 'next');
    assert.equal(limit.active, 0);
  });
});

describe('mapLimit', () => {
  it('keeps the order of the items whatever order they finish in', async () => {
    const results = await mapLimit([30, 10, 20, 0], 2, (ms) => new Promise<number>((resolve) => setTimeout(() => resolve(ms), ms)));
    assert.deepEqual(results, [30, 10, 20, 0]);
  });

  it('rejects with the first failure, aborts the others and starts no further item', async () => {
    const started: number[] = [];
    const aborted: number[] = [];
    const outcome = mapLimit([0, 1, 2, 3, 4, 5], 2, (item, _index, signal) => {
      started.push(item);
      if (item === 1) return Promise.reject(new Error('item 1 failed'));
      return new Promise<number>((resolve, reject) => {
        signal.addEventListener('abort', () => {
          aborted.push(item);
          reject(signal.reason as Error);
        });
        if (item !== 0) resolve(item);
      });
    });
    await assert.rejects(outcome, /item 1 failed/);
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(aborted, [0]);
  });
});

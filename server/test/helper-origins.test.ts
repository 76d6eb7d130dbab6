/**
 * Per-origin settings of the helper (`originSettings`) against real servers on 127.0.0.1: each origin gets
 * a pool of its own size (counted at the servers as sockets and requests in flight), its own timeouts, and
 * an origin without an entry keeps the defaults.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { limitFor, mapLimit, originSettings, resilientAgent, resilientFetch, resilientHttpSettings, settingsFor } from '../resources/resilient-http';
import { cleanupAfter } from './support/cleanup';
import { type LoadServer, type ServerBehaviour, serverRegistry } from './support/load-servers';

// Last registered, first closed: the entries, the servers, then the helper's pools.
const cleanup = cleanupAfter({ after });
cleanup.defer(resilientAgent, (agent) => agent.close());
const servers = cleanup.defer(serverRegistry(), (registry) => registry.closeAll());

/** A server that remembers every socket a request came on. */
async function countingServer(behaviour: ServerBehaviour): Promise<LoadServer & { sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  const server = await servers.start({
    ...behaviour,
    respond: (request) => {
      sockets.add(request.socket);
      return false; // answered by the behaviour
    },
  });
  return Object.assign(server, { sockets });
}

/** Gives `origin` an entry for the rest of this file. */
function override(origin: string, settings: (typeof originSettings)[string]): void {
  originSettings[origin] = settings;
  cleanup.defer(origin, (key) => delete originSettings[key]);
}

/** The error's `code` along its `cause` chain (fetch wraps socket errors in `TypeError('fetch failed')`). */
function codeOf(error: unknown): unknown {
  for (let current = error; current instanceof Error; current = current.cause) if ('code' in current) return current.code;
  return undefined;
}

describe('the helper with per-origin settings', { timeout: 60_000 }, () => {
  it('opens at most each origin\'s connections, at each server, and the defaults for an origin without an entry', async () => {
    const behaviour: ServerBehaviour = { delayMs: 20, keepAliveTimeout: 10_000 };
    const [small, large, unlisted] = await Promise.all([countingServer(behaviour), countingServer(behaviour), countingServer(behaviour)]);
    override(small.origin, { connections: 2, concurrency: 2 });
    override(large.origin, { connections: 5 });
    const send = (server: LoadServer) => mapLimit(Array.from({ length: 40 }, (_, i) => `${server.url}?i=${i}`), 20, async (url) => (await resilientFetch(url)).text());

    const bodies = await Promise.all([send(small), send(large), send(unlisted)]);

    assert.deepEqual(bodies.map((list) => list.filter((body) => body === 'ok').length), [40, 40, 40]);
    const seen = [small, large, unlisted].map((server) => ({ sockets: server.sockets.size, inFlight: server.maxInFlight }));
    const expected = [2, 5, resilientHttpSettings.connections].map((connections) => ({ sockets: connections, inFlight: connections }));
    assert.deepEqual(seen, expected, 'sockets and most requests in flight per origin');
    assert.deepEqual([limitFor(small.url), limitFor(large.url), limitFor(unlisted.url)], [2, resilientHttpSettings.concurrency, resilientHttpSettings.concurrency]);
  });

  it('times out headers at the origin\'s headersTimeoutMs on a slow server, and another origin waits the default', async () => {
    const delayMs = 1_500;
    const [impatient, patient] = await Promise.all([servers.start({ delayMs }), servers.start({ delayMs })]);
    override(impatient.origin, { headersTimeoutMs: 200, maxAttempts: 1 });
    assert.ok(settingsFor(patient.url).headersTimeoutMs > delayMs * 2, 'the default waits longer than the server takes');

    const [failed, answered] = await Promise.allSettled([resilientFetch(impatient.url), resilientFetch(patient.url).then((res) => res.text())]);

    assert.equal(failed.status, 'rejected');
    assert.equal(codeOf(failed.reason), 'UND_ERR_HEADERS_TIMEOUT');
    assert.deepEqual(answered, { status: 'fulfilled', value: 'ok' });
    assert.equal(impatient.arrivals.length, 1, 'maxAttempts 1 of the origin: no retry');
  });

  it('ends an attempt at the origin\'s attemptTimeoutMs, and retries as often as its maxAttempts says', async () => {
    const silent = await servers.start({ hang: true });
    override(silent.origin, { attemptTimeoutMs: 150, maxAttempts: 2, baseDelayMs: 1 });

    await assert.rejects(resilientFetch(silent.url), (error: Error) => error.name === 'TimeoutError' && error.message === 'attempt timeout of 150 ms exceeded');
    assert.equal(silent.arrivals.length, 2);
  });

  it('finds the origin\'s entry however the URL is written: a URL object, a query without a path, an upper-case scheme', async () => {
    const silent = await servers.start({ hang: true });
    override(silent.origin, { attemptTimeoutMs: 100, maxAttempts: 1 });
    const inputs = [silent.url, new URL(`${silent.origin}/a?b`), `${silent.origin}?i=1`, `${silent.origin}/deep/path#part`, silent.url.replace('http:', 'HTTP:'), silent.url];

    for (const input of inputs) {
      await assert.rejects(resilientFetch(input), (error: Error) => error.message === 'attempt timeout of 100 ms exceeded', String(input));
    }
    assert.equal(silent.arrivals.length, inputs.length);
  });

  it('gives a URL the entry of its own origin when the origin looked up before is a prefix of it (port 4512, then 45123)', async () => {
    const silent = await servers.start({ hang: true });
    const shorter = silent.origin.slice(0, -1); // the same host, the port without its last digit
    override(silent.origin, { attemptTimeoutMs: 100, maxAttempts: 1 });
    override(shorter, { attemptTimeoutMs: 50, maxAttempts: 1 });

    // An aborted signal: the shorter origin is looked up, nothing is sent to it.
    await assert.rejects(resilientFetch(`${shorter}/`, { signal: AbortSignal.abort() }), (error: Error) => error.name === 'AbortError');
    await assert.rejects(resilientFetch(silent.url), (error: Error) => error.message === 'attempt timeout of 100 ms exceeded');
    await assert.rejects(resilientFetch(`${silent.origin}?after`), (error: Error) => error.message === 'attempt timeout of 100 ms exceeded');
    assert.equal(silent.arrivals.length, 2);
  });

  it('refuses an originSettings key that is not an origin when the helper loads', async () => {
    // A fresh copy of the module, its settings block edited the way a user would: with a path after the host.
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const source = fs.readFileSync(require.resolve('../resources/resilient-http'), 'utf8');
    const edited = source.replace(/(export const originSettings[^=]*= \{)\};/, "$1\n  'https://api.example.com/v1': { connections: 4 },\n};");
    assert.notEqual(edited, source, 'the settings block was found');
    const dir = cleanup.defer(fs.mkdtempSync(path.join(os.tmpdir(), 'helper-origins-')), (made) => fs.rmSync(made, { recursive: true, force: true }));
    fs.symlinkSync(path.resolve(__dirname, '../../node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.writeFileSync(path.join(dir, 'resilient-http.ts'), edited);
    await assert.rejects(import(path.join(dir, 'resilient-http.ts')), /originSettings: 'https:\/\/api\.example\.com\/v1' is not an origin, write 'https:\/\/api\.example\.com'/);
  });
});

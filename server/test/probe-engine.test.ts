/**
 * The probe engine against real servers on 127.0.0.1 (each started and stopped here): what it measures
 * (idle timeout, knee, reuse) and what it must never do (exceed a cap, follow a redirect, send anything
 * but GET/HEAD, leak userinfo, read past 64 KiB, go on after cancellation).
 */
import assert from 'node:assert/strict';
import * as dns from 'node:dns';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { describe, it } from 'node:test';
import { runProbe } from '../src/probe/engine';
import { absoluteMaxima, maxBodyBytes, resolveLimits } from '../src/shared/probe/limits';
import { sendRequest } from '../src/probe/request';
import { toJson } from '../src/shared/probe/json';
import type { ProbeProgress } from '../src/shared/probe/types';
import { cleanupAfter } from './support/cleanup';
import { type LoadServer, startServer } from './support/load-servers';
import { makeSelfSignedCertificate, startEndlessBodyServer, startIdleTruthServer, startTlsServer } from './support/probe-servers';
import { Client } from 'undici';

/** Small budgets keep every probe here to a second or two (the rate cap is 50 requests per second). */
const small = { maxRequests: 40, maxConcurrency: 8, idleWaitSeconds: 0 };

/** The most arrivals in any window of `windowMs`. */
function mostInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end] - sorted[start] >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

async function withServer<T extends { close(): Promise<void> }>(server: T, body: (server: T) => Promise<void>): Promise<void> {
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

describe('probe engine against real servers', { timeout: 90_000 }, () => {
  it('measures the idle keep-alive timeout within 15 % of what the server does, and confirms reuse', async () => {
    await withServer(await startIdleTruthServer(1500), async (server) => {
      const result = await runProbe(server.url, { limits: { maxRequests: 20, maxConcurrency: 2, idleWaitSeconds: 10 } });
      assert.ok(result.baselineReuseConfirmed, 'the baseline used one socket for all its requests');
      assert.equal(result.baseline?.socketsOpened, 1);
      assert.ok(result.idleTimeoutMs !== null, `idle timeout measured (${result.idleNote})`);
      // Node 20.20 closes idle sockets 1 s after keepAliveTimeout (HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER); the
      // server-side record is the truth the probe must match, whatever the Node version adds.
      assert.ok(server.idleCloses.length >= 1, 'the server closed at least one idle socket');
      const truth = Math.max(...server.idleCloses);
      assert.ok(Math.abs(result.idleTimeoutMs - truth) <= 0.15 * truth, `measured ${result.idleTimeoutMs} ms, server closed after ${Math.round(truth)} ms`);
      assert.ok(truth >= 1500, 'the server kept the socket at least keepAliveTimeout');
      assert.ok(result.recommendations.keepAliveTimeoutMs.value! < result.idleTimeoutMs, 'the recommended keep-alive is below the server idle timeout');
    });
  });

  it('finds the knee at or below a connection cap that resets above it, and never exceeds its own caps', async () => {
    await withServer(await startServer({ maxConnections: 4, delayMs: 20 }), async (server) => {
      const result = await runProbe(server.url, { limits: { maxRequests: 60, maxConcurrency: 16, idleWaitSeconds: 0 } });
      assert.ok(result.knee !== null && result.knee >= 1 && result.knee <= 4, `knee ${result.knee} within 1..4`);
      assert.match(result.stoppedBecause, /reset|UND_ERR_SOCKET|other side closed/);
      assert.ok(server.arrivals.length <= 60, `${server.arrivals.length} requests reached the server`);
      assert.equal(result.requestsSent >= server.arrivals.length, true);
      assert.ok(server.maxInFlight <= 16);
      const last = result.steps.at(-1)!;
      assert.ok(last.errors.reset || last.errors.socket, 'the failing step counts resets or socket errors');
    });
  });

  it('holds the request budget, the concurrency cap and the rate cap, counted at the server', async () => {
    await withServer(await startServer({ delayMs: 30 }), async (server) => {
      const result = await runProbe(server.url, { limits: { maxRequests: 45, maxConcurrency: 4, requestsPerSecond: 20, idleWaitSeconds: 0 } });
      assert.equal(server.arrivals.length, result.requestsSent);
      assert.ok(server.arrivals.length <= 45);
      assert.ok(server.maxInFlight <= 4, `max in flight ${server.maxInFlight}`);
      // Arrival times carry a little network jitter that start times do not: allow 50 ms of it.
      const most = mostInWindow(server.arrivals.map((arrival) => arrival.at), 950);
      assert.ok(most <= 20, `${most} arrivals in one second at a cap of 20`);
      assert.ok(result.steps.every((step) => step.socketsOpened <= step.concurrency), 'each step opens at most its concurrency in sockets');
    });
  });

  it('reports rate-limit headers, the server, the keep-alive hint and the time to first byte in the preflight', async () => {
    const server = await startServer({
      keepAliveTimeout: 3000,
      respond: (_request, response) => {
        response.writeHead(200, { server: 'test-server/1', 'ratelimit-limit': '100', 'x-ratelimit-remaining': '99', 'x-unrelated': 'no' }).end('ok');
        return true;
      },
    });
    await withServer(server, async () => {
      const result = await runProbe(server.url, { limits: { ...small, maxRequests: 12 } });
      assert.deepEqual(result.preflight?.rateLimit.headers, { 'ratelimit-limit': '100', 'x-ratelimit-remaining': '99' });
      assert.equal(result.preflight?.server, 'test-server/1');
      assert.equal(result.preflight?.keepAliveHintMs, 3000);
      assert.ok((result.preflight?.ttfbMs ?? -1) >= 0 && (result.preflight?.connectMs ?? -1) >= 0);
    });
  });

  it('stops at the first 429 with Retry-After', async () => {
    const server: LoadServer = await startServer({
      delayMs: 20,
      respond: (_request, response) => {
        if (server.inFlight <= 2) return false;
        response.writeHead(429, { 'retry-after': '1' }).end();
        return true;
      },
    });
    await withServer(server, async () => {
      const result = await runProbe(server.url, { limits: small });
      assert.match(result.stoppedBecause, /HTTP 429/);
      assert.ok(result.knee !== null && result.knee <= 2, `knee ${result.knee}`);
      assert.ok((result.steps.at(-1)?.errors['429'] ?? 0) >= 1);
      assert.ok(result.steps.every((step) => step.concurrency <= 4), 'no step after the one that saw 429');
    });
  });

  it('reports a redirect to another origin and does not follow it', async (t) => {
    const cleanup = cleanupAfter(t);
    const elsewhere = cleanup.defer(await startServer(), (started) => started.close());
    const server = cleanup.defer(
      await startServer({ respond: (_request, response) => (response.writeHead(302, { location: `${elsewhere.origin}/landing` }).end(), true) }),
      (started) => started.close(),
    );
    const result = await runProbe(server.url, { limits: small });
    assert.equal(result.preflight?.redirect?.location, `${elsewhere.origin}/landing`);
    assert.equal(result.preflight?.redirect?.sameOrigin, false);
    assert.match(result.stoppedBecause, /redirects to .* never followed/);
    assert.equal(server.arrivals.length, 1, 'one request: the preflight');
    assert.equal(elsewhere.arrivals.length, 0, 'nothing reached the redirect target');
    assert.equal(result.knee, null);
  });

  it('stops when latency blows up with concurrency (a slow endpoint)', async () => {
    const server: LoadServer = await startServer({
      respond: (_request, response) => {
        const delay = 15 * server.inFlight * server.inFlight;
        setTimeout(() => response.end('slow'), delay);
        return true;
      },
    });
    await withServer(server, async () => {
      const result = await runProbe(server.url, { limits: small });
      assert.match(result.stoppedBecause, /latency .* over 3× the baseline|no throughput gain/);
      assert.ok(result.knee !== null && result.knee <= 2, `knee ${result.knee}`);
    });
  });

  it('times out against a server that accepts and never answers, and closes its socket', async () => {
    await withServer(await startServer({ hang: true }), async (server) => {
      const result = await runProbe(server.url, { limits: { ...small, requestTimeoutMs: 300 } });
      assert.equal(result.unreachable?.kind, 'timeout');
      assert.match(result.stoppedBecause, /^unreachable: .*within 300 ms/);
      assert.equal(server.arrivals.length, 1);
      await server.waitFor(() => server.openSockets === 0, 5000, 'all probe sockets closed');
    });
  });

  it('reports a self-signed certificate as a TLS error, and probes it when given the certificate as ca', async () => {
    const certificate = makeSelfSignedCertificate();
    try {
      await withServer(await startTlsServer(certificate), async (server) => {
        const untrusted = await runProbe(server.url, { limits: small });
        assert.equal(untrusted.unreachable?.kind, 'tls');
        assert.match(untrusted.stoppedBecause, /self[- ]signed/i);
        assert.equal(server.arrivals, 0, 'no request is sent over an unverified connection');
        const trusted = await runProbe(server.url, { ca: fs.readFileSync(certificate.certPath, 'utf8'), limits: { ...small, maxRequests: 20, maxConcurrency: 2 } });
        assert.equal(trusted.unreachable, undefined, trusted.stoppedBecause);
        assert.match(trusted.preflight?.tlsProtocol ?? '', /^TLSv1\.[23]$/);
        assert.equal(trusted.preflight?.alpn, 'http/1.1');
        assert.ok((trusted.preflight?.tlsHandshakeMs ?? 0) > 0);
        assert.ok(trusted.steps.length >= 1);
      });
    } finally {
      fs.rmSync(certificate.dir, { recursive: true, force: true });
    }
  });

  it('sends nothing after cancellation and closes every socket', async (t) => {
    await withServer(await startServer({ delayMs: 40 }), async (server) => {
      const controller = new AbortController();
      let abortedAt = 0;
      const onProgress = (progress: ProbeProgress) => {
        if (progress.phase === 'ramp' && progress.requestsSent >= 20 && !controller.signal.aborted) {
          abortedAt = performance.now();
          controller.abort();
        }
      };
      const result = await runProbe(server.url, { signal: controller.signal, onProgress, limits: { maxRequests: 200, maxConcurrency: 16, idleWaitSeconds: 30 } });
      const resolvedMs = performance.now() - abortedAt;
      assert.equal(result.stoppedBecause, 'cancelled');
      const sentAtCancel = result.requestsSent;
      await server.waitFor(() => server.openSockets === 0, 5000, 'every probe socket closed');
      const closedMs = performance.now() - abortedAt;
      assert.ok(server.arrivals.length <= sentAtCancel, `${server.arrivals.length} arrivals, ${sentAtCancel} sent before cancel`);
      // A marker request after the fact: had the probe kept sending, its requests would have arrived by now.
      const arrivalsBefore = server.arrivals.length;
      const marker = new Client(server.origin);
      try {
        await marker.request({ path: '/marker', method: 'GET' }).then((response) => response.body.dump());
      } finally {
        await marker.destroy();
      }
      assert.equal(server.arrivals.filter((arrival) => arrival.path !== '/marker').length, arrivalsBefore);
      t.diagnostic(`cancel → result ${resolvedMs.toFixed(1)} ms, → all server sockets closed ${closedMs.toFixed(1)} ms`);
    });
  });

  it('sends GET only (or HEAD when asked), and refuses any other method', async () => {
    await withServer(await startServer(), async (server) => {
      await runProbe(server.url, { limits: { ...small, maxRequests: 20 } });
      await runProbe(server.url, { method: 'HEAD', limits: { ...small, maxRequests: 20 } });
      const methods = new Set(server.arrivals.map((arrival) => arrival.method));
      assert.deepEqual([...methods].sort(), ['GET', 'HEAD']);
      await assert.rejects(runProbe(server.url, { method: 'POST' as 'GET' }), /GET or HEAD only/);
      const client = new Client(server.origin);
      try {
        assert.throws(() => sendRequest(client, { method: 'DELETE' as 'GET', path: '/', timeoutMs: 1000 }), /GET or HEAD only/);
      } finally {
        await client.destroy();
      }
      assert.ok(server.arrivals.every((arrival) => arrival.method === 'GET' || arrival.method === 'HEAD'));
    });
  });

  it('strips userinfo: never sent, never in the result or the progress messages', async () => {
    await withServer(await startServer(), async (server) => {
      const messages: string[] = [];
      const url = server.url.replace('http://', 'http://alice:s3cr3t-pw@');
      const result = await runProbe(url, { limits: { ...small, maxRequests: 20 }, onProgress: (progress) => messages.push(progress.message) });
      const everything = JSON.stringify([result, toJson(result), messages]);
      assert.ok(!everything.includes('s3cr3t-pw') && !everything.includes('alice'), 'no userinfo anywhere');
      assert.equal(result.origin, server.origin);
      assert.ok(server.arrivals.length > 0);
      assert.ok(server.arrivals.every((arrival) => arrival.headers.authorization === undefined), 'no Authorization header');
      await assert.rejects(runProbe('ftp://bob:hunter2@127.0.0.1/'), (error: Error) => !error.message.includes('hunter2') && /only http and https/.test(error.message));
      await assert.rejects(runProbe('http://bob:hunter2@[::1/'), (error: Error) => !error.message.includes('hunter2') && /not a valid URL/.test(error.message));
    });
  });

  it('reads at most 64 KiB of a body: the server sees the client close mid-body', async () => {
    await withServer(await startEndlessBodyServer(), async (server) => {
      const result = await runProbe(server.url, { limits: { maxRequests: 3, maxConcurrency: 1, idleWaitSeconds: 0 } });
      await server.waitForResponses(result.requestsSent, 5000);
      assert.ok(result.requestsSent >= 1);
      assert.ok(server.finished.every((finished) => !finished), 'no endless response ever finished');
      assert.ok(result.baseline === undefined || result.baseline.ok === result.baseline.requests, 'a long body is not an error');
      // What the kernel buffers on loopback (a few MiB) is written before the client closes; far from endless.
      assert.ok(server.bytesWritten.every((bytes) => bytes < 16 * 1024 * 1024), `bytes written ${server.bytesWritten.join(', ')}`);
      assert.equal(maxBodyBytes, 64 * 1024);
    });
  });

  it('pins the address DNS gave for the name, sends every request there, and keeps the name in Host', async () => {
    const [first] = await dns.promises.lookup('localhost', { all: true });
    assert.ok(first.address === '127.0.0.1' || first.address === '::1', `localhost is ${first.address}`);
    const hosts: string[] = [];
    const peers = new Set<string>();
    const server = http.createServer((request, response) => {
      hosts.push(request.headers.host ?? '');
      peers.add(request.socket.localAddress ?? '');
      response.end('ok');
    });
    await withServer({ close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) }, async () => {
      await new Promise<void>((resolve) => server.listen(0, first.address, resolve));
      const { port } = server.address() as { port: number };
      const result = await runProbe(`http://localhost:${port}/`, { limits: { ...small, maxRequests: 20 } });
      assert.equal(result.preflight?.pinnedAddress, first.address);
      assert.ok(result.preflight?.addresses.includes(first.address));
      assert.ok(hosts.length === result.requestsSent && hosts.every((host) => host === `localhost:${port}`), 'the Host header keeps the name');
      assert.deepEqual([...peers], [first.address], 'every request reached the pinned address');
    });
  });

  it('clamps every limit to the absolute maxima, in resolveLimits and in a run', async () => {
    const huge = { maxRequests: 5000, maxConcurrency: 500, maxLoadSeconds: 1e6, requestsPerSecond: 1e6, requestTimeoutMs: 1e9, idleWaitSeconds: 1e6 };
    assert.deepEqual(resolveLimits(huge), absoluteMaxima);
    assert.deepEqual(absoluteMaxima, { maxRequests: 1000, maxConcurrency: 64, maxLoadSeconds: 60, requestsPerSecond: 50, requestTimeoutMs: 10_000, idleWaitSeconds: 120 });
    const busy = http.createServer((_request, response) => response.writeHead(503, { 'retry-after': '5' }).end());
    await withServer({ close: () => new Promise<void>((resolve) => (busy.closeAllConnections(), busy.close(() => resolve()))) }, async () => {
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const { port } = busy.address() as { port: number };
      const result = await runProbe(`http://127.0.0.1:${port}/`, { limits: huge });
      assert.deepEqual(result.limits, absoluteMaxima);
      assert.equal(result.requestsSent, 1, 'a 503 on the first request stops the probe');
      assert.match(result.stoppedBecause, /HTTP 503 on the first request/);
    });
  });
});

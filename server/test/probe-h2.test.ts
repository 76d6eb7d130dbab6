/**
 * The probe over HTTP/2 against a real node:http2 TLS server on 127.0.0.1 (self-signed certificate made
 * with node:crypto): it reads the server's SETTINGS_MAX_CONCURRENT_STREAMS, ramps streams on one
 * connection per step within that limit and the usual caps, and recommends allowH2 with a stream bound.
 * What the server saw (sessions, streams in flight per session) is the truth every claim is checked against.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { Client } from 'undici';
import { runProbe } from '../src/probe/engine';
import { protocolOptions } from '../src/probe/protocol';
import { formatProbeReport } from '../src/probe/report-text';
import { sendRequest } from '../src/probe/request';
import { toJson } from '../src/shared/probe/json';
import { maxBodyBytes } from '../src/shared/probe/limits';
import { partialBecause } from '../src/shared/probe/partial';
import { profileFromProbe } from '../src/shared/probe/profile';
import { cleanupAfter } from './support/cleanup';
import { startH2Server } from './support/h2-server';
import { makeSelfSignedCertificate } from './support/self-signed-certificate';

const serverLimit = 4;

describe('probe over HTTP/2', { timeout: 90_000 }, () => {
  it('reads SETTINGS_MAX_CONCURRENT_STREAMS, ramps streams on one connection per step within it, and recommends allowH2', async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    const server = cleanup.defer(await startH2Server({ certificate, maxConcurrentStreams: serverLimit }), (started) => started.close());
    const result = await runProbe(server.url, { ca: certificate.cert, limits: { maxRequests: 60, maxConcurrency: 16, idleWaitSeconds: 0 } });

    assert.equal(result.unreachable, undefined, result.stoppedBecause);
    assert.equal(result.protocol, 'h2');
    assert.equal(result.preflight?.alpn, 'h2');
    assert.equal(result.preflight?.maxConcurrentStreams, serverLimit, 'the limit the server sent in its SETTINGS');

    // Sessions in the order they opened: the SETTINGS read (no stream), the preflight request, the baseline, one per step.
    assert.equal(server.sessions.length, 3 + result.steps.length, `${server.sessions.length} sessions for ${result.steps.length} steps`);
    assert.deepEqual(
      server.sessions.map((session) => session.streams),
      [0, 1, result.baseline!.requests, ...result.steps.map((step) => step.requests)],
      'each step ran on one connection, and the server saw every request the probe counted',
    );
    assert.equal(server.arrivals.length, result.requestsSent);
    assert.ok(result.requestsSent <= 60);
    assert.ok(server.arrivals.every((arrival) => arrival.method === 'GET' && arrival.headers['user-agent'] === 'http-resilience-probe' && arrival.headers.authorization === undefined));

    assert.ok(result.steps.length >= 1, result.stoppedBecause);
    for (const [index, step] of result.steps.entries()) {
      const session = server.sessions[3 + index];
      assert.equal(step.socketsOpened, 1, `concurrency ${step.concurrency} opened one connection`);
      assert.ok(step.concurrency <= serverLimit, 'the ramp never asks for more streams than the server takes');
      assert.ok(session.maxInFlight <= step.concurrency, `the server had ${session.maxInFlight} streams in flight at concurrency ${step.concurrency}`);
      if (step.concurrency > 1) assert.ok(session.maxInFlight >= 2, `streams overlapped on one connection at concurrency ${step.concurrency}`);
    }
    assert.ok(Math.max(...server.sessions.map((session) => session.maxInFlight)) <= serverLimit);

    const { recommendations } = result;
    assert.equal(recommendations.allowH2.value, true);
    assert.equal(recommendations.connections.value, null, 'no socket count is advised over h2');
    assert.match(recommendations.connections.because, /HTTP\/2/);
    assert.equal(recommendations.maxConcurrentStreams.value, result.knee, 'the stream bound is the knee');
    if (result.knee !== null) {
      assert.ok(result.knee <= serverLimit);
      assert.match(recommendations.maxConcurrentStreams.because, /SETTINGS_MAX_CONCURRENT_STREAMS is 4/);
    }
    const topStep = result.steps.at(-1)!;
    if (topStep.distress === undefined && topStep.concurrency === serverLimit) {
      assert.match(result.stoppedBecause, /SETTINGS_MAX_CONCURRENT_STREAMS \(4 streams on one connection\)/);
    }

    const json = toJson(result);
    assert.equal(json.protocol, 'h2');
    assert.deepEqual(json.http2, { serverMaxConcurrentStreams: serverLimit, allowH2: true, maxConcurrentStreams: result.knee });
    assert.equal(json.recommendations.connections, null);
    if (topStep.distress === undefined && topStep.concurrency === serverLimit) assert.equal(partialBecause(json), undefined, 'the server limit is the top of the ramp, not a partial stop');

    // The saved profile carries the protocol, the server's stream limit and the recommended stream bound.
    const profile = profileFromProbe(result, '0.0.0', new Date());
    assert.equal(profile.protocol, 'h2');
    assert.equal(profile.serverMaxConcurrentStreams, serverLimit);
    assert.equal(profile.maxConcurrentStreams, result.knee ?? undefined);

    const text = formatProbeReport(result);
    assert.match(text, /HTTP\/2: the server's SETTINGS_MAX_CONCURRENT_STREAMS is 4; each step below is that many streams on one connection/);
    assert.match(text, /^ {2}allowH2 {12}true/m);
    assert.match(text, /^ {2}streams {12}(\d+|-)/m);
  });

  it('keeps to the concurrency cap on one connection when the server sets no stream limit', async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    const server = cleanup.defer(await startH2Server({ certificate }), (started) => started.close());
    const result = await runProbe(server.url, { ca: certificate.cert, limits: { maxRequests: 30, maxConcurrency: 2, idleWaitSeconds: 0 } });

    assert.equal(result.protocol, 'h2');
    assert.equal(result.preflight?.maxConcurrentStreams, 2 ** 32 - 1, "Node's default: no limit");
    assert.ok(result.steps.every((step) => step.concurrency <= 2 && step.socketsOpened === 1));
    assert.ok(Math.max(...server.sessions.map((session) => session.maxInFlight)) <= 2, 'never more streams in flight than the cap');
    assert.equal(server.arrivals.length, result.requestsSent);
    assert.ok(result.requestsSent <= 30);
    if (result.steps.at(-1)?.concurrency === 2 && result.steps.at(-1)?.distress === undefined) assert.match(result.stoppedBecause, /^reached the highest concurrency allowed \(2\)/);
    assert.match(result.recommendations.maxConcurrentStreams.because, /the server sets no SETTINGS_MAX_CONCURRENT_STREAMS/);
    assert.match(formatProbeReport(result), /SETTINGS_MAX_CONCURRENT_STREAMS is no limit/);
  });

  it("the recommended undici settings carry a burst as that many streams on one connection (undici 7's default carries one)", async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    const server = cleanup.defer(await startH2Server({ certificate, maxConcurrentStreams: serverLimit }), (started) => started.close());
    const result = await runProbe(server.url, { ca: certificate.cert, limits: { maxRequests: 40, maxConcurrency: 8, idleWaitSeconds: 0 } });
    const http2 = toJson(result).http2;
    assert.ok(http2, 'probed as h2');
    // The knee may be lower than the server's limit on a busy machine; either way it is the bound to check.
    const streams = http2.maxConcurrentStreams ?? http2.serverMaxConcurrentStreams!;
    assert.ok(streams >= 1 && streams <= serverLimit);

    const burst = async (options: Client.Options) => {
      const client = cleanup.defer(new Client(server.origin, { ...options, connect: { ca: certificate.cert } }), (made) => made.destroy());
      const before = server.sessions.length;
      const statuses = await Promise.all(Array.from({ length: 3 * serverLimit }, () => client.request({ path: '/', method: 'GET' }).then(async (response) => (await response.body.text(), response.statusCode))));
      await client.close();
      return { statuses, sessions: server.sessions.slice(before) };
    };
    const advised = await burst({ allowH2: true, pipelining: streams, maxConcurrentStreams: streams });
    assert.ok(advised.statuses.every((status) => status === 200), 'no stream refused');
    assert.equal(advised.sessions.length, 1, 'one connection');
    assert.ok(advised.sessions[0].maxInFlight <= streams, `at most ${streams} streams in flight (saw ${advised.sessions[0].maxInFlight})`);
    if (streams > 1) assert.ok(advised.sessions[0].maxInFlight >= 2, 'the streams overlapped');

    const defaults = await burst({ allowH2: true });
    assert.equal(defaults.sessions.length, 1);
    assert.equal(defaults.sessions[0].maxInFlight, 1, 'allowH2 alone sends one stream at a time in undici 7: the advice must set pipelining');
  });

  it('stops at the first 503 over h2 and bounds the streams by the step below it', async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    // A server that takes one stream at a time per connection: a second stream in flight gets 503.
    const server = cleanup.defer(await startH2Server({ certificate, maxConcurrentStreams: serverLimit, statusOf: (_n, inFlight) => (inFlight > 1 ? 503 : 200) }), (started) => started.close());
    const result = await runProbe(server.url, { ca: certificate.cert, limits: { maxRequests: 60, maxConcurrency: 8, idleWaitSeconds: 0 } });
    assert.equal(result.protocol, 'h2');
    const last = result.steps.at(-1)!;
    assert.match(result.stoppedBecause, /^HTTP 503 at concurrency \d+$/);
    assert.equal(last.distress, result.stoppedBecause);
    assert.ok(last.concurrency >= 2, 'one stream at a time never got a 503');
    assert.ok(result.knee === null || result.knee < last.concurrency);
    assert.equal(result.recommendations.maxConcurrentStreams.value, result.knee, 'the bound is the step below the 503s');
    assert.equal(result.recommendations.allowH2.value, true);
    assert.equal(server.arrivals.length, result.requestsSent);
    // Its warm-up, and at most one more stream per worker whose answer came before the 503: not the step's share.
    assert.ok(server.sessions.at(-1)!.streams <= 2 * last.concurrency, 'the step stopped at its first 503');
  });

  it('reads at most 64 KiB of an HTTP/2 answer, then resets that stream and keeps the connection', async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    const server = cleanup.defer(await startH2Server({ certificate, endlessBody: true }), (started) => started.close());
    // The probe's own request path and client options over h2.
    const client = cleanup.defer(new Client(server.origin, { ...protocolOptions(true, 2), connect: { ca: certificate.cert } }), (made) => made.destroy());
    const request = { method: 'GET' as const, path: '/', timeoutMs: 10_000 };
    const first = await sendRequest(client, request);
    const second = await sendRequest(client, request);
    for (const outcome of [first, second]) {
      assert.equal(outcome.kind, undefined, outcome.error?.message);
      assert.equal(outcome.truncated, true);
      assert.equal(outcome.bodyBytes, maxBodyBytes);
    }
    assert.equal(server.sessions.length, 1, 'the second request went on the same connection');
    await server.waitFor(() => server.resetByClient === 2, 5000, 'RST_STREAM for both streams');
    assert.ok(server.bytesWritten < 2 * 1024 * 1024, `the server wrote ${server.bytesWritten} bytes: a flow-control window, not the body`);
  });

  it('ends the probe when a connection negotiates HTTP/1.1 after the preflight chose h2, instead of pipelining on it', async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    // The preflight offers h2 first and gets it; undici offers http/1.1 first, which this server then picks.
    const server = cleanup.defer(await startH2Server({ certificate, allowHTTP1: true, clientAlpnOrder: true }), (started) => started.close());
    const result = await runProbe(server.url, { ca: certificate.cert, limits: { maxRequests: 20, maxConcurrency: 2, idleWaitSeconds: 0 } });
    assert.equal(result.protocol, 'h2');
    assert.match(result.stoppedBecause, /PROBE_ALPN_CHANGED: the server chose h2 in the preflight but not on this connection/);
    assert.equal(result.requestsSent, 1, 'only the preflight request was let through, and it never went out');
    assert.equal(server.arrivals.length, 0);
  });

  it('stops the server-side streams at once when cancelled mid-ramp', async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    const server = cleanup.defer(await startH2Server({ certificate, maxConcurrentStreams: serverLimit, delayMs: 50 }), (started) => started.close());
    const controller = new AbortController();
    const result = await runProbe(server.url, {
      ca: certificate.cert,
      signal: controller.signal,
      limits: { maxRequests: 60, maxConcurrency: 8, idleWaitSeconds: 0 },
      onProgress: (progress) => {
        if (progress.phase === 'ramp' && (progress.concurrency ?? 0) >= 2) controller.abort();
      },
    });
    assert.equal(result.stoppedBecause, 'cancelled');
    assert.ok(server.arrivals.length <= result.requestsSent, 'nothing reached the server that the gate did not count');
  });
});

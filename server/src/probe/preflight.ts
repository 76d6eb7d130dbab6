/**
 * Preflight: before any load, one bare connection (TCP connect, TLS handshake, protocol, what ALPN the
 * server picks when offered h2, and over h2 the server's SETTINGS_MAX_CONCURRENT_STREAMS) and one request
 * (time to first byte, status, rate-limit headers, keep-alive hint, redirect target). Nothing here follows
 * a redirect or retries.
 */
import type { IncomingHttpHeaders } from 'node:http';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import * as tls from 'node:tls';
import { Client } from 'undici';
import { type PinnedHost, pinnedConnector, SocketCount, type SocketRegistry, type TlsOptions } from './connector';
import type { RequestGate } from './gate';
import { readServerStreamLimit } from './h2-settings';
import { protocolOptions } from './protocol';
import { type RequestOutcome, sendRequest } from './request';
import type { ProbeTarget } from '@shared/probe/target';
import type { PreflightResult } from '@shared/probe/types';

/** TCP and TLS timings of one bare connection. */
export interface HandshakeTimings {
  connectMs: number;
  tlsHandshakeMs?: number;
  tlsProtocol?: string;
  alpn?: string;
  /** h2 only: the server's SETTINGS_MAX_CONCURRENT_STREAMS. */
  maxConcurrentStreams?: number;
}

/** Opens one connection to the pinned address (and completes TLS for https, and reads the SETTINGS over h2), then closes it without sending a request. */
export function measureHandshake(target: ProbeTarget, pin: PinnedHost, trust: TlsOptions, timeoutMs: number, registry: SocketRegistry): Promise<HandshakeTimings> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect({ host: pin.pinnedAddress, port: target.port });
    registry.add(socket);
    const timings: HandshakeTimings = { connectMs: 0 };
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(Object.assign(new Error(`connect timeout after ${timeoutMs} ms`), { code: 'UND_ERR_CONNECT_TIMEOUT' })), timeoutMs);
    socket.once('error', fail);
    socket.once('close', () => fail(Object.assign(new Error('the connection was closed by the server or the probe'), { code: 'ECONNRESET' })));
    socket.once('connect', () => {
      timings.connectMs = performance.now() - started;
      if (target.protocol === 'http:') {
        clearTimeout(timer);
        socket.removeAllListeners('close');
        socket.destroy();
        resolve(timings);
        return;
      }
      const tlsStarted = performance.now();
      const servername = net.isIP(target.hostname) === 0 ? target.hostname : undefined;
      const secure = tls.connect({ socket, servername, ALPNProtocols: ['h2', 'http/1.1'], ...(trust.ca !== undefined ? { ca: trust.ca } : {}) });
      registry.add(secure);
      secure.once('error', fail);
      secure.once('secureConnect', () => {
        timings.tlsHandshakeMs = performance.now() - tlsStarted;
        timings.tlsProtocol = secure.getProtocol() ?? undefined;
        timings.alpn = secure.alpnProtocol || undefined;
        socket.removeAllListeners('close');
        const done = () => {
          clearTimeout(timer);
          secure.destroy();
          resolve(timings);
        };
        if (timings.alpn !== 'h2') done();
        else {
          readServerStreamLimit(secure, target.origin).then((limit) => {
            timings.maxConcurrentStreams = limit;
            done();
          }, fail);
        }
      });
    });
  });
}

/** The request part of the preflight: one request on its own socket, closed afterwards. */
export async function preflightRequest(
  target: ProbeTarget,
  context: { pin: PinnedHost; trust: TlsOptions; registry: SocketRegistry; gate: RequestGate; method: 'GET' | 'HEAD'; timeoutMs: number },
): Promise<RequestOutcome | undefined> {
  if (!(await context.gate.acquire())) return undefined;
  const count = new SocketCount();
  const client = new Client(target.origin, { ...protocolOptions(context.trust.allowH2 === true, 1), connect: pinnedConnector(target, context.pin, context.trust, context.timeoutMs, context.registry, count) });
  try {
    const outcome = await sendRequest(client, { method: context.method, path: target.path, timeoutMs: context.timeoutMs });
    // The socket's connect time is not part of the time to first byte.
    if (outcome.ttfbMs !== undefined && count.connectMs.length > 0) outcome.ttfbMs = Math.max(0, outcome.ttfbMs - count.connectMs[0]);
    return outcome;
  } finally {
    await client.destroy();
  }
}

/** The preflight result from the handshake and the request's answer. */
export function describePreflight(target: ProbeTarget, pin: PinnedHost, handshake: HandshakeTimings, outcome: RequestOutcome): PreflightResult {
  const headers = outcome.headers ?? {};
  const status = outcome.status ?? 0;
  const result: PreflightResult = {
    addresses: pin.addresses,
    pinnedAddress: pin.pinnedAddress,
    dnsMs: pin.dnsMs,
    ...handshake,
    status,
    ttfbMs: outcome.ttfbMs ?? outcome.latencyMs,
    server: headerValue(headers, 'server'),
    keepAliveHintMs: keepAliveHint(headers),
    rateLimit: { headers: rateLimitHeaders(headers) },
  };
  const location = headerValue(headers, 'location');
  if (status >= 300 && status < 400 && location !== undefined) result.redirect = describeRedirect(target, status, location);
  return result;
}

function describeRedirect(target: ProbeTarget, status: number, location: string): PreflightResult['redirect'] {
  let resolved: URL | undefined;
  try {
    resolved = new URL(location, `${target.origin}${target.path}`);
  } catch {
    // an unparsable Location is reported as sent
  }
  if (resolved) {
    resolved.username = '';
    resolved.password = '';
  }
  return { status, location: resolved?.href ?? location, sameOrigin: resolved?.origin === target.origin };
}

const rateLimitHeaderPattern = /^(ratelimit(-.*)?|x-ratelimit-.*|retry-after)$/i;

/** `RateLimit*`, `X-RateLimit-*` and `Retry-After` headers, as sent. */
export function rateLimitHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && rateLimitHeaderPattern.test(name)) found[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return found;
}

/** `Keep-Alive: timeout=5, max=1000` → 5000 ms. */
function keepAliveHint(headers: IncomingHttpHeaders): number | undefined {
  const match = /(?:^|,)\s*timeout\s*=\s*(\d+)/i.exec(headerValue(headers, 'keep-alive') ?? '');
  return match ? Number(match[1]) * 1000 : undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

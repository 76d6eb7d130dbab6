/**
 * Settings from measurements (architecture.md §5); each recommendation carries the measurement it follows from,
 * so a reader can check the reasoning against the numbers above it.
 */
import { nearestRank, tail } from './percentiles';
import { retryBudgetFrom } from './retry-allowance';
import { noStreamLimit } from '@shared/probe/limits';
import type { FlagRecommendation, PreflightResult, ProbeProtocol, Recommendation, Recommendations, StepResult } from '@shared/probe/types';

/** What the recommendations are computed from. */
export interface Measurements {
  knee: number | null;
  kneeStep?: StepResult;
  /** Every ramp step that ran. */
  steps: readonly StepResult[];
  /** What the requests spoke (HTTP/1.1 when absent). */
  protocol?: ProbeProtocol;
  baseline?: StepResult;
  preflight?: PreflightResult;
  idleTimeoutMs: number | null;
  idleWaitMs: number;
  /** Connect (TCP + TLS) times of every socket the probe opened. */
  connectMs: number[];
}

/** Timeouts are this multiple of the observed tail (within 3–5×, architecture.md §5). */
export const timeoutFactor = 4;
/**
 * No timeout below this: TCP's initial retransmission timeout is 1 s (RFC 6298), so a tighter connect
 * timeout fails every connection that loses one SYN, and a GC pause can exceed a few ms on any host.
 */
export const timeoutFloorMs = 1000;
/** undici's own keep-alive default, safe below every common server idle timeout (Node's 5 s, nginx's 75 s). */
const undiciKeepAliveDefaultMs = 4000;

/** Every recommendation. */
export function recommend(measured: Measurements): Recommendations {
  return {
    connections: connectionsFrom(measured),
    concurrency: concurrencyFrom(measured),
    keepAliveTimeoutMs: keepAliveFrom(measured),
    connectTimeoutMs: connectTimeoutFrom(measured),
    headersTimeoutMs: headersTimeoutFrom(measured),
    allowH2: allowH2From(measured),
    maxConcurrentStreams: streamsFrom(measured),
    retryBudgetRatio: retryBudgetFrom(measured),
  };
}

function connectionsFrom({ knee, protocol }: Measurements): Recommendation {
  if (protocol === 'h2') {
    return { value: null, because: 'HTTP/2: one connection carries many streams, so bound the streams (allowH2, maxConcurrentStreams) rather than size a pool of sockets' };
  }
  if (knee === null) return { value: null, because: 'no concurrency step completed without distress, so there is no knee to size the pool by' };
  return { value: knee, because: `the knee c* = ${knee}: HTTP/1.1 carries one request per socket, so ${knee} sockets serve ${knee} requests in flight` };
}

function concurrencyFrom({ knee }: Measurements): Recommendation {
  if (knee === null) return { value: null, because: 'no knee was measured' };
  return { value: knee, because: `the knee c* = ${knee}: beyond it the host answered no faster overall or showed distress; more in flight only queues` };
}

function allowH2From({ protocol }: Measurements): FlagRecommendation {
  if (protocol === 'h2') return { value: true, because: 'the server chose h2 in ALPN; undici speaks HTTP/1.1 unless allowH2 is true' };
  return { value: false, because: 'the server did not choose h2 in ALPN (or the URL is http:), so the connection is HTTP/1.1' };
}

/** The streams of one connection: the knee, which the ramp never raised above the server's SETTINGS_MAX_CONCURRENT_STREAMS. */
function streamsFrom({ knee, protocol, preflight }: Measurements): Recommendation {
  if (protocol !== 'h2') return { value: null, because: 'HTTP/1.1 has no streams: one request per socket' };
  const limit = preflight?.maxConcurrentStreams;
  const serverSays = limit === undefined || limit >= noStreamLimit ? 'the server sets no SETTINGS_MAX_CONCURRENT_STREAMS' : `the server's SETTINGS_MAX_CONCURRENT_STREAMS is ${limit}`;
  if (knee === null) return { value: null, because: `no step of streams on one connection completed without distress (${serverSays})` };
  return {
    value: knee,
    because: `the knee c* = ${knee} streams on one connection (${serverSays}); in undici 7 set pipelining and maxConcurrentStreams to it with allowH2`,
  };
}

/** Server idle timeout − 1 s (short timeouts) or − 2 s (10 s and more), so the client always closes first. */
export function keepAliveBelow(serverIdleMs: number): number {
  const margin = serverIdleMs >= 10_000 ? 2000 : 1000;
  return serverIdleMs > 2 * margin ? serverIdleMs - margin : Math.max(100, Math.floor(serverIdleMs / 2));
}

function keepAliveFrom({ idleTimeoutMs, preflight, idleWaitMs }: Measurements): Recommendation {
  if (idleTimeoutMs !== null) {
    return { value: keepAliveBelow(idleTimeoutMs), because: `the server closed an idle socket after ${idleTimeoutMs} ms; the client must close first or it reuses a dying socket (ECONNRESET)` };
  }
  if (preflight?.keepAliveHintMs !== undefined) {
    return { value: keepAliveBelow(preflight.keepAliveHintMs), because: `the server announced Keep-Alive: timeout=${preflight.keepAliveHintMs / 1000} (not measured)` };
  }
  if (idleWaitMs > 0 && idleWaitMs >= undiciKeepAliveDefaultMs) {
    return { value: undiciKeepAliveDefaultMs, because: `the server kept an idle socket open for more than ${Math.round(idleWaitMs / 1000)} s; undici's 4 s default stays below it` };
  }
  return { value: null, because: 'the idle timeout was not measured' };
}

function connectTimeoutFrom({ connectMs }: Measurements): Recommendation {
  if (connectMs.length === 0) return { value: null, because: 'no connection completed' };
  const sorted = [...connectMs].sort((a, b) => a - b);
  const observed = nearestRank(sorted, sorted.length >= 100 ? 0.99 : 0.95);
  const label = sorted.length >= 100 ? 'p99' : 'p95';
  return { value: timeoutFrom(observed), because: `${timeoutFactor}× the ${label} connect time of ${sorted.length} sockets (${observed.toFixed(1)} ms), at least ${timeoutFloorMs} ms` };
}

function headersTimeoutFrom({ kneeStep, baseline }: Measurements): Recommendation {
  const step = kneeStep ?? baseline;
  const observed = step ? tail(step.latencyMs) : null;
  if (!step || observed === null) return { value: null, because: 'no latency was measured' };
  const label = step.latencyMs.p99 !== null ? 'p99' : 'p95';
  const where = kneeStep ? `at the knee (concurrency ${step.concurrency})` : 'of the baseline';
  return { value: timeoutFrom(observed), because: `${timeoutFactor}× the ${label} latency ${where} (${observed} ms), at least ${timeoutFloorMs} ms` };
}

/** factor × observed, rounded up to 100 ms, never below the floor. */
function timeoutFrom(observedMs: number): number {
  return Math.max(timeoutFloorMs, Math.ceil((timeoutFactor * observedMs) / 100) * 100);
}

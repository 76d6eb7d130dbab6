/**
 * The probe's stable JSON (version 1), printed by `probe --json` and returned by the LSP request. The
 * top-level fields are a contract for scripts; everything else a reader may want sits under `details`.
 */
import type { ErrorKind, ProbeProtocol, ProbeResult, StepResult } from './types';

/** One step as scripts see it. */
export interface ProbeStepJson {
  concurrency: number;
  requests: number;
  ok: number;
  errors: Partial<Record<ErrorKind, number>>;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

/** `probe --json` output and the `httpResilience/probe` result. */
export interface ProbeJson {
  version: 1;
  origin: string;
  requestsSent: number;
  steps: ProbeStepJson[];
  knee: number | null;
  idleTimeoutMs: number | null;
  stoppedBecause: string;
  recommendations: {
    connections: number | null;
    concurrency: number | null;
    keepAliveTimeoutMs: number | null;
    connectTimeoutMs: number | null;
    headersTimeoutMs: number | null;
  };
  /**
   * Added within version 1 (always written; optional for readers of older output). What the requests spoke:
   * over `h2` each step is that many streams on one connection.
   */
  protocol?: ProbeProtocol;
  /** HTTP/2 only (else null): the server's SETTINGS_MAX_CONCURRENT_STREAMS and the undici settings that follow, in place of `connections`. */
  http2?: ProbeHttp2Json | null;
  /** Retries per successful request the client may add (the helper's `budgetRatio`), from the error rate at or below the knee. */
  retryBudgetRatio?: number | null;
  /** Not part of the version-1 contract: preflight, baseline, limits, sockets per step, the reasoning behind each recommendation. */
  details: {
    path: string;
    method: 'GET' | 'HEAD';
    limits: ProbeResult['limits'];
    preflight: ProbeResult['preflight'] | null;
    baseline: StepResult | null;
    baselineReuseConfirmed: boolean;
    steps: StepResult[];
    idleNote: string | null;
    unreachable: ProbeResult['unreachable'] | null;
    because: Record<keyof ProbeJson['recommendations'] | 'allowH2' | 'maxConcurrentStreams' | 'retryBudgetRatio', string>;
    durationMs: number;
  };
}

/** What the probe recommends over HTTP/2. */
export interface ProbeHttp2Json {
  /** As the server sent it; null when its SETTINGS were not read. 4294967295 (Node's default) means no limit. */
  serverMaxConcurrentStreams: number | null;
  allowH2: boolean;
  /** Streams in flight on one connection: undici 7's `pipelining` and `maxConcurrentStreams`. */
  maxConcurrentStreams: number | null;
}

/** The JSON document for a result. */
export function toJson(result: ProbeResult): ProbeJson {
  const recommendations = result.recommendations;
  return {
    version: 1,
    origin: result.origin,
    requestsSent: result.requestsSent,
    steps: result.steps.map((step) => ({
      concurrency: step.concurrency,
      requests: step.requests,
      ok: step.ok,
      errors: step.errors,
      latencyMs: { p50: step.latencyMs.p50, p95: step.latencyMs.p95, p99: step.latencyMs.p99 },
    })),
    knee: result.knee,
    idleTimeoutMs: result.idleTimeoutMs,
    stoppedBecause: result.stoppedBecause,
    recommendations: {
      connections: recommendations.connections.value,
      concurrency: recommendations.concurrency.value,
      keepAliveTimeoutMs: recommendations.keepAliveTimeoutMs.value,
      connectTimeoutMs: recommendations.connectTimeoutMs.value,
      headersTimeoutMs: recommendations.headersTimeoutMs.value,
    },
    protocol: result.protocol,
    http2:
      result.protocol === 'h2'
        ? { serverMaxConcurrentStreams: result.preflight?.maxConcurrentStreams ?? null, allowH2: recommendations.allowH2.value, maxConcurrentStreams: recommendations.maxConcurrentStreams.value }
        : null,
    retryBudgetRatio: recommendations.retryBudgetRatio.value,
    details: {
      path: result.path,
      method: result.method,
      limits: result.limits,
      preflight: result.preflight ?? null,
      baseline: result.baseline ?? null,
      baselineReuseConfirmed: result.baselineReuseConfirmed,
      steps: result.steps,
      idleNote: result.idleNote ?? null,
      unreachable: result.unreachable ?? null,
      because: {
        connections: recommendations.connections.because,
        concurrency: recommendations.concurrency.because,
        keepAliveTimeoutMs: recommendations.keepAliveTimeoutMs.because,
        connectTimeoutMs: recommendations.connectTimeoutMs.because,
        headersTimeoutMs: recommendations.headersTimeoutMs.because,
        allowH2: recommendations.allowH2.because,
        maxConcurrentStreams: recommendations.maxConcurrentStreams.because,
        retryBudgetRatio: recommendations.retryBudgetRatio.because,
      },
      durationMs: result.durationMs,
    },
  };
}

/**
 * One concurrency step: `concurrency` workers, each with its own fresh undici Client (one socket), all
 * starting at once with a warm-up request that opens the sockets, then one request at a time each until
 * the step's share of the budget is spent or the first sign of distress. A Client per worker rather than
 * a Pool: the same sockets, without the pool picking a client for every request. (Over HTTP/2 the workers
 * share one Client: one connection, `concurrency` streams.) The engine and the benchmark both run steps
 * through this.
 */
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { SocketCount } from './connector';
import type { RequestGate } from './gate';
import { mean, percentiles, round } from './percentiles';
import { type ProbeRequest, type RequestOutcome, sendRequest } from './request';
import type { ErrorKind, StepResult } from '@shared/probe/types';

/**
 * Options of a step's clients. Sockets must last the whole step: undici shortens a server's
 * `Keep-Alive: timeout=N` hint by 2 s and gives up keep-alive entirely when N ≤ 2 (Node servers send
 * `timeout=1` for 1.5 s, for example), which would open a socket per request and measure connects
 * instead of requests; 250 ms still keeps the client ahead of the announced timeout.
 */
export const stepPoolOptions = { pipelining: 1, keepAliveTimeoutThreshold: 250 } as const;

/** What a step needs: `concurrency` fresh clients and the count of the sockets they open. */
export interface StepRun {
  clients: Dispatcher[];
  sockets: SocketCount;
  gate: RequestGate;
  request: ProbeRequest;
  concurrency: number;
  /** Requests this step may send, warm-up included. */
  requests: number;
  /** Called after every request, for progress. */
  onRequest?: () => void;
  /** True once the probe is cancelled: outcomes after that are not counted (they are our own aborts). */
  cancelled: () => boolean;
}

/** Kinds that stop the probe the moment one request shows them. */
const distressKinds: ReadonlySet<ErrorKind> = new Set(['reset', 'refused', 'timeout', 'socket', 'tls', '429', '503', '5xx', 'other']);

/**
 * A step goes on through HTTP 500 answers (a server's own failures, the error rate a retry budget is sized
 * by) until more than this share of its planned requests got one; any other failure stops it at once.
 */
export const maxSporadicShare = 0.2;

/** An HTTP 500 without `Retry-After`: counted, and distress only in numbers (`maxSporadicShare`). */
export function isSporadicFailure(outcome: RequestOutcome): boolean {
  return outcome.status === 500 && outcome.headers?.['retry-after'] === undefined;
}

/** Why one outcome is distress, or undefined when it is not (the preflight's single request: a 500 is distress there). */
export function distressOf(outcome: RequestOutcome): string | undefined {
  if (outcome.kind !== undefined && distressKinds.has(outcome.kind)) return outcome.status !== undefined ? `HTTP ${outcome.status}` : errorLabel(outcome.kind);
  if (outcome.headers?.['retry-after'] !== undefined) return `Retry-After: ${String(outcome.headers['retry-after'])}`;
  return undefined;
}

function errorLabel(kind: ErrorKind): string {
  const labels: Partial<Record<ErrorKind, string>> = { reset: 'connection reset', refused: 'connection refused', timeout: 'timeout', socket: 'UND_ERR_SOCKET (other side closed)', tls: 'TLS error' };
  return labels[kind] ?? 'request error';
}

/** Runs the step; resolves with its result (the clients are left to the caller to close). */
export async function runStep(run: StepRun): Promise<StepResult> {
  const started = performance.now();
  const tally = new StepTally(run);
  // Warm-up: one request per worker, all let through the gate at once, so the sockets open together.
  const warmUp = Math.min(run.concurrency, run.requests, run.clients.length);
  if (await run.gate.acquire(warmUp)) {
    tally.issued = warmUp;
    const workers = run.clients.slice(0, warmUp).map(async (client) => {
      await tally.send(client, false);
      while (tally.reserve() && (run.gate.tryAcquire() === true || (await run.gate.acquire()))) await tally.send(client, true);
    });
    await Promise.all(workers);
  }
  return tally.result(performance.now() - started);
}

/** Counts one step's outcomes as they arrive. */
class StepTally {
  issued = 0;
  ok = 0;
  distress: string | undefined;
  private completed = 0;
  private sporadic = 0;
  private readonly errors: Partial<Record<ErrorKind, number>> = {};
  private readonly latencies: number[] = [];

  constructor(private readonly run: StepRun) {}

  /** Claims the next request of the step before waiting at the gate, so workers never overshoot the step's share. */
  reserve(): boolean {
    if (this.issued >= this.run.requests || this.distress !== undefined) return false;
    this.issued++;
    return true;
  }

  send(client: Dispatcher, measured: boolean): Promise<void> {
    return sendRequest(client, this.run.request).then((outcome) => {
      if (this.run.cancelled()) return;
      this.completed++;
      this.record(outcome, measured);
      this.run.onRequest?.();
    });
  }

  private record(outcome: RequestOutcome, measured: boolean): void {
    if (outcome.kind !== undefined) this.errors[outcome.kind] = (this.errors[outcome.kind] ?? 0) + 1;
    else {
      this.ok++;
      if (measured) this.latencies.push(outcome.latencyMs);
    }
    if (this.distress !== undefined) return;
    if (isSporadicFailure(outcome)) {
      this.sporadic++;
      const allowed = Math.floor(maxSporadicShare * this.run.requests);
      if (this.sporadic > allowed) this.distress = `HTTP 500 on ${this.sporadic} of ${this.run.requests} requests (over ${maxSporadicShare * 100} %) at concurrency ${this.run.concurrency}`;
      return;
    }
    const distress = distressOf(outcome);
    if (distress !== undefined) this.distress = `${distress} at concurrency ${this.run.concurrency}`;
  }

  result(durationMs: number): StepResult {
    const meanMs = mean(this.latencies);
    const opened = this.run.sockets.opened;
    return {
      concurrency: this.run.concurrency,
      requests: this.completed,
      ok: this.ok,
      errors: this.errors,
      latencyMs: percentiles(this.latencies),
      socketsOpened: opened,
      socketsReused: Math.max(0, this.completed - opened),
      capacityPerSecond: meanMs === null || meanMs <= 0 ? null : Math.round((this.run.concurrency * 1000) / meanMs),
      achievedPerSecond: durationMs > 0 ? Math.round((this.completed * 1000) / durationMs) : 0,
      durationMs: round(durationMs),
      ...(this.distress !== undefined ? { distress: this.distress } : {}),
    };
  }
}

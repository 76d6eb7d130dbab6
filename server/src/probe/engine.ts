/**
 * The live probe (architecture.md §5): preflight, baseline on one socket, concurrency ramp on fresh pools, knee,
 * passive idle keep-alive measurement, recommendations. Over HTTP/2 (the server chose h2 in ALPN) every
 * step is that many streams on one fresh connection instead. Pure Node + undici; the server and the CLI
 * call `runProbe`, which always enforces the caps in limits.ts.
 */
import { performance } from 'node:perf_hooks';
import { Client, type Dispatcher } from 'undici';
import { type PinnedHost, pinHost, pinnedConnector, SocketCount, SocketRegistry, type TlsOptions } from './connector';
import { describeError, errorCodes, errorKind } from './errors';
import { RequestGate } from './gate';
import { type IdleMeasurement, watchIdleSocket } from './idle';
import { judgeStep, planStepRequests, rampConcurrencies } from './knee';
import { resolveLimits } from '@shared/probe/limits';
import { rampCap } from '@shared/probe/partial';
import { describePreflight, measureHandshake, preflightRequest } from './preflight';
import { protocolOptions } from './protocol';
import { recommend } from './recommend';
import { distressOf, runStep, stepPoolOptions } from './step';
import { parseTarget, type ProbeTarget } from '@shared/probe/target';
import type { EffectiveLimits, ProbeOptions, ProbeProgress, ProbeResult, StepResult } from '@shared/probe/types';

/** Probes `url` within the caps; resolves with what it found (also when cancelled or unreachable). Throws TargetError for a URL it will not probe. */
export async function runProbe(url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const target = parseTarget(url);
  const method = options.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') throw new TypeError(`the probe sends GET or HEAD only, not ${String(method)}`);
  return new ProbeRun(target, method, resolveLimits(options.limits), options).execute();
}

/** Requests of the baseline: enough for a median and to see the socket reused, few enough to leave the ramp its share. */
export function baselineRequests(maxRequests: number): number {
  return Math.min(10, Math.max(2, Math.floor(maxRequests / 10)));
}

class StopProbe extends Error {}

/** The host could not be reached (DNS, connect, TLS, first request): a result, not a failure of the probe. */
class Unreachable extends Error {}

function unreachable(cause: unknown): never {
  throw new Unreachable('unreachable', { cause });
}

/** One run: owns every socket, pool and timer it creates, and releases them all however it ends. */
class ProbeRun {
  private readonly registry = new SocketRegistry();
  private readonly cancel = new AbortController();
  private readonly gate: RequestGate;
  private readonly dispatchers = new Set<Dispatcher>();
  private readonly connectMs: number[] = [];
  private readonly started = performance.now();
  private readonly result: ProbeResult;
  private pin?: PinnedHost;
  private idle?: Promise<IdleMeasurement>;
  /** The server chose h2 in the preflight's ALPN: every request from then on is an HTTP/2 stream. */
  private h2 = false;

  constructor(
    private readonly target: ProbeTarget,
    private readonly method: 'GET' | 'HEAD',
    private readonly limits: EffectiveLimits,
    private readonly options: ProbeOptions,
  ) {
    this.gate = new RequestGate({ maxRequests: limits.maxRequests, requestsPerSecond: limits.requestsPerSecond, deadline: this.started + limits.maxLoadSeconds * 1000 });
    this.result = {
      origin: target.origin,
      path: target.path,
      method,
      limits,
      protocol: 'http/1.1',
      requestsSent: 0,
      baselineReuseConfirmed: false,
      steps: [],
      knee: null,
      idleTimeoutMs: null,
      stoppedBecause: '',
      recommendations: recommend({ knee: null, steps: [], idleTimeoutMs: null, idleWaitMs: 0, connectMs: [] }),
      durationMs: 0,
    };
  }

  async execute(): Promise<ProbeResult> {
    const external = this.options.signal;
    const onAbort = () => this.stopAll();
    if (external?.aborted) this.stopAll();
    external?.addEventListener('abort', onAbort, { once: true });
    try {
      await this.preflight();
      const baselineClient = await this.baseline();
      await this.ramp();
      await this.finishIdle(baselineClient);
    } catch (error) {
      if (error instanceof Unreachable) this.fail(error.cause);
      // A bug of ours is not "unreachable": it propagates (the CLI and the server report internal errors).
      else if (!(error instanceof StopProbe)) throw error;
    } finally {
      external?.removeEventListener('abort', onAbort);
      await this.release();
    }
    return this.finish();
  }

  private get cancelled(): boolean {
    return this.cancel.signal.aborted;
  }

  /** Cancellation: the gate closes and every socket is destroyed now, in-flight requests with them. */
  private stopAll(): void {
    this.gate.stop('cancelled');
    this.cancel.abort();
    this.registry.destroyAll();
    for (const dispatcher of this.dispatchers) void dispatcher.destroy().catch(() => undefined);
  }

  private stop(reason: string): never {
    this.result.stoppedBecause ||= reason;
    throw new StopProbe(reason);
  }

  private progress(phase: ProbeProgress['phase'], message: string, concurrency?: number): void {
    this.options.onProgress?.({ phase, concurrency, requestsSent: this.gate.sent, maxRequests: this.limits.maxRequests, message });
  }

  private get tls(): TlsOptions {
    return { ca: this.options.ca, allowH2: this.h2 };
  }

  private async preflight(): Promise<void> {
    this.progress('preflight', `resolving ${this.target.hostname}`);
    const pin = (this.pin = await this.unlessCancelled(pinHost(this.target.hostname).catch(unreachable)));
    const handshake = await this.unlessCancelled(measureHandshake(this.target, pin, this.tls, this.limits.requestTimeoutMs, this.registry).catch(unreachable));
    this.connectMs.push(handshake.connectMs + (handshake.tlsHandshakeMs ?? 0));
    this.h2 = handshake.alpn === 'h2';
    if (this.h2) this.result.protocol = 'h2';
    if (handshake.maxConcurrentStreams === 0) this.stop('the server allows no HTTP/2 streams (SETTINGS_MAX_CONCURRENT_STREAMS 0)');
    this.progress('preflight', `${this.method} ${this.target.origin}${this.target.path}`);
    const outcome = await preflightRequest(this.target, { pin, trust: this.tls, registry: this.registry, gate: this.gate, method: this.method, timeoutMs: this.limits.requestTimeoutMs });
    if (this.cancelled || !outcome) this.stop(this.gate.stoppedBecause ?? 'cancelled');
    if (outcome.error !== undefined) unreachable(outcome.error);
    const preflight = (this.result.preflight = describePreflight(this.target, pin, handshake, outcome));
    if (preflight.redirect) {
      this.stop(`the server redirects to ${preflight.redirect.location} (HTTP ${preflight.redirect.status}); redirects are reported, never followed: probe that URL if it is the one you mean`);
    }
    const distress = distressOf(outcome);
    if (distress !== undefined) this.stop(`${distress} on the first request: the host is already limiting or failing`);
  }

  /** Races a promise that cannot itself be aborted (DNS, a bare connect) against cancellation. */
  private unlessCancelled<T>(promise: Promise<T>): Promise<T> {
    if (this.cancelled) this.stop('cancelled');
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(new StopProbe('cancelled'));
      this.cancel.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => this.cancel.signal.removeEventListener('abort', onAbort));
    });
  }

  private track<T extends Dispatcher>(dispatcher: T): T {
    this.dispatchers.add(dispatcher);
    if (this.cancelled) void dispatcher.destroy().catch(() => undefined);
    return dispatcher;
  }

  /** One socket, requests one after another: latency without contention, and proof that the socket is reused. */
  private async baseline(): Promise<Client> {
    const count = new SocketCount();
    // The client must not close the idle socket before the server does (undici's default is 4 s, and it
    // shortens the server's Keep-Alive hint by 2 s): hold it past the idle bound instead.
    const holdMs = this.limits.idleWaitSeconds * 1000 + 5000;
    const client = this.track(
      new Client(this.target.origin, {
        ...protocolOptions(this.h2, 1),
        connect: pinnedConnector(this.target, this.pin!, this.tls, this.limits.requestTimeoutMs, this.registry, count),
        keepAliveTimeout: holdMs,
        keepAliveMaxTimeout: holdMs,
        keepAliveTimeoutThreshold: -holdMs,
      }),
    );
    this.progress('baseline', 'baseline: one socket, one request at a time', 1);
    const baseline = await this.runOneStep([client], count, 1, baselineRequests(this.limits.maxRequests), 'baseline');
    this.result.baseline = baseline;
    this.result.baselineReuseConfirmed = count.opened === 1 && baseline.requests > 1;
    if (baseline.distress !== undefined) this.stop(`${baseline.distress.replace(/ at concurrency 1$/, '')} during the baseline (one request at a time)`);
    this.idle = watchIdleSocket(count.sockets[0], performance.now(), this.limits.idleWaitSeconds * 1000, this.cancel.signal);
    return client;
  }

  private async runOneStep(clients: Dispatcher[], sockets: SocketCount, concurrency: number, requests: number, label: string): Promise<StepResult> {
    const step = await runStep({
      clients,
      sockets,
      gate: this.gate,
      request: { method: this.method, path: this.target.path, timeoutMs: this.limits.requestTimeoutMs },
      concurrency,
      requests,
      cancelled: () => this.cancelled,
      onRequest: () => this.progress(label === 'baseline' ? 'baseline' : 'ramp', `${label}: ${this.gate.sent}/${this.limits.maxRequests} requests`, concurrency),
    });
    this.connectMs.push(...sockets.connectMs);
    if (this.cancelled) this.stop('cancelled');
    return step;
  }

  /** 1, 2, 4 … up to the cap, each on fresh clients (one socket each; over h2 one connection), until distress, the cap or the budget. */
  private async ramp(): Promise<void> {
    // A warm-up round sends `concurrency` requests at once, so it must fit in one second of the rate cap;
    // over h2 the steps also stay within the streams the server takes on one connection.
    const cap = rampCap(this.limits, this.result.preflight);
    const concurrencies = rampConcurrencies(cap);
    const plan = planStepRequests(concurrencies, this.gate.remaining);
    let previous: StepResult | undefined;
    for (const [index, requests] of plan.entries()) {
      const concurrency = concurrencies[index];
      const count = new SocketCount();
      const connect = pinnedConnector(this.target, this.pin!, this.tls, this.limits.requestTimeoutMs, this.registry, count);
      const clients = this.stepClients(concurrency, connect);
      this.progress('ramp', `concurrency ${concurrency}`, concurrency);
      const step = await this.runOneStep(clients, count, concurrency, requests, `concurrency ${concurrency}`);
      const distinct = [...new Set(clients)];
      for (const client of distinct) this.dispatchers.delete(client);
      await Promise.all(distinct.map((client) => client.destroy()));
      this.result.steps.push(step);
      const distress = judgeStep(step, previous, this.result.baseline);
      if (distress !== undefined) {
        step.distress = distress;
        this.stop(distress);
      }
      this.result.knee = concurrency;
      if (this.gate.stoppedBecause !== undefined) this.stop(this.gate.stoppedBecause);
      previous = step;
    }
    if (plan.length < concurrencies.length) this.stop(`request budget reached: ${this.limits.maxRequests} requests leave too few for concurrency ${concurrencies[plan.length]}`);
    const streamLimit = this.h2 ? this.result.preflight?.maxConcurrentStreams : undefined;
    if (streamLimit !== undefined && streamLimit === cap && cap < Math.min(this.limits.maxConcurrency, this.limits.requestsPerSecond)) {
      this.result.stoppedBecause ||= `reached the server's SETTINGS_MAX_CONCURRENT_STREAMS (${cap} streams on one connection) without distress`;
    }
    this.result.stoppedBecause ||= `reached the highest concurrency allowed (${cap}) without distress`;
  }

  /** A worker per request in flight: over HTTP/1.1 a Client (one socket) each; over h2 all of them on one Client, one connection. */
  private stepClients(concurrency: number, connect: Client.Options['connect']): Dispatcher[] {
    if (!this.h2) return Array.from({ length: concurrency }, () => this.track(new Client(this.target.origin, { ...stepPoolOptions, connect })));
    const shared = this.track(new Client(this.target.origin, { ...stepPoolOptions, ...protocolOptions(true, concurrency), connect }));
    return Array.from({ length: concurrency }, () => shared);
  }

  private async finishIdle(baselineClient: Client): Promise<void> {
    if (this.idle) {
      this.progress('idle', 'waiting for the server to close the idle socket');
      this.applyIdle(await this.idle);
    }
    this.dispatchers.delete(baselineClient);
    await baselineClient.destroy();
  }

  private applyIdle(measurement: IdleMeasurement): void {
    this.result.idleTimeoutMs = measurement.idleTimeoutMs;
    if (measurement.note !== undefined) this.result.idleNote = measurement.note;
  }

  private fail(error: unknown): void {
    if (this.cancelled) return;
    const codes = errorCodes(error);
    const kind = codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN') ? 'dns' : errorKind(error);
    const message = describeError(error);
    this.result.unreachable = { kind, message };
    this.result.stoppedBecause = `unreachable: ${message}`;
  }

  /** Waits for the idle watch when the probe stopped early, then closes everything. */
  private async release(): Promise<void> {
    if (this.idle && this.result.idleTimeoutMs === null && this.result.idleNote === undefined) {
      if (!this.cancelled) this.progress('idle', 'waiting for the server to close the idle socket');
      this.applyIdle(await this.idle);
    }
    this.registry.destroyAll();
    await Promise.all([...this.dispatchers].map((dispatcher) => dispatcher.destroy().catch(() => undefined)));
    this.dispatchers.clear();
  }

  private finish(): ProbeResult {
    const result = this.result;
    if (this.cancelled) result.stoppedBecause = 'cancelled';
    result.requestsSent = this.gate.sent;
    result.durationMs = Math.round(performance.now() - this.started);
    const kneeStep = result.steps.find((step) => step.concurrency === result.knee);
    result.recommendations = recommend({
      knee: result.knee,
      kneeStep,
      steps: result.steps,
      protocol: result.protocol,
      baseline: result.baseline,
      preflight: result.preflight,
      idleTimeoutMs: result.idleTimeoutMs,
      idleWaitMs: result.idleNote?.startsWith('the server kept') ? this.limits.idleWaitSeconds * 1000 : 0,
      connectMs: this.connectMs,
    });
    this.progress('done', `done: ${result.stoppedBecause}`);
    return result;
  }
}

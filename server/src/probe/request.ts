/**
 * One probe request through an undici dispatcher: GET or HEAD only, no body sent, no redirect followed
 * (a dispatcher never follows one), at most 64 KiB of the answer read before the socket is closed, one
 * deadline from dispatch to the last byte. Resolves with what happened; never rejects.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { errorKind, RequestTimeoutError, statusKind } from './errors';
import { maxBodyBytes } from '@shared/probe/limits';
import type { ErrorKind } from '@shared/probe/types';

/** What one request came to. */
export interface RequestOutcome {
  /** The response status, when headers arrived. */
  status?: number;
  headers?: IncomingHttpHeaders;
  /** Set for failures: a thrown error or a status the probe counts as one (429, 503, other 5xx). */
  kind?: ErrorKind;
  error?: Error;
  /** Dispatch to the end of what was read (or to the failure). */
  latencyMs: number;
  /** Dispatch to the response headers. */
  ttfbMs?: number;
  bodyBytes: number;
  /** The body was longer than 64 KiB and the socket was closed after reading that much. */
  truncated: boolean;
  /** `performance.now()` when the request finished. */
  endedAt: number;
}

/** The request line and the headers the probe sends: nothing identifying beyond a user agent. */
export interface ProbeRequest {
  method: 'GET' | 'HEAD';
  path: string;
  timeoutMs: number;
}

class BodyLimitReached extends Error {
  override readonly name = 'BodyLimitReached';
}

const headers = { 'user-agent': 'http-resilience-probe', accept: '*/*' };

/** The dispatch options of a request, built once and reused for every send of it. */
const dispatchOptions = new WeakMap<ProbeRequest, Dispatcher.DispatchOptions>();

function optionsFor(request: ProbeRequest): Dispatcher.DispatchOptions {
  let options = dispatchOptions.get(request);
  if (!options) {
    options = { path: request.path, method: request.method, headers, headersTimeout: request.timeoutMs, bodyTimeout: request.timeoutMs };
    dispatchOptions.set(request, options);
  }
  return options;
}

/** Sends one request through `dispatcher` and resolves with the outcome. */
export function sendRequest(dispatcher: Dispatcher, request: ProbeRequest): Promise<RequestOutcome> {
  // The guard is ours: a caller holding a wider type still cannot send anything else.
  if (request.method !== 'GET' && request.method !== 'HEAD') throw new TypeError(`the probe sends GET or HEAD only, not ${String(request.method)}`);
  return new Promise((resolve) => {
    const handler = new ProbeHandler(request.timeoutMs, resolve);
    // A timer per request, passed the handler rather than a closure. (One shared sweeper over a Set of
    // in-flight handlers was tried: its churn cost 7× the garbage collection of the whole request.)
    handler.timer = setTimeout(expire, request.timeoutMs, handler);
    try {
      dispatcher.dispatch(optionsFor(request), handler);
    } catch (error) {
      handler.finish(error);
    }
  });
}

/** undici's handler for one request: methods on a class, so that a request allocates no closures. */
class ProbeHandler implements Dispatcher.DispatchHandler {
  /** Replaced by a detached copy once finished: undici may hold a finished handler a while, the headers need not stay with it. */
  private outcome: RequestOutcome = { status: undefined, headers: undefined, kind: undefined, error: undefined, latencyMs: 0, ttfbMs: undefined, bodyBytes: 0, truncated: false, endedAt: 0 };
  timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  private controller: Dispatcher.DispatchController | undefined;
  private timedOut: RequestTimeoutError | undefined;
  private settled = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly resolve: (outcome: RequestOutcome) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // The deadline may pass while undici is still connecting; abort as soon as there is something to abort.
    if (this.timedOut) controller.abort(this.timedOut);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, responseHeaders: IncomingHttpHeaders): void {
    this.outcome.status = statusCode;
    this.outcome.headers = responseHeaders;
    this.outcome.ttfbMs = performance.now() - this.started;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.outcome.bodyBytes += chunk.length;
    if (this.outcome.bodyBytes <= maxBodyBytes) return;
    this.outcome.bodyBytes = maxBodyBytes;
    this.outcome.truncated = true;
    controller.abort(new BodyLimitReached(`body longer than ${maxBodyBytes} bytes`));
  }

  onResponseEnd(): void {
    this.finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.finish(error);
  }

  /** The deadline passed: resolve now (the request is bounded even while still connecting) and abort. */
  expire(): void {
    this.timedOut = new RequestTimeoutError(`no complete answer within ${this.timeoutMs} ms`);
    this.controller?.abort(this.timedOut);
    this.finish(this.timedOut);
  }

  finish(error?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    const outcome = this.outcome;
    outcome.endedAt = performance.now();
    outcome.latencyMs = outcome.endedAt - this.started;
    if (error !== undefined && !(error instanceof BodyLimitReached)) {
      outcome.error = error instanceof Error ? error : new Error('request failed', { cause: error });
      outcome.kind = errorKind(error);
    } else if (outcome.status !== undefined) {
      outcome.kind = statusKind(outcome.status);
    }
    this.outcome = finishedOutcome;
    this.resolve(outcome);
  }
}

function expire(handler: ProbeHandler): void {
  handler.expire();
}

/** What a finished handler points at: late callbacks write here and change nothing that is reported. */
const finishedOutcome: RequestOutcome = { latencyMs: 0, bodyBytes: 0, truncated: false, endedAt: 0 };

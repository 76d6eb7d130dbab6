/**
 * One probe request through an undici dispatcher: GET or HEAD only, no body sent, no redirect followed
 * (a dispatcher never follows one), at most 64 KiB of the answer read before the socket is closed, one
 * deadline from dispatch to the last byte. Resolves with what happened; never rejects.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { errorKind, RequestTimeoutError, statusKind } from './errors';
import { maxBodyBytes } from './limits';
import type { ErrorKind } from './types';

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

/** Sends one request through `dispatcher` and resolves with the outcome. */
export function sendRequest(dispatcher: Dispatcher, request: ProbeRequest): Promise<RequestOutcome> {
  // The guard is ours: a caller holding a wider type still cannot send anything else.
  if (request.method !== 'GET' && request.method !== 'HEAD') throw new TypeError(`the probe sends GET or HEAD only, not ${String(request.method)}`);
  const started = performance.now();
  return new Promise((resolve) => {
    const outcome: RequestOutcome = { latencyMs: 0, bodyBytes: 0, truncated: false, endedAt: 0 };
    let controller: Dispatcher.DispatchController | undefined;
    let timedOut: RequestTimeoutError | undefined;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome.endedAt = performance.now();
      outcome.latencyMs = outcome.endedAt - started;
      if (error !== undefined && !(error instanceof BodyLimitReached)) {
        outcome.error = error instanceof Error ? error : new Error('request failed', { cause: error });
        outcome.kind = errorKind(error);
      } else if (outcome.status !== undefined) {
        outcome.kind = statusKind(outcome.status);
      }
      resolve(outcome);
    };
    // Resolving at the deadline bounds the request even while undici is still connecting; the abort
    // then happens as soon as undici hands us the controller.
    const timer = setTimeout(() => {
      timedOut = new RequestTimeoutError(`no complete answer within ${request.timeoutMs} ms`);
      controller?.abort(timedOut);
      finish(timedOut);
    }, request.timeoutMs);
    try {
      dispatch(dispatcher, request, started, outcome, {
        setController: (current) => {
          controller = current;
          if (timedOut) current.abort(timedOut);
        },
        finish,
      });
    } catch (error) {
      finish(error);
    }
  });
}

/** Hands the request to undici with a handler that fills `outcome` and calls `finish` once. */
function dispatch(
  dispatcher: Dispatcher,
  request: ProbeRequest,
  started: number,
  outcome: RequestOutcome,
  hooks: { setController: (controller: Dispatcher.DispatchController) => void; finish: (error?: unknown) => void },
): void {
  dispatcher.dispatch(
    { path: request.path, method: request.method, headers, headersTimeout: request.timeoutMs, bodyTimeout: request.timeoutMs },
    {
      onRequestStart(current) {
        hooks.setController(current);
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        outcome.status = statusCode;
        outcome.headers = responseHeaders;
        outcome.ttfbMs = performance.now() - started;
      },
      onResponseData(current, chunk) {
        outcome.bodyBytes += chunk.length;
        if (outcome.bodyBytes <= maxBodyBytes) return;
        outcome.bodyBytes = maxBodyBytes;
        outcome.truncated = true;
        current.abort(new BodyLimitReached(`body longer than ${maxBodyBytes} bytes`));
      },
      onResponseEnd() {
        hooks.finish();
      },
      onResponseError(_controller, error) {
        hooks.finish(error);
      },
    },
  );
}

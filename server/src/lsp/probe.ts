/**
 * `httpResilience/probe`: runs the probe engine in the server process with work-done progress (the
 * client's token, or one the server creates) and cancellation (the request's token, or the progress
 * UI's cancel button, aborts every socket). Records the measured idle timeout for the rules, hands the
 * result to "Save to project" (probe-save.ts) and says in the response why it cannot be saved, if so.
 */
import {
  type CancellationToken,
  ErrorCodes,
  ResponseError,
  type WorkDoneProgressReporter,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import type { KnownServers } from '../analysis/project/known-servers';
import { runProbe } from '../probe/engine';
import { toJson } from '@shared/probe/json';
import { unsavableBecause } from '@shared/probe/profile';
import { TargetError } from '@shared/probe/target';
import type { ProbeProgress, ProbeResult } from '@shared/probe/types';
import type { ProbeParams, ProbeResponse } from '@shared/protocol';

/** What the handler needs from the server. */
export interface ProbeHandlerContext {
  /** The client's progress for its workDoneToken, or one the server creates (window/workDoneProgress/create). */
  progressFor(workDoneToken: ProbeParams['workDoneToken']): Promise<WorkDoneProgressReporter | WorkDoneProgressServerReporter>;
  /** Where measured idle timeouts go (keepalive-mismatch reads them). */
  knownServers: KnownServers;
  /** Called after a new idle timeout was recorded, to re-lint with it. */
  onIdleTimeoutMeasured?: (origin: string) => void;
  /** Called with every result, cancelled ones included ("Save to project" saves the latest of an origin). */
  onResult?: (result: ProbeResult) => void;
  log: (line: string) => void;
}

/** Answers the probe request; never throws (bad input and failures become ResponseErrors). */
export async function handleProbeRequest(
  context: ProbeHandlerContext,
  params: ProbeParams,
  token: CancellationToken,
): Promise<ProbeResponse | ResponseError<void>> {
  if (typeof params?.url !== 'string') return new ResponseError<void>(ErrorCodes.InvalidParams, 'httpResilience/probe needs { url: string }');
  const progress = await context.progressFor(params.workDoneToken);
  const cancel = new AbortController();
  const stopOnCancel = [token.onCancellationRequested(() => cancel.abort())];
  // A server-created progress has its own cancel button (window/workDoneProgress/cancel).
  if ('token' in progress) stopOnCancel.push(progress.token.onCancellationRequested(() => cancel.abort()));
  progress.begin('HTTP Resilience: probing', 0, 'preflight', true);
  try {
    const result = await runProbe(params.url, {
      // Only the limits a client may set are read; resolveLimits clamps them to the absolute maxima.
      limits: { maxRequests: params.limits?.maxRequests, maxConcurrency: params.limits?.maxConcurrency, idleWaitSeconds: params.limits?.idleWaitSeconds },
      method: params.method === 'HEAD' ? 'HEAD' : 'GET',
      ca: typeof params.ca === 'string' ? params.ca : undefined,
      signal: cancel.signal,
      onProgress: throttled((update) => progress.report(Math.min(100, Math.round((update.requestsSent / update.maxRequests) * 100)), update.message)),
    });
    recordIdleTimeout(context, result.origin, result.idleTimeoutMs);
    context.onResult?.(result);
    const json = toJson(result);
    const unsavable = unsavableBecause(result);
    return unsavable === undefined ? json : { ...json, unsavableBecause: unsavable };
  } catch (error) {
    if (error instanceof TargetError) return new ResponseError<void>(ErrorCodes.InvalidParams, error.message);
    context.log(`Probe failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new ResponseError<void>(ErrorCodes.InternalError, `The probe failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    for (const disposable of stopOnCancel) disposable.dispose();
    progress.done();
  }
}

function recordIdleTimeout(context: ProbeHandlerContext, origin: string, idleTimeoutMs: number | null): void {
  if (idleTimeoutMs === null) return;
  const before = context.knownServers.knownIdleTimeoutMs(origin);
  context.knownServers.setIdleTimeoutMs(origin, idleTimeoutMs);
  if (before !== idleTimeoutMs) context.onIdleTimeoutMeasured?.(origin);
}

/** Phase changes go out at once, request counts at most every 100 ms: a client redraws slower than the probe sends. */
function throttled(report: (progress: ProbeProgress) => void): (progress: ProbeProgress) => void {
  let last = 0;
  let lastPhase = '';
  return (progress) => {
    const now = Date.now();
    if (progress.phase === lastPhase && now - last < 100) return;
    last = now;
    lastPhase = progress.phase;
    report(progress);
  };
}

/** The parts of the connection the handler uses. */
export interface ProbeConnection {
  window: {
    createWorkDoneProgress(): Promise<WorkDoneProgressServerReporter>;
    attachWorkDoneProgress(token: ProbeParams['workDoneToken']): WorkDoneProgressReporter;
  };
  console: { error(message: string): void };
}

/** The `onRequest` handler for ProbeRequest, bound to the connection and the session's store. */
export function probeRequestHandler(
  connection: ProbeConnection,
  knownServers: KnownServers,
  onIdleTimeoutMeasured?: (origin: string) => void,
  onResult?: (result: ProbeResult) => void,
) {
  const context: ProbeHandlerContext = {
    progressFor: async (workDoneToken) => (workDoneToken !== undefined ? connection.window.attachWorkDoneProgress(workDoneToken) : connection.window.createWorkDoneProgress()),
    knownServers,
    onIdleTimeoutMeasured,
    onResult,
    log: (line) => connection.console.error(line),
  };
  return (params: ProbeParams, token: CancellationToken) => handleProbeRequest(context, params, token);
}

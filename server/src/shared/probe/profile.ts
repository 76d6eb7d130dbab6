/** What `probe --save` and "Save to project" keep of a probe: the server's profile for the project config. */
import type { ServerProfile } from '../project-config';
import { toJson } from './json';
import { partialBecause } from './partial';
import type { ErrorKind, ProbeResult } from './types';

/** Why a result cannot be saved (it would claim what was never measured), or undefined when it can. */
export function unsavableBecause(result: ProbeResult): string | undefined {
  if (result.unreachable) return `${result.origin} was unreachable`;
  if (result.stoppedBecause === 'cancelled') return 'the probe was cancelled, so its result is partial';
  if (result.knee === null && result.idleTimeoutMs === null) return 'the probe measured neither a knee nor an idle timeout';
  // A ramp stopped by the request budget or the time limit never tried the higher steps: its last step is
  // a lower bound, and a saved "knee" would make the knee rule flag bounds the server may well take.
  return partialBecause(toJson(result));
}

/**
 * The profile of a completed probe: idle timeout, knee and its latency, the retry allowance, errors seen,
 * rate-limit headers, the protocol and, over HTTP/2, the server's stream limit and the recommended stream
 * bound, when and by what.
 */
export function profileFromProbe(result: ProbeResult, measuredWith: string, measuredAt: Date): ServerProfile {
  const profile: ServerProfile = {};
  if (result.idleTimeoutMs !== null) profile.idleTimeoutMs = result.idleTimeoutMs;
  if (result.knee !== null) {
    profile.knee = result.knee;
    const atKnee = result.steps.find((step) => step.concurrency === result.knee);
    if (atKnee?.latencyMs.p50 != null) profile.p50Ms = Math.round(atKnee.latencyMs.p50);
    if (atKnee?.latencyMs.p99 != null) profile.p99Ms = Math.round(atKnee.latencyMs.p99);
  }
  const retryBudgetRatio = result.recommendations.retryBudgetRatio.value;
  if (retryBudgetRatio !== null && retryBudgetRatio > 0) profile.retryBudgetRatio = retryBudgetRatio;
  const errors: Partial<Record<ErrorKind, number>> = {};
  for (const step of [...(result.baseline ? [result.baseline] : []), ...result.steps]) {
    for (const [kind, count] of Object.entries(step.errors) as Array<[ErrorKind, number]>) errors[kind] = (errors[kind] ?? 0) + count;
  }
  if (Object.keys(errors).length > 0) profile.errors = errors;
  const rateLimit = result.preflight?.rateLimit.headers;
  if (rateLimit && Object.keys(rateLimit).length > 0) profile.rateLimit = { ...rateLimit };
  if (result.preflight?.alpn) profile.protocol = result.preflight.alpn;
  if (result.protocol === 'h2') {
    // A limit of 0 (the server takes no stream) is no profile fact a reader accepts: the config wants positive numbers.
    const limit = result.preflight?.maxConcurrentStreams;
    if (limit !== undefined && limit > 0) profile.serverMaxConcurrentStreams = limit;
    const bound = result.recommendations.maxConcurrentStreams.value;
    if (bound !== null && bound > 0) profile.maxConcurrentStreams = bound;
  }
  profile.measuredAt = measuredAt.toISOString();
  profile.measuredWith = `http-resilience ${measuredWith}`;
  return profile;
}

/**
 * Whether a probe result is complete enough to recommend from. A cancelled run, or a ramp that stopped
 * below its highest step without distress (request budget, load time limit), never tried the higher
 * concurrencies: its last step is a lower bound, not a knee. The editor shows such a result as partial
 * and neither applies nor saves it.
 */
import type { ProbeJson } from './json';

/**
 * The highest concurrency the ramp plans: the cap, lowered to the rate cap (a warm-up round must fit in one
 * second) and, over HTTP/2, to the server's SETTINGS_MAX_CONCURRENT_STREAMS (the streams of one connection).
 */
export function rampCap(limits: ProbeJson['details']['limits'], preflight?: ProbeJson['details']['preflight']): number {
  return Math.min(limits.maxConcurrency, limits.requestsPerSecond, preflight?.alpn === 'h2' ? (preflight.maxConcurrentStreams ?? Infinity) : Infinity);
}

/** The concurrencies that ran, in order. */
export function concurrenciesTried(result: ProbeJson): number[] {
  return result.steps.map((step) => step.concurrency);
}

/** The first step that showed distress (the one above the knee), if any. */
export function distressStep(result: ProbeJson): ProbeJson['details']['steps'][number] | undefined {
  return result.details.steps.find((step) => step.distress !== undefined);
}

/** Why the result is partial (one clause, no trailing period), or undefined when the probe ran to its end. */
export function partialBecause(result: ProbeJson): string | undefined {
  if (result.details.unreachable) return undefined;
  const tried = concurrenciesTried(result);
  if (result.stoppedBecause === 'cancelled') {
    return tried.length === 0 ? 'the probe was cancelled before any concurrency step ran' : `the probe was cancelled after concurrency ${tried.join(', ')}`;
  }
  if (distressStep(result) !== undefined) return undefined;
  const highest = tried.at(-1);
  const cap = rampCap(result.details.limits, result.details.preflight);
  if (highest !== undefined && highest < cap) return `the ramp stopped at concurrency ${highest} of ${cap} (${result.stoppedBecause})`;
  return undefined;
}

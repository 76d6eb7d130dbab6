/**
 * The sentences of the probe results page that depend on how the probe ended: which steps ran, whether
 * the result is partial, what may be claimed about the knee, and why a button is disabled. A knee is
 * claimed only where a higher step was tried and showed distress; a ramp that reached its cap says so,
 * and a partial one (cancelled, budget or time limit) claims nothing beyond the steps that ran.
 */
import { concurrenciesTried, distressStep, partialBecause, rampCap } from '@shared/probe/partial';
import type { ProbeResponse } from '@shared/protocol';

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** `concurrency 1, 2, 4 of the ramp to 32`, or that none ran; over HTTP/2 the ramp's top is at most the server's stream limit. */
export function stepsRun(result: ProbeResponse): string {
  const tried = concurrenciesTried(result);
  const cap = rampCap(result.details.limits, result.details.preflight);
  return tried.length === 0 ? 'no concurrency step ran' : `steps run: concurrency ${tried.join(', ')} (the ramp goes up to ${cap})`;
}

/** The knee as far as the steps that ran support it (HTML). */
export function kneeClaim(result: ProbeResponse): string {
  const distress = distressStep(result);
  if (partialBecause(result) !== undefined && !distress) return 'no knee claimed: higher concurrency was never tried';
  if (result.knee === null) return distress ? `no knee: concurrency ${distress.concurrency} already showed distress` : 'no knee found';
  if (distress) return `knee at concurrency <strong>${result.knee}</strong> (concurrency ${distress.concurrency} showed distress)`;
  return `no knee up to concurrency <strong>${result.knee}</strong>, the highest the probe may try: no step showed distress`;
}

/**
 * The reason shown for a recommendation. For a ramp that reached its cap without distress, the pool and
 * concurrency reasons say that the cap, not the host, set the number (the engine's text claims a knee).
 * Over HTTP/2 `connections` keeps the engine's reason (streams, not sockets).
 */
export function recommendationReason(result: ProbeResponse, key: keyof ProbeResponse['recommendations']): string {
  const knee = result.knee;
  // Over HTTP/2 the engine advises no socket count, and its reason says why.
  if (key === 'connections' && result.protocol === 'h2') return result.details.because[key];
  if ((key === 'connections' || key === 'concurrency') && knee !== null && distressStep(result) === undefined) {
    return key === 'connections'
      ? `concurrency ${knee}, the highest tried, showed no distress: ${knee} sockets serve ${knee} requests in flight; the host may take more`
      : `concurrency ${knee} is the highest the probe may try and showed no distress; higher was not tried`;
  }
  return result.details.because[key];
}

/** Why "Apply to helper" is disabled, or undefined when it is enabled. */
export function applyDisabledBecause(result: ProbeResponse, stale: boolean): string | undefined {
  if (stale) return 'a new probe of this origin is running';
  const partial = partialBecause(result);
  if (partial !== undefined) return `${partial}: a partial result is not applied`;
  if (result.details.unreachable) return 'the host was unreachable';
  if (Object.values(result.recommendations).every((value) => value === null)) return 'the probe recommends no setting';
  return undefined;
}

/** Why "Save to project" is disabled, or undefined when it is enabled (the server says why it cannot save). */
export function saveDisabledBecause(result: ProbeResponse, stale: boolean): string | undefined {
  if (stale) return 'a new probe of this origin is running';
  return result.unsavableBecause ?? partialBecause(result);
}

/** The banner of a partial result (HTML), or '' for a complete one. */
export function partialBanner(result: ProbeResponse): string {
  const because = partialBecause(result);
  if (because === undefined) return '';
  return `<p class="banner partial" id="partial"><strong>Partial result</strong>: ${escapeHtml(because)}. It recommends nothing and cannot be applied or saved; probe again and let it finish.</p>`;
}

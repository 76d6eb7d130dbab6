/** Exact latency percentiles (nearest rank over every sample kept; no histogram, no interpolation). */
import type { Percentiles } from '@shared/probe/types';

/** Under this many samples p99 is not reported: it would only be the maximum under another name. */
export const minSamplesForP99 = 100;

/** Nearest-rank percentile of an ascending array: the smallest value with at least q of the samples at or below it. */
export function nearestRank(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/** p50/p95/p99/max of the samples, rounded to 0.1 ms; null where there are too few samples. */
export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => (sorted.length === 0 ? null : round(nearestRank(sorted, q)));
  return {
    samples: sorted.length,
    p50: pick(0.5),
    p95: pick(0.95),
    p99: sorted.length >= minSamplesForP99 ? pick(0.99) : null,
    max: sorted.length === 0 ? null : round(sorted[sorted.length - 1]),
  };
}

/** The highest percentile reported for these samples: p99 when there are enough, else p95. */
export function tail(latency: Percentiles): number | null {
  return latency.p99 ?? latency.p95;
}

/** Arithmetic mean, or null for no samples. */
export function mean(samples: readonly number[]): number | null {
  if (samples.length === 0) return null;
  let sum = 0;
  for (const sample of samples) sum += sample;
  return sum / samples.length;
}

/** Milliseconds to one decimal place: finer is noise from the timer and the event loop. */
export function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/**
 * The retry allowance (docs/probe.md, "The retry allowance"): how many retries a client may add, as a share
 * of its successful requests, sized by the failures the host returned at loads it takes (the baseline and
 * the ramp steps at or below the knee). Twice the failures seen per success, so each of them can be retried
 * with room for a burst, rounded up to a whole percent, and held between 1 % and 10 %: never so many that
 * retries add more than a tenth of the load to a host that is failing (the per-client retry budget of
 * Google's SRE book, gRPC's retry throttling ratio and the helper's default `budgetRatio`).
 */
import type { Recommendation, StepResult } from '@shared/probe/types';

/** Retries never add more than this share of the load. */
export const maxRetryBudgetRatio = 0.1;
/** The least budget: a few retries for a host that showed no failures in the probe's few requests. */
export const minRetryBudgetRatio = 0.01;
/** Budget per failure seen: each one retried once, with as much again of headroom. */
export const retryHeadroom = 2;

/** What the allowance is computed from. */
export interface FailuresBelowKnee {
  knee: number | null;
  baseline?: StepResult;
  steps: readonly StepResult[];
}

/** Requests and failures of the baseline and of the steps at or below the knee. */
export function failuresBelowKnee({ knee, baseline, steps }: FailuresBelowKnee): { requests: number; failures: number } {
  const counted = knee === null ? [] : [...(baseline ? [baseline] : []), ...steps.filter((step) => step.concurrency <= knee)];
  let requests = 0;
  let failures = 0;
  for (const step of counted) {
    requests += step.requests;
    for (const count of Object.values(step.errors)) failures += count ?? 0;
  }
  return { requests, failures };
}

/** The retry budget ratio (the helper's `budgetRatio`: retries per successful request) and why. */
export function retryBudgetFrom(measured: FailuresBelowKnee): Recommendation {
  if (measured.knee === null) return { value: null, because: 'no knee, so no load the host took without distress to measure its error rate at' };
  const { requests, failures } = failuresBelowKnee(measured);
  const successes = requests - failures;
  if (successes <= 0) return { value: null, because: 'no request at or below the knee succeeded' };
  const needed = (retryHeadroom * failures) / successes;
  const value = Math.min(maxRetryBudgetRatio, Math.max(minRetryBudgetRatio, Math.ceil(Math.round(needed * 1e6) / 1e4) / 100));
  const seen = `${failures} of ${requests} requests at or below the knee failed (${percent(failures / requests)})`;
  if (failures === 0) return { value, because: `${seen}: a ${percent(value)} budget still lets a rare failure be retried` };
  if (needed > maxRetryBudgetRatio) {
    return { value, because: `${seen}: retrying them all would add over ${percent(maxRetryBudgetRatio)} load, so the budget stops there and the rest reach the caller` };
  }
  return { value, because: `${seen}: ${retryHeadroom}× the failures per success, rounded up, lets each be retried within a ${percent(value)} budget` };
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10} %`;
}

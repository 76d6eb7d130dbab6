/**
 * Reading the ramp: which step shows distress after it ran (latency blow-up, no throughput gain), and
 * the knee c*, the highest concurrency that still helped without distress.
 */
import { tail } from './percentiles';
import type { StepResult } from '@shared/probe/types';

/** Tail latency above this multiple of the baseline's is distress (architecture.md §5: p99 > 3× baseline). */
export const latencyDistressFactor = 3;
/** ...but only when it is also this much slower in absolute terms: on a LAN 0.3 → 1 ms is noise, not distress. */
export const latencyDistressFloorMs = 10;
/** Doubling concurrency must raise the carried throughput by at least this factor to count as a gain. */
export const minThroughputGain = 1.15;

/** Why a finished step is distress, or undefined when the ramp may go on. */
export function judgeStep(step: StepResult, previous: StepResult | undefined, baseline: StepResult | undefined): string | undefined {
  if (step.distress !== undefined) return step.distress;
  const stepTail = tail(step.latencyMs);
  const baseTail = baseline ? tail(baseline.latencyMs) : null;
  if (stepTail !== null && baseTail !== null && stepTail > latencyDistressFactor * baseTail && stepTail - baseTail >= latencyDistressFloorMs) {
    const label = step.latencyMs.p99 !== null ? 'p99' : 'p95';
    return `${label} latency ${stepTail} ms is over ${latencyDistressFactor}× the baseline's ${baseTail} ms at concurrency ${step.concurrency}`;
  }
  if (previous?.capacityPerSecond && step.capacityPerSecond !== null && step.capacityPerSecond < previous.capacityPerSecond * minThroughputGain) {
    return `no throughput gain from concurrency ${previous.concurrency} to ${step.concurrency} (${previous.capacityPerSecond} → ${step.capacityPerSecond} req/s by Little's law)`;
  }
  return undefined;
}

/** The concurrencies of the ramp: 1, 2, 4 … and the cap itself when it is not a power of two. */
export function rampConcurrencies(cap: number): number[] {
  const steps: number[] = [];
  for (let concurrency = 1; concurrency < cap; concurrency *= 2) steps.push(concurrency);
  steps.push(cap);
  return steps;
}

/**
 * Requests per step for the budget left: each step gets twice its concurrency (every socket used at
 * least twice, so reuse is measured), the rest is shared evenly. Steps that do not fit are dropped
 * from the top.
 */
export function planStepRequests(concurrencies: readonly number[], budget: number): number[] {
  const planned = [...concurrencies];
  const minimum = (list: readonly number[]) => list.reduce((sum, concurrency) => sum + 2 * concurrency, 0);
  while (planned.length > 0 && minimum(planned) > budget) planned.pop();
  if (planned.length === 0) return [];
  const surplus = budget - minimum(planned);
  const share = Math.floor(surplus / planned.length);
  let leftover = surplus - share * planned.length;
  return planned.map((concurrency) => {
    const extra = leftover > 0 ? 1 : 0;
    leftover -= extra;
    return 2 * concurrency + share + extra;
  });
}

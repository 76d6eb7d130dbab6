/** Timing and memory of one benchmark phase. */
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** What one run of a phase took. */
export interface PhaseRun {
  ms: number;
  /** Highest resident set size seen during the run (whole process, bytes). */
  peakRss: number;
  /** Highest V8 heap in use seen during the run (bytes). */
  peakHeapUsed: number;
}

/**
 * A phase under test. It calls `sample()` now and then (between files) so that synchronous work,
 * which never lets a timer fire, still has its memory peak observed.
 */
export type Phase<T> = (sample: () => void) => Promise<T> | T;

// `npm run bench` starts Node without --expose-gc; this is the documented way to get `gc` anyway.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Runs `phase` once from a collected heap; returns its result and its time and memory peaks. */
export async function measure<T>(phase: Phase<T>): Promise<{ result: T; run: PhaseRun }> {
  collectGarbage();
  collectGarbage();
  let peakRss = 0;
  let peakHeapUsed = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    if (usage.rss > peakRss) peakRss = usage.rss;
    if (usage.heapUsed > peakHeapUsed) peakHeapUsed = usage.heapUsed;
  };
  // Catches the peaks of phases that yield to the event loop (ESLint reads files asynchronously).
  const timer = setInterval(sample, 25);
  const start = performance.now();
  try {
    const result = await phase(sample);
    const ms = performance.now() - start;
    sample(); // The results are still alive here, which is when a batch run holds the most.
    return { result, run: { ms, peakRss, peakHeapUsed } };
  } finally {
    clearInterval(timer);
  }
}

/** The median of the run times, and the largest memory peaks over all runs. */
export function summarize(runs: readonly PhaseRun[]): PhaseRun & { allMs: number[] } {
  const allMs = runs.map((run) => run.ms);
  const sorted = [...allMs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const ms = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return {
    ms,
    allMs,
    peakRss: Math.max(...runs.map((run) => run.peakRss)),
    peakHeapUsed: Math.max(...runs.map((run) => run.peakHeapUsed)),
  };
}

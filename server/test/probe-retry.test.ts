/**
 * The retry allowance: the probe counts the HTTP 500s a host returns at loads it takes (instead of stopping
 * at the first), stops once they pass a fifth of a step, and recommends a retry budget from the error rate
 * at or below the knee. Against real servers on 127.0.0.1 that fail every n-th request, so the error rate
 * the probe reports can be checked against what the server did; and the rule itself on hand-made steps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runProbe } from '../src/probe/engine';
import { formatProbeReport } from '../src/probe/report-text';
import { failuresBelowKnee, maxRetryBudgetRatio, minRetryBudgetRatio, retryBudgetFrom } from '../src/probe/retry-allowance';
import { toJson } from '../src/shared/probe/json';
import type { StepResult } from '../src/shared/probe/types';
import { cleanupAfter } from './support/cleanup';
import { startServer } from './support/load-servers';

/** A server answering 500 to every n-th request it receives (counted from 1), `ok` after `delayMs` otherwise. */
function failingEvery(n: number, delayMs = 5) {
  return startServer({
    delayMs,
    respond: (_request, response, seen) => {
      if (seen % n !== 0) return false;
      response.statusCode = 500;
      response.end('failed');
      return true;
    },
  });
}

/** The documented rule, from counts: 2 × failures per success, rounded up to a whole percent, within [1 %, 10 %]. */
function expectedRatio(requests: number, failures: number): number {
  const percent = Math.ceil((200 * failures) / (requests - failures) - 1e-9);
  return Math.min(10, Math.max(1, percent)) / 100;
}

function step(concurrency: number, requests: number, failures: number): StepResult {
  return {
    concurrency,
    requests,
    ok: requests - failures,
    errors: failures > 0 ? { '5xx': failures } : {},
    latencyMs: { samples: requests - failures, p50: 1, p95: 1, p99: null, max: 1 },
    socketsOpened: concurrency,
    socketsReused: requests - concurrency,
    capacityPerSecond: 1000,
    achievedPerSecond: 50,
    durationMs: 100,
  };
}

describe('retry allowance', { timeout: 90_000 }, () => {
  it('counts sporadic 500s below the knee and sizes the retry budget from what the server failed', async (t) => {
    const cleanup = cleanupAfter(t);
    const every = 25;
    const server = cleanup.defer(await failingEvery(every), (started) => started.close());
    const result = await runProbe(server.url, { limits: { maxRequests: 150, maxConcurrency: 4, idleWaitSeconds: 0 } });

    assert.equal(result.unreachable, undefined, result.stoppedBecause);
    assert.doesNotMatch(result.stoppedBecause, /HTTP 500/, 'a 500 in 25 is not distress');
    const failedByServer = Math.floor(server.arrivals.length / every);
    const counted = [result.baseline!, ...result.steps].reduce((sum, entry) => sum + (entry.errors['5xx'] ?? 0), 0);
    assert.equal(server.arrivals.length, result.requestsSent);
    assert.equal(counted, failedByServer, 'every 500 the server sent was counted, none invented');
    assert.ok(failedByServer >= 1, `${server.arrivals.length} requests reached a 500`);

    const retry = result.recommendations.retryBudgetRatio;
    if (result.knee === null) {
      assert.equal(retry.value, null, 'no knee: no load the host takes to measure at');
    } else {
      // The requests at or below the knee are the baseline and the first steps: arrivals 2 … 1 + N in order
      // (the preflight is arrival 1), so the server failed the multiples of 25 among them.
      const { requests, failures } = failuresBelowKnee({ knee: result.knee, baseline: result.baseline, steps: result.steps });
      assert.equal(failures, Math.floor((requests + 1) / every), 'the error rate below the knee is what the server did');
      assert.equal(retry.value, expectedRatio(requests, failures));
      assert.ok(retry.value >= minRetryBudgetRatio && retry.value <= maxRetryBudgetRatio);
      assert.match(retry.because, new RegExp(`^${failures} of ${requests} requests at or below the knee failed`));
    }
    const json = toJson(result);
    assert.equal(json.retryBudgetRatio, retry.value);
    assert.equal(json.details.because.retryBudgetRatio, retry.because);
    assert.equal(json.protocol, 'http/1.1');
    assert.equal(json.http2, null);
    assert.match(formatProbeReport(result), new RegExp(`^ {2}retry budgetRatio {2}${retry.value === null ? '-' : String(retry.value).replace('.', '\\.')} +${retry.because.slice(0, 20)}`, 'm'));
  });

  it('holds the budget at 10 % when the host fails more than retries may add', async (t) => {
    const cleanup = cleanupAfter(t);
    const server = cleanup.defer(await failingEvery(8), (started) => started.close());
    const result = await runProbe(server.url, { limits: { maxRequests: 80, maxConcurrency: 2, idleWaitSeconds: 0 } });
    const retry = result.recommendations.retryBudgetRatio;
    if (result.knee === null) assert.equal(retry.value, null);
    else {
      assert.equal(retry.value, maxRetryBudgetRatio, retry.because);
      assert.match(retry.because, /would add over 10 % load, so the budget stops there/);
    }
  });

  it('stops when 500s pass a fifth of a step: a failing host is distress, and the probe sends no more', async (t) => {
    const cleanup = cleanupAfter(t);
    const server = cleanup.defer(await failingEvery(2), (started) => started.close());
    const result = await runProbe(server.url, { limits: { maxRequests: 100, maxConcurrency: 8, idleWaitSeconds: 0 } });
    // The preflight is arrival 1 (answered); the baseline may send 10 and take 2 of them as 500s; even arrivals fail,
    // so its third 500 is arrival 6, and nothing is sent after it.
    assert.match(result.stoppedBecause, /^HTTP 500 on 3 of 10 requests \(over 20 %\) during the baseline/);
    assert.equal(result.baseline?.errors['5xx'], 3);
    assert.equal(server.arrivals.length, 6, 'the baseline stopped at its third 500');
    assert.equal(result.steps.length, 0);
    assert.equal(result.recommendations.retryBudgetRatio.value, null);
  });

  it('still stops at a 500 on the first request: one answer cannot tell sporadic from broken', async (t) => {
    const cleanup = cleanupAfter(t);
    const server = cleanup.defer(await failingEvery(1), (started) => started.close());
    const result = await runProbe(server.url, { limits: { maxRequests: 100, maxConcurrency: 8, idleWaitSeconds: 0 } });
    assert.match(result.stoppedBecause, /^HTTP 500 on the first request/);
    assert.equal(server.arrivals.length, 1);
  });

  it('follows the rule: twice the failures per success, rounded up to a whole percent, within 1 % and 10 %', () => {
    const at = (steps: StepResult[], knee: number | null, baseline = step(1, 10, 0)) => retryBudgetFrom({ knee, baseline, steps });
    assert.equal(at([step(1, 40, 0), step(2, 50, 0)], 2).value, 0.01, 'no failure: the floor');
    assert.match(at([step(1, 40, 0)], 1).because, /^0 of 50 requests at or below the knee failed \(0 %\): a 1 % budget/);
    // 2 failures in 100 requests: 2 × 2 / 98 = 4.08 % → 5 %.
    assert.equal(at([step(1, 40, 1), step(2, 50, 1)], 2).value, 0.05);
    // Exactly 4 %: 2 × 2 / 100 (102 requests, 2 failed) stays 4 %, not 5 % by a rounding error.
    assert.equal(at([step(1, 42, 1), step(2, 50, 1)], 2).value, 0.04);
    // Steps above the knee do not count: the distress step's failures are load, not background.
    assert.equal(at([step(1, 40, 0), step(2, 50, 0), step(4, 20, 10)], 2).value, 0.01);
    assert.equal(at([step(1, 40, 10)], 1).value, 0.1, 'capped');
    assert.equal(at([step(1, 40, 0)], null).value, null, 'no knee, no rate');
    assert.deepEqual(failuresBelowKnee({ knee: 2, baseline: step(1, 10, 1), steps: [step(1, 20, 2), step(2, 30, 3), step(4, 8, 8)] }), { requests: 60, failures: 6 });
  });
});

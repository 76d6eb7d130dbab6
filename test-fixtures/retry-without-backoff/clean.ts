// Clean: backoff with jitter, Retry-After honoured, opaque backoff helpers, loops over items.
import axios from 'axios';
import axiosRetry from 'axios-retry';
import got from 'got';
import { computeBackoff } from './backoff';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const init = { signal: AbortSignal.timeout(5_000) };

axiosRetry(axios, { retries: 3, retryDelay: axiosRetry.exponentialDelay });

export async function fullJitter(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt === 4) throw error;
      await sleep(Math.random() * Math.min(20_000, 100 * 2 ** attempt));
    }
  }
}

export async function honoursRetryAfter(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await fetch(url, init); // expect: unconsumed-body
    if (res.status !== 429 && res.status !== 503) return res;
    const retryAfter = Number(res.headers.get('retry-after') ?? '1');
    await sleep(retryAfter * 1_000);
  }
  throw new Error('gave up');
}

export async function helperComputesDelay(url: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url, init);
    } catch {
      await sleep(computeBackoff(attempt));
    }
  }
}

export async function loopOverItems(urls: string[]) {
  const results = [];
  for (const url of urls) {
    try {
      results.push(await fetch(url, init)); // expect: missing-retry
    } catch {
      results.push(undefined);
    }
  }
  return results;
}

// Delay callbacks with jitter, or the library's own exponential delay.
axiosRetry(axios, {
  retries: 4,
  retryDelay: (count) => Math.random() * Math.min(30_000, 500 * 2 ** count),
});

export function jitteredGot(url: string) {
  return got(url, {
    timeout: { request: 10_000 },
    retry: {
      limit: 3,
      calculateDelay: ({ attemptCount, computedValue }: { attemptCount: number; computedValue: number }) =>
        computedValue === 0 ? 0 : computeBackoff(attemptCount),
    },
  });
}

// A retry helper with full jitter, and one that only waits as long as Retry-After says.
export async function retryJittered<T>(task: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= 4) throw error;
      await sleep(Math.random() * Math.min(10_000, 200 * 2 ** attempt));
    }
  }
}

export async function retryAfterOnly<T>(task: () => Promise<{ retryAfter?: number; value?: T }>): Promise<T | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const outcome = await task();
    if (outcome.retryAfter === undefined) return outcome.value;
    await sleep(outcome.retryAfter * 1000);
    continue;
  }
  return undefined;
}

// A retry helper for something other than HTTP (a lock held by another process): not this rule's business.
export async function retryWhileLocked<T>(task: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (attempt >= attempts || !(error instanceof Error && error.message.includes('locked'))) throw error;
    }
  }
}

// Clean: backoff with jitter, Retry-After honoured, opaque backoff helpers, loops over items.
import axios from 'axios';
import axiosRetry from 'axios-retry';
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

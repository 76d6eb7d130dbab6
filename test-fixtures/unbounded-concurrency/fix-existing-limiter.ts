// Fix: the fan-out goes through the p-limit limiter the file already has, not a new mapLimit.
import pLimit from 'p-limit';

const limit = pLimit(4);

export async function loadAll(urls: string[]) {
  // http-resilience-disable-next-line missing-retry
  return Promise.all(urls.map((url) => fetch(url, { signal: AbortSignal.timeout(5_000) }))); // expect: unbounded-concurrency
}

export async function readAll(urls: string[]) {
  return Promise.all(urls.map(async (url) => { // expect: unbounded-concurrency
    // http-resilience-disable-next-line missing-retry
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return res.text();
  }));
}

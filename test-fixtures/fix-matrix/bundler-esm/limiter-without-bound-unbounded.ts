// limiter-without-bound/unbounded: pLimit(Infinity) gets the helper's bound.
import pLimit from 'p-limit';

const limit = pLimit(Infinity); // expect: limiter-without-bound

export async function loadAll(urls: string[]) {
  // http-resilience-disable-next-line missing-retry
  return Promise.all(urls.map((url) => limit(() => fetch(url, { signal: AbortSignal.timeout(5_000) }))));
}

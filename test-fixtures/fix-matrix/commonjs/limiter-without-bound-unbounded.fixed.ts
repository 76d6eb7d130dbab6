// limiter-without-bound/unbounded: the helper's createLimiter(Infinity) gets the helper's bound (p-limit is ESM-only).
import { createLimiter } from './resilient-http';

const limit = createLimiter(8); // expect: limiter-without-bound

export async function loadAll(urls: string[]) {
  // http-resilience-disable-next-line missing-retry
  return Promise.all(urls.map((url) => limit(() => fetch(url, { signal: AbortSignal.timeout(5_000) }))));
}

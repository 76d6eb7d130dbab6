// retry-without-backoff/noDelay: the loop retries on a 5xx and on a thrown error; the wait goes before every retry.
import { backoffDelay } from './resilient-http.js';

export async function load(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) { // expect: retry-without-backoff
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt)));
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return res;
      await res.body?.cancel();
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  throw new Error('gave up');
}

// Retry-library options that take the jitter out: `randomize: false`, or `factor: 1` without randomizing.
import pRetry from 'p-retry';
import retry from 'async-retry';

const get = async (url: string) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`HTTP ${response.status}`);
  }
  return response.json();
};

export const noJitter = (url: string) => pRetry(() => get(url), { retries: 3, randomize: false }); // expect: retry-without-backoff
export const flatWaves = (url: string) => pRetry(() => get(url), { retries: 3, factor: 1, minTimeout: 5_000 }); // expect: retry-without-backoff
export const asyncNoJitter = (url: string) => retry(() => get(url), { retries: 3, randomize: false }); // expect: retry-without-backoff

// clean: jitter on, or async-retry's own default (randomized), or p-retry with no option written out.
export const jittered = (url: string) => pRetry(() => get(url), { retries: 3, randomize: true });
export const asyncFlat = (url: string) => retry(() => get(url), { retries: 3, factor: 1 });
export const defaults = (url: string) => pRetry(() => get(url), { retries: 3 });

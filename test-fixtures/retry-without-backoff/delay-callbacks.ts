// Retry policies whose delay callback has no randomness: every client waits the same time.
import axios from 'axios';
import axiosRetry from 'axios-retry';
import got from 'got';

const stepSeconds = 2;
const ceilingSeconds = 30;

function stepFor(count: number) {
  const wait = count * stepSeconds;
  return wait > ceilingSeconds ? ceilingSeconds : wait;
}

export function installRetries(client: typeof axios) {
  axiosRetry(client, { // expect: retry-without-backoff
    retries: 4,
    retryDelay(count) {
      return stepFor(count) * 1000;
    },
  });
}

export const flatRetries = axios.create({ timeout: 5_000 });
axiosRetry(flatRetries, { retries: 2, retryDelay: () => 2_000 }); // expect: retry-without-backoff

export function fetchReport(url: string, maxAttempts: number) {
  return got(url, {
    timeout: { request: 10_000 },
    retry: {
      limit: maxAttempts,
      calculateDelay: ({ attemptCount }: { attemptCount: number }) => { // expect: retry-without-backoff
        if (attemptCount > maxAttempts) return 0;
        return 500 * 2 ** attemptCount;
      },
    },
  });
}

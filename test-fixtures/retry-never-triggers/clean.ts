// Clean: callbacks that check the status, clients that reject on a 5xx, retries that see responses.
import pRetry from 'p-retry';
import retry from 'async-retry';
import promiseRetry from 'promise-retry';
import axios from 'axios';
import got from 'got';
import ky from 'ky';
import { handleWhenResult, retry as retryPolicy } from 'cockatiel';
import { resilientFetch, withRetry } from './resilient-http';
import { retryChecked } from './lib/retry-checked';

const init = { signal: AbortSignal.timeout(5_000) };
const onServerErrors = retryPolicy(handleWhenResult((res) => (res as Response).status >= 500), { maxAttempts: 3 });

export async function checksOk(url: string) {
  return pRetry(async () => {
    const res = await fetch(url, init);
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`HTTP ${res.status}`);
    }
    return res.json();
  });
}

function ensureOk(res: Response): Response {
  if (res.status >= 500) throw new Error(`HTTP ${res.status}`);
  return res;
}

export async function checkedInAnotherFunction(url: string) {
  return pRetry(() => fetch(url, init).then(ensureOk));
}

export async function bailsOnStatus(url: string) {
  return retry(async (bail: (error: Error) => void) => {
    const res = await fetch(url, init);
    if (res.status === 404) bail(new Error('gone'));
    return res;
  });
}

export async function honoursRetryAfter(url: string) {
  return pRetry(async () => {
    const res = await fetch(url, init);
    if (res.status === 429 || res.status === 503) {
      await res.body?.cancel();
      throw new Error(`retry after ${res.headers.get('retry-after')}`);
    }
    return res;
  });
}

export async function axiosRejectsOnServerErrors(url: string) {
  return pRetry(() => axios.get(url, { timeout: 5_000 }));
}

export async function gotRejectsOnServerErrors(url: string) {
  return pRetry(() => got(url, { timeout: { request: 5_000 }, retry: { limit: 0 } }));
}

export async function kyRejectsOnServerErrors(url: string) {
  return pRetry(() => ky.get(url, { retry: 0 }));
}

export async function helperRetriesResponses(url: string) {
  return withRetry(() => fetch(url, init));
}

export async function helperFetch(url: string) {
  return resilientFetch(url);
}

export async function policyOnResults(url: string) {
  return onServerErrors.execute(() => fetch(url, init));
}

export async function wrapperChecksStatusInAnotherFile(url: string) {
  return retryChecked(() => fetch(url, init));
}

export async function fetchParameter(fetch: (url: string) => Promise<string>, url: string) {
  return pRetry(() => fetch(url));
}

export async function explicitRetry(url: string) {
  return promiseRetry((again: (error: unknown) => never) => fetch(url, init).catch(again));
}

export async function waitForLocalServer(port: number) {
  return pRetry(() => fetch(`http://localhost:${port}/health`, init), { retries: 30, factor: 1 });
}

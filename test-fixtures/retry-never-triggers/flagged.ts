// Retries that go again only when the callback rejects, around requests that resolve on a 5xx.
import pRetry from 'p-retry';
import retry from 'async-retry';
import { backOff } from 'exponential-backoff';
import { ExponentialBackoff, handleAll, retry as retryPolicy } from 'cockatiel';
import { request } from 'undici';
import axios from 'axios';
import { withRetries } from './lib/with-retries';

const init = { signal: AbortSignal.timeout(5_000) };
const policy = retryPolicy(handleAll, { maxAttempts: 3, backoff: new ExponentialBackoff() });
const lenient = axios.create({ validateStatus: () => true, timeout: 5_000 });

export async function pRetryArrow(url: string) {
  return pRetry(() => fetch(url, init), { retries: 3 }); // expect: retry-never-triggers
}

export async function asyncRetryBlock(url: string) {
  return retry(async () => { // expect: retry-never-triggers
    const res = await fetch(url, init);
    return res.json();
  });
}

export async function thenJson(url: string) {
  return backOff(() => fetch(url, init).then((res) => res.json())); // expect: retry-never-triggers
}

export async function cockatielPolicy(url: string) {
  return policy.execute(() => fetch(url, init)); // expect: retry-never-triggers
}

export async function undiciRequest(url: string) {
  return pRetry(async () => { // expect: retry-never-triggers
    const { body } = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    return body.json();
  });
}

export async function axiosAcceptsEveryStatus(url: string) {
  return pRetry(() => lenient.get(url)); // expect: retry-never-triggers
}

export async function projectWrapperInAnotherFile(url: string) {
  return withRetries(() => fetch(url, init)); // expect: retry-never-triggers
}

export async function namedCallback(url: string) {
  const load = async () => (await fetch(url, init)).text();
  return pRetry(load); // expect: retry-never-triggers
}

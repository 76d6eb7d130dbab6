// POST/PATCH retried after failures that may come after the server applied them, with no Idempotency-Key.
import pRetry from 'p-retry';
import axios from 'axios';
import axiosRetry from 'axios-retry';
import got from 'got';
import ky from 'ky';
import { Agent, RetryAgent, interceptors } from 'undici';
import { withRetry } from './resilient-http';

const init = { signal: AbortSignal.timeout(5_000) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const client = axios.create({ timeout: 5_000 });

axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay, retryCondition: axiosRetry.isRetryableError }); // expect: unsafe-retry-method

export const api = got.extend({ timeout: { request: 5_000 }, retry: { limit: 2, methods: ['GET', 'POST', 'PUT'] } }); // expect: unsafe-retry-method
export const kyApi = ky.create({ retry: { limit: 2, methods: ['get', 'patch'] } }); // expect: unsafe-retry-method
export const retrying = new Agent({ connections: 8 }).compose(interceptors.retry({ maxRetries: 3, methods: ['GET', 'POST'] })); // expect: unsafe-retry-method
export const retryAgent = new RetryAgent(new Agent({ connections: 8 }), { methods: ['POST'] }); // expect: unsafe-retry-method

export async function createOrder(order: unknown) {
  return pRetry(async () => {
    const res = await fetch('https://api.example.com/orders', { ...init, method: 'POST', body: JSON.stringify(order) }); // expect: unsafe-retry-method
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`HTTP ${res.status}`);
    }
    return res.json();
  });
}

export async function chargeCard(payment: unknown) {
  return withRetry(() => axios.post('https://api.example.com/charges', payment, { timeout: 5_000 })); // expect: unsafe-retry-method
}

export async function submitForm(url: string, form: string) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await fetch(url, { ...init, method: 'POST', body: form }); // expect: unsafe-retry-method
    } catch (error) {
      if (attempt === 3) throw error;
      await sleep(Math.random() * 100 * 2 ** attempt);
    }
  }
}

export async function patchProfile(url: string, patch: string) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const res = await fetch(url, { ...init, method: 'PATCH', body: patch }); // expect: unsafe-retry-method
    if (res.status < 500) return res;
    await res.body?.cancel();
    await sleep(Math.random() * 100 * 2 ** attempt);
  }
  throw new Error('gave up');
}

// Clean: idempotent methods, an Idempotency-Key, reads sent as POST, the helper told a POST is not idempotent, 429-only and refused-only loops.
import { randomUUID } from 'node:crypto';
import pRetry from 'p-retry';
import axios from 'axios';
import axiosRetry from 'axios-retry';
import got from 'got';
import { Agent, interceptors } from 'undici';
import { resilientFetch, withRetry } from './resilient-http';

const init = { signal: AbortSignal.timeout(5_000) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const client = axios.create({ timeout: 5_000 });

// axios-retry's default retryCondition (isNetworkOrIdempotentRequestError) leaves POST alone.
axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay });
axiosRetry(axios, { retries: 3, retryDelay: axiosRetry.exponentialDelay, retryCondition: axiosRetry.isNetworkOrIdempotentRequestError });

export const api = got.extend({ timeout: { request: 5_000 }, retry: { limit: 2, methods: ['GET', 'PUT'] } });
export const retrying = new Agent({ connections: 8 }).compose(interceptors.retry({ maxRetries: 3 }));

async function ensureOk(res: Response): Promise<unknown> {
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}`);
  }
  return res.json();
}

export async function withIdempotencyKey(order: unknown) {
  const key = randomUUID();
  return pRetry(() => fetch('https://api.example.com/orders', { ...init, method: 'POST', headers: { 'Idempotency-Key': key }, body: JSON.stringify(order) }).then(ensureOk));
}

export async function helperToldNotIdempotent(payment: unknown) {
  return withRetry(() => axios.post('https://api.example.com/charges', payment, { timeout: 5_000 }), { idempotent: false });
}

export async function helperFetchChecksTheMethod(body: string) {
  return resilientFetch('https://api.example.com/orders', { method: 'POST', body });
}

export async function graphqlQuery(query: string) {
  return pRetry(() => fetch('https://api.example.com/graphql', { ...init, method: 'POST', body: JSON.stringify({ query }) }).then(ensureOk));
}

export async function getIsRetried(url: string) {
  return pRetry(() => fetch(url, init).then(ensureOk));
}

export async function honoursRetryAfter(url: string, body: string) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const res = await fetch(url, { ...init, method: 'POST', body });
    if (res.status !== 429) return res;
    const waitMs = Number(res.headers.get('retry-after') ?? '1') * 1_000;
    await res.body?.cancel();
    await sleep(waitMs + Math.random() * 100);
  }
  throw new Error('rate limited');
}

export async function retriesOnlyRefusedConnections(url: string, body: string) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await fetch(url, { ...init, method: 'POST', body });
    } catch (error) {
      if ((error as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED' || attempt === 3) throw error;
      await sleep(Math.random() * 100 * 2 ** attempt);
    }
  }
}

export async function onePostPerItem(url: string, items: string[]) {
  for (const item of items) {
    try {
      await fetch(url, { ...init, method: 'POST', body: item }).then(ensureOk);
    } catch (error) {
      console.warn('skipped', item, error);
    }
  }
}

export async function llmCompletion(prompt: string) {
  return pRetry(() => fetch('https://llm.example.com/v1/chat/completions', { ...init, method: 'POST', body: prompt }).then(ensureOk));
}

const PLACES_URL = 'https://places.example.com/v1/places:searchText';

export async function searchThroughAConstant(body: string) {
  return pRetry(() => fetch(PLACES_URL, { ...init, method: 'POST', body }).then(ensureOk));
}

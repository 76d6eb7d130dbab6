// Clean: retried requests, clients that retry by themselves, unsafe methods and one-off calls.
import pRetry from 'p-retry';
import got from 'got';
import ky from 'ky';
import axios from 'axios';
import pLimit from 'p-limit';
import { withRetry } from './resilient-http';

const init = { signal: AbortSignal.timeout(5_000) };
const limit = pLimit(8);

export async function retried(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => pRetry(() => fetch(`https://api.example.com/${id}`, init))))); // expect: retry-never-triggers
}

export async function helperRetry(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => withRetry(() => fetch(`https://api.example.com/${id}`, init)))));
}

export async function gotRetriesByDefault(ids: string[]) {
  for (const id of ids) await got(`https://api.example.com/${id}`, { timeout: { request: 5_000 } });
}

export async function kyRetriesByDefault(ids: string[]) {
  for (const id of ids) await ky.get(`https://api.example.com/${id}`);
}

export async function postIsNotRetried(items: unknown[]) {
  for (const item of items) {
    await axios.post('https://api.example.com/items', item, { timeout: 5_000 });
  }
}

export async function oneOff() {
  return fetch('https://api.example.com/config', init);
}

export async function smallFanOut() {
  return Promise.all(['a', 'b'].map((name) => fetch(`https://api.example.com/${name}`, init)));
}

export async function limiterButNoFanOut(url: string) {
  return limit(() => fetch(url, init));
}

export async function waitUntilHealthy(url: string, sleep: (ms: number) => Promise<void>) {
  let healthy = false;
  while (!healthy) {
    try {
      healthy = (await fetch(url, init)).ok;
    } catch {
      await sleep(500);
    }
  }
}

export async function retryFetch(url: string) {
  let lastError: unknown;
  for (let round = 0; round < 3; round++) {
    const res = await fetch(url, init); // expect: unconsumed-body
    if (res.ok) return res;
    lastError = new Error(`status ${res.status}`);
  }
  throw lastError;
}

async function exchangeToken(code: string) {
  return fetch('https://auth.example.com/token', { method: 'POST', body: code, signal: AbortSignal.timeout(5_000) });
}

export async function oauthCallback(req: { query: { code: string } }, res: { json(value: unknown): void }) {
  res.json(await exchangeToken(req.query.code));
}

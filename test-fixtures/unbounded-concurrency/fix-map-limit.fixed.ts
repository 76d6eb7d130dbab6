// Fix: Promise.all over a map becomes the helper's mapLimit.
import { request } from 'undici';
import { mapLimit, withRetry } from './resilient-http';

export async function loadAll(urls: string[]) {
  return mapLimit(urls, 8, (url) => withRetry(() => withTimeout(url))); // expect: unbounded-concurrency, missing-retry
}

async function withTimeout(url: string) {
  const { body } = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  return body.text();
}

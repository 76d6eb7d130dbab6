// Fix: Promise.all over a map becomes the helper's mapLimit.
import { request } from 'undici';

export async function loadAll(urls: string[]) {
  return Promise.all(urls.map((url) => withTimeout(url))); // expect: unbounded-concurrency, missing-retry
}

async function withTimeout(url: string) {
  const { body } = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  return body.text();
}

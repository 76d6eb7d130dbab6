// missing-retry/missing: a request in a loop is retried by the helper's withRetry, under its attempt signal.
import { withRetry } from './resilient-http';

export async function crawl(urls: string[]) {
  const pages: string[] = [];
  for (const url of urls) {
    const res = await withRetry((signal) => fetch(url, { signal }), { attemptTimeoutMs: 5_000 }); // expect: missing-retry
    pages.push(await res.text());
  }
  return pages;
}

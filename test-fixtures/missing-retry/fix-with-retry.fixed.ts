// Fix: a request in a loop gets wrapped in the helper's withRetry.
import { withRetry } from './resilient-http';

export async function crawl(urls: string[]) {
  const pages: string[] = [];
  for (const url of urls) {
    const res = await withRetry((signal) => fetch(url, { signal }), { attemptTimeoutMs: 5_000 }); // expect: missing-retry
    pages.push(await res.text());
  }
  return pages;
}

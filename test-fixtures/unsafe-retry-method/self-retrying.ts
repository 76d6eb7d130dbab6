// A wrapper that retries its request by calling itself, with the method and the number of tries from the caller.
import { fetch } from 'undici';

interface Params {
  url: string;
  method: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  headers?: Record<string, string>;
  tryCount?: number;
}

export async function robustFetch({ url, method, body, headers, tryCount = 1 }: Params): Promise<unknown> {
  try {
    const response = await fetch(url, { method, headers, body: JSON.stringify(body), signal: AbortSignal.timeout(5_000) });
    return await response.json();
  } catch (error) {
    if (tryCount <= 1) throw error;
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_000));
    return robustFetch({ url, method, body, headers, tryCount: tryCount - 1 });
  }
}

export async function startJob(request: unknown) {
  return robustFetch({ url: 'https://engine.example.com/scrape', method: 'POST', body: request, tryCount: 3 }); // expect: unsafe-retry-method
}

// clean: one try (the default), a retried PUT, a read sent as POST, and a POST with an idempotency key.
export async function startOnce(request: unknown) {
  return robustFetch({ url: 'https://engine.example.com/scrape', method: 'POST', body: request });
}

export async function replace(id: string, doc: unknown) {
  return robustFetch({ url: `https://api.example.com/docs/${id}`, method: 'PUT', body: doc, tryCount: 3 });
}

export async function search(query: string) {
  return robustFetch({ url: 'https://engine.example.com/search', method: 'POST', body: { query }, tryCount: 3 });
}

export async function startKeyed(request: unknown, key: string) {
  return robustFetch({ url: 'https://engine.example.com/scrape', method: 'POST', body: request, headers: { 'Idempotency-Key': key }, tryCount: 3 });
}

// Retries written as recursion: the function calls itself again after the request fails.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RETRY_DELAY = 0;

export async function getJson(url: string, attempt = 0): Promise<unknown> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    return await response.json();
  } catch (error) {
    if (attempt >= 3) throw error;
    return getJson(url, attempt + 1); // expect: retry-without-backoff
  }
}

export async function getText(url: string, retries = 3): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok && retries > 0) {
    await response.body?.cancel();
    await sleep(RETRY_DELAY);
    return getText(url, retries - 1); // expect: retry-without-backoff
  }
  return response.text();
}

export class Client {
  async load(url: string, attempt = 1): Promise<unknown> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      return await response.json();
    } catch (error) {
      if (attempt > 3) throw error;
      await sleep(500 * 2 ** attempt);
      return this.load(url, attempt + 1); // expect: retry-without-backoff
    }
  }

  // clean: full jitter before calling itself again.
  async loadJittered(url: string, attempt = 1): Promise<unknown> {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      return await response.json();
    } catch (error) {
      if (attempt > 3) throw error;
      await sleep(Math.random() * 500 * 2 ** attempt);
      return this.loadJittered(url, attempt + 1);
    }
  }
}

// clean: recursion over pages is pagination, not a retry (no failure before it).
export async function allPages(url: string, page = 1): Promise<unknown[]> {
  const response = await fetch(`${url}?page=${page}`, { signal: AbortSignal.timeout(5_000) });
  const items = (await response.json()) as unknown[];
  return items.length === 0 ? items : [...items, ...(await allPages(url, page + 1))];
}

// clean for missing-retry: a fan-out of a function that retries itself (its backoff is judged above).
export async function loadAll(urls: string[]) {
  const client = new Client();
  const results = [];
  for (const url of urls) results.push(await client.loadJittered(url));
  return results;
}

// Retries written as recursion on an options object (`robustFetch({ ...params, tryCount: tryCount - 1 })`): each call
// that tries again is judged with its own wait, and a destructured setting (`tryCooldown`) is one value for every attempt.
interface Params {
  url: string;
  method?: 'GET' | 'DELETE';
  tryCount?: number;
  tryCooldown?: number;
  backoffMs?: number;
}

export async function robustFetch({ url, method = 'GET', tryCount = 1, tryCooldown }: Params): Promise<unknown> {
  const params = { url, method, tryCount, tryCooldown };
  let response: Response;
  try {
    response = await fetch(url, { method, signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    if (tryCount <= 1) throw error;
    return await robustFetch({ ...params, tryCount: tryCount - 1 }); // expect: retry-without-backoff
  }
  if (response.status >= 300) {
    await response.body?.cancel();
    if (tryCount <= 1) throw new Error(`HTTP ${response.status}`);
    if (tryCooldown !== undefined) await new Promise((resolve) => setTimeout(() => resolve(null), tryCooldown));
    return await robustFetch({ ...params, tryCount: tryCount - 1 }); // expect: retry-without-backoff
  }
  return response.json();
}

// clean: the destructured counter shrinks with every call, and the wait draws at random from it.
export async function jitteredFetch({ url, tryCount = 3, backoffMs = 200 }: Params): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (response.status >= 500 && tryCount > 1) {
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, Math.random() * backoffMs * 2 ** (3 - tryCount)));
    return jitteredFetch({ url, tryCount: tryCount - 1, backoffMs });
  }
  return response.json();
}

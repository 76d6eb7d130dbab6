// Retry loops around a request function the caller hands in: judged where the loop and its waits are written.
type PageFn = (params: { ids: string[] }) => Promise<{ data: number[] }>;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ECONNRESET' || code === 'ETIMEDOUT' || (error as Error).message === 'fetch failed';
}

export async function withNetworkRetry<T>(fn: () => Promise<T>, maxRetries = 2): Promise<T> {
  for (let attempt = 0; attempt <= maxRetries; attempt++) { // expect: retry-without-backoff
    try {
      return await fn();
    } catch (error) {
      if (!isTransientNetworkError(error) || attempt === maxRetries) throw error;
      const delayMs = 1000 * 2 ** attempt;
      await delay(delayMs);
    }
  }
  throw new Error('unreachable');
}

export async function fetchDailyCounts(args: {
  pipes: Record<'http' | 'dns', PageFn>;
  kind: 'http' | 'dns';
  ids: string[];
  attempts?: number;
  sleep?: (ms: number) => Promise<void>;
}): Promise<number[]> {
  const attempts = args.attempts ?? 3;
  const sleep = args.sleep ?? delay;
  const pipe = args.pipes[args.kind];
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) { // expect: retry-without-backoff
    try {
      if (attempt > 0) await sleep(1000 * 2 ** (attempt - 1));
      const res = await pipe({ ids: args.ids });
      return res.data;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

// clean: the same loop around a handed-in function whose name says nothing of requests (a lock, a transaction), and a
// request function retried with full jitter.
export async function withLockHeld<T>(options: { acquire: () => Promise<T>; attempts: number }): Promise<T> {
  const acquire = options.acquire;
  for (let attempt = 0; attempt < options.attempts; attempt++) {
    try {
      return await acquire();
    } catch {
      await delay(100 * 2 ** attempt);
    }
  }
  throw new Error('lock not acquired');
}

export async function fetchWithJitter(args: { send: PageFn; ids: string[] }): Promise<number[]> {
  const send = args.send;
  for (let attempt = 0; ; attempt++) {
    try {
      return (await send({ ids: args.ids })).data;
    } catch (error) {
      if (attempt >= 3) throw error;
      await delay(Math.random() * 1000 * 2 ** attempt);
    }
  }
}

// Generic retry helpers: they retry whatever the caller passes, so their waits matter as much as a request loop's.
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRetries<T>(task: () => Promise<T>, attempts = 3): Promise<T> {
  let failure: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) { // expect: retry-without-backoff
    try {
      return await task();
    } catch (error) {
      failure = error;
    }
  }
  throw failure;
}

export const loadProfile = (id: string) =>
  withRetries(async () => {
    const res = await fetch(`https://profiles.example.com/users/${id}`, { signal: AbortSignal.timeout(5_000) });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`profile ${id}: ${res.status}`);
    }
    return res.json();
  });

class RateLimited extends Error {
  constructor(readonly retryAfterSeconds?: number) {
    super('rate limited');
  }
}

export class ApiGateway {
  private readonly baseDelay = 250;

  async requestWithRetry<T>(operation: () => Promise<T>): Promise<T> {
    let tries = 0;
    while (true) { // expect: retry-without-backoff
      try {
        return await operation();
      } catch (error) {
        tries++;
        if (tries > 5) throw error;
        if (error instanceof RateLimited && error.retryAfterSeconds) {
          const retryAfterMs = error.retryAfterSeconds * 1000;
          await pause(retryAfterMs);
          continue;
        }
        const backoff = this.baseDelay * 2 ** tries;
        await pause(backoff);
      }
    }
  }
}

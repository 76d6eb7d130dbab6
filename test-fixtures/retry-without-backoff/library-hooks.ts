// p-retry awaits `onFailedAttempt` before it tries again: a sleep there is the real wait, on top of p-retry's own
// (which does not randomize unless told to).
import pRetry from 'p-retry';
import { computeBackoff } from './lib/backoff';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ApiErrorInfo {
  status?: number;
  retryAfter?: string;
}

function errorInfo(error: unknown): ApiErrorInfo {
  const response = (error as { response?: { status?: number; headers?: Record<string, string> } }).response;
  return { status: response?.status, retryAfter: response?.headers?.['retry-after'] };
}

/** Retry-After when the server sends one, else a wait by error class. */
export function retryDelayMs(isRateLimit: boolean, attemptNumber: number, retryAfterHeader?: string): number {
  if (retryAfterHeader) {
    const seconds = Number.parseInt(retryAfterHeader, 10);
    if (!Number.isNaN(seconds)) return seconds * 1000;
    const until = new Date(retryAfterHeader);
    const wait = Math.max(0, until.getTime() - Date.now());
    if (wait > 0) return wait;
  }
  if (isRateLimit) return 30_000;
  return Math.min(1000 * 2 ** (attemptNumber - 1), 16_000);
}

export async function withMailboxRetry<T>(operation: () => Promise<T>, maxRetries = 5): Promise<T> {
  return pRetry(operation, {
    retries: maxRetries,
    onFailedAttempt: async (error) => { // expect: retry-without-backoff
      const info = errorInfo(error);
      const delayMs = retryDelayMs(info.status === 429, error.attemptNumber, info.retryAfter);
      if (delayMs > 0) await sleep(delayMs);
    },
  });
}

export async function withQuotaRetry<T>(operation: () => Promise<T>): Promise<T> {
  return pRetry(operation, {
    retries: 3,
    minTimeout: 0,
    onFailedAttempt: async ({ attemptNumber }) => { // expect: retry-without-backoff
      await sleep(500 * 2 ** attemptNumber);
    },
  });
}

// clean: the hook's wait is jittered, or p-retry randomizes, or the only wait is the server's Retry-After, or it is
// computed somewhere this file cannot see.
export async function withJitteredHook<T>(operation: () => Promise<T>): Promise<T> {
  return pRetry(operation, {
    retries: 3,
    minTimeout: 0,
    onFailedAttempt: async (error) => {
      const base = 2000 * 2 ** (error.attemptNumber - 1);
      await sleep(base + Math.random() * base);
    },
  });
}

export async function withRandomizedRetry<T>(operation: () => Promise<T>): Promise<T> {
  return pRetry(operation, {
    retries: 3,
    randomize: true,
    onFailedAttempt: async (error) => {
      await sleep(1000 * error.attemptNumber);
    },
  });
}

export async function withServerWait<T>(operation: () => Promise<T>): Promise<T> {
  return pRetry(operation, {
    retries: 3,
    onFailedAttempt: async (error) => {
      const retryAfterMs = Number(errorInfo(error).retryAfter ?? 0) * 1000;
      if (retryAfterMs > 0) await sleep(retryAfterMs);
    },
  });
}

export async function withSharedBackoff<T>(operation: () => Promise<T>): Promise<T> {
  return pRetry(operation, {
    retries: 3,
    onFailedAttempt: async (error) => {
      await sleep(computeBackoff(error.attemptNumber));
    },
  });
}

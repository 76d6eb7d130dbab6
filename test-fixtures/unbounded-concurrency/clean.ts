// Clean: fan-outs that are bounded, or not fan-outs at all.
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import pMap from 'p-map';
import { mapLimit } from 'async';
import { limit } from './lib/limiter';
import { loadUser as fetchUser } from './lib/users';
import { withRetry } from './lib/resilient-http';

const timeout = { signal: AbortSignal.timeout(5_000) };
const localLimit = pLimit(4);
const queue = new PQueue({ concurrency: 4 });

export async function smallLiteral() {
  return Promise.all(['/a', '/b', '/c'].map((path) => fetch(path, timeout)));
}

export async function smallConstant() {
  const regions = ['eu', 'us'] as const;
  return Promise.all(regions.map((region) => fetch(`https://${region}.example.com`, timeout)));
}

export async function sliced(urls: string[]) {
  return Promise.all(urls.slice(0, 5).map((url) => fetch(url, timeout)));
}

export async function withLimiter(ids: string[]) {
  return Promise.all(ids.map((id) => localLimit(() => fetchUser(id))));
}

export async function limiterFromAnotherFile(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => fetchUser(id))));
}

export async function withQueue(ids: string[]) {
  return Promise.all(ids.map((id) => queue.add(() => fetchUser(id))));
}

export async function withPMap(ids: string[]) {
  return pMap(ids, (id) => fetchUser(id), { concurrency: 8 });
}

export async function withAsyncMapLimit(ids: string[]) {
  return mapLimit(ids, 8, async (id: string) => fetchUser(id));
}

export async function chunked(ids: string[]) {
  for (let i = 0; i < ids.length; i += 20) {
    const batch = ids.slice(i, i + 20);
    await Promise.all(batch.map((id) => limit(() => fetchUser(id))));
  }
}

export async function sequential(ids: string[]) {
  for (const id of ids) {
    await limit(() => fetchUser(id));
  }
}

export async function notHttp(paths: string[], read: (p: string) => Promise<string>) {
  return Promise.all(paths.map((path) => read(path)));
}

export async function fetchAsParameter(fetch: (url: string) => Promise<unknown>, urls: string[]) {
  return Promise.all(urls.map((url) => fetch(url)));
}

export async function thunksOnly(urls: string[]) {
  const tasks = urls.map((url) => () => fetch(url, timeout));
  return tasks.length;
}

export async function semaphore(urls: string[], sem: { acquire(): Promise<void>; release(): void }) {
  return Promise.all(
    urls.map(async (url) => {
      await sem.acquire();
      try {
        return await withRetry(() => fetch(url, timeout));
      } finally {
        sem.release();
      }
    }),
  );
}

const limitedGet = (url: string) => localLimit(() => withRetry(() => fetch(url, timeout)));

export async function wrapperLimitsInside(urls: string[]) {
  return Promise.all(urls.map((url) => limitedGet(url)));
}

export async function fixedLength() {
  return Promise.all(Array.from({ length: 4 }, (_, page) => withRetry(() => fetch(`https://catalog.example.com/page/${page}`, timeout))));
}

// Clean: the named promise is awaited before the next iteration; only its result is collected.
export async function startThenAwait(urls: string[]) {
  const results: unknown[] = [];
  for (const url of urls) {
    // http-resilience-disable-next-line missing-retry
    const started = fetch(url, { signal: AbortSignal.timeout(5_000) }).then((res) => res.json());
    results.push(await started);
  }
  return results;
}

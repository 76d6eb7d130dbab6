// Fan-outs with no bound: each starts one request per element at once.
import axios from 'axios';
import { request } from 'undici';
import { fetchUser } from './lib/users';

const timeout = { signal: AbortSignal.timeout(5_000) };

export async function loadAll(urls: string[]) {
  return Promise.all(urls.map((url) => fetch(url, timeout))); // expect: unbounded-concurrency, missing-retry
}

export async function loadSettled(ids: string[]) {
  const results = await Promise.allSettled( // expect: unbounded-concurrency
    ids.map(async (id) => {
      const res = await axios.get(`/items/${id}`, { timeout: 5_000 }); // under allSettled: no missing-retry
      return res.data;
    }),
  );
  return results;
}

export async function viaVariable(ids: string[]) {
  const pending = ids.map((id) => request(`https://api.example.com/${id}`, timeout)); // expect: missing-retry
  return Promise.all(pending); // expect: unbounded-concurrency
}

export async function viaWrapperInAnotherFile(ids: string[]) {
  return Promise.all(ids.map((id) => fetchUser(id))); // expect: unbounded-concurrency, missing-retry
}

export async function wrapperReference(ids: string[]) {
  return Promise.all(ids.map(fetchUser)); // expect: unbounded-concurrency
}

export async function collectedInLoop(ids: string[]) {
  const promises: Promise<unknown>[] = [];
  for (const id of ids) {
    promises.push(fetchUser(id)); // expect: unbounded-concurrency, missing-retry
  }
  await Promise.all(promises);
}

export function fireAndForget(urls: string[]) {
  urls.forEach(async (url) => { // expect: unbounded-concurrency
    await fetch(url, timeout); // expect: unconsumed-body, missing-retry
  });
}

export async function spread(urls: string[]) {
  return Promise.all([...urls.map((url) => globalThis.fetch(url, timeout))]); // expect: unbounded-concurrency, missing-retry
}

export async function chunksInParallel(ids: string[], chunk: (xs: string[], n: number) => string[][]) {
  return Promise.all( // expect: unbounded-concurrency
    chunk(ids, 50).map((batch) => Promise.all(batch.map((id) => fetch(`https://users.example.com/u/${id}`, timeout)))), // expect: missing-retry
  );
}

export function syncForEach(urls: string[]) {
  urls.forEach((url) => { // expect: unbounded-concurrency
    void fetch(url, timeout); // expect: unconsumed-body, missing-retry
  });
}

// The promise is started and named first, then collected (wrapped) later in the loop body.
export async function startThenCollect(urls: string[]) {
  const pending: Array<Promise<unknown>> = [];
  for (const url of urls) {
    const started = fetch(url, timeout).then((res) => res.json()); // expect: missing-retry
    pending.push(started.catch(() => null)); // expect: unbounded-concurrency
  }
  return Promise.all(pending);
}

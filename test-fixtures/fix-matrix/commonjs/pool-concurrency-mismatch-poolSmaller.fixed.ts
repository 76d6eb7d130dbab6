// pool-concurrency-mismatch/poolSmaller: the pool is raised to the helper's mapLimit that feeds it.
import { Agent, request } from 'undici';
import { mapLimit } from './resilient-http';

const dispatcher = new Agent({ connections: 8 });

async function getItem(id: string) {
  const { body } = await request(`https://api.example.com/items/${id}`, { dispatcher, signal: AbortSignal.timeout(10_000) });
  return body.json();
}

export async function loadAll(ids: string[]) {
  // http-resilience-disable-next-line missing-retry
  return mapLimit(ids, 8, (id) => getItem(id)); // expect: pool-concurrency-mismatch
}

// pool-concurrency-mismatch/poolSmaller: the pool is raised to the limiter that feeds it.
import pLimit from 'p-limit';
import { Agent, request } from 'undici';

const dispatcher = new Agent({ connections: 4 });
const limit = pLimit(8);

async function getItem(id: string) {
  const { body } = await request(`https://api.example.com/items/${id}`, { dispatcher, signal: AbortSignal.timeout(10_000) });
  return body.json();
}

export async function loadAll(ids: string[]) {
  // http-resilience-disable-next-line missing-retry
  return Promise.all(ids.map((id) => limit(() => getItem(id)))); // expect: pool-concurrency-mismatch
}

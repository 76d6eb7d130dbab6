// A limiter feeding a pool that is smaller than it, or that keeps fewer idle sockets than it.
import pLimit from 'p-limit';
import pMap from 'p-map';
import axios from 'axios';
import { request } from 'undici';
import { agent, defaultIdle, httpsAgent, single } from './lib/pools';

const limit = pLimit(16);

export async function syncAll(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => request(`https://api.example.com/items/${id}`, { dispatcher: agent, signal: AbortSignal.timeout(10_000) })))); // expect: pool-concurrency-mismatch
}

export async function fetchUsers(ids: string[]) {
  return pMap(ids, (id) => axios.get(`https://api.example.com/users/${id}`, { httpsAgent, timeout: 5_000 }), { concurrency: 32 }); // expect: pool-concurrency-mismatch, missing-retry
}

export async function viaClient(paths: string[]) {
  const limitClient = pLimit(8);
  return Promise.all(paths.map((path) => limitClient(() => single.request({ path, method: 'GET', signal: AbortSignal.timeout(10_000) })))); // expect: pool-concurrency-mismatch, missing-retry
}

export async function bigBurst(ids: string[]) {
  return pMap(ids, (id) => axios.get(`https://api.example.com/orders/${id}`, { httpsAgent: defaultIdle, timeout: 5_000 }), { concurrency: 500 }); // expect: pool-concurrency-mismatch, missing-retry
}

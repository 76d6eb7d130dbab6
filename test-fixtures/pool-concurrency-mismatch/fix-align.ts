// Fix: the pools are sized to the limiters that feed them.
import https from 'node:https';
import axios from 'axios';
import pLimit from 'p-limit';
import pMap from 'p-map';
import { Agent, request } from 'undici';

const dispatcher = new Agent({ connections: 4 });
const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 2, timeout: 4_000 });
const limit = pLimit(16);

async function getItem(id: string) {
  const { body } = await request(`https://api.example.com/items/${id}`, { dispatcher, signal: AbortSignal.timeout(10_000) });
  return body.json();
}

export async function loadAll(ids: string[]) {
  // http-resilience-disable-next-line missing-retry
  return Promise.all(ids.map((id) => limit(() => getItem(id)))); // expect: pool-concurrency-mismatch
}

export async function loadUsers(ids: string[]) {
  // http-resilience-disable-next-line missing-retry
  return pMap(ids, (id) => axios.get(`https://api.example.com/users/${id}`, { httpsAgent, timeout: 5_000 }), { concurrency: 16 }); // expect: pool-concurrency-mismatch
}

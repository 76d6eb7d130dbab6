// Clean: pools at least as large as their limiters, pools that are not HTTP pools, and limiters that never fill.
import pLimit from 'p-limit';
import pMap from 'p-map';
import axios from 'axios';
import { Agent, request } from 'undici';
import { Pool as PgPool } from 'pg';
import genericPool from 'generic-pool';
import { agent, wide } from './lib/pools';

const limit = pLimit(16);
const database = new PgPool({ max: 2 });
const workers = genericPool.createPool({ create: async () => ({}), destroy: async () => undefined }, { max: 2 });
const keepsEnough = new Agent({ connections: 16 });

export async function bigEnough(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => request(`https://api.example.com/items/${id}`, { dispatcher: wide, signal: AbortSignal.timeout(10_000) }))));
}

export async function sameSize(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => request(`https://api.example.com/items/${id}`, { dispatcher: keepsEnough, signal: AbortSignal.timeout(10_000) }))));
}

export async function notHttp(ids: string[]) {
  await Promise.all(ids.map((id) => limit(() => database.query('select * from items where id = $1', [id]))));
  return Promise.all(ids.map((id) => limit(() => workers.acquire().then((worker) => ({ worker, id })))));
}

export async function threeAtMost() {
  return pMap(['a', 'b', 'c'], (id) => request(`https://api.example.com/items/${id}`, { dispatcher: agent, signal: AbortSignal.timeout(10_000) }), { concurrency: 16 });
}

export async function oneAtATime(ids: string[]) {
  for (const id of ids) {
    await limit(() => request(`https://api.example.com/items/${id}`, { dispatcher: agent, signal: AbortSignal.timeout(10_000) }));
  }
}

export async function configured(ids: string[], concurrency: number, options: Agent.Options) {
  const dynamic = pLimit(concurrency);
  const pool = new Agent(options);
  await Promise.all(ids.map((id) => dynamic(() => request(`https://api.example.com/a/${id}`, { dispatcher: agent, signal: AbortSignal.timeout(10_000) }))));
  return Promise.all(ids.map((id) => limit(() => request(`https://api.example.com/b/${id}`, { dispatcher: pool, signal: AbortSignal.timeout(10_000) }))));
}

export async function axiosEnough(ids: string[]) {
  const httpsAgent = new (await import('node:https')).Agent({ keepAlive: true, maxSockets: 32, maxFreeSockets: 32, timeout: 4_000 });
  return pMap(ids, (id) => axios.get(`https://api.example.com/users/${id}`, { httpsAgent, timeout: 5_000 }), { concurrency: 32 }); // expect: missing-retry
}

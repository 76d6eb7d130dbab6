// Clean: bounds at or below the measured knee, idle timeouts below the measured ones, unprofiled hosts.
import pLimit from 'p-limit';
import { mapLimit } from 'async';
import { Agent, fetch, Pool } from 'undici';
import { API } from './lib/endpoints';

const limit = pLimit(8);
export const users = (ids: string[]) => Promise.all(ids.map((id) => limit(() => fetch(`${API}/users/${id}`, { signal: AbortSignal.timeout(2_000) })))); // expect: missing-retry

export const pool = new Pool(API, { connections: 8, keepAliveTimeout: 4_000 });

const agent = new Agent({ keepAliveTimeout: 4_000, connections: 8 });
export const items = (ids: string[]) => mapLimit(ids, 4, async (id: string) => fetch(`${API}/items/${id}`, { dispatcher: agent, signal: AbortSignal.timeout(2_000) }));

const other = pLimit(32);
export const elsewhere = (ids: string[]) => Promise.all(ids.map((id) => other(() => fetch(`https://unprofiled.example.net/${id}`, { signal: AbortSignal.timeout(2_000) })))); // expect: missing-retry

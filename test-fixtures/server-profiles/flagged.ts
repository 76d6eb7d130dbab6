// Code linked to servers with a saved profile (.http-resilience.json): above the knee, idle past the server's, a limiter without a bound.
import pLimit from 'p-limit';
import PQueue from 'p-queue';
import { mapLimit } from 'async';
import axios from 'axios';
import { Agent, fetch, Pool } from 'undici';
import { API, ORDERS } from './lib/endpoints';

const limit = pLimit(16);
export const users = (ids: string[]) => Promise.all(ids.map((id) => limit(() => fetch(`${API}/users/${id}`)))); // expect: pool-concurrency-mismatch, missing-retry, missing-timeout

export const pool = new Pool(API, { connections: 32, keepAliveTimeout: 3_000 }); // expect: pool-concurrency-mismatch

const agent = new Agent({ keepAliveTimeout: 10_000, connections: 8 }); // expect: keepalive-mismatch
export const items = (ids: string[]) => mapLimit(ids, 12, async (id: string) => fetch(API + '/items/' + id, { dispatcher: agent, signal: AbortSignal.timeout(2_000) })); // expect: pool-concurrency-mismatch

const orders = axios.create({ baseURL: ORDERS, timeout: 5_000 });
const ordersLimit = pLimit(6);
export const order = (ids: string[]) => Promise.all(ids.map((id) => ordersLimit(() => orders.get(`/orders/${id}`)))); // expect: pool-concurrency-mismatch, missing-retry

const queue = new PQueue(); // expect: limiter-without-bound
export const reports = (ids: string[]) => Promise.all(ids.map((id) => queue.add(() => orders.get(`/reports/${id}`)))); // expect: missing-retry

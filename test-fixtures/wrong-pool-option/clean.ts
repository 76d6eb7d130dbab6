// Clean: the right options in the right places, and options that only look wrong.
import { Agent, Pool, fetch as undiciFetch } from 'undici';
import https from 'node:https';
import nodeFetch from 'node-fetch';
import { Pool as PgPool } from 'pg';
import mysql from 'mysql2';
import Redis from 'ioredis';

export const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 4_000, headersTimeout: 10_000, connect: { timeout: 5_000, keepAlive: true } });
export const pool = new Pool('https://api.example.com', { connections: 8, pipelining: 1 });
export const nodeAgent = new https.Agent({ keepAlive: true, maxSockets: 16, maxFreeSockets: 16, timeout: 4_000 });

// Non-HTTP pools take options with the same names.
export const database = new PgPool({ max: 10, keepAlive: true, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 });
export const mysqlPool = mysql.createPool({ connectionLimit: 10, enableKeepAlive: true, connectTimeout: 5_000 });
export const redis = new Redis({ keepAlive: 1_000, connectTimeout: 5_000 });

export async function load(url: string, fetch: (u: string, o: { timeout: number; agent: unknown }) => Promise<unknown>) {
  // A parameter named fetch, and node-fetch (v2), do take agent and timeout.
  await fetch(url, { timeout: 5_000, agent: nodeAgent });
  await nodeFetch(url, { timeout: 5_000, agent: nodeAgent });
  // undici's own fetch with an undici dispatcher and a signal.
  await undiciFetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) }).then((res) => res.body?.cancel());
  // A signal is present: `timeout` next to it changes nothing.
  await globalThis.fetch(url, { signal: AbortSignal.timeout(5_000), timeout: 5_000 } as RequestInit).then((res) => res.body?.cancel());
  return userFetch(url, { timeout: 5_000, keepAlive: true });
}

function userFetch(url: string, options: { timeout: number; keepAlive: boolean }) {
  return { url, options };
}

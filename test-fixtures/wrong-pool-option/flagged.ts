// Options that a pool or fetch silently ignores (or rejects).
import { Agent, Pool, Client, fetch as undiciFetch } from 'undici';
import https from 'node:https';

export const dispatcher = new Agent({
  connections: 16,
  maxSockets: 50, // expect: wrong-pool-option
  timeout: 10_000, // expect: wrong-pool-option
});
export const pool = new Pool('https://api.example.com', { connections: 8, maxFreeSockets: 8 }); // expect: wrong-pool-option
export const single = new Client('https://api.example.com', { maxSockets: 4 }); // expect: wrong-pool-option
export const rejected = new Agent({ connections: 8, keepAlive: true }); // expect: wrong-pool-option
export const nodeAgent = new https.Agent({ keepAlive: true, maxSockets: 16, keepAliveTimeout: 4_000, timeout: 4_000 }); // expect: wrong-pool-option

const proxyAgent = new https.Agent({ keepAlive: true, maxSockets: 16, timeout: 4_000 });

export async function load(url: string) {
  const signal = AbortSignal.timeout(5_000);
  const viaAgent = await fetch(url, { agent: proxyAgent, signal } as RequestInit); // expect: wrong-pool-option
  const withTimeout = await fetch(url, { timeout: 5_000 } as RequestInit); // expect: wrong-pool-option
  const alive = await fetch(url, { keepAlive: true, signal } as RequestInit); // expect: wrong-pool-option
  const global = await globalThis.fetch(url, { signal, keepAlive: true } as RequestInit); // expect: wrong-pool-option
  const fromUndici = await undiciFetch(url, { timeout: 1_000 } as never); // expect: wrong-pool-option
  return [viaAgent, withTimeout, alive, global, fromUndici];
}

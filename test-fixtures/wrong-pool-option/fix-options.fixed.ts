// Fix: ignored options become the ones that apply.
import { Agent } from 'undici';
import http from 'node:http';

export const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 4_000 }); // expect: wrong-pool-option
export const rejected = new Agent({ connections: 8 }); // expect: wrong-pool-option
export const nodeAgent = new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 4_000 }); // expect: wrong-pool-option

export async function load(url: string) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) } as RequestInit); // expect: wrong-pool-option
  const alive = await fetch(url, {
    signal: AbortSignal.timeout(5_000),
  } as RequestInit);
  return [res, alive];
}

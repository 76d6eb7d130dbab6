// Fix: pools get a bound and keep-alive.
import { Agent, Pool } from 'undici';
import https from 'node:https';

export const dispatcher = new Agent({ connections: 8 }); // expect: default-pool
export const tuned = new Agent({ connections: 8, keepAliveTimeout: 4_000 }); // expect: default-pool
export const pool = new Pool('https://api.example.com', { connections: 8 }); // expect: default-pool
export const agent = new https.Agent({ keepAlive: true, maxSockets: 8, timeout: 3_000 }); // expect: default-pool
export const unbounded = new https.Agent({ timeout: 3_000, keepAlive: true, maxSockets: 8 }); // expect: default-pool, keepalive-mismatch
export const multiLine = new Agent({ // expect: default-pool
  connections: 8,
  keepAliveTimeout: 3_000,
  headersTimeout: 10_000,
});

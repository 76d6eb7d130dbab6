// Fix: pools get a bound and keep-alive.
import { Agent, Pool } from 'undici';
import https from 'node:https';

export const dispatcher = new Agent(); // expect: default-pool
export const tuned = new Agent({ keepAliveTimeout: 4_000 }); // expect: default-pool
export const pool = new Pool('https://api.example.com'); // expect: default-pool
export const agent = new https.Agent(); // expect: default-pool
export const unbounded = new https.Agent({ keepAlive: true, maxSockets: Infinity }); // expect: default-pool, keepalive-mismatch
export const multiLine = new Agent({ // expect: default-pool
  keepAliveTimeout: 3_000,
  headersTimeout: 10_000,
});

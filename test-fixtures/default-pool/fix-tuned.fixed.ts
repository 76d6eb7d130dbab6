// Fix: pools get a bound and keep-alive.
import { Agent, Pool } from 'undici';
import https from 'node:https';

export const dispatcher = new Agent({ connections: 16 }); // expect: default-pool
export const tuned = new Agent({ connections: 16, keepAliveTimeout: 4_000 }); // expect: default-pool
export const pool = new Pool('https://api.example.com', { connections: 16 }); // expect: default-pool
export const agent = new https.Agent({ keepAlive: true, maxSockets: 50, timeout: 4_000 }); // expect: default-pool
export const unbounded = new https.Agent({ timeout: 4_000, keepAlive: true, maxSockets: 50 }); // expect: default-pool, keepalive-mismatch

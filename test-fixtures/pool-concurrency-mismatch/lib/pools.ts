// The pools, defined once and imported where the limiters and the requests are.
import { Agent, Client } from 'undici';
import https from 'node:https';

export const agent = new Agent({ connections: 4, keepAliveTimeout: 4_000 });
export const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 2, timeout: 4_000 });
export const defaultIdle = new https.Agent({ keepAlive: true, timeout: 4_000 }); // expect: default-pool
export const single = new Client('https://api.example.com');
export const wide = new Agent({ connections: 64 });

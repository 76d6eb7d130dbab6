// Pools left at defaults that do not survive load.
import { Agent, Pool } from 'undici';
import * as undici from 'undici';
import http from 'node:http';
import https from 'https';

export const dispatcher = new Agent(); // expect: default-pool
export const tuned = new Agent({ keepAliveTimeout: 4_000 }); // expect: default-pool
export const pool = new Pool('https://api.example.com'); // expect: default-pool
export const infinite = new undici.Agent({ connections: null }); // expect: default-pool

export const plain = new http.Agent(); // expect: default-pool
export const noKeepAlive = new https.Agent({ keepAlive: false, maxSockets: 50 }); // expect: default-pool
export const unboundedSockets = new https.Agent({ keepAlive: true }); // expect: default-pool, keepalive-mismatch
export const explicitInfinity = new http.Agent({ keepAlive: true, maxSockets: Infinity }); // expect: default-pool, keepalive-mismatch

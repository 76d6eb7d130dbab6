// Idle sockets that outlive the server's, keep-alive agents that never expire idle sockets, pipelining.
import { Agent, Pool, Client } from 'undici';
import http from 'node:http';
import https from 'node:https';

export const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 60_000 }); // expect: keepalive-mismatch
export const exact = new Pool('https://api.example.com', { connections: 8, keepAliveTimeout: 5_000 }); // expect: keepalive-mismatch
export const pipelined = new Pool('https://api.example.com', { connections: 4, pipelining: 10 }); // expect: keepalive-mismatch
export const single = new Client('https://api.example.com', { pipelining: 4, keepAliveTimeout: 4_000 }); // expect: keepalive-mismatch

export const forever = new https.Agent({ keepAlive: true, maxSockets: 16 }); // expect: keepalive-mismatch
export const longIdle = new http.Agent({ keepAlive: true, maxSockets: 16, timeout: 30_000 }); // expect: keepalive-mismatch

const settings = { keepAlive: true, maxSockets: 32, maxFreeSockets: 32 };
export const fromSettings = new https.Agent(settings); // expect: keepalive-mismatch

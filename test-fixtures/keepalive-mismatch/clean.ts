// Clean: idle sockets closed before a Node server's 5 s, keep-alive off, and look-alike options elsewhere.
import { Agent, Pool, Client } from 'undici';
import http from 'node:http';
import https from 'node:https';
import { Pool as PgPool } from 'pg';
import net from 'node:net';

export const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 4_000 });
export const defaults = new Pool('https://api.example.com', { connections: 8 });
export const single = new Client('https://api.example.com', { pipelining: 1 });
export const noKeepAlive = new Pool('https://api.example.com', { connections: 8, pipelining: 0 });
export const tuned = new https.Agent({ keepAlive: true, maxSockets: 16, timeout: 4_000 });
export const closing = new http.Agent({ keepAlive: false, maxSockets: 16 }); // default-pool's finding, not this rule's // expect: default-pool

export function configured(options: { keepAliveTimeout: number }) {
  return new Agent({ connections: 16, ...options });
}

// Keep-alive on things that are not HTTP client pools.
export const database = new PgPool({ keepAlive: true, idleTimeoutMillis: 60_000 });
export const server = http.createServer();
server.keepAliveTimeout = 65_000;
export const socket = net.connect({ host: 'localhost', port: 5432, keepAlive: true });

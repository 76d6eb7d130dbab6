// Fix: idle sockets closed before the server closes them; one request per connection.
import { Agent, Pool } from 'undici';
import https from 'node:https';

export const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 3_000 }); // expect: keepalive-mismatch
export const pipelined = new Pool('https://api.example.com', { connections: 4, pipelining: 1 }); // expect: keepalive-mismatch
export const agent = new https.Agent({ timeout: 3_000, keepAlive: true, maxSockets: 16 }); // expect: keepalive-mismatch

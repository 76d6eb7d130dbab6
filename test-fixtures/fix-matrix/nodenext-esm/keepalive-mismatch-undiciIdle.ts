// keepalive-mismatch/undiciIdle: idle sockets close before a Node server's 5 s.
import { Agent } from 'undici';

export const dispatcher = new Agent({ connections: 8, keepAliveTimeout: 30_000 }); // expect: keepalive-mismatch

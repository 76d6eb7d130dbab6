// Clean: tuned pools, and pools that are not HTTP pools at all.
import { Agent, Pool, Client } from 'undici';
import https from 'node:https';
import { Pool as PgPool } from 'pg';
import genericPool from 'generic-pool';
import mysql from 'mysql2';

const settings = { connections: 16, keepAliveTimeout: 4_000 };

export const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 4_000 });
export const fromSettings = new Agent(settings);
export const pool = new Pool('https://api.example.com', { connections: 8 });
export const single = new Client('https://api.example.com');
export const agent = new https.Agent({ keepAlive: true, maxSockets: 50, maxFreeSockets: 10, timeout: 4_000 });

export function configured(options: { connections: number }) {
  return new Agent(options);
}

export const database = new PgPool({ max: 10 });
export const workers = genericPool.createPool({ create: async () => ({}), destroy: async () => undefined }, { max: 4 });
export const mysqlPool = mysql.createPool({ connectionLimit: 10 });

class Agent2 {}
export const local = new Agent2();

// A factory sizes each origin's pool itself; an options spread from a function may carry `connections`.
declare function poolOptions(origin: string): { connections: number };
export const perOrigin = new Agent({
  factory: (origin: string, options: object) => new Pool(origin, { ...options, ...poolOptions(origin) }),
});

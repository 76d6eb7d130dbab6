// pool-concurrency-mismatch/freeSockets: the agent keeps as many idle sockets as the helper's mapLimit runs.
import * as https from 'node:https';
import axios from 'axios';
import { mapLimit } from './resilient-http';

const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, maxFreeSockets: 2, timeout: 3_000 });

export async function loadUsers(ids: string[]) {
  // http-resilience-disable-next-line missing-retry
  return mapLimit(ids, 8, (id) => axios.get(`https://api.example.com/users/${id}`, { httpsAgent, timeout: 5_000 })); // expect: pool-concurrency-mismatch
}

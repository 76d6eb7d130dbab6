// pool-concurrency-mismatch/freeSockets: the agent keeps as many idle sockets as the limiter runs.
import * as https from 'node:https';
import axios from 'axios';
import pLimit from 'p-limit';

const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, maxFreeSockets: 8, timeout: 3_000 });
const limit = pLimit(8);

export async function loadUsers(ids: string[]) {
  // http-resilience-disable-next-line missing-retry
  return Promise.all(ids.map((id) => limit(() => axios.get(`https://api.example.com/users/${id}`, { httpsAgent, timeout: 5_000 })))); // expect: pool-concurrency-mismatch
}

// @ts-check
// pool-concurrency-mismatch/freeSockets: the agent keeps as many idle sockets as the helper's mapLimit runs.
const https = require('node:https');
const axios = require('axios');
const { mapLimit } = require('./resilient-http.cjs');

const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 16, maxFreeSockets: 8, timeout: 3_000 });

/** @param {string[]} ids */
async function loadUsers(ids) {
  // http-resilience-disable-next-line missing-retry
  return mapLimit(ids, 8, (id) => axios.get(`https://api.example.com/users/${id}`, { httpsAgent, timeout: 5_000 })); // expect: pool-concurrency-mismatch
}

module.exports = { loadUsers };

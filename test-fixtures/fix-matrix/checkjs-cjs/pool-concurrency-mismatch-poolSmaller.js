// @ts-check
// pool-concurrency-mismatch/poolSmaller: the pool is raised to the helper's mapLimit that feeds it.
const { Agent, request } = require('undici');
const { mapLimit } = require('./resilient-http.cjs');

const dispatcher = new Agent({ connections: 4 });

/** @param {string} id */
async function getItem(id) {
  const { body } = await request(`https://api.example.com/items/${id}`, { dispatcher, signal: AbortSignal.timeout(10_000) });
  return body.json();
}

/** @param {string[]} ids */
async function loadAll(ids) {
  // http-resilience-disable-next-line missing-retry
  return mapLimit(ids, 8, (id) => getItem(id)); // expect: pool-concurrency-mismatch
}

module.exports = { loadAll };

// @ts-check
// unbounded-concurrency/map: Promise.all over a map becomes the helper's mapLimit, 8 at a time.
const { mapLimit } = require('./resilient-http.cjs');

/** @param {string[]} ids */
async function loadUsers(ids) {
  // http-resilience-disable-next-line missing-retry
  return mapLimit(ids, 8, (id) => fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(5_000) })); // expect: unbounded-concurrency
}

module.exports = { loadUsers };

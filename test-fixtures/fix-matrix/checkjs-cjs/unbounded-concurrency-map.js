// @ts-check
// unbounded-concurrency/map: Promise.all over a map becomes the helper's mapLimit, 8 at a time.

/** @param {string[]} ids */
async function loadUsers(ids) {
  // http-resilience-disable-next-line missing-retry
  return Promise.all(ids.map((id) => fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(5_000) }))); // expect: unbounded-concurrency
}

module.exports = { loadUsers };

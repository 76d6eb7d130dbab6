// @ts-check
// limiter-without-bound/unbounded: the helper's createLimiter(Infinity) gets the helper's bound (p-limit is ESM-only).
const { createLimiter } = require('./resilient-http.cjs');

const limit = createLimiter(Infinity); // expect: limiter-without-bound

/** @param {string[]} urls */
async function loadAll(urls) {
  // http-resilience-disable-next-line missing-retry
  return Promise.all(urls.map((url) => limit(() => fetch(url, { signal: AbortSignal.timeout(5_000) }))));
}

module.exports = { loadAll };

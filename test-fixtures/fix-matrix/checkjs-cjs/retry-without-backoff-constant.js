// @ts-check
// retry-without-backoff/constant: the constant delay becomes a jittered backoff with the same base.
const { setTimeout: sleep } = require('node:timers/promises');

/** @param {string} url */
async function load(url) {
  let attempts = 0;
  while (true) { // expect: retry-without-backoff
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      if (++attempts >= 3) throw error;
      await sleep(1_000);
    }
  }
}

module.exports = { load };

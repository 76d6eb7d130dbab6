// @ts-check
// wrong-pool-option/fetchKeepAlive: not a Fetch option; the property goes.

/** @param {string} url */
async function load(url) {
  const res = await fetch(url, /** @type {RequestInit} */ ({
    keepAlive: true, // expect: wrong-pool-option
    signal: AbortSignal.timeout(5_000),
  }));
  return res.json();
}

module.exports = { load };

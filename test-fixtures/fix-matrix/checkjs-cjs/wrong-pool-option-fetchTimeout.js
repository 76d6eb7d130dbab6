// @ts-check
// wrong-pool-option/fetchTimeout: fetch's deadline is a signal.

/** @param {string} url */
async function load(url) {
  const res = await fetch(url, /** @type {RequestInit} */ ({ timeout: 5_000 })); // expect: wrong-pool-option
  return res.json();
}

module.exports = { load };

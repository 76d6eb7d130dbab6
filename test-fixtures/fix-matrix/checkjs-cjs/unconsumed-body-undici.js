// @ts-check
// unconsumed-body/undici: the body is dumped on the way out that leaves it unread.
const { request } = require('undici');

/** @param {string} url */
async function loadConfig(url) {
  const { statusCode, body } = await request(url, { signal: AbortSignal.timeout(5_000) }); // expect: unconsumed-body
  if (statusCode !== 200) return undefined;
  return body.json();
}

module.exports = { loadConfig };

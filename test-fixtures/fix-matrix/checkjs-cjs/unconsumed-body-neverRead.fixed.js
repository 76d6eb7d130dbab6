// @ts-check
// unconsumed-body/neverRead: the body is taken and dumped at once.
const { request } = require('undici');

/** @param {string} url */
async function statusOf(url) {
  const { statusCode, body } = await request(url, { signal: AbortSignal.timeout(5_000) }); // expect: unconsumed-body
  await body.dump();
  return statusCode;
}

module.exports = { statusOf };

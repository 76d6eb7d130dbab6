// @ts-check
// dispatcher-mismatch/mismatch: undici's own fetch with its dispatcher (required, as the file does); the JSDoc cast goes.
const { Agent, fetch: undiciFetch } = require('undici');

const dispatcher = new Agent({ connections: 8 });

/** @param {string} url */
async function load(url) {
  const res = await undiciFetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
  return res.json();
}

module.exports = { load };

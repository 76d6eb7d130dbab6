// @ts-check
// missing-timeout/undiciStream: a streamed undici download gets headers and idle timeouts, not a total signal.
const { createWriteStream } = require('node:fs');
const { pipeline } = require('node:stream/promises');
const { request } = require('undici');

/**
 * @param {string} id
 * @param {string} target
 */
async function downloadExport(id, target) {
  const { body } = await request(`https://api.example.com/exports/${id}`); // expect: missing-timeout
  await pipeline(body, createWriteStream(target));
}

module.exports = { downloadExport };

// @ts-check
// agent-per-request/loop: the agent is created once, at module scope.
const { Agent, request } = require('undici');

const dispatcher = new Agent({ connections: 8 });

/** @param {string[]} urls */
async function pingAll(urls) {
  for (const url of urls) {
    // http-resilience-disable-next-line missing-retry
    const { body } = await request(url, { dispatcher, signal: AbortSignal.timeout(5_000) });
    await body.dump();
  }
}

module.exports = { pingAll };

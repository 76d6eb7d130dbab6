// @ts-check
// default-pool/undiciConnections: the pool gets a bound, on a line of its own in a multi-line object.
const { Agent } = require('undici');

const dispatcher = new Agent({ // expect: default-pool
  connections: 8,
  keepAliveTimeout: 3_000,
  headersTimeout: 10_000,
});

module.exports = { dispatcher };

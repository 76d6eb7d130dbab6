// @ts-check
// wrong-pool-option/nodeAgentIgnored: Node's name for the bound.
const https = require('node:https');

const agent = new https.Agent(/** @type {import('node:https').AgentOptions} */ ({ keepAlive: true, connections: 8, timeout: 3_000 })); // expect: wrong-pool-option

module.exports = { agent };

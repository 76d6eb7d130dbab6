// @ts-check
// default-pool/nodeAgentSockets: a kept-alive agent gets a finite maxSockets.
const https = require('node:https');

const agent = new https.Agent({ maxSockets: 8, keepAlive: true, timeout: 3_000 }); // expect: default-pool

module.exports = { agent };

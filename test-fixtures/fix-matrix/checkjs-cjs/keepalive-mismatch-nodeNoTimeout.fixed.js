// @ts-check
// keepalive-mismatch/nodeNoTimeout: a kept-alive agent gets an idle timeout.
const https = require('node:https');

const agent = new https.Agent({ timeout: 3_000, keepAlive: true, maxSockets: 8 }); // expect: keepalive-mismatch

module.exports = { agent };

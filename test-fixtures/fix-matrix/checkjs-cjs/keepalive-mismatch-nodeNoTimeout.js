// @ts-check
// keepalive-mismatch/nodeNoTimeout: a kept-alive agent gets an idle timeout.
const https = require('node:https');

const agent = new https.Agent({ keepAlive: true, maxSockets: 8 }); // expect: keepalive-mismatch

module.exports = { agent };

// @ts-check
// keepalive-mismatch/nodeIdle: the idle timeout drops below the server's.
const https = require('node:https');

const agent = new https.Agent({ keepAlive: true, maxSockets: 8, timeout: 3_000 }); // expect: keepalive-mismatch

module.exports = { agent };

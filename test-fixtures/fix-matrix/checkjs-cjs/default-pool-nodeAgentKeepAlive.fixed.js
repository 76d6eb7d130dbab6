// @ts-check
// default-pool/nodeAgentKeepAlive: the agent keeps connections alive, with an idle timeout below the server's.
const https = require('node:https');

const agent = new https.Agent({ keepAlive: true, timeout: 3_000, maxSockets: 16 }); // expect: default-pool

module.exports = { agent };

// @ts-check
// keepalive-mismatch/undiciIdle: idle sockets close before a Node server's 5 s.
const { Agent } = require('undici');

const dispatcher = new Agent({ connections: 8, keepAliveTimeout: 30_000 }); // expect: keepalive-mismatch

module.exports = { dispatcher };

// @ts-check
// wrong-pool-option/undiciIgnored: undici's name for the bound.
const { Agent } = require('undici');

const dispatcher = new Agent(/** @type {import('undici').Agent.Options} */ ({ maxSockets: 8, keepAliveTimeout: 3_000 })); // expect: wrong-pool-option

module.exports = { dispatcher };

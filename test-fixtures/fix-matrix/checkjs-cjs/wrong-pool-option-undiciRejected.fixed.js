// @ts-check
// wrong-pool-option/undiciRejected: the option undici rejects goes (it keeps connections alive by default).
const { Agent } = require('undici');

const dispatcher = new Agent(/** @type {import('undici').Agent.Options} */ ({ connections: 8 })); // expect: wrong-pool-option

module.exports = { dispatcher };

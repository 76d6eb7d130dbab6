// @ts-check
// unsafe-retry-method/methods: POST leaves the methods undici's RetryAgent retries.
const { Agent, RetryAgent } = require('undici');

const dispatcher = new RetryAgent(new Agent({ connections: 8 }), { methods: ['GET', 'PUT'] }); // expect: unsafe-retry-method

module.exports = { dispatcher };

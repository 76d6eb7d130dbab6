// @ts-check
// unsafe-retry-method/wrapper: the helper is told the POST is not idempotent.
const { withRetry } = require('./resilient-http.cjs');

/** @param {{ amount: number }} payment */
async function charge(payment) {
  return withRetry((signal) => fetch('https://api.example.com/charges', { method: 'POST', body: JSON.stringify(payment), signal }), { idempotent: false }); // expect: unsafe-retry-method
}

module.exports = { charge };

// @ts-check
// unsafe-retry-method/axiosRetry: axios-retry keeps to network errors and idempotent requests.
const axios = require('axios');
const axiosRetry = require('axios-retry').default;

const client = axios.create({ timeout: 5_000 });
axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay, retryCondition: axiosRetry.isRetryableError }); // expect: unsafe-retry-method

module.exports = { client };

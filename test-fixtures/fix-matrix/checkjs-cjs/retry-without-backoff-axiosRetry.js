// @ts-check
// retry-without-backoff/axiosRetry: axios-retry backs off exponentially.
const axios = require('axios');
const axiosRetry = require('axios-retry').default;

const client = axios.create({ timeout: 5_000 });
axiosRetry(client, { retries: 3 }); // expect: retry-without-backoff

module.exports = { client };

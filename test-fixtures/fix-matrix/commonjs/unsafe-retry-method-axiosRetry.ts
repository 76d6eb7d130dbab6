// unsafe-retry-method/axiosRetry: axios-retry keeps to network errors and idempotent requests.
import axios from 'axios';
import axiosRetry from 'axios-retry';

export const client = axios.create({ timeout: 5_000 });
axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay, retryCondition: axiosRetry.isRetryableError }); // expect: unsafe-retry-method

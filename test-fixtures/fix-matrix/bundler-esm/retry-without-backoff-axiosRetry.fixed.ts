// retry-without-backoff/axiosRetry: axios-retry backs off exponentially.
import axios from 'axios';
import axiosRetry from 'axios-retry';

export const client = axios.create({ timeout: 5_000 });
axiosRetry(client, { retryDelay: axiosRetry.exponentialDelay, retries: 3 }); // expect: retry-without-backoff

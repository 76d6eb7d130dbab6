// Fix: POST/PATCH leave the retried methods; axios-retry keeps to idempotent requests; the helper is told a POST is not idempotent.
import got from 'got';
import axios from 'axios';
import axiosRetry from 'axios-retry';
import { withRetry } from './resilient-http';

const client = axios.create({ timeout: 5_000 });
axiosRetry(client, { retries: 3, retryDelay: axiosRetry.exponentialDelay, retryCondition: axiosRetry.isRetryableError }); // expect: unsafe-retry-method

export const api = got.extend({ timeout: { request: 5_000 }, retry: { limit: 2, methods: ['GET', 'POST', 'PUT', 'PATCH'] } }); // expect: unsafe-retry-method

export async function chargeCard(payment: unknown) {
  return withRetry(() => axios.post('https://api.example.com/charges', payment, { timeout: 5_000 })); // expect: unsafe-retry-method
}

// unsafe-retry-method/wrapper: the helper is told the POST is not idempotent.
import { withRetry } from './resilient-http';

export async function charge(payment: { amount: number }) {
  return withRetry((signal) => fetch('https://api.example.com/charges', { method: 'POST', body: JSON.stringify(payment), signal })); // expect: unsafe-retry-method
}

// Fix: inside the helper's withRetry the request takes the attempt's signal (the parameter is added when missing).
import { withRetry } from './resilient-http';

export async function getUser(id: string) {
  const res = await withRetry((signal) => fetch(`https://api.example.com/users/${id}`, { signal })); // expect: missing-timeout
  return res.json();
}

export async function getOrder(id: string) {
  const res = await withRetry((attemptSignal) => fetch(`https://api.example.com/orders/${id}`, { signal: attemptSignal, headers: { accept: 'application/json' } })); // expect: missing-timeout
  return res.json();
}

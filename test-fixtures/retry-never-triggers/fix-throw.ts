// Fix: the retried callback throws on a retryable status, so p-retry sees the failure.
import pRetry from 'p-retry';

const init = { signal: AbortSignal.timeout(5_000) };

export async function loadUser(id: string) {
  const res = await pRetry(() => fetch(`https://api.example.com/users/${id}`, init), { retries: 3 }); // expect: retry-never-triggers
  return res.json();
}

export async function loadOrders(id: string) {
  return pRetry(async () => { // expect: retry-never-triggers
    const response = await fetch(`https://api.example.com/orders/${id}`, init);
    return response.json();
  });
}

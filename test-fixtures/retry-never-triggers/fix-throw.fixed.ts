// Fix: the retried callback throws on a retryable status, so p-retry sees the failure.
import pRetry from 'p-retry';

const init = { signal: AbortSignal.timeout(5_000) };

export async function loadUser(id: string) {
  const res = await pRetry(async () => {
    const response = await fetch(`https://api.example.com/users/${id}`, init);
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    return response;
  }, { retries: 3 }); // expect: retry-never-triggers
  return res.json();
}

export async function loadOrders(id: string) {
  return pRetry(async () => { // expect: retry-never-triggers
    const response = await fetch(`https://api.example.com/orders/${id}`, init);
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    return response.json();
  });
}

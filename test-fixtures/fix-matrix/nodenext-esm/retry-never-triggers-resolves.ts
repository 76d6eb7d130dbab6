// retry-never-triggers/resolves: the callback throws on a retryable status, so p-retry sees the failure.
import pRetry from 'p-retry';

export async function getUser(id: string) {
  const res = await pRetry(() => fetch(`https://api.example.com/users/${id}`, { signal: AbortSignal.timeout(5_000) }), { retries: 2 }); // expect: retry-never-triggers
  return res.json();
}

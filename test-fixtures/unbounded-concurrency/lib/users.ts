import { withRetry } from './resilient-http';

// A wrapper: calling fetchUser sends a request (through two more project functions).
async function send(path: string) {
  return fetch(`https://api.example.com${path}`, { signal: AbortSignal.timeout(5_000) });
}

async function getJson(path: string) {
  const res = await send(path);
  return res.json();
}

export async function fetchUser(id: string) {
  return getJson(`/users/${id}`);
}

/** The same request, retried with backoff inside the wrapper. */
export async function loadUser(id: string) {
  return withRetry(() => getJson(`/users/${id}`));
}

// unconsumed-body/fetch: the body is cancelled on the way out that leaves it unread, and on the way to the end.
export async function ping(url: string) {
  const init = { signal: AbortSignal.timeout(5_000) };
  const res = await fetch(url, init); // expect: unconsumed-body
  if (res.ok) return true;
  console.warn(`ping failed: HTTP ${res.status}`);
  return false;
}

export async function check(url: string) {
  const init = { signal: AbortSignal.timeout(5_000) };
  const res = await fetch(url, init); // expect: unconsumed-body
  if (res.ok) return;
  console.warn(`check failed: HTTP ${res.status}`);
}

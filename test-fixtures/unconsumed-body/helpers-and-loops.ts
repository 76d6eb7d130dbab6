// Responses handed to a helper that only looks at the head, and a `let` reassigned in a loop.
const deadline = () => AbortSignal.timeout(5_000);

function logFailure(res: Response, context: string) {
  console.warn(`${context}: HTTP ${res.status} ${res.statusText}`, res.headers.get('x-request-id'));
}

async function readError(res: Response) {
  return `HTTP ${res.status}: ${await res.text()}`;
}

export async function syncAccount(url: string) {
  const res = await fetch(url, { method: 'POST', signal: deadline() }); // expect: unconsumed-body
  if (!res.ok) {
    logFailure(res, 'account sync');
    return false;
  }
  return (await res.json()) as boolean;
}

// clean: the helper reads the body.
export async function syncAccountReported(url: string) {
  const res = await fetch(url, { method: 'POST', signal: deadline() });
  if (!res.ok) throw new Error(await readError(res));
  return (await res.json()) as boolean;
}

export async function firstAvailable(mirrors: string[]) {
  let res: Response;
  for (const mirror of mirrors) {
    res = await fetch(mirror, { signal: deadline() }); // expect: unconsumed-body, missing-retry
    if (res.status === 503) continue;
    return res.json();
  }
  return undefined;
}

// clean: the skipped response is cancelled before the next mirror.
export async function firstAvailableCancelled(mirrors: string[]) {
  let res: Response;
  for (const mirror of mirrors) {
    res = await fetch(mirror, { signal: deadline() }); // expect: missing-retry
    if (res.status === 503) {
      await res.body?.cancel();
      continue;
    }
    return res.json();
  }
  return undefined;
}

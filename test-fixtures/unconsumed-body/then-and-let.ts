// Responses handled in a `.then` callback or assigned to a `let` inside a `try`.
const deadline = () => AbortSignal.timeout(5_000);

export function exchangeCode(tokenUrl: string) {
  return fetch(tokenUrl, { method: 'POST', signal: deadline() }).then((res) => { // expect: unconsumed-body
    if (!res.ok) throw new Error(`token exchange failed: ${res.status}`);
    return res.json() as Promise<{ access_token: string }>;
  });
}

export function sendEnvelope(url: string, body: string) {
  return fetch(url, { method: 'POST', body, signal: deadline() }).then((response) => ({ // expect: unconsumed-body
    statusCode: response.status,
    retryAfter: response.headers.get('retry-after'),
  }));
}

export function readsIt(url: string) {
  return fetch(url, { signal: deadline() }).then((res) => res.json());
}

export function handsItOn(url: string) {
  return fetch(url, { signal: deadline() }).then((res) => {
    if (res.status === 204) return undefined;
    return res;
  });
}

export async function verifyToken(verifyUrl: string, token: string) {
  let response: Response;
  try {
    response = await fetch(verifyUrl, { method: 'POST', body: token, signal: deadline() }); // expect: unconsumed-body
  } catch (error) {
    throw new Error('verification request failed', { cause: error });
  }
  if (!response.ok) throw new Error(`verification failed: ${response.status}`);
  const result = (await response.json()) as { success: boolean };
  return result.success;
}

export async function verifyTokenClean(verifyUrl: string, token: string) {
  let response: Response;
  try {
    response = await fetch(verifyUrl, { method: 'POST', body: token, signal: deadline() });
  } catch (error) {
    throw new Error('verification request failed', { cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`verification failed: ${response.status}`);
  }
  return ((await response.json()) as { success: boolean }).success;
}

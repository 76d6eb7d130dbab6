// Fix: the unread body is cancelled (fetch) or dumped (undici) before each way out.
import { request } from 'undici';

const init = { signal: AbortSignal.timeout(5_000) };

export async function loadProfile(url: string) {
  const res = await fetch(url, init); // expect: unconsumed-body
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}`);
  }
  return res.json();
}

export async function loadOrders(url: string) {
  const res = await fetch(url, init); // expect: unconsumed-body
  if (res.status === 404) {
    await res.body?.cancel();
    return [];
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}`);
  }
  return res.json();
}

export async function loadConfig(url: string) {
  const { statusCode, body } = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000 }); // expect: unconsumed-body
  if (statusCode !== 200) {
    await body.dump();
    return undefined;
  }
  return body.json();
}

export async function ping(url: string) {
  const res = await fetch(url, init); // expect: unconsumed-body
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  console.warn(`ping failed: HTTP ${res.status}`);
  await res.body?.cancel();
}

export async function statusOf(url: string) {
  const { statusCode, body } = await request(url, { headersTimeout: 5_000, bodyTimeout: 5_000 }); // expect: unconsumed-body
  await body.dump();
  return statusCode;
}

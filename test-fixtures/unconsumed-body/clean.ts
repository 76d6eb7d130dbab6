// Clean: bodies read, cancelled, returned or handed on along every path; HEAD and 204; a parameter named fetch.
import { request } from 'undici';

const init = { signal: AbortSignal.timeout(5_000) };

class HttpError extends Error {
  constructor(readonly response: Response) {
    super(`HTTP ${response.status}`);
  }
}

export async function readsOnEveryPath(url: string) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return res.json();
}

export async function cancelsBeforeThrowing(url: string) {
  const res = await fetch(url, init);
  if (!res.ok) {
    await res.body?.cancel();
    throw new Error(`HTTP ${res.status}`);
  }
  return res.json();
}

export async function returnsTheResponse(url: string) {
  const res = await fetch(url, init);
  if (!res.ok) return res;
  return res.clone();
}

export async function handsItOn(url: string) {
  const res = await fetch(url, init);
  if (!res.ok) throw new HttpError(res);
  return res.json();
}

export async function storesIt(url: string, cache: Map<string, Response>) {
  const res = await fetch(url, init);
  cache.set(url, res);
}

export async function headRequest(url: string) {
  const res = await fetch(url, { ...init, method: 'HEAD' });
  return res.ok;
}

export async function noContent(url: string) {
  const res = await fetch(url, init);
  if (res.status === 204) return null;
  return res.json();
}

export async function finallyCancels(url: string) {
  const res = await fetch(url, init);
  try {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await res.json();
  } finally {
    if (!res.bodyUsed) await res.body?.cancel();
  }
}

export async function catchCancels(url: string) {
  const res = await fetch(url, init);
  try {
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return await res.json();
  } catch (error) {
    await res.body?.cancel();
    throw error;
  }
}

export async function streamsIt(url: string, onChunk: (chunk: Uint8Array) => void) {
  const res = await fetch(url, init);
  if (!res.body) return;
  for await (const chunk of res.body) onChunk(chunk);
}

export async function closureReadsIt(url: string) {
  const res = await fetch(url, init);
  return () => res.json();
}

export async function undiciDumps(path: string) {
  const { statusCode, body } = await request(`https://api.example.com${path}`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  if (statusCode !== 200) {
    await body.dump();
    return undefined;
  }
  return body.json();
}

export async function fetchParameter(fetch: (url: string) => Promise<Response>, url: string) {
  const res = await fetch(url);
  return res.ok;
}

export async function browserRelativeUrl() {
  const res = await fetch('/api/profile', init);
  if (!res.ok) return null;
  return res.json();
}

export async function manualRedirect(url: string) {
  const res = await fetch(url, { ...init, redirect: 'manual' });
  return res.headers.get('location');
}

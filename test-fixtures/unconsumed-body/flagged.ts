// Responses whose body some path leaves unread: the socket stays taken until garbage collection (fetch) or forever (undici).
import { Pool, fetch as undiciFetch, request } from 'undici';

const init = { signal: AbortSignal.timeout(5_000) };
const pool = new Pool('https://api.example.com', { connections: 8 });

export async function earlyThrow(url: string) {
  const res = await fetch(url, init); // expect: unconsumed-body
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.json();
}

export async function earlyReturn(url: string) {
  const res = await undiciFetch(url, init); // expect: unconsumed-body
  if (!res.ok) {
    console.warn('upstream failed', res.status, res.headers.get('x-request-id'));
    return null;
  }
  return res.text();
}

export async function onlyTheStatus(url: string, payload: string) {
  const res = await fetch(url, { ...init, method: 'POST', body: payload }); // expect: unconsumed-body
  return res.ok;
}

export async function fallsOffTheEnd(url: string, sink: string[]) {
  const res = await globalThis.fetch(url, init); // expect: unconsumed-body
  if (res.ok) sink.push(await res.text());
}

export async function continueInLoop(urls: string[]) {
  const pages: string[] = [];
  for (const url of urls) {
    const res = await fetch(url, init); // expect: unconsumed-body, missing-retry
    if (res.status !== 200) continue;
    pages.push(await res.text());
  }
  return pages;
}

export async function undiciStatusOnly(path: string) {
  const { statusCode } = await request(`https://api.example.com${path}`, { headersTimeout: 5_000, bodyTimeout: 5_000 }); // expect: unconsumed-body
  return statusCode === 200;
}

export async function undiciEarlyReturn(path: string) {
  const { statusCode, body } = await pool.request({ path, method: 'GET', headersTimeout: 5_000, bodyTimeout: 5_000 }); // expect: unconsumed-body
  if (statusCode !== 200) return undefined;
  return body.json();
}

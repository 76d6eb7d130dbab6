// Fix: the cast that made the npm dispatcher pass the global fetch's types goes (or becomes undici's own type).
import { Agent, fetch as undiciFetch, type RequestInit as UndiciRequestInit } from 'undici';

const dispatcher = new Agent({ connections: 8 });

export async function load(url: string) {
  const res = await undiciFetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
  return res.json();
}

export async function loadLegacy(url: string) {
  const res = await undiciFetch(url, { dispatcher, signal: AbortSignal.timeout(5_000), agent: false } as UndiciRequestInit); // expect: dispatcher-mismatch
  return res.text();
}

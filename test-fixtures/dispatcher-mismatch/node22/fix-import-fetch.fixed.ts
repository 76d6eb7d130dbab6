// Fix: undici's fetch is imported next to the file's imports; other fetch calls keep the global one.
import { proxy } from './lib/dispatchers';
import { fetch as undiciFetch } from 'undici';

export async function viaProxy(url: string) {
  const res = await undiciFetch(url, { dispatcher: proxy, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
  return res.json();
}

export async function direct(url: string) {
  return fetch(url, { signal: AbortSignal.timeout(5_000) });
}

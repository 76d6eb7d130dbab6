// Fix: the request goes through undici's own fetch, the same copy as its dispatcher.
import { Agent } from 'undici';

const dispatcher = new Agent({ connections: 8 });

export async function load(url: string) {
  const res = await fetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
  return res.json();
}

export async function loadMore(url: string) {
  const res = await fetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
  return res.text();
}

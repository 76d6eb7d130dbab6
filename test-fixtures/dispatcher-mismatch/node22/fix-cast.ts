// Fix: the cast that made the npm dispatcher pass the global fetch's types goes (or becomes undici's own type).
import { Agent } from 'undici';

const dispatcher = new Agent({ connections: 8 });

export async function load(url: string) {
  const res = await fetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) } as RequestInit); // expect: dispatcher-mismatch
  return res.json();
}

export async function loadLegacy(url: string) {
  const res = await fetch(url, { dispatcher, signal: AbortSignal.timeout(5_000), agent: false } as RequestInit); // expect: dispatcher-mismatch
  return res.text();
}

// dispatcher-mismatch/mismatch: undici's own fetch with its dispatcher; the cast to the global RequestInit goes.
import { Agent } from 'undici';

const dispatcher = new Agent({ connections: 8 });

export async function load(url: string) {
  const res = await fetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) } as RequestInit); // expect: dispatcher-mismatch
  return res.json();
}

// Clean: no Node.js version can be read (engines.node "*", no .nvmrc), so there is no evidence of a mismatch.
import { Agent } from 'undici';

const dispatcher = new Agent({ connections: 8 });

export async function unknownRuntime(url: string) {
  return fetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) });
}

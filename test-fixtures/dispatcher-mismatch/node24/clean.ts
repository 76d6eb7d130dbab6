// Clean: Node 24 (.nvmrc lts/krypton) bundles undici 7, the major installed here.
import { Agent } from 'undici';

const dispatcher = new Agent({ connections: 8 });

export async function sameMajor(url: string) {
  return fetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) });
}

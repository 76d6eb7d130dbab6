// Node 22 (.nvmrc) bundles undici 6; the dispatchers come from npm undici 7.
import { Agent } from 'undici';
import { agent, proxy, retrying } from './lib/dispatchers';

const local = new Agent({ connections: 8 });

export async function viaImportedAgent(url: string) {
  const res = await fetch(url, { dispatcher: agent, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
  return res.json();
}

export async function viaProxy(url: string) {
  return globalThis.fetch(url, { dispatcher: proxy, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
}

export async function viaComposed(url: string) {
  return fetch(url, { dispatcher: retrying, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
}

export async function viaLocal(url: string) {
  return fetch(url, { dispatcher: local, signal: AbortSignal.timeout(5_000) }); // expect: dispatcher-mismatch
}

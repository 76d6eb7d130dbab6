// Clean: undici's own fetch with undici's dispatchers, and global fetch without an npm dispatcher.
import { Agent, fetch as undiciFetch } from 'undici';
import { agent } from './lib/dispatchers';

const local = new Agent({ connections: 8 });

export async function paired(url: string) {
  await undiciFetch(url, { dispatcher: agent, signal: AbortSignal.timeout(5_000) }).then((res) => res.body?.cancel());
  return undiciFetch(url, { dispatcher: local, signal: AbortSignal.timeout(5_000) });
}

export async function plain(url: string) {
  return fetch(url, { signal: AbortSignal.timeout(5_000) });
}

export async function passedIn(url: string, dispatcher: Agent) {
  return fetch(url, { dispatcher, signal: AbortSignal.timeout(5_000) } as RequestInit);
}

export async function userFetch(url: string, fetch: (u: string, o: object) => Promise<unknown>) {
  return fetch(url, { dispatcher: local });
}

// Fix: the agent is created once, at module scope.
import { Agent, request } from 'undici';

const timeout = { signal: AbortSignal.timeout(5_000) };

const dispatcher = new Agent({ connections: 8 });

/** Loads one user. */
export async function getUser(id: string) {
  return request(`https://api.example.com/users/${id}`, { dispatcher, ...timeout });
}

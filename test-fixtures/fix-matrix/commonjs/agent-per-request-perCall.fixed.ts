// agent-per-request/perCall: the agent is created once, at module scope.
import { Agent, request } from 'undici';

const dispatcher = new Agent({ connections: 8 });

export async function getUser(id: string) {
  const { body } = await request(`https://api.example.com/users/${id}`, { dispatcher, signal: AbortSignal.timeout(5_000) });
  return body.json();
}

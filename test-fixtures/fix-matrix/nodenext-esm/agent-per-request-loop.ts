// agent-per-request/loop: the agent is created once, at module scope.
import { Agent, request } from 'undici';

export async function pingAll(urls: string[]) {
  for (const url of urls) {
    const dispatcher = new Agent({ connections: 8 }); // expect: agent-per-request
    // http-resilience-disable-next-line missing-retry
    const { body } = await request(url, { dispatcher, signal: AbortSignal.timeout(5_000) });
    await body.dump();
  }
}

// unconsumed-body/undici: the body is dumped on the way out that leaves it unread.
import { request } from 'undici';

export async function loadConfig(url: string) {
  const { statusCode, body } = await request(url, { signal: AbortSignal.timeout(5_000) }); // expect: unconsumed-body
  if (statusCode !== 200) return undefined;
  return body.json();
}

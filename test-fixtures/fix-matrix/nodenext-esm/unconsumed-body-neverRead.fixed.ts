// unconsumed-body/neverRead: the body is taken and dumped at once.
import { request } from 'undici';

export async function statusOf(url: string) {
  const { statusCode, body } = await request(url, { signal: AbortSignal.timeout(5_000) }); // expect: unconsumed-body
  await body.dump();
  return statusCode;
}

// missing-timeout/undiciStream: a streamed undici download gets headers and idle timeouts, not a total signal.
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { request } from 'undici';

export async function downloadExport(id: string, target: string) {
  const { body } = await request(`https://api.example.com/exports/${id}`, { headersTimeout: 10_000, bodyTimeout: 10_000 }); // expect: missing-timeout
  await pipeline(body, createWriteStream(target));
}

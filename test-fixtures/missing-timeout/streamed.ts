// Streamed transfers: a total deadline would cut a long healthy download or upload, so the advice is idle timeouts.
import { createReadStream, createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Agent, fetch as undiciFetch, request } from 'undici';

export async function downloadBackup(url: string, target: string) {
  const response = await fetch(url); // expect: missing-timeout
  if (!response.ok || !response.body) throw new Error(`backup download failed: ${response.status}`);
  await pipeline(Readable.fromWeb(response.body), createWriteStream(target));
}

export async function uploadArchive(url: string, file: string) {
  const response = await fetch(url, { method: 'PUT', body: Readable.toWeb(createReadStream(file)) as ReadableStream, duplex: 'half' } as RequestInit); // expect: missing-timeout
  return response.json();
}

export async function mirrorObject(url: string, target: string) {
  const { statusCode, body } = await request(url); // expect: missing-timeout
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(`mirror failed: ${statusCode}`);
  }
  await pipeline(body, createWriteStream(target));
}

// clean: the stream goes through a dispatcher (undici's own fetch) whose headers and idle timeouts bound it without a total deadline.
const transfers = new Agent({ connections: 4, headersTimeout: 10_000, bodyTimeout: 30_000 });

export async function downloadBounded(url: string, target: string) {
  const response = await undiciFetch(url, { dispatcher: transfers });
  if (!response.ok || !response.body) throw new Error(`download failed: ${response.status}`);
  await pipeline(Readable.fromWeb(response.body), createWriteStream(target));
}

export async function mirrorBounded(url: string, target: string) {
  const { statusCode, body } = await request(url, { headersTimeout: 10_000, bodyTimeout: 30_000 });
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(`mirror failed: ${statusCode}`);
  }
  await pipeline(body, createWriteStream(target));
}

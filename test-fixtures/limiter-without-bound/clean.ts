// Clean: bounded limiters, and unbounded ones that never send a request.
import pMap from 'p-map';
import PQueue from 'p-queue';
import pLimit from 'p-limit';
import Bottleneck from 'bottleneck';
import { readFile } from 'node:fs/promises';
import { withRetry } from './resilient-http';

const init = { signal: AbortSignal.timeout(5_000) };
const queue = new PQueue({ concurrency: 8 });
const limit = pLimit(8);
const rateLimited = new Bottleneck({ minTime: 100 });
const files = new PQueue();

export async function bounded(urls: string[]) {
  await pMap(urls, (url) => withRetry(() => fetch(url, init)), { concurrency: 8 });
  await Promise.all(urls.map((url) => queue.add(() => withRetry(() => fetch(url, init)))));
  await Promise.all(urls.map((url) => limit(() => withRetry(() => fetch(url, init)))));
  await Promise.all(urls.map((url) => rateLimited.schedule(() => withRetry(() => fetch(url, init)))));
}

export async function notHttp(paths: string[]) {
  await pMap(paths, (path) => readFile(path, 'utf8'));
  await Promise.all(paths.map((path) => files.add(() => readFile(path, 'utf8'))));
}

// Fix: limiters get a bound of 8.
import pMap from 'p-map';
import PQueue from 'p-queue';
import pLimit from 'p-limit';
import { withRetry } from './resilient-http';

const init = { signal: AbortSignal.timeout(5_000) };
const queue = new PQueue({ concurrency: 8 }); // expect: limiter-without-bound
const limit = pLimit(8); // expect: limiter-without-bound

export async function mapAll(urls: string[]) {
  return pMap(urls, (url) => withRetry(() => fetch(url, init)), { concurrency: 8 }); // expect: limiter-without-bound
}

export async function queueAll(urls: string[]) {
  return Promise.all(urls.map((url) => queue.add(() => withRetry(() => fetch(url, init)))));
}

export async function limitAll(urls: string[]) {
  return Promise.all(urls.map((url) => limit(() => withRetry(() => fetch(url, init)))));
}

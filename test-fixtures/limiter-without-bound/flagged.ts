// Limiters that do not limit: each runs every request at once.
import pMap from 'p-map';
import PQueue from 'p-queue';
import pLimit from 'p-limit';
import Bottleneck from 'bottleneck';
import { mapLimit } from 'async';
import { withRetry } from './resilient-http';

const init = { signal: AbortSignal.timeout(5_000) };
const queue = new PQueue(); // expect: limiter-without-bound
const limit = pLimit(Infinity); // expect: limiter-without-bound
const bottleneck = new Bottleneck({ highWater: 1000 }); // expect: limiter-without-bound

export async function mapWithoutConcurrency(urls: string[]) {
  return pMap(urls, (url) => withRetry(() => fetch(url, init))); // expect: limiter-without-bound
}

export async function queueWithoutConcurrency(urls: string[]) {
  return Promise.all(urls.map((url) => queue.add(() => withRetry(() => fetch(url, init)))));
}

export async function infiniteLimit(urls: string[]) {
  return Promise.all(urls.map((url) => limit(() => withRetry(() => fetch(url, init)))));
}

export async function bottleneckWithoutMaxConcurrent(urls: string[]) {
  return Promise.all(urls.map((url) => bottleneck.schedule(() => withRetry(() => fetch(url, init)))));
}

export async function asyncInfinity(urls: string[]) {
  return mapLimit(urls, Infinity, async (url: string) => withRetry(() => fetch(url, init))); // expect: limiter-without-bound
}

// Fix: retry loops wait with the helper's full-jitter backoff; axios-retry gets its exponential delay.
import axios from 'axios';
import axiosRetry from 'axios-retry';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const init = { signal: AbortSignal.timeout(5_000) };

axiosRetry(axios, { retries: 3 }); // expect: retry-without-backoff

export async function noDelay(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) { // expect: retry-without-backoff
    try {
      return await fetch(url, init);
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
}

export async function constantDelay(url: string) {
  let attempts = 0;
  while (true) { // expect: retry-without-backoff
    try {
      return await fetch(url, init);
    } catch (error) {
      if (++attempts >= 5) throw error;
      await sleep(1_000);
    }
  }
}

export async function noJitter(url: string) {
  let delay = 100;
  for (let attempt = 1; attempt <= 5; attempt++) { // expect: retry-without-backoff
    const res = await fetch(url, init); // expect: unconsumed-body
    if (res.ok) return res;
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }
  throw new Error('gave up');
}

export async function emptyCatch(url: string) {
  for (let i = 0; i < 3; i++) { // expect: retry-without-backoff
    try {
      return await fetch(url, init);
    } catch {
      // try again
    }
  }
  return undefined;
}

/** Retries a thrown error and a failing status: the wait goes before every retry, not only into the catch. */
export async function bothPaths(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) { // expect: retry-without-backoff
    try {
      const res = await fetch(url, init);
      if (res.ok) return res;
      await res.body?.cancel();
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  throw new Error('gave up');
}

const RETRY_DELAY_MS = 250;

/** A constant delay on the catch path only: the backoff (on the user's delay) moves where every retry passes. */
export async function delayInCatchOnly(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) { // expect: retry-without-backoff
    try {
      const res = await fetch(url, init);
      if (res.ok) return res;
      await res.body?.cancel();
    } catch (error) {
      if (attempt === 2) throw error;
      await sleep(RETRY_DELAY_MS);
    }
  }
  throw new Error('gave up');
}

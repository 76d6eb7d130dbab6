// Waits read from constants, arrays and option defaults: flat, growing without jitter, or sliced into short sleeps.
import { setTimeout as sleep } from 'node:timers/promises';

const RETRY_DELAYS = [1_000, 2_000, 4_000];
const FLAT_DELAYS = [500, 500, 500];
const FIVE_SECONDS = 5_000;

export async function withDelayTable(url: string) {
  for (let attempt = 0; attempt < RETRY_DELAYS.length + 1; attempt++) { // expect: retry-without-backoff
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      if (attempt === RETRY_DELAYS.length) throw error;
      await sleep(RETRY_DELAYS[attempt]);
    }
  }
}

export async function withFlatTable(url: string) {
  for (let attempt = 0; attempt < 3; attempt++) { // expect: retry-without-backoff
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5_000) });
    } catch {
      await sleep(FLAT_DELAYS[attempt]);
    }
  }
}

export async function fetchWithRetry(url: string, { retries = 3, retryDelay = 0 } = {}) {
  for (let attempt = 0; attempt <= retries; attempt++) { // expect: retry-without-backoff
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      if (attempt === retries) throw error;
      await sleep(retryDelay);
    }
  }
}

export async function everyFiveSeconds(url: string) {
  for (let tries = 0; tries < 5; tries++) { // expect: retry-without-backoff
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (response.ok) return response;
    await response.body?.cancel();
    await sleep(FIVE_SECONDS);
  }
}

// A flat second, waited in 50 ms slices so that a shutdown can interrupt it.
export async function slicedFlat(url: string, signal: AbortSignal) {
  for (let attempt = 0; attempt < 5; attempt++) { // expect: retry-without-backoff
    try {
      return await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]) });
    } catch {
      for (let waited = 0; waited < 1_000 && !signal.aborted; waited += 50) await sleep(50);
    }
  }
}

// clean: a jittered wait, sliced into 50 ms sleeps so that a shutdown can interrupt it.
export async function slicedJittered(url: string, signal: AbortSignal) {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]) });
    } catch {
      const wait = Math.random() * 250 * 2 ** attempt;
      for (let waited = 0; waited < wait && !signal.aborted; waited += 50) await sleep(50);
    }
  }
}

// clean: a table of delays with jitter applied to each.
export async function withJitteredTable(url: string) {
  for (let attempt = 0; attempt < RETRY_DELAYS.length; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5_000) });
    } catch {
      await sleep(Math.random() * RETRY_DELAYS[attempt]);
    }
  }
}

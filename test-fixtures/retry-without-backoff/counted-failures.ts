// Loops that count failed attempts against a limit are retries however long their body is; a `catch` that always
// leaves the loop (throw, break, return) retries nothing.
import axios from 'axios';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function checkStatus(jobId: string): Promise<{ done: boolean } | undefined> {
  const response = await axios.get(`https://engine.example.com/jobs/${jobId}`, { timeout: 5_000 });
  return response.data.done ? response.data : undefined;
}

// A status poll whose unexpected errors are retried up to a limit after a flat 250 ms.
export async function waitForJob(jobId: string) {
  const errorLimit = 3;
  const errors: unknown[] = [];
  let status: { done: boolean } | undefined;
  while (status === undefined) { // expect: retry-without-backoff
    if (errors.length >= errorLimit) throw new Error('Error limit hit.', { cause: { errors } });
    try {
      status = await checkStatus(jobId);
    } catch (error) {
      errors.push(error);
      console.debug(`checkStatus failed, ${errors.length} errors so far`, { jobId, error, at: new Date().toISOString() });
      console.debug('The job is polled again after the interval; the next check may succeed once the engine is back.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
      console.debug('Padding so that the body is longer than the short-body limit for retry words in a loop body.');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return status;
}

// Network errors retried with exponential backoff and no jitter, next to a polling interval.
export async function monitorJob(id: string, checkInterval: number) {
  let networkRetries = 0;
  const maxNetworkRetries = 3;
  while (true) { // expect: retry-without-backoff
    try {
      const response = await axios.get(`https://api.example.com/v1/crawl/${id}`, { timeout: 10_000 });
      if (response.data.status === 'completed') return response.data;
      await sleep(checkInterval * 1000);
    } catch (error) {
      if (networkRetries < maxNetworkRetries) {
        networkRetries++;
        const backoffDelay = Math.min(1000 * Math.pow(2, networkRetries - 1), 10000);
        await new Promise((resolve) => setTimeout(resolve, backoffDelay));
        continue;
      }
      throw error;
    }
  }
}

// clean: pagination that counts empty pages as `attempts`; its `catch` always leaves the loop, and the `continue` is
// the inner loop's. Nor is it missing a retry: a loop counted in attempts sends the request again by design.
export async function searchPages(term: string, wanted: number) {
  const results: string[] = [];
  let start = 0;
  let attempts = 0;
  const maxAttempts = 20;
  while (start < wanted && attempts < maxAttempts) {
    try {
      const response = await axios.get('https://search.example.com/search', { params: { q: term, start }, timeout: 5_000 });
      const links = response.data.links as string[];
      if (links.length === 0) {
        start += 1;
        attempts += 1;
      } else {
        attempts = 0;
      }
      for (const link of links) {
        if (results.includes(link)) continue;
        results.push(link);
        start += 1;
      }
    } catch (error) {
      if ((error as Error).message === 'Too many requests') break;
      throw error;
    }
  }
  return results;
}

// clean: `errors.length > 0` is not a count of attempts, and the loop is over a job queue.
export async function drain(queue: { next(): Promise<string | undefined> }) {
  const errors: unknown[] = [];
  let job = await queue.next();
  while (job !== undefined) {
    try {
      await axios.post(`https://api.example.com/jobs/${job}/ack`, {}, { timeout: 5_000 });
    } catch (error) {
      errors.push(error);
      if (errors.length > 0) console.warn('some deletes failed');
    }
    job = await queue.next();
  }
  return errors;
}

// No retry words at all: success `break`s out right after the request and a failure goes round again.
export async function putMetadata(url: string, metadata: Record<string, string>) {
  for (let i = 0; i < 3; i++) { // expect: retry-without-backoff
    try {
      await fetch(url, { method: 'PUT', body: JSON.stringify(metadata), signal: AbortSignal.timeout(5_000) }); // expect: unconsumed-body
      break;
    } catch (error) {
      if (i === 2) throw error;
      console.error('Error saving metadata', { error, i });
    }
  }
}

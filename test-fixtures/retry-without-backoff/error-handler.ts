// Retries started from a request's failure callback: an `'error'` listener or a `.catch`, often through a timer.
import https from 'node:https';

const RETRY_DELAY = 1_000;

export function send(url: string, body: string, attempt = 0): void {
  const req = https.request(url, { method: 'PUT', timeout: 5_000 }, (res) => res.resume());
  req.on('error', (error) => {
    if (attempt >= 3) return console.error('giving up', error);
    setTimeout(() => send(url, body, attempt + 1), RETRY_DELAY); // expect: retry-without-backoff
  });
  req.end(body);
}

export function ping(url: string, tries = 3): void {
  https
    .get(url, { timeout: 5_000 }, (res) => res.resume())
    .once('error', () => {
      if (tries > 0) ping(url, tries - 1); // expect: retry-without-backoff
    });
}

export function load(url: string, attempt = 1): Promise<unknown> {
  return fetch(url, { signal: AbortSignal.timeout(5_000) })
    .then((response) => response.json())
    .catch(async (error) => {
      if (attempt > 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      return load(url, attempt + 1); // expect: retry-without-backoff
    });
}

// clean: full jitter on the timer before the next attempt.
export function sendJittered(url: string, body: string, attempt = 0): void {
  const req = https.request(url, { method: 'PUT', timeout: 5_000 }, (res) => res.resume());
  req.on('error', () => {
    if (attempt < 3) setTimeout(() => sendJittered(url, body, attempt + 1), Math.random() * 1_000 * 2 ** attempt);
  });
  req.end(body);
}

// clean: the next page is fetched when this one ends, not when it fails.
export function pages(url: string, page = 1, seen: string[] = []): void {
  https.get(`${url}?page=${page}`, { timeout: 5_000 }, (res) => {
    let text = '';
    res.on('data', (chunk) => (text += chunk));
    res.on('end', () => {
      seen.push(text);
      if (text.length > 0) pages(url, page + 1, seen);
    });
  }).on('error', (error) => console.error('listing failed', error));
}

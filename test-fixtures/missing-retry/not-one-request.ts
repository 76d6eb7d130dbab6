// clean: requests a retry does not suit: a proxy forwarding the client's request, a routine with one incidental
// request deep inside, and a fan-out under Promise.allSettled (a failure is one settled result, not the batch).
import express from 'express';
import pLimit from 'p-limit';

const limit = pLimit(8);

const app = express();

app.all('/proxy/*', async (req, res) => {
  const upstream = await fetch(`https://upstream.example.com${req.url}`, { method: req.method, body: req.body, signal: AbortSignal.timeout(30_000) });
  res.status(upstream.status).send(await upstream.text());
});

app.post('/stream/*', async (req, res) => {
  const upstream = await fetch('https://upstream.example.com/upload', { method: 'PUT', body: req as unknown as ReadableStream, duplex: 'half', signal: AbortSignal.timeout(30_000) } as RequestInit);
  res.status(upstream.status).send(await upstream.text());
});

async function performExtraction(url: string, steps: string[]) {
  const log: string[] = [];
  log.push(`step 0: ${steps[0] ?? 'none'}`);
  log.push(`step 1: ${steps[1] ?? 'none'}`);
  log.push(`step 2: ${steps[2] ?? 'none'}`);
  log.push(`step 3: ${steps[3] ?? 'none'}`);
  log.push(`step 4: ${steps[4] ?? 'none'}`);
  log.push(`step 5: ${steps[0] ?? 'none'}`);
  log.push(`step 6: ${steps[1] ?? 'none'}`);
  log.push(`step 7: ${steps[2] ?? 'none'}`);
  log.push(`step 8: ${steps[3] ?? 'none'}`);
  log.push(`step 9: ${steps[4] ?? 'none'}`);
  log.push(`step 10: ${steps[0] ?? 'none'}`);
  log.push(`step 11: ${steps[1] ?? 'none'}`);
  log.push(`step 12: ${steps[2] ?? 'none'}`);
  log.push(`step 13: ${steps[3] ?? 'none'}`);
  log.push(`step 14: ${steps[4] ?? 'none'}`);
  log.push(`step 15: ${steps[0] ?? 'none'}`);
  log.push(`step 16: ${steps[1] ?? 'none'}`);
  log.push(`step 17: ${steps[2] ?? 'none'}`);
  log.push(`step 18: ${steps[3] ?? 'none'}`);
  log.push(`step 19: ${steps[4] ?? 'none'}`);
  log.push(`step 20: ${steps[0] ?? 'none'}`);
  log.push(`step 21: ${steps[1] ?? 'none'}`);
  log.push(`step 22: ${steps[2] ?? 'none'}`);
  log.push(`step 23: ${steps[3] ?? 'none'}`);
  log.push(`step 24: ${steps[4] ?? 'none'}`);
  log.push(`step 25: ${steps[0] ?? 'none'}`);
  log.push(`step 26: ${steps[1] ?? 'none'}`);
  log.push(`step 27: ${steps[2] ?? 'none'}`);
  log.push(`step 28: ${steps[3] ?? 'none'}`);
  log.push(`step 29: ${steps[4] ?? 'none'}`);
  log.push(`step 30: ${steps[0] ?? 'none'}`);
  log.push(`step 31: ${steps[1] ?? 'none'}`);
  log.push(`step 32: ${steps[2] ?? 'none'}`);
  log.push(`step 33: ${steps[3] ?? 'none'}`);
  log.push(`step 34: ${steps[4] ?? 'none'}`);
  log.push(`step 35: ${steps[0] ?? 'none'}`);
  log.push(`step 36: ${steps[1] ?? 'none'}`);
  log.push(`step 37: ${steps[2] ?? 'none'}`);
  log.push(`step 38: ${steps[3] ?? 'none'}`);
  log.push(`step 39: ${steps[4] ?? 'none'}`);
  log.push(`step 40: ${steps[0] ?? 'none'}`);
  log.push(`step 41: ${steps[1] ?? 'none'}`);
  log.push(`step 42: ${steps[2] ?? 'none'}`);
  log.push(`step 43: ${steps[3] ?? 'none'}`);
  log.push(`step 44: ${steps[4] ?? 'none'}`);
  log.push(`step 45: ${steps[0] ?? 'none'}`);
  log.push(`step 46: ${steps[1] ?? 'none'}`);
  log.push(`step 47: ${steps[2] ?? 'none'}`);
  log.push(`step 48: ${steps[3] ?? 'none'}`);
  log.push(`step 49: ${steps[4] ?? 'none'}`);
  log.push(`step 50: ${steps[0] ?? 'none'}`);
  log.push(`step 51: ${steps[1] ?? 'none'}`);
  log.push(`step 52: ${steps[2] ?? 'none'}`);
  log.push(`step 53: ${steps[3] ?? 'none'}`);
  log.push(`step 54: ${steps[4] ?? 'none'}`);
  log.push(`step 55: ${steps[0] ?? 'none'}`);
  log.push(`step 56: ${steps[1] ?? 'none'}`);
  log.push(`step 57: ${steps[2] ?? 'none'}`);
  log.push(`step 58: ${steps[3] ?? 'none'}`);
  log.push(`step 59: ${steps[4] ?? 'none'}`);
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  log.push(await response.text());
  return log;
}

app.get('/extract', async (req, res) => {
  res.json(await performExtraction(String(req.query.url), []));
});

export async function settleAll(ids: string[]) {
  return Promise.allSettled(ids.map((id) => limit(() => fetch(`https://api.example.com/items/${id}`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.json()))));
}

// Still flagged: a short function around one request, and a GET that forwards nothing of the client's.
async function loadItem(id: string) {
  const response = await fetch(`https://api.example.com/items/${id}`, { signal: AbortSignal.timeout(5_000) });
  return response.json();
}

app.get('/items/:id', async (req, res) => {
  res.json(await loadItem(req.params.id)); // expect: missing-retry
});

export async function allItems(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => fetch(`https://api.example.com/items/${id}`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.json())))); // expect: missing-retry
}

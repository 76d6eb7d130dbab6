// A wrapper that retries by calling itself, only when the caller asks for more than one try (`tryCount` counts down
// from a default of 1): calls that leave the default get no retry. Health-check handlers report, they do not retry.
import express from 'express';
import { fetch, Agent } from 'undici';

const agent = new Agent({ connections: 8, keepAliveTimeout: 4_000 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function robustFetch({ url, tryCount = 1 }: { url: string; tryCount?: number }): Promise<unknown> {
  let response;
  try {
    response = await fetch(url, { dispatcher: agent, signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    if (tryCount <= 1) throw error;
    await sleep(Math.random() * 1_000);
    return robustFetch({ url, tryCount: tryCount - 1 });
  }
  return response.json();
}

export async function pollStatus(id: string) {
  let status = 'IN_QUEUE';
  do {
    await sleep(2_500);
    const result = (await robustFetch({ url: `https://api.example.com/status/${id}` })) as { status: string }; // expect: missing-retry
    status = result.status;
  } while (status !== 'COMPLETED' && status !== 'FAILED');
  return status;
}

// clean: this call asks for three tries.
export async function pollRetried(ids: string[]) {
  const results = [];
  for (const id of ids) results.push(await robustFetch({ url: `https://api.example.com/status/${id}`, tryCount: 3 }));
  return results;
}

const app = express();

// clean: a liveness check must see the failure; the prober retries.
app.get('/liveness', async (_req, res) => {
  const upstream = await fetch('https://api.example.com/', { signal: AbortSignal.timeout(5_000) });
  await upstream.body.cancel();
  res.status(upstream.ok ? 200 : 500).json({ ok: upstream.ok });
});

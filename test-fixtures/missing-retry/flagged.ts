// Requests where one transient failure costs a lot, with no retry on the path.
import express from 'express';
import axios from 'axios';
import pLimit from 'p-limit';

const init = { signal: AbortSignal.timeout(5_000) };
const limit = pLimit(8);
const app = express();

export async function fanOut(ids: string[]) {
  return Promise.all(ids.map((id) => limit(() => fetch(`https://api.example.com/${id}`, init)))); // expect: missing-retry
}

export async function sequentialLoop(ids: string[]) {
  const results = [];
  for (const id of ids) {
    results.push(await axios.get(`https://api.example.com/${id}`, { timeout: 5_000 })); // expect: missing-retry
  }
  return results;
}

app.get('/profile', async (req, res) => {
  const upstream = await fetch('https://api.example.com/profile', init); // expect: missing-retry
  res.json(await upstream.json());
});

setInterval(async () => {
  await fetch('https://api.example.com/heartbeat', init); // expect: unconsumed-body, missing-retry
}, 60_000);

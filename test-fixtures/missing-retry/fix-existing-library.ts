// Fix: a file that already retries with p-retry gets p-retry, not the helper's withRetry.
import pRetry from 'p-retry';
import axios from 'axios';

export async function loadProfile(id: string) {
  return pRetry(() => axios.get(`https://api.example.com/profiles/${id}`, { timeout: 5_000 }), { retries: 2 });
}

export async function crawl(ids: string[]) {
  const pages: unknown[] = [];
  for (const id of ids) {
    const res = await axios.get(`https://api.example.com/pages/${id}`, { timeout: 5_000 }); // expect: missing-retry
    pages.push(res.data);
  }
  return pages;
}

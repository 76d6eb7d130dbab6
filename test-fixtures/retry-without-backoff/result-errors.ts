// Retry loops around SDK clients that resolve with `{ data, error }` instead of rejecting: the loop leaves when
// `error` is empty and goes round otherwise. The clients come from another project file (lib/database.ts).
import { db, replica } from './lib/database';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const RETRY_DELAY_MS = 200;

export async function creditUsage(apiKey: string) {
  let data;
  let error;
  let retries = 0;
  const maxRetries = 5;
  while (retries < maxRetries) { // expect: retry-without-backoff
    const client = Math.random() > 2 / 3 ? replica : db;
    ({ data, error } = await client.rpc('credit_usage', { api_key: apiKey }, { get: true }));
    if (!error) break;
    retries++;
    if (retries === maxRetries) throw new Error(`credit usage failed: ${error.message}`);
    await sleep(RETRY_DELAY_MS);
  }
  return data;
}

export async function logJob(row: { id: string; status: string }) {
  let i = 0;
  while (i++ <= 10) { // expect: retry-without-backoff
    try {
      const { error } = await db.from('jobs').insert([row]); // expect: unsafe-retry-method
      if (error) {
        console.warn('insert failed, trying again', error);
        await new Promise<void>((resolve) => setTimeout(() => resolve(), 75));
      } else {
        break;
      }
    } catch (error) {
      console.warn('insert threw, trying again', error);
      await new Promise<void>((resolve) => setTimeout(() => resolve(), 75));
    }
  }
}

export class Teams {
  private readonly client = replica;

  async members(teamId: string) {
    for (let attempt = 1; attempt <= 3; attempt++) { // expect: retry-without-backoff
      const { data, error } = await this.client.from('members').select('*').eq('team_id', teamId);
      if (error === null) return data;
      await sleep(500 * 2 ** attempt);
    }
    return [];
  }
}

// clean: full jitter between attempts.
export async function creditUsageJittered(apiKey: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const { data, error } = await replica.rpc('credit_usage', { api_key: apiKey });
    if (!error) return data;
    await sleep(Math.random() * 200 * 2 ** attempt);
  }
  throw new Error('credit usage failed');
}

// clean: pages of a table; the loop stops on an error or an empty page, it does not try again.
export async function allJobs() {
  const jobs: unknown[] = [];
  for (let page = 0; page < 100; page++) {
    const { data, error } = await db.from('jobs').select('*').range(page * 100, page * 100 + 99);
    if (error || !data?.length) break;
    jobs.push(...data);
    await sleep(50);
  }
  return jobs;
}

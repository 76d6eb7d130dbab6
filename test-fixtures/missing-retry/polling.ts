// Loops counted in attempts that poll or page until the data is there: their errors end the run by design.
interface Field {
  name: string;
}

const init = { signal: AbortSignal.timeout(5_000) };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function listFields(tableId: string): Promise<Field[]> {
  const response = await fetch(`https://tables.example.com/v1/tables/${tableId}/fields`, init);
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`fields of ${tableId}: ${response.status}`);
  }
  return (await response.json()) as Field[];
}

// Flagged: one request per page, and one transient error loses every page read so far.
export async function allPages(query: string, pages: number) {
  const results: unknown[] = [];
  for (let page = 1; page <= pages; page++) {
    const response = await fetch(`https://search.example.com/v1?q=${encodeURIComponent(query)}&page=${page}`, init); // expect: missing-retry
    results.push(...((await response.json()) as unknown[]));
  }
  return results;
}

// clean: a poll of five looks, two seconds apart, for fields another request created; a failed look ends the wait.
export async function waitForFields(tableId: string, names: string[], maxRetries = 5, intervalMs = 2_000) {
  let missing: string[] = names;
  for (let attempt = 1; attempt <= maxRetries; attempt++) {
    const existing = new Set((await listFields(tableId)).map((field) => field.name));
    missing = names.filter((name) => !existing.has(name));
    if (missing.length === 0) return;
    if (attempt < maxRetries) await pause(intervalMs);
  }
  throw new Error(`fields still missing: ${missing.join(', ')}`);
}

// clean: pages of results until enough are found; `attempts` counts empty pages, and an error is thrown, not retried.
export async function searchResults(term: string, wanted = 10) {
  const found: string[] = [];
  let start = 0;
  let attempts = 0;
  const maxAttempts = 20;
  while (found.length < wanted && attempts < maxAttempts) {
    const response = await fetch(`https://search.example.com/v1?q=${encodeURIComponent(term)}&start=${start}`, init);
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`search: ${response.status}`);
    }
    const links = (await response.json()) as string[];
    if (links.length === 0) attempts += 1;
    else attempts = 0;
    found.push(...links);
    start += links.length + 1;
  }
  return found;
}

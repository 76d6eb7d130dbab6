// A memoized promise: the request under the cache guard runs once, however many lookups fan out.
const config: { labels: Promise<Array<{ id: number; name: string }>> | null } = { labels: null };

function getLabelList(): Promise<Array<{ id: number; name: string }>> {
  if (config.labels === null) {
    config.labels = fetch('https://forge.example.com/api/labels', { signal: AbortSignal.timeout(5_000) }).then((response) => response.json());
  }
  return config.labels;
}

async function lookupLabelByName(name: string): Promise<number | undefined> {
  const labels = await getLabelList();
  return labels.find((label) => label.name === name)?.id;
}

// clean: one request in all, for the first lookup.
export async function labelIds(names: string[]) {
  return Promise.all(names.map(lookupLabelByName));
}

let cachedUser: { id: number } | undefined;

// Filled after an `await`: concurrent first calls all miss the cache, so each sends the request.
async function currentUser(token: string): Promise<{ id: number }> {
  if (!cachedUser) {
    const response = await fetch('https://forge.example.com/api/user', { headers: { token }, signal: AbortSignal.timeout(5_000) });
    cachedUser = (await response.json()) as { id: number };
  }
  return cachedUser;
}

export async function usersOf(tokens: string[]) {
  return Promise.all(tokens.map((token) => currentUser(token))); // expect: unbounded-concurrency, missing-retry
}

// Collections capped by the query that loads them.
declare const db: {
  webhook: { findMany(args: { where?: object; take?: number }): Promise<Array<{ url: string }>> };
  query(text: string): Promise<Array<{ url: string }>>;
  selectFrom(table: string): { where(column: string, value: boolean): { limit(rows: number): { execute(): Promise<Array<{ url: string }>> } } };
};

const notify = (url: string) => fetch(url, { method: 'POST', signal: AbortSignal.timeout(5_000) });

// clean: at most 20 rows (`take: 20`), and at most 10 (`LIMIT 10`).
export async function notifyFirst() {
  const hooks = await db.webhook.findMany({ where: { active: true }, take: 20 });
  return Promise.allSettled(hooks.map((hook) => notify(hook.url)));
}

export async function notifyNewest() {
  const hooks = await db.query('SELECT url FROM webhooks ORDER BY created_at DESC LIMIT 10');
  return Promise.allSettled(hooks.map((hook) => notify(hook.url)));
}

// clean: a query builder's `.limit(10)` down the chain caps it the same way.
export async function notifyOldest() {
  const hooks = await db.selectFrom('webhooks').where('active', true).limit(10).execute();
  return Promise.allSettled(hooks.map((hook) => notify(hook.url)));
}

// A cap of 1,000 rows is a table's worth of requests at once.
export async function notifyMany() {
  const hooks = await db.webhook.findMany({ where: { active: true }, take: 1000 });
  return Promise.allSettled(hooks.map((hook) => notify(hook.url))); // expect: unbounded-concurrency
}

export async function notifyAll() {
  const hooks = await db.webhook.findMany({ where: { active: true } });
  return Promise.allSettled(hooks.map((hook) => notify(hook.url))); // expect: unbounded-concurrency
}

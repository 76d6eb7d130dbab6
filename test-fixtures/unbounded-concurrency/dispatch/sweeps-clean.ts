// Clean look-alikes: dispatched requests over collections of unknown or small size, bounded fan-outs, no request.
import pLimit from 'p-limit';
import { auth } from './auth';
import { jobs } from './job-client';
import type { BaseJobProvider } from './base-provider';
import { EndpointJobProvider, NoopJobProvider } from './providers';

export const endpoint = EndpointJobProvider.getInstance();

interface Rows {
  findMany(args: { where?: object; take?: number }): Promise<Array<{ id: string; userId: string }>>;
}

declare function webhooksOfTeam(teamId: string): Promise<Array<{ id: string }>>;

// The size of a team's webhooks is not in the code: no warning on a guess.
export async function triggerWebhooks(teamId: string) {
  const webhooks = await webhooksOfTeam(teamId);
  await Promise.allSettled(webhooks.map((webhook) => jobs.triggerJob('webhook', { id: webhook.id })));
}

// A page of 20 rows.
export async function firstPage(recipients: Rows) {
  const page = await recipients.findMany({ take: 20 });
  await Promise.all(page.map((row) => auth.getUser(row.userId)));
}

// Large, but through a limiter.
export async function bounded(recipients: Rows) {
  const limit = pLimit(8);
  const rows = await recipients.findMany({ take: 1000 });
  await Promise.all(rows.map((row) => limit(() => jobs.triggerJob('bounded', { id: row.id }))));
}

// Large, awaited one at a time.
export async function sequential(recipients: Rows) {
  for (const row of await recipients.findMany({ take: 1000 })) {
    await jobs.triggerJob('one', { id: row.id });
  }
}

// A provider whose implementation sends nothing.
export async function noop(recipients: Rows) {
  const provider = new NoopJobProvider();
  const rows = await recipients.findMany({ take: 1000 });
  await Promise.all(rows.map((row) => provider.triggerJob('noop', { id: row.id })));
}

// The field's object is built in the constructor: a no-op provider, whatever the declared type's other subclasses do.
export class QuietSweeper {
  private provider: BaseJobProvider;

  constructor() {
    this.provider = new NoopJobProvider();
  }

  async sweep(recipients: Rows) {
    const rows = await recipients.findMany({ take: 1000 });
    await Promise.all(rows.map((row) => this.provider.triggerJob('quiet', { id: row.id })));
  }
}

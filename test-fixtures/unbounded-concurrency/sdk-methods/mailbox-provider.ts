// A mail provider class: its methods send through the injected Gmail client, some inside a callback handed to the
// class's own quota-tracking wrapper, and the list methods fan out through those methods.
import type { gmail_v1 } from '@googleapis/gmail';
import { fetchMessage } from './messages';
import { recordQuotaErrors } from './quota';

export class MailboxProvider {
  private readonly client: gmail_v1.Gmail;

  constructor(
    client: gmail_v1.Gmail,
    private readonly mailbox: string,
  ) {
    this.client = client;
  }

  async getThreads(labelId?: string) {
    return this.withRateLimitTracking('get-threads', async () => {
      const response = await this.client.users.threads.list({ userId: 'me', labelIds: labelId ? [labelId] : undefined });
      const threads = response.data.threads || [];
      const pending = threads.map((thread) => this.getThread(thread.id!));
      return Promise.all(pending); // expect: unbounded-concurrency
    });
  }

  async getThread(threadId: string) {
    return this.withRateLimitTracking('get-thread', async () => {
      const response = await this.client.users.threads.get({ userId: 'me', id: threadId, format: 'minimal' });
      return { id: threadId, snippet: response.data.snippet ?? '' };
    });
  }

  async getDrafts(maxResults = 50) {
    const response = await this.client.users.drafts.list({ userId: 'me', maxResults });
    const drafts = response.data.drafts || [];
    return Promise.all(drafts.filter((draft) => draft.message?.id).map((draft) => this.getMessage(draft.message!.id!))); // expect: unbounded-concurrency
  }

  async getMessage(messageId: string) {
    const message = await fetchMessage(messageId, this.client);
    return { id: message.id ?? messageId, labels: message.labelIds ?? [] };
  }

  private async withRateLimitTracking<T>(source: string, operation: () => Promise<T>): Promise<T> {
    return recordQuotaErrors({ mailbox: this.mailbox, source: `gmail/${source}` }, operation);
  }
}

async function refreshLabel(gmail: gmail_v1.Gmail, labelId: string) {
  const response = await gmail.users.labels.get({ userId: 'me', id: labelId });
  return response.data;
}

export async function refreshLabels(gmail: gmail_v1.Gmail) {
  const response = await gmail.users.labels.list({ userId: 'me' });
  const refreshed: Promise<gmail_v1.Schema$Label>[] = [];
  for (const label of response.data.labels ?? []) {
    refreshed.push(refreshLabel(gmail, label.id!)); // expect: unbounded-concurrency
  }
  return Promise.all(refreshed);
}

// clean: look-alikes of mailbox-provider.ts that stay quiet: a wrapper named like a limiter that does wait for a token
// first, a method that sends nothing, one thread at a time, and ids a caller passes (their number is not known here).
import type { gmail_v1 } from '@googleapis/gmail';
import { RateLimiter } from 'limiter';

export class QuietMailbox {
  private readonly tokens = new RateLimiter({ tokensPerInterval: 5, interval: 'second' });

  constructor(private readonly client: gmail_v1.Gmail) {}

  async getThreads() {
    const response = await this.client.users.threads.list({ userId: 'me' });
    const threads = response.data.threads || [];
    return Promise.all(threads.map((thread) => this.getThread(thread.id!)));
  }

  async summaries() {
    const response = await this.client.users.threads.list({ userId: 'me' });
    const threads = response.data.threads || [];
    return Promise.all(threads.map((thread) => this.summarize(thread)));
  }

  async getThreadsInOrder() {
    const response = await this.client.users.threads.list({ userId: 'me' });
    const result = [];
    for (const thread of response.data.threads || []) result.push(await this.getThread(thread.id!));
    return result;
  }

  async getThreadsById(ids: string[]) {
    return Promise.all(ids.map((id) => this.getThread(id)));
  }

  async getThread(threadId: string) {
    return this.withRateLimit(async () => {
      const response = await this.client.users.threads.get({ userId: 'me', id: threadId });
      return response.data;
    });
  }

  private async summarize(thread: gmail_v1.Schema$Thread) {
    return { id: thread.id, snippet: thread.snippet?.slice(0, 80) };
  }

  private async withRateLimit<T>(operation: () => Promise<T>): Promise<T> {
    await this.tokens.removeTokens(1);
    return operation();
  }
}

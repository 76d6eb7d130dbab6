import type { Client } from '@microsoft/microsoft-graph-client';

/** What the folder helpers need of a signed-in Outlook mailbox. */
export interface GraphMailbox {
  getClient(): Client;
  readonly userId: string;
}

export async function withGraphRetry<T>(operation: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 250 * Math.random()));
    }
  }
}

// Fan-outs through the Gmail and Microsoft Graph SDKs: a client injected as `gmail_v1.Gmail`, one from `google.gmail(…)`,
// one from `Client.initWithMiddleware(…)`.
import { gmail_v1 } from '@googleapis/gmail';
import { google } from 'googleapis';
import { Client } from '@microsoft/microsoft-graph-client';

export class GmailProvider {
  private readonly client: gmail_v1.Gmail;

  constructor(client: gmail_v1.Gmail) {
    this.client = client;
  }

  async getThreads(query: string) {
    const response = await this.client.users.threads.list({ userId: 'me', q: query });
    const threads = response.data.threads ?? [];
    return Promise.all(threads.map((thread) => this.client.users.threads.get({ userId: 'me', id: thread.id ?? '' }))); // expect: unbounded-concurrency
  }

  // clean: one thread's labels, sent one request.
  async labelThread(threadId: string, labelIds: string[]) {
    return this.client.users.threads.modify({ userId: 'me', id: threadId, requestBody: { addLabelIds: labelIds } });
  }
}

export async function archiveAll(auth: string, messageIds: string[]) {
  const gmail = google.gmail({ version: 'v1', auth });
  await Promise.all(messageIds.map((id) => gmail.users.messages.trash({ userId: 'me', id }))); // expect: unbounded-concurrency
}

export async function moveToFolder(token: string, messageIds: string[], folderId: string) {
  const graph = Client.initWithMiddleware({ authProvider: { getAccessToken: async () => token } });
  await Promise.all(messageIds.map((id) => graph.api(`/me/messages/${id}/move`).post({ destinationId: folderId }))); // expect: unbounded-concurrency
}

// clean: a fixed pair of Graph calls, and one message at a time.
export async function profile(token: string) {
  const graph = Client.initWithMiddleware({ authProvider: { getAccessToken: async () => token } });
  return Promise.all([graph.api('/me').get(), graph.api('/me/mailboxSettings').get()]);
}

export async function readSequentially(auth: string, messageIds: string[]) {
  const gmail = google.gmail({ version: 'v1', auth });
  const messages = [];
  for (const id of messageIds) messages.push(await gmail.users.messages.get({ userId: 'me', id }));
  return messages;
}

import type { gmail_v1 } from '@googleapis/gmail';

export async function fetchMessage(id: string, gmail: gmail_v1.Gmail) {
  const response = await gmail.users.messages.get({ userId: 'me', id, format: 'full' });
  return response.data;
}

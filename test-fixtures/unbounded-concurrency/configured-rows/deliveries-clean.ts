// Deliveries to what one workspace configured by hand: its webhooks, its calendar connections. A handful each.
import { prisma } from './prisma';

interface Webhook {
  id: string;
  url: string;
}

const webhooksFor = async (workspaceId: string, event: string): Promise<Webhook[]> => {
  if (!workspaceId) return [];
  return await prisma.webhook.findMany({ where: { workspaceId, triggers: { has: event } } });
};

async function deliver(webhook: Webhook, payload: unknown) {
  const response = await fetch(webhook.url, { method: 'POST', body: JSON.stringify(payload), signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
}

const deliverAll = async ({ webhooks, payload }: { webhooks: Webhook[]; payload: unknown }) => {
  await Promise.allSettled(webhooks.map((webhook) => deliver(webhook, payload)));
};

export async function onResponse(workspaceId: string, payload: unknown) {
  const [settings, webhooks] = await Promise.all([prisma.setting.findFirst({ where: { workspaceId } }), webhooksFor(workspaceId, 'response')]);
  if (!settings) return;
  await deliverAll({ webhooks, payload });
}

export async function busyTimes(accountId: string) {
  const connections = await prisma.calendarConnection.findMany({ where: { accountId, connected: true } });
  const outlook = connections.filter((connection) => connection.provider === 'outlook');
  const busy = [];
  for (const connection of outlook) {
    busy.push(fetch(`https://calendar.example.com/${connection.id}/busy`, { signal: AbortSignal.timeout(5_000) }).then((r) => r.json())); // expect: missing-retry
  }
  return Promise.all(busy);
}

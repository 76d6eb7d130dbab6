// Look-alikes that are large: every workspace's webhooks, the subscribers of a page, webhooks of many workspaces.
import { prisma } from './prisma';

async function deliver(url: string, payload: unknown) {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify(payload), signal: AbortSignal.timeout(5_000) });
  await response.body?.cancel();
}

export async function broadcast(event: string, payload: unknown) {
  const webhooks = await prisma.webhook.findMany({ where: { triggers: { has: event } } });
  await Promise.allSettled(webhooks.map((webhook) => deliver(webhook.url, payload))); // expect: unbounded-concurrency
}

export async function notifySubscribers(pageId: string, payload: unknown) {
  const subscribers = await prisma.subscriber.findMany({ where: { pageId } });
  await Promise.allSettled(subscribers.map((subscriber) => deliver(subscriber.webhookUrl, payload))); // expect: unbounded-concurrency
}

export async function notifyWorkspaces(workspaceIds: string[], payload: unknown) {
  const webhooks = await prisma.webhook.findMany({ where: { workspaceId: { in: workspaceIds } } });
  await Promise.allSettled(webhooks.map((webhook) => deliver(webhook.url, payload))); // expect: unbounded-concurrency
}

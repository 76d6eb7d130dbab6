// Imports every incident of a status page with the update history of each.
import { connectStatusClient, createStatusClient } from './status-client';

export async function importIncidents(apiKey: string, pageId: string) {
  const client = createStatusClient(apiKey);
  const incidents = await client.listIncidents(pageId);
  return Promise.all( // expect: unbounded-concurrency
    incidents.map(async (incident) => ({ incident, updates: await client.listUpdates(pageId, incident.id) })), // expect: missing-retry
  );
}

export async function subscribersOfPages(apiKey: string, pageIds: string[]) {
  const client = await connectStatusClient(apiKey);
  return Promise.all(pageIds.map((pageId) => client.listSubscribers(pageId))); // expect: unbounded-concurrency, missing-retry
}

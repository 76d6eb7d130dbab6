// Look-alikes that stay quiet: one at a time, a closure that sends nothing, a fixed pair of requests.
import { createStatusClient } from './status-client';

export async function importIncidentsInTurn(apiKey: string, pageId: string) {
  const client = createStatusClient(apiKey);
  const incidents = await client.listIncidents(pageId);
  const imported = [];
  for (const incident of incidents) imported.push({ incident, updates: await client.listUpdates(pageId, incident.id) }); // expect: missing-retry
  return imported;
}

export async function incidentLinks(apiKey: string, pageId: string) {
  const client = createStatusClient(apiKey);
  const incidents = await client.listIncidents(pageId);
  return Promise.all(incidents.map(async (incident) => client.incidentUrl(pageId, incident.id)));
}

export async function twoPages(apiKey: string) {
  const client = createStatusClient(apiKey);
  return Promise.all(['main', 'staging'].map((pageId) => client.listIncidents(pageId)));
}

// A client for a status-page vendor's API: a factory that returns an object of request closures.
export interface Incident {
  id: string;
  title: string;
}

export interface IncidentUpdate {
  id: string;
  message: string;
}

export type StatusClient = ReturnType<typeof createStatusClient>;

export function createStatusClient(apiKey: string, baseUrl = 'https://status.example.com') {
  async function get<T>(path: string): Promise<T> {
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`GET ${path} failed with ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  return {
    listIncidents: (pageId: string) => get<Incident[]>(`/pages/${pageId}/incidents`),
    listUpdates: (pageId: string, incidentId: string) => get<IncidentUpdate[]>(`/pages/${pageId}/incidents/${incidentId}/updates`),
    // Computed here, nothing sent.
    incidentUrl: (pageId: string, incidentId: string) => `${baseUrl}/pages/${pageId}/incidents/${incidentId}`,
  };
}

/** The same shape, built as a named object first and returned after an `await`. */
export async function connectStatusClient(apiKey: string) {
  const token = await Promise.resolve(apiKey);
  const client = {
    async listSubscribers(pageId: string) {
      const response = await fetch(`https://status.example.com/pages/${pageId}/subscribers`, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`subscribers of ${pageId}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { id: string }[];
    },
  };
  return client;
}

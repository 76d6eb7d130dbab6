// A server client that also runs in a page touches `window` only behind a `typeof window` check: still server code.
const isBrowser = typeof window !== 'undefined';

export class TelemetryClient {
  constructor(private readonly endpoint: string) {}

  private get origin() {
    return typeof window !== 'undefined' ? window.location.origin : process.env.SERVICE_NAME ?? 'server';
  }

  private get sessionId() {
    if (isBrowser) return window.sessionStorage.getItem('session-id') ?? undefined;
    return undefined;
  }

  async send(event: unknown) {
    const response = await fetch(this.endpoint, { method: 'POST', body: JSON.stringify({ event, origin: this.origin, session: this.sessionId }) }); // expect: missing-timeout
    return response.json();
  }
}

// Deno server code: not Node's sockets, but a request without a deadline still hangs on a stalled server.
export function makeTransport(endpoint: string, headers: Record<string, string>) {
  const host = new URL(endpoint).host;
  Deno.permissions.query({ name: 'net', host }).catch(() => undefined);

  return async function send(body: string) {
    const response = await fetch(endpoint, { method: 'POST', body, headers }); // expect: missing-timeout
    const text = await response.text();
    return { status: response.status, text };
  };
}

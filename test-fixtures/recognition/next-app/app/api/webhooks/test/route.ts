// "Send a test webhook": a route segment named `test` is a URL, served in production, not test code.
export async function POST(request: Request) {
  const { url } = (await request.json()) as { url: string };
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ event: 'test' }) }); // expect: missing-timeout
  await response.body?.cancel();
  return Response.json({ delivered: response.ok });
}

export async function getJson(url: string): Promise<unknown> {
  return send(url);
}

async function send(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return response.json();
}

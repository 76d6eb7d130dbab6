// Shared by server and client code: still server code.
export const apiBase = process.env.NEXT_PUBLIC_API_URL ?? 'https://api.billing.example.com';

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(`${apiBase}${path}`, { headers: { accept: 'application/json' } }); // expect: missing-timeout, unconsumed-body
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

// A server module with one `typeof window` guard is still server code.
export async function reportUsage(endpoint: string, payload: unknown) {
  if (typeof window !== 'undefined') return undefined;
  const response = await fetch(endpoint, { method: 'POST', body: JSON.stringify(payload) }); // expect: missing-timeout
  return response.json();
}

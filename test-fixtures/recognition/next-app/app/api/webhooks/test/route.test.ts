// clean: a test file beside the route, by its name; its request goes to a test server under the runner's timeout.
export async function deliversTestWebhook(baseUrl: string) {
  const response = await fetch(`${baseUrl}/api/webhooks/test`, { method: 'POST', body: JSON.stringify({ url: 'http://127.0.0.1:9/' }) });
  return response.status;
}

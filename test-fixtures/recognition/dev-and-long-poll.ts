// Requests that must not get a deadline, or that only run on a developer's machine: clean.
export async function devTunnelOrigin() {
  if (process.env.NODE_ENV === 'development') {
    const response = await fetch('http://localhost:4040/api/tunnels');
    const data = (await response.json()) as { public_url: string };
    return data.public_url;
  }
  return undefined;
}

export async function nextLambdaEvent(runtimeApi: string, extensionId: string) {
  // The Extensions API holds this request open until the next invocation arrives.
  const response = await fetch(`http://${runtimeApi}/2020-01-01/extension/event/next`, {
    headers: { 'Lambda-Extension-Identifier': extensionId },
  });
  return response.json();
}

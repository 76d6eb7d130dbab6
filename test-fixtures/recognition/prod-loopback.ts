// A loopback sidecar in production (no development guard) still needs a deadline.
export async function sidecarConfig() {
  const response = await fetch('http://127.0.0.1:3500/v1.0/configuration/app'); // expect: missing-timeout
  return response.json();
}

// Fire and forget: a request sent for its side effect whose response is never bound, so nobody reads its body.
import { request } from 'undici';

const deadline = () => AbortSignal.timeout(5_000);

export async function notifySlack(webhookUrl: string, text: string) {
  await fetch(webhookUrl, { method: 'POST', body: JSON.stringify({ text }), signal: deadline() }); // expect: unconsumed-body
}

export function pingHeartbeat(url: string) {
  void fetch(url, { signal: deadline() }); // expect: unconsumed-body
}

export async function purgeCache(origin: string, key: string) {
  await request(`${origin}/purge/${key}`, { method: 'POST', signal: deadline() }); // expect: unconsumed-body
}

// Clean look-alikes: the body is cancelled, read, or dumped.
export async function notifyCancelled(webhookUrl: string, text: string) {
  await fetch(webhookUrl, { method: 'POST', body: JSON.stringify({ text }), signal: deadline() }).then((res) => res.body?.cancel());
}

export async function notifyChecked(webhookUrl: string, text: string) {
  const res = await fetch(webhookUrl, { method: 'POST', body: JSON.stringify({ text }), signal: deadline() });
  if (!res.ok) throw new Error(`Slack answered ${res.status}: ${await res.text()}`);
  await res.body?.cancel();
}

export async function purgeDumped(origin: string, key: string) {
  const { body } = await request(`${origin}/purge/${key}`, { method: 'POST', signal: deadline() });
  await body.dump();
}

// One-shot agents: pinned to an address checked just before the request, then destroyed.
import { Agent, fetch } from 'undici';
import type { LookupFunction } from 'node:net';

function pinnedLookup(ip: string, family: number): LookupFunction {
  return (_host, _options, callback) => callback(null, ip, family);
}

function createPinnedAgent(ip: string, family: number) {
  return new Agent({ connect: { lookup: pinnedLookup(ip, family) }, connections: 1 });
}

export async function deliverPinned(url: string, ip: string | undefined, payload: string) {
  const dispatcher = ip ? createPinnedAgent(ip, 4) : undefined;
  try {
    const res = await fetch(url, { method: 'POST', body: payload, dispatcher, signal: AbortSignal.timeout(5_000) });
    return res.status < 300 ? await res.text() : undefined;
  } finally {
    await dispatcher?.destroy();
  }
}

export async function deliverPinnedDirect(url: string, ip: string, payload: string) {
  const dispatcher = createPinnedAgent(ip, 6);
  try {
    const res = await fetch(url, { method: 'POST', body: payload, dispatcher, signal: AbortSignal.timeout(5_000) });
    return await res.text();
  } finally {
    await dispatcher.destroy();
  }
}

export async function deliverPinnedInline(url: string, ip: string, payload: string) {
  const dispatcher = new Agent({ connect: { lookup: pinnedLookup(ip, 4) }, connections: 1 });
  try {
    const res = await fetch(url, { method: 'POST', body: payload, dispatcher, signal: AbortSignal.timeout(5_000) });
    return await res.text();
  } finally {
    await dispatcher?.close();
  }
}

// flagged: closed only when the request succeeds, or never.
export async function deliverClosedOnSuccess(url: string, ip: string, payload: string) {
  const dispatcher = createPinnedAgent(ip, 4); // expect: agent-per-request
  const res = await fetch(url, { method: 'POST', body: payload, dispatcher, signal: AbortSignal.timeout(5_000) });
  const text = await res.text();
  await dispatcher.close();
  return text;
}

export async function deliverNeverClosed(url: string, ip: string | undefined, payload: string) {
  const dispatcher = ip ? createPinnedAgent(ip, 4) : undefined; // expect: agent-per-request
  const res = await fetch(url, { method: 'POST', body: payload, dispatcher, signal: AbortSignal.timeout(5_000) });
  return res.text();
}

export async function deliverNeverClosedInline(url: string, ip: string, payload: string) {
  const dispatcher = new Agent({ connect: { lookup: pinnedLookup(ip, 4) }, connections: 1 }); // expect: agent-per-request
  const res = await fetch(url, { method: 'POST', body: payload, dispatcher, signal: AbortSignal.timeout(5_000) });
  return res.text();
}

export async function deliverOtherClosed(url: string, ip: string, payload: string, spare: Agent) {
  const dispatcher = createPinnedAgent(ip, 4); // expect: agent-per-request
  try {
    const res = await fetch(url, { method: 'POST', body: payload, dispatcher, signal: AbortSignal.timeout(5_000) });
    return await res.text();
  } finally {
    await spare.destroy();
  }
}

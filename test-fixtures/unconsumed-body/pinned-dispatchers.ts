// Webhook deliveries through a pool pinned to the address that was just validated. Destroyed in `finally`, the pool
// takes its socket with it, so a status-only read leaks nothing; destroyed only after a success, it still leaks.
import { Agent, fetch } from 'undici';

interface Delivery {
  url: string;
  address?: string;
  body: string;
}

function pinnedAgent(address: string): Agent {
  return new Agent({ connections: 1, connect: { lookup: (_host, _options, callback) => callback(null, [{ address, family: 4 }]) } });
}

export async function deliverPinned(delivery: Delivery): Promise<number> {
  const dispatcher = delivery.address ? pinnedAgent(delivery.address) : undefined;
  try {
    const response = await fetch(delivery.url, { method: 'POST', body: delivery.body, signal: AbortSignal.timeout(5_000), dispatcher });
    return response.status;
  } finally {
    await dispatcher?.destroy();
  }
}

export async function deliverAndCloseOnSuccess(delivery: Delivery): Promise<number> {
  const dispatcher = pinnedAgent(delivery.address ?? '127.0.0.1'); // expect: agent-per-request
  const response = await fetch(delivery.url, { method: 'POST', body: delivery.body, signal: AbortSignal.timeout(5_000), dispatcher }); // expect: unconsumed-body
  await dispatcher.close();
  return response.status;
}

const sharedAgent = new Agent({ connections: 8 });

export async function deliverShared(delivery: Delivery): Promise<number> {
  try {
    const response = await fetch(delivery.url, { method: 'POST', body: delivery.body, signal: AbortSignal.timeout(5_000), dispatcher: sharedAgent }); // expect: unconsumed-body
    return response.status;
  } finally {
    console.log('delivered', delivery.url);
  }
}

/** The project's fetch with a deadline: hands the response back as it is. */
const fetchWithTimeout = (url: string, init: Parameters<typeof fetch>[1]) => fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });

export async function deliverThroughWrapper(delivery: Delivery): Promise<void> {
  const dispatcher = delivery.address ? pinnedAgent(delivery.address) : undefined;
  try {
    const response = await fetchWithTimeout(delivery.url, { method: 'POST', body: delivery.body, dispatcher });
    if (!response.ok) throw new Error(`delivery failed with ${response.status}`);
  } finally {
    await dispatcher?.destroy();
  }
}

export async function deliverThroughWrapperUnpinned(delivery: Delivery): Promise<void> {
  const response = await fetchWithTimeout(delivery.url, { method: 'POST', body: delivery.body, dispatcher: sharedAgent }); // expect: unconsumed-body
  if (!response.ok) throw new Error(`delivery failed with ${response.status}`);
}

// Responses settled in a batch and dropped: the checker is called once per region, and nobody reads what came back.
const CHECKER_URL = 'https://checker.example.com/run';
const timeoutMs = 10_000;

interface Monitor {
  id: string;
  regions: string[];
}

function payloadOf(monitor: Monitor, region: string) {
  return JSON.stringify({ monitorId: monitor.id, region });
}

export async function triggerChecks(monitor: Monitor) {
  const pending = [];
  for (const region of monitor.regions) {
    const result = fetch(CHECKER_URL, { method: 'POST', body: payloadOf(monitor, region), signal: AbortSignal.timeout(timeoutMs) }); // expect: unconsumed-body
    pending.push(result);
  }
  await Promise.all(pending);
}

export async function notifyRegions(monitor: Monitor) {
  await Promise.allSettled(
    monitor.regions.map((region) => {
      const body = payloadOf(monitor, region);
      return fetch(CHECKER_URL, { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) }); // expect: unconsumed-body
    }),
  );
}

export async function pingAll(monitor: Monitor) {
  const pings: Array<Promise<Response>> = [];
  for (const region of monitor.regions) pings.push(fetch(`${CHECKER_URL}?region=${region}`, { method: 'POST', signal: AbortSignal.timeout(timeoutMs) })); // expect: unconsumed-body
  void Promise.allSettled(pings);
}

// clean: the batch's results are read, the array is used after the batch, and each body is cancelled in the batch.
export async function collectResults(monitor: Monitor) {
  const responses = await Promise.all(monitor.regions.map((region) => fetch(CHECKER_URL, { method: 'POST', body: payloadOf(monitor, region), signal: AbortSignal.timeout(timeoutMs) })));
  return Promise.all(responses.map((response) => response.json()));
}

export async function keepPending(monitor: Monitor) {
  const pending: Array<Promise<Response>> = [];
  for (const region of monitor.regions) pending.push(fetch(CHECKER_URL, { method: 'POST', body: payloadOf(monitor, region), signal: AbortSignal.timeout(timeoutMs) }));
  await Promise.allSettled(pending);
  return pending;
}

export async function cancelEach(monitor: Monitor) {
  await Promise.all(
    monitor.regions.map((region) =>
      fetch(CHECKER_URL, { method: 'POST', body: payloadOf(monitor, region), signal: AbortSignal.timeout(timeoutMs) }).then((res) => res.body?.cancel()),
    ),
  );
}

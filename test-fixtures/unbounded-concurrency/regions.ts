// Clean: one check per region a monitor runs in (the deployment's regions, tens at most). Flagged: the same checks
// for every monitor, which grow with the data.
type Region = 'ams' | 'iad' | 'gru' | 'syd' | 'sin' | 'fra';

interface Monitor {
  id: number;
  url: string;
  regions: Region[];
}

const CHECKER_URL = 'https://checker.example.com/run';
const ALL_REGIONS: Region[] = ['ams', 'iad', 'gru', 'syd', 'sin', 'fra'];

function runInRegion(monitor: Monitor, region: Region) {
  return fetch(CHECKER_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-prefer-region': region },
    body: JSON.stringify({ monitorId: monitor.id, url: monitor.url }),
    signal: AbortSignal.timeout(10_000),
  });
}

export async function triggerMonitor(monitor: Monitor) {
  const pending = [];
  for (const region of monitor.regions) {
    pending.push(runInRegion(monitor, region));
  }
  const responses = await Promise.all(pending);
  return Promise.all(responses.map((res) => res.json()));
}

export async function checkEverywhere(monitor: Monitor) {
  const enabledRegions = ALL_REGIONS.filter((region) => region !== 'syd');
  const responses = await Promise.all(enabledRegions.map((region) => runInRegion(monitor, region)));
  return Promise.all(responses.map((res) => res.json()));
}

export async function checkSelected(monitor: Monitor, input: { regions: Region[] }) {
  const responses = await Promise.all(input.regions.filter((region) => monitor.regions.includes(region)).map((region) => runInRegion(monitor, region)));
  return Promise.all(responses.map((res) => res.text()));
}

export async function scheduleAll(monitors: Monitor[]) {
  const pending = [];
  for (const monitor of monitors) {
    for (const region of monitor.regions) {
      pending.push(runInRegion(monitor, region)); // expect: unbounded-concurrency
    }
  }
  const responses = await Promise.allSettled(pending);
  for (const result of responses) if (result.status === 'fulfilled') await result.value.body?.cancel();
}

export async function scheduleEach(monitors: Monitor[]) {
  const responses = await Promise.all(monitors.flatMap((monitor) => monitor.regions.map((region) => runInRegion(monitor, region)))); // expect: unbounded-concurrency
  await Promise.all(responses.map((res) => res.body?.cancel()));
}

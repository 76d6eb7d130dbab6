/**
 * Runs in a child process started by helper-h2.test.ts (so that NODE_EXTRA_CA_CERTS, read once at start-up, can
 * make the test's self-signed certificate trusted without touching the helper): gives the h2 origin an
 * `originSettings` entry, sends `count` requests to it and to an HTTP/1.1 origin through `mapLimit` + `resilientFetch`,
 * and prints what it saw as one JSON line.
 *
 *   node --import tsx helper-h2-driver.ts <h2 origin> <http/1.1 url> <count> <mapLimit bound> <streams>
 */
import { mapLimit, originSettings, resilientAgent, resilientFetch } from '../../resources/resilient-http';

const [h2Origin, plainUrl, countText, boundText, streamsText] = process.argv.slice(2);
const count = Number(countText);
const bound = Number(boundText);
originSettings[h2Origin] = { allowH2: true, connections: 1, maxConcurrentStreams: Number(streamsText) };

async function send(base: string): Promise<{ ok: number; failed: string[] }> {
  const outcomes = await mapLimit(Array.from({ length: count }, (_, i) => `${base}?i=${i}`), bound, async (url) => {
    try {
      const response = await resilientFetch(url);
      return (await response.text()) === 'ok' ? 'ok' : `status ${response.status}`;
    } catch (error) {
      return String((error as Error & { cause?: Error }).cause?.message ?? error);
    }
  });
  return { ok: outcomes.filter((outcome) => outcome === 'ok').length, failed: outcomes.filter((outcome) => outcome !== 'ok') };
}

async function main(): Promise<void> {
  try {
    const [h2, plain] = await Promise.all([send(`${h2Origin}/`), send(plainUrl)]);
    process.stdout.write(`${JSON.stringify({ h2, plain })}\n`);
  } finally {
    await resilientAgent.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});

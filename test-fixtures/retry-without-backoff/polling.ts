// clean: polling a domain state (`body.pipeline.status`) with a growing delay is not retrying a failure; the word in
// the comment is no `continue`. Nor does it miss a retry: a loop counted in attempts polls by design.
import { setTimeout } from 'node:timers/promises';

export async function waitForPipeline(url: string, tries: number, delay: number): Promise<boolean> {
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { pipeline: { status: string } };
    // Only continue once the pipeline is running.
    if (body.pipeline.status === 'running') return true;
    await setTimeout(delay * attempt ** 2);
  }
  return false;
}

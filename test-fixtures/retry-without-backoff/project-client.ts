// Retry loops around a project HTTP class's inherited method (lib/gitlab-http.ts → lib/http-base.ts).
import { setTimeout } from 'node:timers/promises';
import { gitlabApi } from './lib/gitlab-http';

function parseInteger(value: string | undefined, fallback: number): number {
  return value ? Number.parseInt(value, 10) : fallback;
}

export async function automerge(pr: number): Promise<void> {
  const retryTimes = parseInteger(process.env.RETRY_TIMES, 5);
  // One value for every attempt, however it was computed: `mergeDelay * attempt ** 2` grows with no jitter.
  const mergeDelay = parseInteger(process.env.MERGE_DELAY, 250);
  for (let attempt = 1; attempt <= retryTimes; attempt += 1) { // expect: retry-without-backoff
    try {
      await gitlabApi.postJson(`merge_requests/${pr}/merge`, { body: { auto_merge: true } });
      break;
    } catch {
      // retried below
    }
    await setTimeout(mergeDelay * attempt ** 2);
  }
}

export async function addAssignees(issue: number, assignees: string[]): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) { // expect: retry-without-backoff
    try {
      await gitlabApi.postJson(`issues/${issue}/assignees`, { body: { assignees } });
      return;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
      await setTimeout(1000);
    }
  }
}

// clean: the wait is a value computed in the loop from the failure, not a constant.
export async function addLabels(issue: number, labels: string[]): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await gitlabApi.postJson(`issues/${issue}/labels`, { body: { labels } });
      return;
    } catch (err) {
      const verdict = judge(err, attempt);
      await setTimeout(verdict.waitMs);
    }
  }
}

// clean: a delay drawn at random once, before the loop, desynchronizes clients.
export async function addMilestone(issue: number, milestone: number): Promise<void> {
  const spread = Math.random() * 1000;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      await gitlabApi.postJson(`issues/${issue}/milestone`, { body: { milestone } });
      return;
    } catch {
      await setTimeout(spread * 2 ** attempt);
    }
  }
}

function judge(error: unknown, attempt: number): { waitMs: number } {
  const after = (error as { retryAfterMs?: number }).retryAfterMs;
  return { waitMs: after ?? Math.random() * 100 * 2 ** attempt };
}

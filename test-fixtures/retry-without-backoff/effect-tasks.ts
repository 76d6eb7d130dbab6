// Effect retries of requests this file reaches through project code: a table of channel functions keyed by the
// channel's kind, and a task client set only when the project is configured.
import { CloudTasksClient } from '@google-cloud/tasks';
import { Effect, Schedule } from 'effect';
import { type Alert, channels } from './lib/notifiers';

export function alertAll(alerts: readonly (Alert & { kind: keyof typeof channels })[]) {
  return Effect.runPromise(
    Effect.forEach(
      alerts,
      (alert) =>
        Effect.tryPromise({ try: () => channels[alert.kind].sendAlert(alert), catch: (cause) => new Error(`alert ${alert.monitorId}`, { cause }) }).pipe(
          Effect.retry({ times: 3, schedule: Schedule.exponential('1 second') }), // expect: retry-without-backoff
          Effect.either,
        ),
      { concurrency: 10 },
    ),
  );
}

let tasks: CloudTasksClient | null = null;
if (process.env.GCP_PROJECT) tasks = new CloudTasksClient();

const enqueue = async (queue: string, url: string) => {
  if (!tasks) throw new Error('Cloud Tasks is not configured');
  return tasks.createTask({ parent: queue, task: { httpRequest: { url, httpMethod: 'POST' } } });
};

export function enqueueChecks(queue: string, urls: readonly string[]) {
  return Effect.runPromise(
    Effect.forEach(urls, (url) => Effect.tryPromise(() => enqueue(queue, url)).pipe(Effect.retry({ times: 3, schedule: Schedule.exponential('500 millis') })), { // expect: retry-without-backoff
      concurrency: 10,
    }),
  );
}

// Clean: the same table, jittered.
export const alertOne = (alert: Alert & { kind: keyof typeof channels }) =>
  Effect.runPromise(
    Effect.tryPromise(() => channels[alert.kind].sendRecovery(alert)).pipe(Effect.retry({ times: 3, schedule: Schedule.jittered(Schedule.exponential('1 second')) })),
  );

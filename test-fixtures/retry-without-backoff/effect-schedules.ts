// Retries written with Effect: a schedule that grows (or stays flat) with no `Schedule.jittered` sends every client
// that failed together back together.
import { Effect, Schedule, pipe } from 'effect';
import { Resend } from 'resend';

const resend = new Resend(process.env.RESEND_API_KEY);

interface Monitor {
  id: string;
  webhookUrl: string;
}

export function notifyWebhook(monitor: Monitor, payload: unknown): Promise<unknown> {
  const send = Effect.tryPromise({
    try: (signal) => fetch(monitor.webhookUrl, { method: 'POST', body: JSON.stringify(payload), signal }).then((response) => response.json()),
    catch: (cause) => new Error(`webhook for ${monitor.id} failed`, { cause }),
  }).pipe(
    Effect.timeout('10 seconds'),
    Effect.retry({ times: 3, schedule: Schedule.exponential('500 millis') }), // expect: retry-without-backoff
  );
  return Effect.runPromise(send);
}

const fetchStatus = (url: string) =>
  Effect.tryPromise((signal) => fetch(url, { signal }).then((response) => response.json() as Promise<{ status: string }>)).pipe(Effect.timeout('5 seconds'));

export function pollStatusPage(url: string) {
  // Data first, on a flat schedule: every client waits the same two seconds.
  return Effect.runPromise(Effect.retry(fetchStatus(url), Schedule.spaced('2 seconds'))); // expect: retry-without-backoff
}

const backoff = Schedule.exponential('1 second').pipe(Schedule.compose(Schedule.recurs(4)));

export function statusOf(url: string) {
  return Effect.runPromise(fetchStatus(url).pipe(Effect.retry(backoff))); // expect: retry-without-backoff
}

export function statusWithin(url: string) {
  const policy = Schedule.intersect(Schedule.fibonacci('100 millis'), Schedule.recurs(5));
  return Effect.runPromise(pipe(fetchStatus(url), Effect.retry(policy))); // expect: retry-without-backoff
}

export function statusNow(url: string) {
  // `times` alone: Effect retries at once.
  return Effect.runPromise(fetchStatus(url).pipe(Effect.retry({ times: 2 }))); // expect: retry-without-backoff
}

export async function sendDigest(to: string[], html: string) {
  const batch = Effect.tryPromise({
    try: () => resend.emails.send({ from: 'digest@example.com', to, subject: 'Your weekly digest', html }),
    catch: (cause) => new Error('digest failed', { cause }),
  }).pipe(
    Effect.andThen((result) => (result.error ? Effect.fail(new Error(result.error.message)) : Effect.succeed(result.data))),
    Effect.timeout('15 seconds'),
    Effect.retry({ // expect: retry-without-backoff
      times: 3,
      schedule: Schedule.exponential('1000 millis'),
      while: (error) => !(error instanceof TypeError),
    }),
  );
  return Effect.runPromise(batch);
}

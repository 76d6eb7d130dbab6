// Clean: Effect retries that randomize their waits, schedules the file cannot see, and retried work that sends no
// request.
import { readFile } from 'node:fs/promises';
import { Effect, Schedule } from 'effect';
import * as S from 'effect/Schedule';
import { Resend } from 'resend';
import { retrySchedule } from './lib/schedules';

const resend = new Resend(process.env.RESEND_API_KEY);

const jitteredPolicy = {
  schedule: Schedule.exponential('200 millis').pipe(Schedule.jittered),
  times: 3,
  while: (error: { status?: number }) => error.status === undefined || error.status >= 500,
};

const loadJson = (url: string) =>
  Effect.tryPromise({
    try: (signal) => fetch(url, { signal }).then((response) => response.json()),
    catch: (cause) => new Error(`GET ${url} failed`, { cause }),
  }).pipe(Effect.timeoutFail({ duration: '30 seconds', onTimeout: () => new Error(`GET ${url} timed out`) }));

export const loadFeed = (url: string) => Effect.runPromise(loadJson(url).pipe(Effect.retry(jitteredPolicy)));

export const loadConfig = (url: string) => Effect.runPromise(Effect.retry(loadJson(url), Schedule.jittered(Schedule.exponential('1 second'))));

export const loadBounded = (url: string) =>
  Effect.runPromise(loadJson(url).pipe(Effect.retry(S.exponential('100 millis').pipe(S.compose(S.recurs(3)), S.jittered))));

export const loadSpread = (url: string) =>
  Effect.runPromise(loadJson(url).pipe(Effect.retry({ schedule: Schedule.jitteredWith(Schedule.spaced('1 second'), { min: 0.5, max: 1.5 }), times: 4 })));

// A schedule built in another module: what it waits is not known here.
export const loadShared = (url: string) => Effect.runPromise(loadJson(url).pipe(Effect.retry(retrySchedule)));

export async function sendReceipt(to: string, html: string) {
  const send = Effect.tryPromise(() => resend.emails.send({ from: 'billing@example.com', to, subject: 'Receipt', html })).pipe(
    Effect.timeout('10 seconds'),
    Effect.retry({ times: 2, schedule: Schedule.exponential('500 millis').pipe(Schedule.jittered) }),
  );
  return Effect.runPromise(send);
}

// Reading a file is no request: its retries are not about a crowd of clients.
export const readSettings = (path: string) =>
  Effect.runPromise(Effect.tryPromise(() => readFile(path, 'utf8')).pipe(Effect.retry({ times: 3, schedule: Schedule.exponential('50 millis') })));

// Polling on success is a repeat, not a retry.
export const watchStatus = (url: string) => Effect.runFork(loadJson(url).pipe(Effect.repeat(Schedule.spaced('30 seconds'))));

// Responses an Effect pipeline takes from `Effect.tryPromise` and drops unread: the socket stays pinned until the
// server's body is garbage-collected. The clean look-alikes read the body, hand the response on, or pipe it out.
import { Effect, Schedule } from 'effect';

class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const policy = { schedule: Schedule.exponential('200 millis').pipe(Schedule.jittered), times: 3 };

export function deliver(url: string, body: string): Promise<void> {
  return Effect.runPromise(
    Effect.tryPromise({
      try: (signal) => fetch(url, { method: 'POST', body, signal }), // expect: unconsumed-body
      catch: (cause) => new DeliveryError(`POST ${url} failed: ${String(cause)}`),
    }).pipe(
      Effect.timeout('10 seconds'),
      Effect.flatMap((response) => (response.ok ? Effect.void : Effect.fail(new DeliveryError(`POST ${url}: ${response.status}`, response.status)))),
      Effect.retry(policy),
    ),
  );
}

export function ping(url: string) {
  return Effect.runPromise(
    Effect.tryPromise((signal) => fetch(url, { signal })).pipe( // expect: unconsumed-body
      Effect.timeout('2 seconds'),
      Effect.map((response) => response.status),
    ),
  );
}

export function checkHealth(url: string) {
  // The `!ok` branch fails with the body unread; the other hands the response on.
  return Effect.tryPromise((signal) => fetch(url, { signal })).pipe( // expect: unconsumed-body
    Effect.timeout('2 seconds'),
    Effect.flatMap((response) => (response.ok ? Effect.succeed(response) : Effect.fail(new DeliveryError('unhealthy', response.status)))),
  );
}

// Clean: the body is read on both paths.
export function readStatus(url: string) {
  return Effect.runPromise(
    Effect.tryPromise((signal) => fetch(url, { signal })).pipe(
      Effect.timeout('5 seconds'),
      Effect.flatMap((response) =>
        Effect.tryPromise(async () => {
          const text = await response.text();
          if (!response.ok) throw new DeliveryError(text, response.status);
          return text;
        }),
      ),
    ),
  );
}

// Clean: the response leaves the pipe, and its caller holds the body.
export const rawResponse = (url: string) => Effect.tryPromise((signal) => fetch(url, { signal })).pipe(Effect.timeout('5 seconds'), Effect.retry(policy));

// Clean: read inside the promise callback.
export const feed = (url: string) => Effect.tryPromise((signal) => fetch(url, { signal }).then((response) => response.json())).pipe(Effect.timeout('5 seconds'));

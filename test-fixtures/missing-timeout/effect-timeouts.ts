// Clean: requests sent from an Effect promise callback whose effect is timed (`Effect.timeout*` in its pipe, or around
// it). Effect gives up on them when the time is up, as a `Promise.race` with a timer would.
import { Effect, pipe } from 'effect';

interface Incident {
  id: string;
  title: string;
}

export const incidents = (baseUrl: string) =>
  Effect.runPromise(Effect.tryPromise(() => fetch(`${baseUrl}/api/incidents`).then((response) => response.json() as Promise<Incident[]>)).pipe(Effect.timeout('5 seconds')));

export const incident = (baseUrl: string, id: string) =>
  Effect.runPromise(
    Effect.timeoutFail(
      Effect.tryPromise({
        try: () => fetch(`${baseUrl}/api/incidents/${id}`).then((response) => response.json() as Promise<Incident>),
        catch: (cause) => new Error(`incident ${id}`, { cause }),
      }),
      { duration: '3 seconds', onTimeout: () => new Error(`incident ${id} timed out`) },
    ),
  );

export const summary = (baseUrl: string) =>
  Effect.runPromise(
    pipe(
      Effect.tryPromise(() => fetch(`${baseUrl}/api/summary`).then((response) => response.text())),
      Effect.map((text) => text.trim()),
      Effect.timeout('2 seconds'),
    ),
  );

// Not clean: nothing times this one, and its callback ignores the signal Effect hands it.
export const components = (baseUrl: string) =>
  Effect.runPromise(Effect.tryPromise(() => fetch(`${baseUrl}/api/components`).then((response) => response.json()))); // expect: missing-timeout

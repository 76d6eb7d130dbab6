/**
 * A disposer stack for tests: register how to undo each thing right after starting it, and everything
 * started so far is undone when the test (or suite) ends — passed, failed, timed out, or thrown halfway
 * through its setup. Steps run last-registered first (a server stops before its temp folder goes), every
 * step runs even when an earlier one throws, and the errors are reported together.
 */

/** Something that registers a hook to run once the test or suite is over: a `TestContext`, or `{ after }` from node:test. */
export interface AfterHookHost {
  after(fn: () => Promise<void>): unknown;
}

/** The steps registered so far; `run` undoes them once. */
export interface Cleanup {
  /** Registers `step`; returns `value` so that a start and its undo fit on one line. */
  defer<T>(value: T, step: (value: T) => unknown): T;
  /** Runs every registered step, last first, and clears the stack. Rejects with the step errors, if any. */
  run(): Promise<void>;
}

/** A disposer stack that runs by itself in `host`'s after hook (`cleanupAfter(t)` in a test, `cleanupAfter({ after })` in a suite). */
export function cleanupAfter(host: AfterHookHost): Cleanup {
  const cleanup = disposerStack();
  host.after(() => cleanup.run());
  return cleanup;
}

function disposerStack(): Cleanup {
  const steps: Array<() => unknown> = [];
  return {
    defer(value, step) {
      steps.push(() => step(value));
      return value;
    },
    async run() {
      const errors: unknown[] = [];
      for (let step = steps.pop(); step; step = steps.pop()) {
        try {
          await step();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, `${errors.length} cleanup steps failed`);
    },
  };
}

/** The one error the CLI reports as bad usage (exit code 2, message only, no stack trace). */

/** Bad usage: printed as `http-resilience: <message>` with exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The hint appended to messages about the command line itself. */
export const helpHint = "Run 'http-resilience --help' for usage.";

/** CLI entry: `http-resilience lint [paths…]` and `http-resilience probe <url>`. Parses argv, runs the command, sets the exit code; nothing else. */
import { parseCommandLine } from './cli/args';
import { UsageError } from './cli/errors';
import { runLint } from './cli/lint-command';
import { runProbeCommand } from './cli/probe-command';
import { usage } from './cli/usage';
import { version } from './cli/version';

async function main(argv: readonly string[]): Promise<number> {
  const invocation = parseCommandLine(argv);
  if (invocation.command === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (invocation.command === 'version') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const io = { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, version };
  if (invocation.command === 'probe') return runProbeCommand(invocation, io, cancelOnInterrupt());
  return runLint(invocation, io);
}

/** Ctrl-C cancels a probe (every socket closed at once, the partial result printed); a second Ctrl-C exits. */
function cancelOnInterrupt(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  return controller.signal;
}

/** Bad usage and internal errors alike exit 2 with one line; the stack only when DEBUG is set. */
function reportFailure(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`http-resilience: ${error instanceof UsageError ? message : `internal error: ${message}`}\n`);
  if (!(error instanceof UsageError) && process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 2;
}

// exitCode rather than process.exit(): a large report piped to another program must be flushed first.
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => (process.exitCode = reportFailure(error)),
);

/** CLI entry: `http-resilience lint [paths…]`. Parses, runs, sets the exit code; no stack traces unless DEBUG. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCommandLine, UsageError, usage } from './cli/args';
import { MissingPathError } from './cli/discover';
import { runLint } from './cli/lint-command';

function packageVersion(): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(): Promise<number> {
  const invocation = parseCommandLine(process.argv.slice(2));
  if (invocation.command === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (invocation.command === 'version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  return runLint(invocation, { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, version: packageVersion() });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof UsageError || error instanceof MissingPathError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`http-resilience: ${known ? message : `internal error: ${message}`}\n`);
    if (!known && process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);

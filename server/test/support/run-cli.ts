/**
 * Runs the built CLI (dist/cli.js) as a user does, in a child process that cannot outlive its bound:
 * after `timeoutMs` it is killed (SIGKILL) and the result says so, instead of a test waiting forever.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

/** The bundled CLI the package ships. */
export const cliPath = path.resolve(__dirname, '../../../dist/cli.js');

/** How one run ended: the exit code (null when it was killed), and everything it printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of one run. */
export interface CliRunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Default 60 s. */
  timeoutMs?: number;
}

/** `node dist/cli.js ...args`; resolves whatever the exit code, never rejects. */
export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, ...args],
      { cwd: options.cwd, env: options.env, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr });
        const failure = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: NodeJS.Signals | null };
        const note = failure.killed
          ? `\n[killed after ${timeoutMs} ms: ${['cli', ...args].join(' ')}]`
          : typeof failure.code === 'number'
            ? ''
            : `\n[${failure.message}]`;
        resolve({ code: typeof failure.code === 'number' ? failure.code : null, stdout, stderr: `${stderr}${note}` });
      },
    );
  });
}

/** Ending the child processes tests start, whatever state they are in. */
import type { ChildProcess } from 'node:child_process';

/** Whether `child` has neither exited nor been killed yet (a child that failed to spawn has no pid). */
export function isRunning(child: ChildProcess): boolean {
  return child.pid !== undefined && child.exitCode === null && child.signalCode === null;
}

/**
 * Kills `child` with SIGKILL unless it has already ended — with `group`, its whole process group (for a
 * child spawned with `detached: true`, so that what it started dies with it) — and waits up to 5 s for its exit.
 */
export async function killChild(child: ChildProcess, options: { group?: boolean } = {}): Promise<void> {
  if (!isRunning(child)) return;
  let timer: NodeJS.Timeout | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    timer = setTimeout(resolve, 5_000);
  });
  try {
    if (options.group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // it ended in the meantime
  }
  await exited;
  clearTimeout(timer);
}

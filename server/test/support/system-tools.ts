/**
 * The outside programs the system tests (server/test/system/) run: found on $PATH or where Debian puts
 * them, or the test fails at once with a message that says how to install them. Never a skip: a system
 * test that cannot run its program has not passed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The script that installs every program the system and editor tests need (Debian, as root). */
export const installScript = 'scripts/install-test-tools.sh';

/** The absolute path of the executable `name`, from $PATH, then `extraDirs`; throws "`name` not found: run …" otherwise. */
export function requireProgram(name: string, extraDirs: readonly string[] = []): string {
  const dirs = [...new Set([...(process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== ''), ...extraDirs])];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(`${name} not found: run ${installScript} (looked on PATH${extraDirs.length > 0 ? ` and in ${extraDirs.join(', ')}` : ''})`);
}

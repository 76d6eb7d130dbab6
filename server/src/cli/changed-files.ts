/**
 * `lint --changed-since <ref>`: the files git says changed, so that a pull request's run reports only
 * what the pull request touched. Changed means any of:
 *
 * - committed on this branch since it left `<ref>`: `git diff --name-only <ref>...HEAD` (from the merge
 *   base, so commits that landed on `<ref>` meanwhile do not count);
 * - staged or not, in the working tree: `git diff --name-only HEAD`;
 * - untracked and not ignored: `git ls-files --others --exclude-standard`.
 *
 * Deleted files drop out (there is nothing to lint). Only the reporting narrows: the analyzer still reads
 * unchanged files through imports, so a wrapper defined in an unchanged file is still followed.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './errors';

/** Paths git reported, absolute, as `comparablePath` gives them. */
type ChangedFiles = ReadonlySet<string>;

/** Runs git in `cwd`; rejects with git's first line of stderr (or the spawn error) on failure. */
function git(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new UsageError('--changed-since needs git, and git is not on the PATH'));
      const firstLine = stderr.split('\n').find((line) => line.trim() !== '') ?? error.message;
      reject(new GitError(firstLine.replace(/^(fatal|error): /, '').trim()));
    });
  });
}

class GitError extends Error {
  override readonly name = 'GitError';
}

/** NUL-separated names (`-z`), so that no name is quoted or split. */
function names(output: string): string[] {
  return output.split('\0').filter((name) => name !== '');
}

/**
 * The same file however it was reached: the folder's real path (a checkout under a symlinked /tmp, git's
 * top level resolved or not) plus the name as given (a symlinked file is still the file git tracks).
 */
export function comparablePath(file: string): string {
  const absolute = path.resolve(file);
  try {
    return path.join(fs.realpathSync.native(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute;
  }
}

/** The files changed since `ref` for the repository around `cwd`. Throws UsageError for no repository or a bad ref. */
export async function changedFilesSince(ref: string, cwd: string): Promise<ChangedFiles> {
  let top: string;
  try {
    top = (await git(['rev-parse', '--show-toplevel'], cwd)).trim();
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--changed-since needs a git repository, and ${cwd} is not inside one`);
  }
  try {
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], top);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--changed-since: "${ref}" is not a commit in this repository (in a shallow clone, fetch it first)`);
  }
  const changed = await Promise.all([
    git(['diff', '--name-only', '-z', `${ref}...HEAD`, '--'], top),
    git(['diff', '--name-only', '-z', 'HEAD', '--'], top),
    git(['ls-files', '--others', '--exclude-standard', '-z'], top),
  ]).catch((error: unknown) => {
    if (error instanceof GitError) throw new UsageError(`--changed-since ${ref}: git: ${error.message}`);
    throw error;
  });
  return new Set(changed.flatMap(names).map((name) => comparablePath(path.join(top, name))));
}

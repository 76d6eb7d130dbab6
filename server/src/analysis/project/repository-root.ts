/**
 * Paths as the repository sees them. Test-code detection reads directory names (`test/`, `e2e-*`), and
 * those must come from inside the project: a checkout under `/home/ci/e2e-runs/` or `~/tests/` is not
 * test code. The root is the nearest directory above the file with a `.git` entry (a directory, or a
 * file in worktrees and submodules); without one, the path is used whole.
 */
import * as path from 'node:path';
import type { FileSystem } from './file-system';
import { walkUp } from './walk-up';

/** Finds repository roots through the project's file system, cached per directory. */
export class RepositoryRoots {
  private readonly roots = new Map<string, string | null>();

  constructor(private readonly files: FileSystem) {}

  /** `filePath` relative to its repository's root, with `/` separators; the path itself outside any repository. */
  relativePath(filePath: string): string {
    if (!path.isAbsolute(filePath)) return filePath;
    const root = this.rootOf(path.dirname(filePath));
    return (root === null ? filePath : path.relative(root, filePath)).split(path.sep).join('/');
  }

  /** The nearest directory at or above `start` with a `.git` entry, or null. */
  rootOf(start: string): string | null {
    return walkUp(start, this.roots, (dir) => (this.files.exists(path.join(dir, '.git')) ? dir : undefined));
  }
}

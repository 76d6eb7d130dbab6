/**
 * Paths as the repository sees them. Test-code detection reads directory names (`test/`, `e2e-*`), and
 * those must come from inside the project: a checkout under `/home/ci/e2e-runs/` or `~/tests/` is not
 * test code. The root is the nearest directory above the file with a `.git` entry (a directory, or a
 * file in worktrees and submodules); without one, the path is used whole.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const roots = new Map<string, string | null>();

function repositoryRoot(dir: string): string | null {
  const cached = roots.get(dir);
  if (cached !== undefined) return cached;
  const parent = path.dirname(dir);
  const root = fs.existsSync(path.join(dir, '.git')) ? dir : parent === dir ? null : repositoryRoot(parent);
  roots.set(dir, root);
  return root;
}

/** `filePath` relative to its repository's root, with `/` separators; the path itself outside any repository. */
export function repositoryRelativePath(filePath: string): string {
  if (!path.isAbsolute(filePath)) return filePath;
  const root = repositoryRoot(path.dirname(filePath));
  return (root === null ? filePath : path.relative(root, filePath)).split(path.sep).join('/');
}

/**
 * Creates the folder the e2e suite opens: a small project with fixture files copied from test-fixtures/.
 * Run directly (`node --import tsx make-workspace.ts [dir]`) it prints the folder's path.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const fixtures = path.resolve(__dirname, '..', '..', '..', 'test-fixtures');

/** Fixture → path in the workspace. Names avoid test/e2e folders: the rules skip test code. */
export const workspaceFiles: Record<string, string> = {
  'missing-timeout/fix-signal.ts': 'src/fix-signal.ts',
  'unbounded-concurrency/fix-map-limit.ts': 'src/fix-map-limit.ts',
  'missing-timeout/flagged.ts': 'src/timeouts.ts',
  'missing-timeout/clean.ts': 'src/clean.ts',
};

/** Writes the workspace into `dir` (created if missing, or a new temporary folder) and returns its path. */
export function makeWorkspace(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-workspace-'))): string {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "orders-service",\n  "private": true\n}\n');
  // The suite checks that Scan Workspace (not the startup scan) reports files that are not open.
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'httpResilience.scan.onStartup': false }, null, 2) + '\n');
  for (const [from, to] of Object.entries(workspaceFiles)) fs.copyFileSync(path.join(fixtures, from), path.join(dir, to));
  return dir;
}

if (require.main === module) console.log(makeWorkspace(process.argv[2] ? path.resolve(process.argv[2]) : undefined));

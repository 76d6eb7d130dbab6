/**
 * Creates the folder the e2e suite opens: a small project with fixture files copied from test-fixtures/.
 * Run directly (`node --import tsx make-workspace.ts [dir] [--plain] [--known-origin <origin>]`) it prints the
 * folder's path; `--known-origin` adds src/orders-api.ts, whose URL constant names that origin (the code lens
 * of drive-known-origin.cjs, which saves the origin's profile with the real `probe --save`).
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

/**
 * Writes the workspace into `dir` (created if missing, or a new temporary folder) and returns its path.
 * `plain` drops the fixtures' `// expect:` comments, for pictures a person looks at.
 */
export function makeWorkspace(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-workspace-')), plain = false): string {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.mkdirSync(path.join(dir, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "orders-service",\n  "private": true\n}\n');
  // The suite checks that Scan Workspace (not the startup scan) reports files that are not open.
  fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'httpResilience.scan.onStartup': false }, null, 2) + '\n');
  for (const [from, to] of Object.entries(workspaceFiles)) {
    const text = fs.readFileSync(path.join(fixtures, from), 'utf8');
    fs.writeFileSync(path.join(dir, to), plain ? text.replace(/ *\/\/ expect: .*$/gm, '') : text);
  }
  return dir;
}

/** The file whose top-level URL constant links code to `origin` (analysis/origins.ts), so the lens sits on it. */
export const knownOriginFile = 'src/orders-api.ts';

/** Writes knownOriginFile into the workspace `dir`: a constant with `origin` and a request through it. */
export function addKnownOrigin(dir: string, origin: string): void {
  const text = [
    '// The orders service; .http-resilience.json has the profile its probe saved.',
    `export const ORDERS_API = '${origin}';`,
    '',
    'export async function listOrders(): Promise<unknown> {',
    '  const response = await fetch(`${ORDERS_API}/orders`, { signal: AbortSignal.timeout(5_000) });',
    '  return response.json();',
    '}',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, knownOriginFile), text);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const knownAt = args.indexOf('--known-origin');
  const origin = knownAt >= 0 ? args.splice(knownAt, 2)[1] : undefined;
  const [dir] = args.filter((arg) => arg !== '--plain');
  const made = makeWorkspace(dir ? path.resolve(dir) : undefined, args.includes('--plain'));
  if (origin) addKnownOrigin(made, origin);
  console.log(made);
}

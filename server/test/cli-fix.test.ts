/** `http-resilience lint --fix` on a real project on disk: fixes, helper, package.json, idempotence. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliRun, runCli } from './support/run-cli';

/** The part of a package.json these tests read. */
interface Manifest {
  dependencies: Record<string, string>;
}

let dir: string;

function lint(...args: string[]): Promise<CliRun> {
  return runCli(args, { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
}

describe('lint --fix', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-fix-'));
    fs.mkdirSync(path.join(dir, 'src', 'jobs'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), '{\n  "name": "demo",\n  "version": "1.0.0"\n}\n');
    fs.writeFileSync(
      path.join(dir, 'src', 'jobs', 'sync.ts'),
      "export async function syncAll(ids: string[]) {\n  return Promise.all(ids.map((id) => fetch(`https://api.example.com/items/${id}`)));\n}\n",
    );
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('applies the fixes, inserts the helper once, adds undici and says what it changed', async () => {
    const { stderr } = await lint('lint', '--fix', '--format', 'json');
    assert.match(stderr, /fixed src\/jobs\/sync\.ts: /);
    assert.match(stderr, /created src\/resilient-http\.ts/);
    assert.match(stderr, /added undici to package\.json/);
    const fixed = fs.readFileSync(path.join(dir, 'src', 'jobs', 'sync.ts'), 'utf8');
    assert.match(fixed, /^import \{ mapLimit, withRetry \} from '\.\.\/resilient-http';$/m);
    // The request takes withRetry's attempt signal (attempt timeout, deadline, the caller's abort), not a timer of its own.
    assert.match(fixed, /mapLimit\(ids, 8, \(id\) => withRetry\(\(signal\) => fetch\(`https:\/\/api\.example\.com\/items\/\$\{id\}`, \{ signal \}\)\)\)/);
    assert.ok(fs.existsSync(path.join(dir, 'src', 'resilient-http.ts')));
    assert.equal((JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest).dependencies.undici, '^7.0.0');
  });

  it('finds nothing left to fix on a second run and leaves the files alone', async () => {
    const snapshot = fs.readFileSync(path.join(dir, 'src', 'jobs', 'sync.ts'), 'utf8');
    const helper = fs.readFileSync(path.join(dir, 'src', 'resilient-http.ts'), 'utf8');
    const { stderr, stdout } = await lint('lint', '--fix', '--format', 'json');
    assert.match(stderr, /^0 fixes applied in 0 files\.$/m);
    assert.equal(fs.readFileSync(path.join(dir, 'src', 'jobs', 'sync.ts'), 'utf8'), snapshot);
    assert.equal(fs.readFileSync(path.join(dir, 'src', 'resilient-http.ts'), 'utf8'), helper);
    const remaining = (JSON.parse(stdout) as { findings: Array<{ file: string }> }).findings.filter((finding) => finding.file === 'src/jobs/sync.ts');
    assert.deepEqual(remaining, []);
  });
});

/**
 * The built CLI's CI options: `--max-warnings` (as ESLint's), `--sarif-file`, and `--changed-since` in a
 * git repository this test creates (a branch with committed, staged, unstaged, untracked and deleted
 * changes, a wrapper in an unchanged file, and a commit on the base branch made after the branch left it).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cliPath as cli, runCli as runBuiltCli } from './support/run-cli';

interface JsonReport {
  filesAnalyzed: number;
  findings: Array<{ ruleId: string; severity: string; file: string; line: number }>;
}

/** The built CLI in `cwd`; never rejects (a run killed at its time bound has code -1). */
async function runCli(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = await runBuiltCli(args, { cwd });
  return { code: run.code ?? -1, stdout: run.stdout, stderr: run.stderr };
}

function write(root: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/** A fan-out with a timeout: one warning (unbounded-concurrency) and one info (missing-retry). */
const fanOut = (name: string) =>
  `export async function ${name}(urls: string[]) {\n  return Promise.all(urls.map((u) => fetch(u, { signal: AbortSignal.timeout(5_000) })));\n}\n`;
/** A request without a timeout: one warning (missing-timeout). */
const noTimeout = (name: string) => `export async function ${name}(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}\n`;

describe('lint --max-warnings and --sarif-file (built CLI)', () => {
  let dir: string;
  before(() => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-cli-ci-'));
    write(dir, 'src/two-warnings.ts', `${fanOut('all')}\n${noTimeout('one')}`);
    write(dir, 'src/infos-only.ts', fanOut('quiet').replace('  return', '  // http-resilience-disable-next-line unbounded-concurrency\n  return'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has the findings the cases below count on', async () => {
    const { stdout } = await runCli(dir, 'lint', '--format', 'json');
    const findings = (JSON.parse(stdout) as JsonReport).findings.map((entry) => `${entry.file} ${entry.severity} ${entry.ruleId}`).sort();
    assert.deepEqual(findings, [
      'src/infos-only.ts info missing-retry',
      'src/two-warnings.ts info missing-retry',
      'src/two-warnings.ts warning missing-timeout',
      'src/two-warnings.ts warning unbounded-concurrency',
    ]);
  });

  it('exits 1 with more warnings than --max-warnings even when --fail-on passes, and says so on stderr', async () => {
    const over = await runCli(dir, 'lint', '--fail-on', 'error', '--max-warnings', '1');
    assert.equal(over.code, 1);
    assert.equal(over.stderr, 'http-resilience: too many warnings (2, maximum: 1).\n');
    const off = await runCli(dir, 'lint', '--fail-on', 'off', '--max-warnings', '0', '--format', 'json');
    assert.equal(off.code, 1, '--fail-on off does not disable --max-warnings');
    assert.ok(JSON.parse(off.stdout), 'the report is still printed in full');
    const equal = await runCli(dir, 'lint', '--fail-on', 'error', '--max-warnings', '2');
    assert.equal(equal.code, 0, 'exactly the maximum passes, as in ESLint');
    assert.equal(equal.stderr, '');
    assert.equal((await runCli(dir, 'lint', '--fail-on', 'error')).code, 0, 'no limit by default');
    assert.equal((await runCli(dir, 'lint', '--max-warnings', '5')).code, 1, 'under the maximum, --fail-on still applies');
  });

  it('does not count infos as warnings', async () => {
    const infos = await runCli(dir, 'lint', 'src/infos-only.ts', '--fail-on', 'error', '--max-warnings', '0');
    assert.equal(infos.code, 0);
  });

  it('rejects a bad --max-warnings with exit code 2', async () => {
    const bad = await runCli(dir, 'lint', '--max-warnings', 'lots');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^http-resilience: --max-warnings must be a whole number, got "lots"\n$/);
  });

  it('writes SARIF to --sarif-file while printing the chosen format', async () => {
    const run = await runCli(dir, 'lint', '--format', 'stylish', '--sarif-file', 'reports/lint.sarif');
    assert.equal(run.code, 2, 'a folder that does not exist is bad usage');
    assert.match(run.stderr, /cannot write --sarif-file reports\/lint\.sarif/);
    fs.mkdirSync(path.join(dir, 'reports'));
    const ok = await runCli(dir, 'lint', '--format', 'stylish', '--sarif-file', 'reports/lint.sarif');
    assert.equal(ok.code, 1);
    assert.match(ok.stdout, new RegExp(`^\\n${escapeRegExp(path.join(fs.realpathSync(dir), 'src', 'infos-only.ts'))}\\n|^\\n${escapeRegExp(path.join(dir, 'src', 'infos-only.ts'))}\\n`));
    const log = JSON.parse(fs.readFileSync(path.join(dir, 'reports', 'lint.sarif'), 'utf8')) as import('sarif').Log;
    assert.deepEqual(log.runs[0].results?.map((result) => result.ruleId).sort(), ['missing-retry', 'missing-retry', 'missing-timeout', 'unbounded-concurrency']);
    fs.rmSync(path.join(dir, 'reports'), { recursive: true });
  });
});

describe('lint --changed-since (built CLI, in a git repository made here)', () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  before(() => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-changed-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'Test');
    git('config', 'commit.gpgsign', 'false');
    // The base: a wrapper that sends a request (and has its own finding), and files the branch will touch.
    write(repo, 'lib/http.ts', noTimeout('getJson'));
    write(repo, 'src/untouched.ts', fanOut('untouched'));
    write(repo, 'src/unstaged.ts', 'export const version = 1;\n');
    write(repo, 'src/staged.ts', 'export const version = 1;\n');
    write(repo, 'src/gone.ts', fanOut('gone'));
    write(repo, '.gitignore', 'generated/\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    // Committed on the branch: a fan-out over the wrapper from the unchanged lib/http.ts.
    write(repo, 'src/app.ts', "import { getJson } from '../lib/http';\n\nexport async function users(ids: string[]) {\n  return Promise.all(ids.map((id) => getJson(`https://api.example.com/users/${id}`)));\n}\n");
    git('add', '-A');
    git('commit', '-q', '-m', 'app');
    // Meanwhile on main: a change to a file the branch did not touch (`main...HEAD` leaves it out, `main HEAD` would not).
    git('checkout', '-q', 'main');
    write(repo, 'src/untouched.ts', `// reviewed\n${fanOut('untouched')}`);
    git('commit', '-q', '-am', 'main moves on');
    git('checkout', '-q', 'feature');
    // Uncommitted: staged, unstaged, untracked, deleted, and an untracked file that .gitignore hides.
    write(repo, 'src/staged.ts', noTimeout('staged'));
    git('add', 'src/staged.ts');
    write(repo, 'src/unstaged.ts', noTimeout('unstaged'));
    write(repo, 'src/untracked.ts', noTimeout('untracked'));
    fs.rmSync(path.join(repo, 'src/gone.ts'));
    write(repo, 'generated/client.ts', noTimeout('generated'));
  });
  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  const reportedFiles = (report: JsonReport) => [...new Set(report.findings.map((entry) => entry.file))].sort();

  it('without it, every file is reported', async () => {
    const { stdout } = await runCli(repo, 'lint', '--format', 'json');
    assert.deepEqual(reportedFiles(JSON.parse(stdout) as JsonReport), ['lib/http.ts', 'src/app.ts', 'src/staged.ts', 'src/unstaged.ts', 'src/untouched.ts', 'src/untracked.ts']);
  });

  it('reports only committed-on-the-branch, staged, unstaged and untracked files, still following the unchanged wrapper', async () => {
    const { code, stdout, stderr } = await runCli(repo, 'lint', '--format', 'json', '--changed-since', 'main');
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as JsonReport;
    assert.deepEqual(reportedFiles(report), ['src/app.ts', 'src/staged.ts', 'src/unstaged.ts', 'src/untracked.ts']);
    assert.equal(report.filesAnalyzed, 4, 'the other files are read through imports, not linted');
    // Only the wrapper in lib/http.ts makes getJson a request: the cross-file summary still feeds the rule.
    assert.ok(report.findings.some((entry) => entry.file === 'src/app.ts' && entry.ruleId === 'unbounded-concurrency'), stdout);
  });

  it('works from a subfolder, with paths, and with a commit id or a relative ref', async () => {
    const sub = await runCli(path.join(repo, 'src'), 'lint', '.', '--format', 'json', '--changed-since', 'main');
    assert.deepEqual(reportedFiles(JSON.parse(sub.stdout) as JsonReport), ['app.ts', 'staged.ts', 'unstaged.ts', 'untracked.ts']);
    const narrowed = await runCli(repo, 'lint', 'src/app.ts', 'lib', '--format', 'json', '--changed-since', git('rev-parse', 'main').trim());
    assert.deepEqual(reportedFiles(JSON.parse(narrowed.stdout) as JsonReport), ['src/app.ts']);
    const head = await runCli(repo, 'lint', '--format', 'json', '--changed-since', 'HEAD');
    assert.deepEqual(reportedFiles(JSON.parse(head.stdout) as JsonReport), ['src/staged.ts', 'src/unstaged.ts', 'src/untracked.ts'], 'HEAD: uncommitted changes only');
  });

  it('limits SARIF and the text report the same way', async () => {
    const sarif = await runCli(repo, 'lint', '--format', 'sarif', '--changed-since', 'main');
    const uris = (JSON.parse(sarif.stdout) as import('sarif').Log).runs[0].results?.map((result) => result.locations?.[0].physicalLocation?.artifactLocation?.uri);
    assert.deepEqual([...new Set(uris)].sort(), ['src/app.ts', 'src/staged.ts', 'src/unstaged.ts', 'src/untracked.ts']);
    const text = await runCli(repo, 'lint', '--changed-since', 'main', '--rule', 'unbounded-concurrency=off', '--rule', 'missing-timeout=off', '--rule', 'missing-retry=off');
    assert.equal(text.stdout, 'No problems found in 4 files.\n');
  });

  it('rejects a ref git does not know, a ref that looks like an option, and a folder outside git, with exit code 2', async () => {
    const cases: Array<[string, string[], RegExp]> = [
      [repo, ['--changed-since', 'no-such-branch'], /^http-resilience: --changed-since: "no-such-branch" is not a commit in this repository/],
      [repo, ['--changed-since=--upload-pack=x'], /^http-resilience: --changed-since needs a git ref, got "--upload-pack=x"/],
      [os.tmpdir(), ['--changed-since', 'main', '--no-progress', path.join(repo, 'src', 'app.ts')], /^http-resilience: --changed-since needs a git repository, and .* is not inside one/],
    ];
    for (const [cwd, args, message] of cases) {
      const { code, stdout, stderr } = await runCli(cwd, 'lint', ...args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, message);
      assert.match(stderr, /^[^\n]+\n$/, 'one line, no stack trace');
    }
  });

  it('says why when the ref has no merge base with HEAD', async () => {
    const unrelated = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-unrelated-'));
    const inUnrelated = (...args: string[]) => execFileSync('git', args, { cwd: unrelated, stdio: 'ignore' });
    try {
      inUnrelated('init', '-q', '-b', 'main');
      write(unrelated, 'a.ts', noTimeout('a'));
      inUnrelated('add', '-A');
      inUnrelated('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-q', '-m', 'one');
      inUnrelated('checkout', '-q', '--orphan', 'other');
      inUnrelated('-c', 'user.email=t@example.com', '-c', 'user.name=T', 'commit', '-q', '-m', 'two');
      const { code, stderr } = await runCli(unrelated, 'lint', '--changed-since', 'main');
      assert.equal(code, 2);
      assert.match(stderr, /^http-resilience: --changed-since main: git: .*merge base/);
    } finally {
      fs.rmSync(unrelated, { recursive: true, force: true });
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The built CLI (dist/cli.js) as a user runs it: formats, exit codes, bad arguments, bad files, ignores. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { rules } from '../src/rules';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const run = promisify(execFile);
const fanOut = 'export async function all(urls: string[]) {\n  return Promise.all(urls.map((u) => fetch(u, { signal: AbortSignal.timeout(1_000) })));\n}\n';

let dir: string;

async function lint(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

describe('http-resilience lint', () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-cli-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'generated'));
    fs.writeFileSync(path.join(dir, 'src', 'flagged.ts'), fanOut);
    fs.writeFileSync(path.join(dir, 'src', 'clean.ts'), 'export const add = (a: number, b: number) => a + b;\n');
    fs.writeFileSync(path.join(dir, 'src', 'broken.ts'), 'const = ;\n');
    fs.writeFileSync(path.join(dir, 'node_modules', 'dep', 'index.js'), fanOut);
    fs.writeFileSync(path.join(dir, 'generated', 'client.ts'), fanOut);
    fs.writeFileSync(path.join(dir, '.gitignore'), 'generated/\n');
    fs.symlinkSync(path.join(dir, 'missing-target.ts'), path.join(dir, 'src', 'dangling.ts'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON shape with 1-based positions and relative paths', async () => {
    const { code, stdout } = await lint('lint', '--format', 'json');
    assert.equal(code, 1, 'a warning fails by default');
    const report = JSON.parse(stdout) as {
      version: number;
      filesAnalyzed: number;
      findings: Array<Record<string, unknown>>;
      fileProblems: Array<{ file: string; kind: string; message: string }>;
    };
    assert.equal(report.version, 1);
    assert.equal(report.filesAnalyzed, 2, 'flagged.ts and clean.ts; node_modules and .gitignored files are not analysed');
    const finding = report.findings.find((entry) => entry.ruleId === 'unbounded-concurrency');
    assert.ok(finding);
    assert.deepEqual(Object.keys(finding).sort(), ['column', 'endColumn', 'endLine', 'file', 'line', 'message', 'ruleId', 'severity']);
    assert.equal(finding.file, 'src/flagged.ts');
    assert.equal(finding.line, lineOf(fanOut, 'Promise.all'));
    assert.equal(finding.column, fanOut.split('\n')[lineOf(fanOut, 'Promise.all') - 1].indexOf('Promise.all') + 1);
    assert.equal(finding.severity, 'warning');
    assert.ok(!report.findings.some((entry) => String(entry.file).startsWith('generated/') || String(entry.file).includes('node_modules')));
    const problems = new Map(report.fileProblems.map((problem) => [problem.file, problem]));
    assert.equal(problems.get('src/broken.ts')?.kind, 'parse-error');
    assert.equal(problems.get('src/dangling.ts')?.kind, 'unreadable');
    assert.match(problems.get('src/dangling.ts')?.message ?? '', /ENOENT/);
  });

  it('prints valid SARIF 2.1.0 with rules, help URIs, levels and locations', async () => {
    const { stdout } = await lint('lint', 'src', '--format', 'sarif');
    const log = JSON.parse(stdout) as {
      version: string;
      $schema: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string; defaultConfiguration: { level: string } }> } };
        results: Array<{ ruleId: string; ruleIndex: number; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }>;
        invocations: Array<{ toolExecutionNotifications: unknown[] }>;
      }>;
    };
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const run0 = log.runs[0];
    assert.equal(run0.tool.driver.name, 'http-resilience');
    assert.deepEqual(run0.tool.driver.rules.map((rule) => rule.id), rules.map((rule) => rule.meta.id));
    for (const rule of run0.tool.driver.rules) assert.match(rule.helpUri, new RegExp(`docs/rules/${rule.id}\\.md$`));
    const result = run0.results.find((entry) => entry.ruleId === 'unbounded-concurrency');
    assert.ok(result);
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, 'unbounded-concurrency');
    assert.equal(result.level, 'warning');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'src/flagged.ts');
    assert.equal(result.locations[0].physicalLocation.region.startLine, lineOf(fanOut, 'Promise.all'));
    assert.equal(run0.invocations[0].toolExecutionNotifications.length, 2, 'the broken and the dangling file');
  });

  it('prints stylish text with a summary line', async () => {
    const { stdout } = await lint('lint', 'src/flagged.ts', 'src/clean.ts');
    assert.match(stdout, /^src\/flagged\.ts$/m);
    assert.match(stdout, new RegExp(`^  ${lineOf(fanOut, 'Promise.all')}:\\d+\\s+warning\\s+.*unbounded-concurrency$`, 'm'));
    assert.match(stdout, /✖ \d+ problems \(0 errors, 1 warning, 1 info\) in 2 files/);
    const clean = await lint('lint', 'src/clean.ts');
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /No problems found in 1 file\./);
  });

  it('exits by --fail-on and honours --rule', async () => {
    assert.equal((await lint('lint', 'src/flagged.ts', '--fail-on', 'error', '--format', 'json')).code, 0);
    assert.equal((await lint('lint', 'src/flagged.ts', '--fail-on', 'info', '--format', 'json')).code, 1);
    const raised = await lint('lint', 'src/flagged.ts', '--rule', 'unbounded-concurrency=error', '--rule', 'missing-retry=off', '--fail-on', 'error', '--format', 'json');
    assert.equal(raised.code, 1);
    const ids = (JSON.parse(raised.stdout) as { findings: Array<{ ruleId: string; severity: string }> }).findings.map((entry) => `${entry.ruleId}:${entry.severity}`);
    assert.deepEqual(ids, ['unbounded-concurrency:error']);
  });

  it('honours --ignore-pattern', async () => {
    const { stdout } = await lint('lint', '--format', 'json', '--ignore-pattern', 'src/flagged.ts');
    assert.deepEqual((JSON.parse(stdout) as { findings: unknown[] }).findings, []);
  });

  it('rejects bad usage with exit 2 and a clear message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['lint', '--format', 'xml'], /--format must be one of text, json, sarif/],
      [['lint', '--rule', 'no-such-rule=off'], /unknown rule "no-such-rule"/],
      [['lint', '--rule', 'missing-retry=loud'], /severity must be off, info, warning or error/],
      [['lint', '--rule', 'missing-retry'], /--rule expects <id>=<severity>/],
      [['lint', 'does-not-exist'], /no such file or directory: does-not-exist/],
      [['lint', '--bogus'], /Unknown option '--bogus'/],
      [['frobnicate'], /unknown command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await lint(...args);
      assert.equal(code, 2, args.join(' '));
      assert.match(stderr, /^http-resilience: /);
      assert.match(stderr, message);
      assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('prints help and version', async () => {
    assert.match((await lint('--help')).stdout, /Usage: http-resilience lint/);
    assert.match((await lint('--version')).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

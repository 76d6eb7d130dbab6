/** The built CLI (dist/cli.js) as a user runs it: formats, exit codes, bad arguments, bad files, ignores. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import manifest from '../../package.json';
import { ruleDocsUrl, rules } from '../src/rules';
import { type CliRun, cliPath as cli, runCli as runBuiltCli } from './support/run-cli';

const fanOut = '// One request per URL, all at once.\nexport async function all(urls: string[]) {\n  return Promise.all(urls.map((u) => fetch(u)));\n}\n';
const fanOutLine = lineOf(fanOut, 'Promise.all');

/** The JSON report, as documented. */
interface JsonReport {
  version: number;
  filesAnalyzed: number;
  findings: Array<{ ruleId: string; severity: string; file: string; line: number; column: number; endLine: number; endColumn: number; message: string }>;
  fileProblems: Array<{ file: string; kind: string; message: string; line?: number; column?: number }>;
}

let dir: string;

/** Runs the CLI in the fixture folder; never rejects, whatever the exit code (killed after 60 s). */
function runCli(...args: string[]): Promise<CliRun> {
  return runBuiltCli(args, { cwd: dir });
}

async function runJson(...args: string[]): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
  const { code, stdout, stderr } = await runCli('lint', '--format', 'json', ...args);
  return { code, report: JSON.parse(stdout) as JsonReport, stderr };
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

describe('http-resilience (built CLI)', () => {
  before(() => {
    assert.ok(fs.existsSync(cli), `${cli} is missing: run \`npm run build\` first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-cli-e2e-'));
    write('src/flagged.ts', fanOut);
    write('src/clean.ts', 'export const add = (a: number, b: number) => a + b;\n');
    write('src/broken.ts', 'const = ;\n');
    write('node_modules/dep/index.js', fanOut.replace(': string[]', ''));
    write('generated/client.ts', fanOut);
    write('.gitignore', 'generated/\n');
    fs.symlinkSync(path.join(dir, 'missing-target.ts'), path.join(dir, 'src', 'dangling.ts'));
    fs.mkdirSync(path.join(dir, 'folder'));
    fs.symlinkSync(path.join(dir, 'folder'), path.join(dir, 'src', 'linked-folder.ts'));
  });
  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the JSON report with relative paths and 1-based positions, and fails on the warning', async () => {
    const { code, report, stderr } = await runJson();
    assert.equal(code, 1);
    assert.equal(stderr, '', 'no progress line when stderr is not a terminal');
    assert.deepEqual(Object.keys(report), ['version', 'filesAnalyzed', 'findings', 'fileProblems']);
    assert.equal(report.version, 1);
    assert.equal(report.filesAnalyzed, 2, 'flagged.ts and clean.ts; node_modules/ and .gitignored files are not analysed');
    assert.ok(report.findings.every((entry) => entry.file === 'src/flagged.ts'), JSON.stringify(report.findings));
    const finding = report.findings.find((entry) => entry.ruleId === 'unbounded-concurrency');
    assert.ok(finding, JSON.stringify(report.findings));
    assert.deepEqual(Object.keys(finding), ['ruleId', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message']);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.line, fanOutLine);
    assert.equal(finding.column, fanOut.split('\n')[fanOutLine - 1].indexOf('Promise.all') + 1);
    assert.ok(finding.endLine > finding.line || finding.endColumn > finding.column);
    const sorted = [...report.findings].sort((a, b) => a.line - b.line || a.column - b.column);
    assert.deepEqual(report.findings, sorted);
  });

  it('reports files it cannot analyse, with a clear message, without failing the run', async () => {
    const { report } = await runJson();
    const problems = new Map(report.fileProblems.map((problem) => [problem.file, problem]));
    assert.deepEqual([...problems.keys()], ['src/broken.ts', 'src/dangling.ts', 'src/linked-folder.ts']);
    assert.equal(problems.get('src/broken.ts')?.kind, 'parse-error');
    assert.match(problems.get('src/broken.ts')?.message ?? '', /^Parsing error: /);
    assert.equal(problems.get('src/broken.ts')?.line, 1);
    assert.equal(problems.get('src/dangling.ts')?.kind, 'unreadable');
    assert.match(problems.get('src/dangling.ts')?.message ?? '', /ENOENT/);
    assert.equal(problems.get('src/linked-folder.ts')?.kind, 'unreadable');
    assert.match(problems.get('src/linked-folder.ts')?.message ?? '', /not a regular file/i);
    const onlyProblems = await runJson('src/broken.ts', 'src/dangling.ts', '--fail-on', 'info');
    assert.equal(onlyProblems.code, 0, 'file problems never change the exit code');
    assert.equal(onlyProblems.report.filesAnalyzed, 0);
  });

  it('prints SARIF 2.1.0 that describes every rule and locates each result', async () => {
    const { code, stdout } = await runCli('lint', 'src', '--format', 'sarif');
    assert.equal(code, 1);
    const log = JSON.parse(stdout) as import('sarif').Log;
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    const [run] = log.runs;
    assert.equal(run.tool.driver.name, 'http-resilience');
    assert.equal(run.tool.driver.version, manifest.version);
    assert.deepEqual(run.tool.driver.rules?.map((rule) => [rule.id, rule.helpUri]), rules.map((rule) => [rule.meta.id, ruleDocsUrl(rule.meta.id)]));
    for (const rule of run.tool.driver.rules ?? []) assert.ok(['note', 'warning', 'error'].includes(rule.defaultConfiguration?.level ?? ''));
    const result = run.results?.find((entry) => entry.ruleId === 'unbounded-concurrency');
    assert.ok(result);
    assert.equal(run.tool.driver.rules?.[result.ruleIndex ?? -1]?.id, 'unbounded-concurrency');
    assert.equal(result.level, 'warning');
    assert.ok(result.message.text);
    const location = result.locations?.[0].physicalLocation;
    assert.deepEqual(location?.artifactLocation, { uri: 'src/flagged.ts', uriBaseId: '%SRCROOT%' });
    assert.equal(location?.region?.startLine, fanOutLine);
    assert.equal(location?.region?.startColumn, fanOut.split('\n')[fanOutLine - 1].indexOf('Promise.all') + 1);
    const notified = run.invocations?.[0].toolExecutionNotifications?.map((notification) => notification.locations?.[0].physicalLocation?.artifactLocation?.uri);
    assert.deepEqual(notified, ['src/broken.ts', 'src/dangling.ts', 'src/linked-folder.ts']);
  });

  it('prints stylish text: a header per file, aligned rows, a parsing error line and the summary', async () => {
    const { code, stdout } = await runCli('lint');
    assert.equal(code, 1);
    assert.ok(!stdout.includes('\u001b['), 'no colours when stdout is not a terminal');
    const lines = stdout.split('\n');
    const header = lines.indexOf('src/flagged.ts');
    assert.ok(header >= 0, stdout);
    const rows = lines.slice(header + 1, lines.indexOf('', header));
    assert.ok(rows.some((row) => new RegExp(`^ +${fanOutLine}:\\d+ +warning +.* unbounded-concurrency$`).test(row)), stdout);
    assert.match(lines[lines.indexOf('src/broken.ts') + 1], /^ {2}1:\d+ +skipped +Parsing error: /);
    assert.match(stdout, /\n✖ (\d+) problems? \(\d+ errors?, [1-9]\d* warnings?, \d+ infos?\)\n3 files could not be analysed/);
    const clean = await runCli('lint', 'src/clean.ts');
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, 'No problems found in 1 file.\n');
  });

  it('exits by --fail-on and applies --rule', async () => {
    const failOnError = await runJson('src/flagged.ts', '--fail-on', 'error');
    assert.ok(failOnError.report.findings.length > 0 && failOnError.report.findings.every((entry) => entry.severity !== 'error'));
    assert.equal(failOnError.code, 0, 'a run with warnings only passes --fail-on error');
    assert.equal((await runJson('src/flagged.ts', '--fail-on', 'off')).code, 0);
    assert.equal((await runJson('src/flagged.ts', '--fail-on', 'info')).code, 1);
    const raised = await runJson('src/flagged.ts', '--rule', 'unbounded-concurrency=error', '--fail-on', 'error');
    assert.equal(raised.code, 1);
    assert.equal(raised.report.findings.find((entry) => entry.ruleId === 'unbounded-concurrency')?.severity, 'error');
    const silenced = await runJson('src/flagged.ts', '--rule', 'unbounded-concurrency=off');
    assert.ok(!silenced.report.findings.some((entry) => entry.ruleId === 'unbounded-concurrency'));
  });

  it('honours --ignore-pattern, and always lints files named explicitly', async () => {
    const ignored = await runJson('--ignore-pattern', 'src/flagged.ts', '--ignore-pattern', 'src/*ing*');
    assert.deepEqual(ignored.report.findings, []);
    assert.equal(ignored.code, 0);
    const explicit = await runJson('generated/client.ts');
    assert.ok(explicit.report.findings.some((entry) => entry.file === 'generated/client.ts' && entry.ruleId === 'unbounded-concurrency'));
  });

  it('writes the report to --output instead of stdout', async () => {
    const { code, stdout } = await runCli('lint', 'src/flagged.ts', '--format', 'json', '--output', 'report.json');
    assert.equal(code, 1);
    assert.equal(stdout, '');
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport;
    assert.equal(report.filesAnalyzed, 1);
  });

  it('rejects bad usage with exit code 2 and one clear line, no stack trace', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['lint', '--format', 'xml'], /--format must be one of text, stylish, json, sarif, got "xml"/],
      [['lint', '--rule', 'no-such-rule=off'], new RegExp(`unknown rule "no-such-rule"; valid ids: ${rules.map((rule) => rule.meta.id).join(', ')}`)],
      [['lint', '--rule', 'missing-retry=loud'], /level must be one of off, info, warning, error/],
      [['lint', '--fail-on', 'never'], /--fail-on must be one of off, info, warning, error/],
      [['lint', 'src', 'does-not-exist'], /no such file or directory: does-not-exist/],
      [['lint', '--bogus'], /Unknown option '--bogus'/],
      [['lint', 'src/clean.ts', '--output', 'no-such-folder/report.txt'], /cannot write --output no-such-folder\/report\.txt/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [[], /missing command/],
    ];
    const outcomes = await Promise.all(cases.map(([args]) => runCli(...args)));
    outcomes.forEach(({ code, stdout, stderr }, index) => {
      const [args, message] = cases[index];
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '', args.join(' '));
      assert.match(stderr, /^http-resilience: [^\n]+\n$/, args.join(' '));
      assert.match(stderr, message);
    });
  });

  it('prints help and the package version', async () => {
    const help = await runCli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: http-resilience lint \[paths…\] \[options\]/);
    assert.equal((await runCli('--version')).stdout, `${manifest.version}\n`);
  });
});

/**
 * The composite GitHub Action (action.yml at the repository root), run here the way the runner runs it:
 * each step's `run:` script with `bash --noprofile --norc -eo pipefail`, its `env:` evaluated (`inputs.*`
 * with the action's defaults, `steps.<id>.outputs.*` read back from each step's GITHUB_OUTPUT file), the
 * GitHub variables (GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_ACTION_PATH, RUNNER_TEMP) pointing at
 * temporary folders, over a copy of test-fixtures/. The problem matcher the step registers is applied to
 * its log as the runner would, and the SARIF file is validated against the SARIF 2.1.0 schema.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type * as Sarif from 'sarif';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test-fixtures');

interface ActionStep {
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const action = parse(fs.readFileSync(path.join(root, 'action.yml'), 'utf8')) as Action;

/** What a run of the action left behind. */
interface ActionRun {
  /** Exit code of the step that ended the run (the last one, or the first that failed). */
  code: number;
  log: string;
  outputs: Record<string, string>;
  stepOutputs: Record<string, Record<string, string>>;
  /** The problem matcher file the run registered with `::add-matcher::`, as it was on disk. */
  matcher?: string;
}

/** `name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
function readOutputFile(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2], index + 1);
      outputs[block[1]] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

/** Evaluates the only expressions the action may use: `${{ inputs.x }}`, `${{ steps.id.outputs.x }}`, `${{ github.action_path }}`. */
function evaluate(template: string, context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>> }): string {
  return template.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    let match = /^inputs\.([\w-]+)$/.exec(expression);
    if (match) {
      assert.ok(match[1] in action.inputs, `unknown input ${match[1]}`);
      return context.inputs[match[1]] ?? '';
    }
    match = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (match) return context.steps[match[1]]?.[match[2]] ?? '';
    if (expression === 'github.action_path') return root;
    assert.fail(`the test runner does not evaluate \${{ ${expression} }}`);
  });
}

/** Runs the action's steps in order, stopping at the first that fails, as a runner does. */
function runAction(workspace: string, given: Record<string, string>): ActionRun {
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = given[name] ?? input.default ?? '';
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-action-runner-'));
  const steps: Record<string, Record<string, string>> = {};
  let log = '';
  let code = 0;
  for (const [index, step] of action.runs.steps.entries()) {
    const outputFile = path.join(temp, `output-${index}`);
    fs.writeFileSync(outputFile, '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_ACTION_PATH: root,
      RUNNER_TEMP: temp,
    };
    for (const [name, value] of Object.entries(step.env ?? {})) env[name] = evaluate(value, { inputs, steps });
    const script = path.join(temp, `step-${index}.sh`);
    fs.writeFileSync(script, step.run ?? '');
    // The runner's `shell: bash`: bash --noprofile --norc -eo pipefail {0}, started in the workspace.
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000, killSignal: 'SIGKILL' });
    log += result.stdout + result.stderr;
    if (step.id) steps[step.id] = readOutputFile(outputFile);
    code = result.status ?? 1;
    if (code !== 0) break;
  }
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(action.outputs)) outputs[name] = evaluate(output.value, { inputs, steps });
  // The runner reads a matcher file when the command is seen; read it before the temporary folder goes.
  const matcherFile = /^::add-matcher::(.+)$/m.exec(log)?.[1];
  const matcher = matcherFile !== undefined && fs.existsSync(matcherFile) ? fs.readFileSync(matcherFile, 'utf8') : undefined;
  fs.rmSync(temp, { recursive: true, force: true });
  return { code, log, outputs, stepOutputs: steps, matcher };
}

describe('action.yml', () => {
  let workspace: string;
  /** The workspace as the CLI sees it (its working directory), symbolic links resolved. */
  let real: string;
  const validate = (() => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    return ajv.compile(JSON.parse(fs.readFileSync(path.join(__dirname, 'support', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
  })();

  before(() => {
    assert.ok(fs.existsSync(path.join(root, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` first');
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'hr-action-workspace-'));
    fs.cpSync(fixtures, path.join(workspace, 'test-fixtures'), { recursive: true });
    real = fs.realpathSync(workspace);
  });
  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  it('is a composite action with the documented inputs and outputs, whose scripts take inputs through env only', () => {
    assert.equal(action.runs.using, 'composite');
    assert.deepEqual(Object.keys(action.inputs), ['paths', 'format', 'fail-on', 'max-warnings', 'changed-since', 'sarif-file']);
    assert.deepEqual(Object.keys(action.outputs), ['sarif-file', 'exit-code']);
    for (const input of Object.values(action.inputs)) assert.ok(input.description.length > 20);
    for (const step of action.runs.steps) {
      assert.equal(step.shell, 'bash');
      assert.ok(step.run, 'every step is a script');
      // An expression inside a script is pasted into it before bash runs: a script-injection hole.
      assert.ok(!step.run.includes('${{'), `step ${step.id}: no expressions inside run:`);
      for (const [name, value] of Object.entries(step.env ?? {})) {
        if (name.startsWith('INPUT_')) assert.equal(value, `\${{ inputs.${name.slice('INPUT_'.length).toLowerCase().replace(/_/g, '-')} }}`);
      }
    }
    const lint = action.runs.steps.find((step) => step.id === 'lint');
    const mapped = Object.keys(lint?.env ?? {}).filter((name) => name.startsWith('INPUT_'));
    assert.deepEqual(mapped.map((name) => name.slice(6).toLowerCase().replace(/_/g, '-')), Object.keys(action.inputs), 'every input reaches the script');
  });

  it('with the defaults: uses the built CLI, annotates through its matcher, writes SARIF, fails on the warnings', () => {
    const run = runAction(workspace, { paths: 'test-fixtures' });
    assert.equal(run.code, 1, run.log);
    assert.equal(run.stepOutputs.cli.path, path.join(root, 'dist', 'cli.js'));
    assert.ok(!run.log.includes('Building http-resilience'), 'dist/cli.js exists, so nothing is built');
    assert.equal(run.outputs['exit-code'], '1');
    const sarifFile = path.join(workspace, 'http-resilience.sarif');
    assert.equal(run.outputs['sarif-file'], sarifFile);
    const log = JSON.parse(fs.readFileSync(sarifFile, 'utf8')) as Sarif.Log;
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
    const results = log.runs[0].results ?? [];
    assert.ok(results.length > 50);
    assert.ok(results.every((result) => result.locations?.[0].physicalLocation?.artifactLocation?.uri?.startsWith('test-fixtures/')));
    assert.equal(log.runs[0].originalUriBaseIds?.['%SRCROOT%']?.uri, `${pathToFileURL(real).href}/`);
    // The log: the matcher is added before the report and removed after it.
    const lines = run.log.split('\n');
    const added = lines.findIndex((line) => line.startsWith('::add-matcher::'));
    const removed = lines.indexOf('::remove-matcher owner=http-resilience::');
    assert.ok(added >= 0 && removed > added, run.log.slice(0, 2000));
    assert.ok(run.matcher, 'the matcher file exists when it is added');
    // Every SARIF result is an annotation the matcher reads from the stylish rows between the two.
    const annotations = readWithGithubMatcher(lines.slice(added + 1, removed).join('\n'), run.matcher);
    const want = results.map((result) => ({
      file: path.join(real, decodeURIComponent(result.locations?.[0].physicalLocation?.artifactLocation?.uri ?? '')),
      line: result.locations?.[0].physicalLocation?.region?.startLine,
      column: result.locations?.[0].physicalLocation?.region?.startColumn,
      severity: result.level === 'error' ? 'error' : 'warning',
      code: result.ruleId,
    }));
    assert.deepEqual(annotations.map(({ file, line, column, severity, code }) => ({ file, line, column, severity, code })), want);
    for (const annotation of annotations) assert.ok(fs.existsSync(annotation.file), 'the runner keeps only annotations on files that exist');
  });

  it('passes fail-on, max-warnings, format and a SARIF path through, and can write no SARIF', () => {
    const passing = runAction(workspace, { paths: 'test-fixtures/missing-timeout\ntest-fixtures/default-pool', 'fail-on': 'off', format: 'json', 'sarif-file': 'out/deep/report.sarif' });
    assert.equal(passing.code, 0, passing.log);
    assert.equal(passing.outputs['exit-code'], '0');
    assert.equal(passing.outputs['sarif-file'], path.join(workspace, 'out/deep/report.sarif'));
    const report = JSON.parse(passing.log.split('\n').filter((line) => !line.startsWith('::')).join('\n')) as { findings: Array<{ file: string }> };
    assert.ok(report.findings.length > 0);
    assert.deepEqual([...new Set(report.findings.map((entry) => entry.file.split('/').slice(0, 2).join('/')))].sort(), ['test-fixtures/default-pool', 'test-fixtures/missing-timeout']);
    const tooMany = runAction(workspace, { paths: 'test-fixtures/missing-timeout', 'fail-on': 'off', 'max-warnings': '0', 'sarif-file': '' });
    assert.equal(tooMany.code, 1);
    assert.equal(tooMany.outputs['exit-code'], '1');
    assert.equal(tooMany.outputs['sarif-file'], '');
    assert.match(tooMany.log, /http-resilience: too many warnings \(\d+, maximum: 0\)\./);
  });

  it('fails with exit code 2 and an error annotation on bad input', () => {
    const cases: Array<Record<string, string>> = [{ 'fail-on': 'loudly' }, { paths: 'no-such-folder' }, { 'changed-since': 'main' }];
    for (const given of cases) {
      const run = runAction(workspace, { 'sarif-file': 'bad.sarif', ...given });
      assert.equal(run.code, 2, JSON.stringify(given));
      assert.equal(run.outputs['exit-code'], '2');
      assert.equal(run.outputs['sarif-file'], '', 'no SARIF from a run that did not happen');
      assert.match(run.log, /^::error title=http-resilience::the linter could not run \(exit code 2\)/m);
      assert.match(run.log, /^http-resilience: /m, 'the reason is in the log');
    }
  });
});

interface Annotation {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  code: string;
}

/** The eslint-stylish matcher the action registers (actions/setup-node's patterns), looping as the runner does. */
function readWithGithubMatcher(output: string, matcherFile: string): Annotation[] {
  const matcher = JSON.parse(matcherFile) as { problemMatcher: Array<{ owner: string; pattern: Array<{ regexp: string }> }> };
  assert.equal(matcher.problemMatcher[0].owner, 'http-resilience');
  const [fileLine, locationLine] = matcher.problemMatcher[0].pattern.map((pattern) => new RegExp(pattern.regexp));
  const lines = output.split('\n');
  const found: Annotation[] = [];
  let file: string | undefined;
  for (const [index, line] of lines.entries()) {
    const location = file === undefined ? null : locationLine.exec(line);
    if (file !== undefined && location) {
      found.push({ file, line: Number(location[1]), column: Number(location[2]), severity: location[3], message: location[4].trim(), code: location[5].trim() });
      continue;
    }
    const header = fileLine.exec(line);
    file = header && locationLine.test(lines[index + 1] ?? '') ? header[1] : undefined;
  }
  return found;
}

/**
 * Rule-level walks over expressions and function bodies (agent-per-request's `usesLocals` and `variableEscapes`,
 * retry-without-backoff's delay classification and timer-backoff scan, wrapper summaries' local tasks) use an
 * explicit stack: an option value or a delay of 20,000 terms (`idle + 1 + 1 …`, which TypeScript parses in a loop,
 * so the tree is as deep as the code is long) is judged like a short one, with no rule crash. Also: the helper the
 * quick fixes insert (server/resources/resilient-http.ts) is clean for the retry and concurrency rules that judge
 * hand-written loops, its own `withRetry` loop included.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintFiles } from '../src/engine/lint-files';
import { defaultSettings } from '../src/shared/settings';

const terms = 20_000;
const plusOnes = (head: string) => `${head}${' + 1'.repeat(terms)}`;
const longString = Array.from({ length: terms }, () => '"a"').join(' + ');

const files: Record<string, string> = {
  'agent.ts': `import { Agent, request } from 'undici';
export async function get(url: string, idle: number) {
  const agent = new Agent({ keepAliveTimeout: ${plusOnes('idle')}, connections: 8 });
  const note = ${longString};
  return request(url, { dispatcher: agent, headersTimeout: 5000, bodyTimeout: 5000, headers: { note } });
}
`,
  'retry.ts': `import { setTimeout as sleep } from 'node:timers/promises';
export async function load(url: string, base: number) {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fetch(url, { signal: AbortSignal.timeout(5000) });
    } catch {
      await sleep(${plusOnes('base')});
    }
  }
  return undefined;
}
let retryDelay = 100;
export function schedule(run: () => void) {
  retryDelay = retryDelay * 2;
  setTimeout(run, retryDelay);
  return ${longString};
}
`,
  'task.ts': `export async function send(url: string) {
  const note = ${longString};
  const task = async () => fetch(url, { signal: AbortSignal.timeout(5000), headers: { note } });
  return run(task);
}
async function run<T>(task: () => Promise<T>): Promise<T> {
  return task();
}
export async function sendAll(urls: string[]) {
  return Promise.all(urls.map((url) => send(url)));
}
`,
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-walkers-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);

async function lint(paths: string[]): Promise<{ findings: Map<string, string[]>; logs: string[] }> {
  const logs: string[] = [];
  const reports = await lintFiles(paths, { settings: defaultSettings, log: (line) => logs.push(line) });
  const findings = new Map(reports.map((report) => [path.basename(report.file), report.findings.map((finding) => `${finding.range.start.line + 1}:${finding.ruleId}`).sort()]));
  for (const report of reports) assert.equal(report.problem, undefined, `${report.file}: ${report.problem?.message}`);
  return { findings, logs };
}

describe('rule walkers on deep expressions', () => {
  it('judge 20,000-term option values and delays without a rule crash', async () => {
    const { findings, logs } = await lint(Object.keys(files).map((name) => path.join(dir, name)));
    assert.deepEqual(logs, []);
    // The agent is built per call (its options use a parameter, so no hoisting fix, but still a finding).
    assert.deepEqual(findings.get('agent.ts'), ['3:agent-per-request']);
    // A delay that grows with nothing the loop changes is constant; the timer delay doubles with no jitter.
    assert.deepEqual(findings.get('retry.ts'), ['14:retry-without-backoff', '3:retry-without-backoff']);
    // The request inside the local task counts for `send`: fanning `send` out is unbounded and unretried.
    assert.deepEqual(findings.get('task.ts'), ['10:missing-retry', '10:unbounded-concurrency']);
  });
});

describe('the helper quick fixes insert', () => {
  it('is clean for the retry, concurrency, timeout and body rules (its withRetry loop waits with jitter)', async () => {
    const helper = path.resolve(__dirname, '../resources/resilient-http.ts');
    const { findings, logs } = await lint([helper]);
    assert.deepEqual(logs, []);
    const mine = /^\d+:(retry-without-backoff|retry-never-triggers|unsafe-retry-method|missing-retry|unbounded-concurrency|missing-timeout|unconsumed-body|agent-per-request)$/;
    assert.deepEqual((findings.get('resilient-http.ts') ?? []).filter((key) => mine.test(key)), []);
  });
});

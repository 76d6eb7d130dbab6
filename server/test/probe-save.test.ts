/**
 * `probe --save` writes the measured server profile into `.http-resilience.json` (only that origin's
 * entry changes), and `lint` then quotes the measured value instead of an assumption.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cleanupAfter } from './support/cleanup';
import { downServerUrl, startServer } from './support/load-servers';
import { runCli } from './support/run-cli';

const quick = ['--max-requests', '30', '--max-concurrency', '4', '--idle-wait', '5', '--no-progress'];

interface JsonReport {
  findings: Array<{ ruleId: string; message: string }>;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'http-resilience-save-'));
}

describe('probe --save', { timeout: 120_000 }, () => {
  it('saves the origin’s profile, replaces only that entry on a second save, and lint quotes it', async (t) => {
    const cleanup = cleanupAfter(t);
    const dir = cleanup.defer(tempDir(), (created) => fs.rmSync(created, { recursive: true, force: true }));
    const server = cleanup.defer(await startServer({ keepAliveTimeout: 500 }), (started) => started.close());
    const origin = new URL(server.url).origin;
    const config = path.join(dir, '.http-resilience.json');
    const before = '{\n  "rules": { "missing-retry": "off" },\n  "servers": {\n    "https://other.example": { "knee": 2 }\n  }\n}\n';
    fs.writeFileSync(config, before);
    fs.writeFileSync(path.join(dir, 'pool.ts'), `import { Pool } from 'undici';\nexport const pool = new Pool('${origin}', { connections: 4, keepAliveTimeout: 60_000 });\n`);

    const first = await runCli(['probe', server.url, '--save', ...quick], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, new RegExp(`saved the profile of ${origin.replace(/[.]/g, '\\.')} to \\.http-resilience\\.json`));
    const saved = JSON.parse(fs.readFileSync(config, 'utf8')) as { rules: unknown; servers: Record<string, Record<string, unknown>> };
    assert.deepEqual(saved.rules, { 'missing-retry': 'off' });
    assert.deepEqual(saved.servers['https://other.example'], { knee: 2 });
    const profile = saved.servers[origin];
    assert.equal(typeof profile.idleTimeoutMs, 'number');
    assert.ok(Math.abs((profile.idleTimeoutMs as number) - 500) < 1500, `idle ${String(profile.idleTimeoutMs)} ms for a 0.5 s keep-alive`);
    // The knee is saved when the ramp found one (a loaded machine can leave it undetermined); the idle timeout always is here.
    assert.match(String(profile.measuredAt), /^\d{4}-\d\d-\d\dT/);
    assert.match(String(profile.measuredWith), /^http-resilience \d+\.\d+\.\d+/);
    const text = fs.readFileSync(config, 'utf8');
    assert.ok(text.startsWith('{\n  "rules": { "missing-retry": "off" },\n  "servers": {\n    "https://other.example": { "knee": 2 },\n'), text);

    const second = await runCli(['probe', server.url, '--save', ...quick], { cwd: dir });
    assert.equal(second.code, 0, second.stderr);
    const again = fs.readFileSync(config, 'utf8');
    assert.equal(again.split(origin).length, 2, 'one entry for the origin, replaced');
    assert.ok(again.startsWith('{\n  "rules": { "missing-retry": "off" },\n  "servers": {\n    "https://other.example": { "knee": 2 },\n'));

    const measured = await runCli(['lint', 'pool.ts', '--format', 'json', '--no-progress'], { cwd: dir });
    const idle = (JSON.parse(measured.stdout) as JsonReport).findings.find((finding) => finding.ruleId === 'keepalive-mismatch');
    assert.match(idle?.message ?? '', new RegExp(`${new URL(origin).host.replace(/[.]/g, '\\.')} only \\S+ m?s \\(probed \\d{4}-\\d\\d-\\d\\d\\)`), idle?.message);

    fs.rmSync(config);
    const assumed = await runCli(['lint', 'pool.ts', '--format', 'json', '--no-progress'], { cwd: dir });
    const guess = (JSON.parse(assumed.stdout) as JsonReport).findings.find((finding) => finding.ruleId === 'keepalive-mismatch');
    assert.match(guess?.message ?? '', /assumed/);
  });

  it('saves nothing from a ramp the request budget stopped below its cap (its last step is no knee)', async (t) => {
    const cleanup = cleanupAfter(t);
    const dir = cleanup.defer(tempDir(), (created) => fs.rmSync(created, { recursive: true, force: true }));
    const server = cleanup.defer(await startServer(), (started) => started.close());
    const run = await runCli(['probe', server.url, '--save', '--json', '--max-requests', '12', '--max-concurrency', '32', '--idle-wait', '1', '--no-progress'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { details: { steps: Array<{ concurrency: number; distress?: unknown }> } };
    const steps = json.details.steps;
    assert.ok(steps.length > 0 && steps.at(-1)!.concurrency < 32, `12 requests cannot reach concurrency 32: ${steps.map((step) => step.concurrency).join(', ')}`);
    if (steps.some((step) => step.distress !== undefined)) {
      // A loaded machine can show distress at a low step: then that step is a real knee, and it is saved.
      assert.match(run.stderr, /saved the profile of/);
    } else {
      assert.match(run.stderr, /nothing saved: the ramp stopped at concurrency \d+ of 32 \(request budget/);
      assert.ok(!fs.existsSync(path.join(dir, '.http-resilience.json')));
    }
  });

  it('saves the retry allowance the probe computed with the knee, as --json gives it', async (t) => {
    const cleanup = cleanupAfter(t);
    const dir = cleanup.defer(tempDir(), (created) => fs.rmSync(created, { recursive: true, force: true }));
    // Above 2 requests in flight the server answers 503: the ramp sees distress at 4 and keeps 2 as the knee.
    const shed = (_request: http.IncomingMessage, response: http.ServerResponse): boolean => {
      if (server.inFlight <= 2) return false;
      response.statusCode = 503;
      response.end('busy');
      return true;
    };
    const server = cleanup.defer(await startServer({ delayMs: 50, respond: shed }), (started) => started.close());
    const run = await runCli(['probe', server.url, '--save', '--json', '--max-concurrency', '8', '--idle-wait', '1', '--no-progress'], { cwd: dir });
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { knee: number | null; retryBudgetRatio: number | null };
    // 2, or lower when a loaded machine's latency looked like distress first: a knee either way, so an allowance.
    assert.ok(json.knee !== null && json.knee <= 2, run.stdout);
    assert.equal(typeof json.retryBudgetRatio, 'number');
    const saved = (JSON.parse(fs.readFileSync(path.join(dir, '.http-resilience.json'), 'utf8')) as { servers: Record<string, Record<string, unknown>> }).servers[server.origin];
    assert.equal(saved.knee, json.knee);
    assert.equal(saved.retryBudgetRatio, json.retryBudgetRatio);
  });

  it('saves nothing for an unreachable host, and names the file it would not touch', async (t) => {
    const cleanup = cleanupAfter(t);
    const dir = cleanup.defer(tempDir(), (created) => fs.rmSync(created, { recursive: true, force: true }));
    const run = await runCli(['probe', await downServerUrl(), '--save', ...quick], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /nothing saved: the host was unreachable/);
    assert.ok(!fs.existsSync(path.join(dir, '.http-resilience.json')));
  });
});

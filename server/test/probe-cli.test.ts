/**
 * `http-resilience probe` as a user runs it (the built dist/cli.js) against real 127.0.0.1 servers:
 * the version-1 JSON, the table, exit codes, --ca, userinfo never printed, Ctrl-C.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseCommandLine } from '../src/cli/args';
import { UsageError } from '../src/cli/errors';
import { killChild } from './support/child-processes';
import { cleanupAfter } from './support/cleanup';
import { downServerUrl, startServer } from './support/load-servers';
import { makeSelfSignedCertificate, startTlsServer } from './support/probe-servers';
import { type CliRun, cliPath as cli, runCli as runBuiltCli } from './support/run-cli';

const quick = ['--max-requests', '20', '--max-concurrency', '2', '--idle-wait', '0'];

function runCli(...args: string[]): Promise<CliRun> {
  return runBuiltCli(['probe', ...args]);
}

describe('http-resilience probe (CLI)', { timeout: 90_000 }, () => {
  it('prints the version-1 JSON with exactly the documented fields', async (t) => {
    const cleanup = cleanupAfter(t);
    const server = cleanup.defer(await startServer({ keepAliveTimeout: 500 }), (started) => started.close());
    const { code, stdout } = await runCli(server.url, '--json', '--max-requests', '30', '--max-concurrency', '4', '--idle-wait', '5');
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as Record<string, unknown> & { steps: Array<Record<string, unknown>>; recommendations: Record<string, unknown> };
    assert.deepEqual(Object.keys(json), ['version', 'origin', 'requestsSent', 'steps', 'knee', 'idleTimeoutMs', 'stoppedBecause', 'recommendations', 'protocol', 'http2', 'retryBudgetRatio', 'details']);
    assert.equal(json.protocol, 'http/1.1');
    assert.equal(json.http2, null);
    assert.equal(typeof json.retryBudgetRatio, 'number');
    assert.equal(json.version, 1);
    assert.equal(json.origin, server.origin);
    assert.equal(json.requestsSent, server.arrivals.length);
    assert.ok(json.steps.length >= 1);
    for (const step of json.steps) {
      assert.deepEqual(Object.keys(step), ['concurrency', 'requests', 'ok', 'errors', 'latencyMs']);
      assert.deepEqual(Object.keys(step.latencyMs as object), ['p50', 'p95', 'p99']);
      assert.equal((step.latencyMs as { p99: unknown }).p99, null, 'p99 is hidden under 100 samples');
    }
    assert.deepEqual(Object.keys(json.recommendations), ['connections', 'concurrency', 'keepAliveTimeoutMs', 'connectTimeoutMs', 'headersTimeoutMs']);
    assert.equal(typeof json.idleTimeoutMs, 'number', 'a 0.5 s keep-alive (+ Node’s buffer) closes within the 5 s wait');
    assert.equal(typeof json.knee, 'number');
  });

  it('prints a table, and says on stderr exactly what it sends; userinfo never appears', async (t) => {
    const cleanup = cleanupAfter(t);
    const server = cleanup.defer(await startServer(), (started) => started.close());
    const { code, stdout, stderr } = await runCli(server.url.replace('http://', 'http://carol:pa55word@'), ...quick);
    assert.equal(code, 0);
    assert.match(stdout, /^Probe of http:\/\/127\.0\.0\.1:\d+ \(GET \/\)/);
    assert.match(stdout, /concurrency\s+requests\s+ok\s+errors/);
    assert.match(stdout, /Recommended settings/);
    assert.match(stderr, /sending at most 20 × GET http:\/\/127\.0\.0\.1:\d+\/ \(concurrency ≤ 2/);
    assert.match(stderr, /user name and password in the URL were removed/);
    assert.ok(!`${stdout}${stderr}`.includes('pa55word') && !`${stdout}${stderr}`.includes('carol'));
    assert.ok(server.arrivals.every((arrival) => arrival.headers.authorization === undefined));
  });

  it('exits 2 with a clear message when the host is unreachable (JSON still printed with --json)', async () => {
    const url = await downServerUrl();
    const text = await runCli(url, ...quick);
    assert.equal(text.code, 2);
    assert.equal(text.stdout, '');
    assert.match(text.stderr, /is unreachable \(refused\): connect ECONNREFUSED/);
    const json = await runCli(url, '--json', ...quick);
    assert.equal(json.code, 2);
    assert.match((JSON.parse(json.stdout) as { stoppedBecause: string }).stoppedBecause, /^unreachable: /);
  });

  it('exits 2 on a self-signed certificate with a hint about --ca, and probes it with --ca', async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    const server = cleanup.defer(await startTlsServer(certificate), (started) => started.close());
    const untrusted = await runCli(server.url, ...quick);
    assert.equal(untrusted.code, 2);
    assert.match(untrusted.stderr, /unreachable \(tls\): .*self[- ]signed/i);
    assert.match(untrusted.stderr, /--ca <file\.pem>/);
    const trusted = await runCli(server.url, '--ca', certificate.certPath, '--json', ...quick);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.ok(server.arrivals > 0);
    const missing = await runCli(server.url, '--ca', path.join(certificate.dir, 'nope.pem'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read --ca/);
  });

  it('stops on Ctrl-C: partial result, exit 130, no socket left open', async (t) => {
    const cleanup = cleanupAfter(t);
    const server = cleanup.defer(await startServer({ delayMs: 50 }), (started) => started.close());
    const child = cleanup.defer(spawn(process.execPath, [cli, 'probe', server.url, '--json', '--max-requests', '300'], { stdio: ['ignore', 'pipe', 'pipe'] }), (spawned) => killChild(spawned));
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    await server.waitFor(() => server.arrivals.length >= 15, 10_000, '15 probe requests');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    assert.equal((JSON.parse(stdout) as { stoppedBecause: string }).stoppedBecause, 'cancelled');
    await server.waitFor(() => server.openSockets === 0, 5000, 'all probe sockets closed');
    assert.ok(server.arrivals.length < 300);
  });

  it('rejects bad probe arguments, and limits above the absolute maxima', () => {
    const bad: Array<[string[], RegExp]> = [
      [['probe'], /exactly one URL, got 0/],
      [['probe', 'http://a', 'http://b'], /exactly one URL, got 2/],
      [['probe', 'http://a', '--max-requests', '1001'], /--max-requests must be between 1 and 1000/],
      [['probe', 'http://a', '--max-concurrency', '65'], /--max-concurrency must be between 1 and 64/],
      [['probe', 'http://a', '--idle-wait', '-1'], /--idle-wait must be a whole number|--idle-wait/],
      [['probe', 'http://a', '--max-requests', '12abc'], /whole number/],
      [['probe', 'http://a', '--format', 'json'], /--format is not an option of probe/],
      [['lint', '--json'], /--json is not an option of lint/],
    ];
    for (const [argv, message] of bad) {
      assert.throws(() => parseCommandLine(argv), (error: unknown) => error instanceof UsageError && message.test(error.message), argv.join(' '));
    }
    assert.deepEqual(parseCommandLine(['probe', 'https://x/', '--max-requests', '1000', '--max-concurrency', '64', '--idle-wait', '0', '--head', '--json']), {
      command: 'probe', url: 'https://x/', maxRequests: 1000, maxConcurrency: 64, idleWaitSeconds: 0, json: true, ca: undefined, method: 'HEAD', progress: true, save: false, config: undefined,
    });
  });
});

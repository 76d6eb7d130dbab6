/**
 * System test: the probe against nginx from Debian (a child process with its own prefix and config, not a
 * daemon), in front of a Node upstream: `keepalive_timeout 2s` must be measured within 15 %, `limit_conn 4`
 * must put the knee at 4 or below, and nginx's access log must show no more requests than the probe's caps
 * allow. Needs nginx (scripts/install-test-tools.sh); without it the test fails at once and says so.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runProbe } from '../../src/probe/engine';
import { cleanupAfter } from '../support/cleanup';
import { startServer } from '../support/load-servers';
import { nginxBinary, startNginx } from '../support/probe-servers';

describe('probe against nginx', { timeout: 90_000 }, () => {
  it('measures keepalive_timeout and finds the knee under limit_conn', async (t) => {
    nginxBinary(); // before anything starts: "nginx not found: run scripts/install-test-tools.sh"
    const cleanup = cleanupAfter(t);
    const upstream = cleanup.defer(await startServer({ delayMs: 30 }), (started) => started.close());
    const nginx = cleanup.defer(await startNginx({ upstream: upstream.origin, keepaliveTimeoutSeconds: 2, limitConn: 4 }), (started) => started.close());
    const result = await runProbe(nginx.url, { limits: { maxRequests: 90, maxConcurrency: 16, idleWaitSeconds: 6 } });
    t.diagnostic(`idle ${result.idleTimeoutMs} ms (set 2000), knee ${result.knee} (limit_conn 4), stopped: ${result.stoppedBecause}`);
    assert.equal(result.unreachable, undefined, result.stoppedBecause);
    assert.match(result.preflight?.server ?? '', /^nginx/);
    assert.ok(result.idleTimeoutMs !== null, `idle measured (${result.idleNote})`);
    assert.ok(Math.abs(result.idleTimeoutMs - 2000) <= 0.15 * 2000, `idle ${result.idleTimeoutMs} ms vs keepalive_timeout 2s`);
    assert.ok(result.knee !== null && result.knee >= 1 && result.knee <= 4, `knee ${result.knee}`);
    assert.match(result.stoppedBecause, /HTTP 503/);
    const requests = nginx.accessLogLines();
    assert.equal(requests.length, result.requestsSent, 'nginx logged every request the probe sent, and no other');
    assert.ok(requests.length <= 90);
    assert.ok(requests.every((line) => /"(GET|HEAD) \/ HTTP\/1\.1"/.test(line)), 'only GET/HEAD reached nginx');
    assert.ok(result.recommendations.keepAliveTimeoutMs.value! < 2000);
  });
});

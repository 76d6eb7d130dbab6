/**
 * The helper over HTTP/2 under load, against a real node:http2 TLS server on 127.0.0.1 (self-signed certificate,
 * SETTINGS_MAX_CONCURRENT_STREAMS 4) and an HTTP/1.1 server beside it: an origin whose `originSettings` entry says
 * `allowH2` carries all its requests as streams on one connection, never more in flight than the server allows, and
 * loses none, also when its stream bound is above the server's (the streams refused in the first burst are sent again); the other origin keeps HTTP/1.1 with the default pool. What the servers saw is the truth.
 * The helper runs in a child process so that the certificate is trusted through NODE_EXTRA_CA_CERTS.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { resilientHttpSettings } from '../resources/resilient-http';
import { cleanupAfter } from './support/cleanup';
import { startH2Server } from './support/h2-server';
import { startServer } from './support/load-servers';
import { makeSelfSignedCertificate } from './support/self-signed-certificate';

const run = promisify(execFile);
const driver = path.join(__dirname, 'support', 'helper-h2-driver.ts');

describe('the helper over HTTP/2', { timeout: 90_000 }, () => {
  it('sends an allowH2 origin\'s requests as streams on one connection within the stream bound, and leaves another origin on HTTP/1.1', async (t) => {
    const cleanup = cleanupAfter(t);
    const certificate = cleanup.defer(makeSelfSignedCertificate(), (made) => fs.rmSync(made.dir, { recursive: true, force: true }));
    const h2 = cleanup.defer(await startH2Server({ certificate, maxConcurrentStreams: 4, delayMs: 5 }), (started) => started.close());
    const plain = cleanup.defer(await startServer({ delayMs: 5, keepAliveTimeout: 10_000 }), (started) => started.close());
    const count = 300;

    const { stdout } = await run(process.execPath, ['--import', 'tsx', driver, h2.origin, plain.url, String(count), '16', '8'], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.certPath },
      timeout: 60_000,
    });
    const seen = JSON.parse(stdout) as { h2: { ok: number; failed: string[] }; plain: { ok: number; failed: string[] } };

    assert.deepEqual(seen.h2, { ok: count, failed: [] }, 'every h2 request answered');
    assert.deepEqual(seen.plain, { ok: count, failed: [] }, 'every HTTP/1.1 request answered');
    const carrying = h2.sessions.filter((session) => session.streams > 0);
    assert.equal(carrying.length, 1, `one connection carried the streams: ${JSON.stringify(h2.sessions)}`);
    assert.equal(carrying[0].streams, count, 'each request was one stream, none retried');
    // The helper allows 32 streams, the server's SETTINGS 4: the first burst on the connection goes out before the
    // client has read them and the server refuses all but 4 (REFUSED_STREAM); the helper sends those again, and
    // from then on Node's session holds streams beyond 4 back. None is lost, and streams did overlap.
    assert.ok(carrying[0].maxInFlight <= 4 && carrying[0].maxInFlight >= 2, `${carrying[0].maxInFlight} streams in flight at once`);
    assert.equal(plain.arrivals.length, count);
    assert.equal(plain.maxInFlight, resilientHttpSettings.connections, 'the other origin keeps the default pool of HTTP/1.1 sockets');
  });
});

/** keepalive-mismatch against idle timeouts the probe measured (KnownServers), on real analyzer runs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFile } from '../src/engine/analyze-file';
import { KnownServers, originKey } from '../src/analysis/project/known-servers';
import { ProjectHost } from '../src/analysis/project/project-host';
import { defaultSettings } from '../src/shared/settings';

const header = "import { Agent, Pool } from 'undici';\n";

function keepAliveFindings(text: string, servers: KnownServers) {
  const host = new ProjectHost(() => undefined, () => undefined, servers);
  const findings = analyzeFile(host.setFile('/virtual/src/pools.ts', header + text), defaultSettings);
  return findings.filter((finding) => finding.ruleId === 'keepalive-mismatch');
}

describe('known servers', () => {
  it('normalizes origins and ignores what is not a positive duration or an http(s) URL', () => {
    const servers = new KnownServers();
    servers.setIdleTimeoutMs('https://API.example.com:443/v1/items', 3_000);
    servers.setIdleTimeoutMs('ftp://files.example.com', 3_000);
    servers.setIdleTimeoutMs('http://other.example.com', -1);
    assert.equal(servers.knownIdleTimeoutMs('https://api.example.com'), 3_000);
    assert.equal(servers.knownIdleTimeoutMs('ftp://files.example.com'), undefined);
    assert.equal(servers.knownIdleTimeoutMs('http://other.example.com'), undefined);
    assert.equal(originKey('not a url'), undefined);
  });

  it('tells listeners which origin changed, once per new value', () => {
    const servers = new KnownServers();
    const changed: string[] = [];
    const stop = servers.onChange((origin) => changed.push(origin));
    servers.setIdleTimeoutMs('https://api.example.com/x', 3_000);
    servers.setIdleTimeoutMs('https://api.example.com/y', 3_000);
    stop();
    servers.setIdleTimeoutMs('https://api.example.com', 2_000);
    assert.deepEqual(changed, ['https://api.example.com']);
  });

  it('compares a pool bound to a measured origin with the measured timeout, and says so', () => {
    const servers = new KnownServers();
    servers.setIdleTimeoutMs('https://api.example.com', 3_000);
    const [finding, ...rest] = keepAliveFindings("export const pool = new Pool('https://api.example.com/v1', { connections: 8, keepAliveTimeout: 4_000 });\n", servers);
    assert.equal(rest.length, 0);
    assert.match(finding.message, /Idle sockets stay 4 s, api\.example\.com only 3 s \(probed this session\)/);
    assert.deepEqual(finding.fix?.edits.map((edit) => edit.newText), ['2_000']);
  });

  it('flags undici\'s default 4 s only against a shorter measured timeout', () => {
    const measured = new KnownServers();
    measured.setIdleTimeoutMs('https://api.example.com', 2_000);
    const text = "export const pool = new Pool('https://api.example.com', { connections: 8 });\n";
    const [finding] = keepAliveFindings(text, measured);
    assert.match(finding.message, /Idle sockets stay 4 s \(default\), api\.example\.com only 2 s \(probed this session\)/);
    assert.deepEqual(keepAliveFindings(text, new KnownServers()), []);
  });

  it('assumes Node\'s 5 s where the origin is not known, whatever was measured elsewhere', () => {
    const servers = new KnownServers();
    servers.setIdleTimeoutMs('https://api.example.com', 2_000);
    assert.deepEqual(keepAliveFindings('export const agent = new Agent({ connections: 8, keepAliveTimeout: 4_000 });\n', servers), []);
    const [finding] = keepAliveFindings('export const agent = new Agent({ connections: 8, keepAliveTimeout: 6_000 });\n', servers);
    assert.match(finding.message, /Idle sockets stay 6 s, a Node\.js server only 5 s \(assumed\)/);
  });
});

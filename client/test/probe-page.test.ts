/**
 * The probe results page and "Apply to helper", on a real probe result shape: the page allows only its
 * own nonce'd script and style, escapes what the probe reports, charts every step; applying rewrites the
 * numbers in the bundled helper's settings object and nothing else, and the result still type-checks.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import type { ProbeJson as ProbeResponse } from '@shared/probe/json';
import { applyRecommendations, formatNumber } from '../src/probe/apply-settings';
import { renderProbePage } from '../src/probe/webview-html';

const helperPath = path.resolve(__dirname, '../../server/resources/resilient-http.ts');

function result(overrides: Partial<ProbeResponse> = {}): ProbeResponse {
  const step = (concurrency: number, ok: number, p50: number, p95: number) => ({
    concurrency,
    requests: 10,
    ok,
    errors: ok < 10 ? { reset: 10 - ok } : {},
    latencyMs: { p50, p95, p99: null },
  });
  return {
    version: 1,
    origin: 'http://127.0.0.1:8080',
    requestsSent: 41,
    steps: [step(1, 10, 2, 3), step(2, 10, 2, 4), step(4, 10, 3, 6), step(8, 6, 9, 40)],
    knee: 4,
    idleTimeoutMs: 5_012,
    stoppedBecause: 'resets at concurrency 8 <script>alert(1)</script>',
    recommendations: { connections: 4, concurrency: 4, keepAliveTimeoutMs: 3_500, connectTimeoutMs: 1_000, headersTimeoutMs: 12_000 },
    details: {
      because: {
        connections: 'knee at 4',
        concurrency: 'knee at 4',
        keepAliveTimeoutMs: 'server idle 5,012 ms − 1.5 s',
        connectTimeoutMs: '4 × connect',
        headersTimeoutMs: '4 × p99',
      },
    } as unknown as ProbeResponse['details'],
    ...overrides,
  };
}

describe('probe results page', () => {
  const html = renderProbePage(result(), 'n0nce', 'vscode-resource:');

  it('allows nothing but its own nonce’d style and script', () => {
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; [^"]*script-src 'nonce-n0nce';/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);
    assert.deepEqual(scripts, ['<script nonce="n0nce">']);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
  });

  it('escapes what the probe reports', () => {
    assert.ok(!html.includes('<script>alert(1)</script>'));
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'));
  });

  it('charts latency and error rate for every step, and shows the findings', () => {
    const p95 = /<polyline class="p95" points="([^"]+)"/.exec(html);
    assert.equal(p95?.[1].split(' ').length, 4);
    assert.equal([...html.matchAll(/<rect class="errors"/g)].length, 4);
    assert.match(html, /40 % errors at concurrency 8/);
    assert.match(html, /knee at concurrency <strong>4<\/strong>/);
    assert.match(html, /about <strong>5,012 ms<\/strong>/);
    assert.match(html, /<button id="apply">Apply to helper<\/button>/);
    assert.match(html, /<button id="copy">Copy as JSON<\/button>/);
  });

  it('says so when no step ran or the idle timeout was not measured', () => {
    const empty = renderProbePage(result({ steps: [], knee: null, idleTimeoutMs: null }), 'n', 'c');
    assert.match(empty, /No concurrency step ran/);
    assert.match(empty, /Not measured/);
  });
});

describe('Apply to helper', () => {
  const helper = fs.readFileSync(helperPath, 'utf8');

  it('writes the recommendations into the settings object and changes nothing else', () => {
    const applied = applyRecommendations(helper, result().recommendations);
    assert.ok(applied);
    assert.deepEqual(applied.changes, ['connections: 8 → 4', 'keepAliveTimeoutMs: 3_000 → 3_500', 'connectTimeoutMs: 5_000 → 1_000', 'headersTimeoutMs: 10_000 → 12_000']);
    const changedLines = applied.text.split('\n').filter((line, i) => line !== helper.split('\n')[i]);
    assert.deepEqual(changedLines.map((line) => line.trim()), ['connections: 4,', 'keepAliveTimeoutMs: 3_500,', 'connectTimeoutMs: 1_000,', 'headersTimeoutMs: 12_000,']);
    const output = ts.transpileModule(applied.text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
    assert.deepEqual(output.diagnostics ?? [], []);
  });

  it('skips recommendations the probe could not make, and files that are not the helper', () => {
    const applied = applyRecommendations(helper, { ...result().recommendations, keepAliveTimeoutMs: null });
    assert.ok(applied?.skipped.includes('keepAliveTimeoutMs'));
    assert.equal(applyRecommendations('export const x = 1;\n', result().recommendations), undefined);
  });

  it('writes numbers the way the helper does', () => {
    assert.deepEqual([formatNumber(8), formatNumber(3500), formatNumber(120000)], ['8', '3_500', '120_000']);
  });
});

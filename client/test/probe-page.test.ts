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
import { defaultLimits } from '@shared/probe/limits';
import type { ProbeResponse } from '@shared/protocol';
import { applyRecommendations, formatNumber } from '../src/probe/apply-settings';
import { renderProbePage } from '../src/probe/webview-html';

const helperPath = path.resolve(__dirname, '../../server/resources/resilient-http.ts');

function result(overrides: Partial<ProbeResponse> = {}): ProbeResponse {
  const step = (concurrency: number, ok: number, p50: number, p95: number, distress?: string) => ({
    concurrency,
    requests: 10,
    ok,
    errors: ok < 10 ? { reset: 10 - ok } : {},
    latencyMs: { p50, p95, p99: null },
    details: { concurrency, requests: 10, ok, errors: {}, latencyMs: { samples: 10 - concurrency, p50, p95, p99: null, max: p95 + 1 }, socketsOpened: concurrency, socketsReused: 10 - concurrency, capacityPerSecond: 100, achievedPerSecond: 50, durationMs: 200, distress },
  });
  const steps = [step(1, 10, 2, 3), step(2, 10, 2, 4), step(4, 10, 3, 6), step(8, 6, 9, 40, 'resets at concurrency 8')];
  return {
    version: 1,
    origin: 'http://127.0.0.1:8080',
    requestsSent: 41,
    steps: steps.map(({ details: _, ...json }) => json),
    knee: 4,
    idleTimeoutMs: 5_012,
    stoppedBecause: 'resets at concurrency 8 <script>alert(1)</script>',
    recommendations: { connections: 4, concurrency: 4, keepAliveTimeoutMs: 3_500, connectTimeoutMs: 1_000, headersTimeoutMs: 12_000 },
    details: {
      limits: { ...defaultLimits },
      steps: steps.map((entry) => entry.details),
      unreachable: null,
      because: {
        connections: 'knee at 4',
        concurrency: 'the knee c* = 4: beyond it the host answered no faster overall or showed distress; more in flight only queues',
        keepAliveTimeoutMs: 'server idle 5,012 ms − 1.5 s',
        connectTimeoutMs: '4 × connect',
        headersTimeoutMs: '4 × p99',
      },
    } as unknown as ProbeResponse['details'],
    ...overrides,
  };
}

/** The first `count` steps of the fixture, as a run that ended there (no distress step among them). */
function stoppedAfter(count: number, stoppedBecause: string): ProbeResponse {
  const full = result();
  return result({
    steps: full.steps.slice(0, count),
    knee: full.steps[count - 1].concurrency,
    stoppedBecause,
    details: { ...full.details, steps: full.details.steps.slice(0, count) },
  });
}

const body = (html: string) => html.slice(html.indexOf('<body>'));
const buttons = (html: string) => Object.fromEntries([...html.matchAll(/<button id="(\w+)"( disabled)?/g)].map((match) => [match[1], match[2] === undefined ? 'enabled' : 'disabled']));

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
    assert.match(html, /steps run: concurrency 1, 2, 4, 8 \(the ramp goes up to 32\)/);
    assert.match(html, /knee at concurrency <strong>4<\/strong> \(concurrency 8 showed distress\)/);
    assert.match(html, /about <strong>5,012 ms<\/strong>/);
    assert.deepEqual(buttons(html), { apply: 'enabled', save: 'enabled', copy: 'enabled' });
    assert.doesNotMatch(body(html), /partial|stale/i);
  });

  it('fills the p99 column: the p99 where a step had 100 samples, else its maximum, marked', () => {
    const withP99 = result();
    withP99.steps[0] = { ...withP99.steps[0], latencyMs: { ...withP99.steps[0].latencyMs, p99: 7.5 } };
    const page = renderProbePage(withP99, 'n', 'c');
    const p99s = [...page.matchAll(/<tr><td>\d+<\/td>(?:<td>[^<]*<\/td>){5}(<td[^>]*>[^<]*<\/td>)<\/tr>/g)].map((match) => match[1].replace(/<[^>]+>/g, ''));
    assert.deepEqual(p99s, ['8 ms', 'max 5 ms', 'max 7 ms', 'max 41 ms']);
    assert.match(page, /title="6 samples: under 100, so this is the slowest of them">max 7 ms/);
  });

  it('says so when no step ran or the idle timeout was not measured', () => {
    const empty = renderProbePage(result({ steps: [], knee: null, idleTimeoutMs: null, details: { ...result().details, steps: [] } }), 'n', 'c');
    assert.match(empty, /No concurrency step ran/);
    assert.match(empty, /Not measured/);
    const cancelled = renderProbePage(result({ idleTimeoutMs: null, details: { ...result().details, idleNote: 'cancelled' } }), 'n', 'c');
    assert.match(cancelled, /id="idle">Not measured: cancelled\.</);
  });
});

describe('a partial probe result', () => {
  for (const [name, partial, because] of [
    ['cancelled', stoppedAfter(3, 'cancelled'), /the probe was cancelled after concurrency 1, 2, 4/],
    ['stopped by the load time limit', stoppedAfter(3, 'load time limit reached'), /the ramp stopped at concurrency 4 of 32 \(load time limit reached\)/],
  ] as const) {
    it(`${name}: says which steps ran, claims no knee, recommends nothing, disables Apply and Save`, () => {
      const page = renderProbePage(partial, 'n', 'c');
      assert.match(page, /<span class="badge partial">partial<\/span>/);
      assert.match(page, because);
      assert.match(page, /steps run: concurrency 1, 2, 4 \(the ramp goes up to 32\)/);
      assert.match(page, /no knee claimed: higher concurrency was never tried/);
      assert.doesNotMatch(page, /knee at concurrency|beyond it|answered no faster/);
      assert.doesNotMatch(page, /id="recommendations"/);
      assert.match(page, /None: a partial result recommends nothing/);
      assert.deepEqual(buttons(page), { apply: 'disabled', save: 'disabled', copy: 'enabled' });
      assert.match(page, /Apply is disabled: .*a partial result is not applied/);
    });
  }

  it('a run that reached the cap without distress claims no knee beyond the cap', () => {
    const reachedCap = stoppedAfter(3, 'reached the highest concurrency allowed (4) without distress');
    reachedCap.details = { ...reachedCap.details, limits: { ...reachedCap.details.limits, maxConcurrency: 4 } };
    const page = renderProbePage(reachedCap, 'n', 'c');
    assert.match(page, /no knee up to concurrency <strong>4<\/strong>, the highest the probe may try: no step showed distress/);
    assert.doesNotMatch(body(page), /beyond it the host answered no faster|partial/);
    assert.match(page, /concurrency 4 is the highest the probe may try and showed no distress; higher was not tried/);
    assert.deepEqual(buttons(page), { apply: 'enabled', save: 'enabled', copy: 'enabled' });
  });

  it('Save is disabled with the server’s reason; a stale result disables Apply and Save', () => {
    const unsavable = renderProbePage(result({ unsavableBecause: 'the probe measured neither a knee nor an idle timeout' }), 'n', 'c');
    assert.deepEqual(buttons(unsavable), { apply: 'enabled', save: 'disabled', copy: 'enabled' });
    assert.match(unsavable, /Save is disabled: the probe measured neither a knee nor an idle timeout\./);
    const stale = renderProbePage(result(), 'n', 'c', { stale: true });
    assert.match(stale, /<span class="badge stale">stale<\/span>/);
    assert.match(stale, /id="stale"><strong>Stale<\/strong>: probing this origin again/);
    assert.deepEqual(buttons(stale), { apply: 'disabled', save: 'disabled', copy: 'enabled' });
  });
});

describe('Apply to helper', () => {
  const helper = fs.readFileSync(helperPath, 'utf8');

  it('writes the recommendations into the settings object and changes nothing else', () => {
    const applied = applyRecommendations(helper, result().recommendations);
    assert.ok(applied);
    // Without an origin the defaults change, and each change says it is every origin's.
    assert.deepEqual(applied.changes, ['connections: 8 → 4', 'keepAliveTimeoutMs: 3_000 → 3_500', 'connectTimeoutMs: 5_000 → 1_000', 'headersTimeoutMs: 10_000 → 12_000', 'concurrency: 8 → 4'].map((change) => `${change} (every origin)`));
    const changedLines = applied.text.split('\n').filter((line, i) => line !== helper.split('\n')[i]);
    assert.deepEqual(changedLines.map((line) => line.trim()), ['connections: 4,', 'keepAliveTimeoutMs: 3_500,', 'connectTimeoutMs: 1_000,', 'headersTimeoutMs: 12_000,', 'concurrency: 4,']);
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

describe('the protocol and the retry allowance on the page', () => {
  /** The fixture as an HTTP/2 run against a server with a stream limit of 4: the ramp stopped there without distress. */
  function h2Result(serverLimit: number): ProbeResponse {
    const full = result();
    const steps = full.details.steps.slice(0, 3);
    return result({
      steps: full.steps.slice(0, 3),
      knee: 4,
      stoppedBecause: `reached the server's SETTINGS_MAX_CONCURRENT_STREAMS (${serverLimit} streams on one connection) without distress`,
      recommendations: { ...full.recommendations, connections: null },
      protocol: 'h2',
      http2: { serverMaxConcurrentStreams: serverLimit, allowH2: true, maxConcurrentStreams: 4 },
      retryBudgetRatio: 0.02,
      details: {
        ...full.details,
        steps,
        preflight: { alpn: 'h2', maxConcurrentStreams: serverLimit },
        because: {
          ...full.details.because,
          connections: 'HTTP/2: one connection carries many streams, so bound the streams (allowH2, maxConcurrentStreams) rather than size a pool of sockets',
          allowH2: 'the server chose h2 in ALPN; undici speaks HTTP/1.1 unless allowH2 is true',
          maxConcurrentStreams: "the knee c* = 4 streams on one connection (the server's SETTINGS_MAX_CONCURRENT_STREAMS is 4)",
          retryBudgetRatio: '0 of 40 requests at or below the knee failed (0 %): a 1 % budget still lets a rare failure be retried',
        },
      } as unknown as ProbeResponse['details'],
    });
  }
  const row = (page: string, label: string) => new RegExp(`<tr><td>${label.replace(/[()]/g, '\\$&')}</td><td class="value">([^<]*)</td><td>([^<]*)</td></tr>`).exec(page)?.slice(1);

  it('over HTTP/2: the server’s stream limit, allowH2, the stream bound and the retry allowance, each with its reason', () => {
    const page = renderProbePage(h2Result(4), 'n', 'c');
    assert.match(page, /id="protocol"><strong>HTTP\/2<\/strong> \(the server chose h2 in ALPN\): the server's SETTINGS_MAX_CONCURRENT_STREAMS is <strong>4<\/strong>; each step was that many streams on one connection/);
    assert.deepEqual(row(page, 'allowH2 (HTTP/2)'), ['true', 'the server chose h2 in ALPN; undici speaks HTTP/1.1 unless allowH2 is true']);
    assert.deepEqual(row(page, 'maxConcurrentStreams (streams per connection)'), ['4', "the knee c* = 4 streams on one connection (the server&#39;s SETTINGS_MAX_CONCURRENT_STREAMS is 4)"]);
    assert.deepEqual(row(page, 'retry budget (budgetRatio)'), ['0.02 (2 % of successes)', '0 of 40 requests at or below the knee failed (0 %): a 1 % budget still lets a rare failure be retried']);
    const connections = row(page, 'connections (pool size)');
    assert.equal(connections?.[0], '—');
    assert.match(connections?.[1] ?? '', /^HTTP\/2: one connection carries many streams/, 'no socket count is claimed over HTTP/2');
  });

  it('over HTTP/2 the ramp’s top is the server’s stream limit, as the partial check has it: a run that reached it is complete', () => {
    const page = renderProbePage(h2Result(4), 'n', 'c');
    assert.match(page, /steps run: concurrency 1, 2, 4 \(the ramp goes up to 4\)/);
    assert.doesNotMatch(body(page), /partial/i);
    assert.deepEqual(buttons(page), { apply: 'enabled', save: 'enabled', copy: 'enabled' });
    // The same steps against a server with no stream limit stopped below the cap of 32: partial, and the page says 32.
    const unlimited = renderProbePage(h2Result(4_294_967_295), 'n', 'c');
    assert.match(unlimited, /the server sets no SETTINGS_MAX_CONCURRENT_STREAMS/);
    assert.match(unlimited, /steps run: concurrency 1, 2, 4 \(the ramp goes up to 32\)/);
    assert.match(unlimited, /<span class="badge partial">partial<\/span>/);
  });

  it('over HTTP/1.1: says so, shows no HTTP/2 rows, and a retry allowance the probe could not measure as none, with why', () => {
    const none = 'no knee, so no load the host took without distress to measure its error rate at';
    const page = renderProbePage(result({ protocol: 'http/1.1', http2: null, retryBudgetRatio: null, details: { ...result().details, because: { ...result().details.because, retryBudgetRatio: none } } }), 'n', 'c');
    assert.match(page, /id="protocol"><strong>HTTP\/1\.1<\/strong>: one request per socket/);
    assert.equal(row(page, 'allowH2 (HTTP/2)'), undefined);
    assert.deepEqual(row(page, 'retry budget (budgetRatio)'), ['—', none]);
    assert.equal(row(page, 'connections (pool size)')?.[0], '4');
  });

  it('a result from a server that does not report them shows neither section nor rows', () => {
    const page = renderProbePage(result(), 'n', 'c');
    assert.doesNotMatch(page, /id="protocol"|budgetRatio|allowH2/);
  });
});

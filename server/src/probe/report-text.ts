/** The probe's result as a table a person reads in a terminal (`http-resilience probe` without --json). */
import { streamLimitText } from '@shared/probe/limits';
import type { ErrorKind, FlagRecommendation, Percentiles, ProbeResult, Recommendation, StepResult } from '@shared/probe/types';

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '-' : `${round1(value)}`);
const round1 = (value: number) => (Math.round(value * 10) / 10).toString();

/** The whole report, ending with a newline. */
export function formatProbeReport(result: ProbeResult): string {
  const lines = [
    `Probe of ${result.origin} (${result.method} ${result.path}): ${result.requestsSent} requests in ${(result.durationMs / 1000).toFixed(1)} s`,
    ...preflightLines(result),
    '',
    ...stepTable(result),
    '',
    `Knee c*:            ${result.knee ?? 'none (no step completed without distress)'}`,
    `Idle keep-alive:    ${result.idleTimeoutMs !== null ? `the server closed an idle socket after ${result.idleTimeoutMs} ms` : (result.idleNote ?? 'not measured')}`,
    `Stopped because:    ${result.stoppedBecause}`,
    '',
    'Recommended settings',
    ...recommendationLines(result),
  ];
  return `${lines.join('\n')}\n`;
}

function preflightLines(result: ProbeResult): string[] {
  const preflight = result.preflight;
  if (!preflight) return [];
  const dns = preflight.dnsMs === 0 ? `no DNS (${preflight.pinnedAddress})` : `DNS ${ms(preflight.dnsMs)} ms → ${preflight.addresses.join(', ')} (pinned ${preflight.pinnedAddress})`;
  const tls = preflight.tlsProtocol ? ` · ${preflight.tlsProtocol} handshake ${ms(preflight.tlsHandshakeMs)} ms, ALPN ${preflight.alpn ?? 'none'}` : '';
  const lines = [`  ${dns} · connect ${ms(preflight.connectMs)} ms${tls} · TTFB ${ms(preflight.ttfbMs)} ms · HTTP ${preflight.status}${preflight.server ? ` · server ${preflight.server}` : ''}`];
  const limits = Object.entries(preflight.rateLimit.headers).map(([name, value]) => `${name}: ${value}`);
  lines.push(`  Rate-limit headers: ${limits.length > 0 ? limits.join('; ') : 'none'}${preflight.keepAliveHintMs !== undefined ? ` · Keep-Alive timeout=${preflight.keepAliveHintMs / 1000}` : ''}`);
  if (result.protocol === 'h2') {
    lines.push(`  HTTP/2: the server's SETTINGS_MAX_CONCURRENT_STREAMS is ${streamLimitText(preflight.maxConcurrentStreams)}; each step below is that many streams on one connection`);
  }
  if (preflight.redirect) lines.push(`  Redirect (not followed): HTTP ${preflight.redirect.status} → ${preflight.redirect.location}${preflight.redirect.sameOrigin ? ' (same origin)' : ' (another origin)'}`);
  const baseline = result.baseline;
  if (baseline) {
    const reuse = result.baselineReuseConfirmed ? 'reuse confirmed' : `${baseline.socketsOpened} sockets: not reused`;
    lines.push(`  Baseline: ${baseline.requests} requests one at a time (${reuse}), ${latencySummary(baseline.latencyMs)}`);
  }
  return lines;
}

function latencySummary(latency: Percentiles): string {
  return `p50 ${ms(latency.p50)} ms, p95 ${ms(latency.p95)} ms${latency.p99 !== null ? `, p99 ${ms(latency.p99)} ms` : ''}`;
}

const columns = ['concurrency', 'requests', 'ok', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'sockets new/reused', 'capacity req/s'];

function stepTable(result: ProbeResult): string[] {
  if (result.steps.length === 0) return ['No concurrency step ran.'];
  const rows = result.steps.map(stepRow);
  const widths = columns.map((title, index) => Math.max(title.length, ...rows.map((row) => row[index].length)));
  const render = (cells: string[]) => `  ${cells.map((cell, index) => (index === 3 ? cell.padEnd(widths[index]) : cell.padStart(widths[index]))).join('  ')}`.trimEnd();
  const lines = [render(columns), ...rows.map(render)];
  for (const step of result.steps) if (step.distress) lines.push(`  ! concurrency ${step.concurrency}: ${step.distress}`);
  return lines;
}

function stepRow(step: StepResult): string[] {
  const errors = Object.entries(step.errors as Record<ErrorKind, number>).map(([kind, count]) => `${kind}×${count}`).join(' ') || '-';
  return [
    `${step.concurrency}`,
    `${step.requests}`,
    `${step.ok}`,
    errors,
    ms(step.latencyMs.p50),
    ms(step.latencyMs.p95),
    ms(step.latencyMs.p99),
    `${step.socketsOpened}/${step.socketsReused}`,
    step.capacityPerSecond === null ? '-' : `${step.capacityPerSecond}`,
  ];
}

function recommendationLines(result: ProbeResult): string[] {
  const recommendations = result.recommendations;
  const h2 = result.protocol === 'h2';
  type Entry = [string, Recommendation | FlagRecommendation, string];
  const http2: Entry[] = h2 ? [['allowH2', recommendations.allowH2, ''], ['streams', recommendations.maxConcurrentStreams, '']] : [];
  const entries: Entry[] = [
    ...http2,
    ['connections', recommendations.connections, ''],
    ['concurrency limit', recommendations.concurrency, ''],
    ['keepAliveTimeout', recommendations.keepAliveTimeoutMs, ' ms'],
    ['connectTimeout', recommendations.connectTimeoutMs, ' ms'],
    ['headersTimeout', recommendations.headersTimeoutMs, ' ms'],
    ['retry budgetRatio', recommendations.retryBudgetRatio, ''],
  ];
  return entries.map(([name, recommendation, unit]) => `  ${name.padEnd(18)} ${(recommendation.value === null ? '-' : `${String(recommendation.value)}${unit}`).padEnd(9)} ${recommendation.because}`);
}

/**
 * The probe results page: summary (which steps ran, the knee as far as they support it), a chart of
 * latency (p50/p95) and error rate per concurrency step, the protocol (HTTP/2 and the server's stream
 * limit), the idle keep-alive finding, the recommendations with their reasons (allowH2, the stream bound
 * and the retry allowance included), and three buttons ("Apply to helper", "Save to project", "Copy as JSON"). A partial
 * result (cancelled, stopped early) recommends nothing and disables Apply and Save; a stale one (a new
 * probe of the origin is running) says so. Pure: the same string in the webview, in tests and in a
 * browser. The page allows nothing but its own nonce'd style and script (CSP `default-src 'none'`);
 * every value from the probe is escaped.
 */
import { partialBecause } from '@shared/probe/partial';
import type { ProbeResponse } from '@shared/protocol';
import { extraRecommendationRows, protocolFinding } from './page-protocol';
import { applyDisabledBecause, escapeHtml, kneeClaim, partialBanner, recommendationReason, saveDisabledBecause, stepsRun } from './page-text';

/** Messages the page posts to the extension. */
export type ProbePageMessage = { type: 'apply' } | { type: 'save' } | { type: 'copy' };

/** How the panel shows the result besides the result itself. */
export interface ProbePageState {
  /** A new probe of the same origin is running: this is the previous result. */
  stale?: boolean;
}

const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value).toLocaleString('en-US')} ms`);

/** The whole HTML document for one result. `cspSource` is the webview's `cspSource` (unused sources stay blocked). */
export function renderProbePage(result: ProbeResponse, nonce: string, cspSource: string, state: ProbePageState = {}): string {
  const stale = state.stale === true;
  const partial = partialBecause(result) !== undefined;
  const csp = `default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Probe: ${escapeHtml(result.origin)}</title>
<style nonce="${nonce}">${styles}</style>
</head>
<body>
<h1>Probe of <code>${escapeHtml(result.origin)}</code>${partial ? ' <span class="badge partial">partial</span>' : ''}${stale ? ' <span class="badge stale">stale</span>' : ''}</h1>
${stale ? '<p class="banner stale" id="stale"><strong>Stale</strong>: probing this origin again; this is the previous result until the new one arrives.</p>' : ''}
${partialBanner(result)}
<p class="summary">${summary(result)}</p>
<section><h2>Latency and errors per concurrency step</h2>${chart(result)}${stepTable(result)}</section>
${protocolSection(result)}
<section><h2>Idle keep-alive</h2><p id="idle">${idleFinding(result)}</p></section>
<section><h2>Recommended settings</h2>${partial ? '<p id="no-recommendations">None: a partial result recommends nothing.</p>' : recommendationTable(result)}</section>
${actions(result, stale)}
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
for (const type of ['apply', 'save', 'copy']) document.getElementById(type).addEventListener('click', () => vscode.postMessage({ type }));
</script>
</body>
</html>
`;
}

function summary(result: ProbeResponse): string {
  return `${result.requestsSent} requests sent; ${stepsRun(result)}; ${kneeClaim(result)}; stopped because ${escapeHtml(result.stoppedBecause)}.`;
}

/** The buttons; a disabled one says why in its tooltip and in a line under the buttons. */
function actions(result: ProbeResponse, stale: boolean): string {
  const button = (id: string, label: string, disabledBecause: string | undefined) =>
    disabledBecause === undefined ? `<button id="${id}">${label}</button>` : `<button id="${id}" disabled title="${escapeHtml(disabledBecause)}">${label}</button>`;
  const apply = applyDisabledBecause(result, stale);
  const save = saveDisabledBecause(result, stale);
  const reasons = [apply && `Apply is disabled: ${apply}.`, save && `Save is disabled: ${save}.`].filter(Boolean).map((reason) => escapeHtml(String(reason)));
  return `<p class="actions">${button('apply', 'Apply to helper', apply)} ${button('save', 'Save to project', save)} <button id="copy">Copy as JSON</button></p>${reasons.length > 0 ? `<p class="disabled-why" id="disabled-why">${reasons.join(' ')}</p>` : ''}`;
}

function idleFinding(result: ProbeResponse): string {
  if (result.idleTimeoutMs === null) {
    const note = result.details.idleNote;
    return note ? `Not measured: ${escapeHtml(note)}.` : 'Not measured (the server kept the idle socket open for the whole wait, or the check was skipped).';
  }
  return `The server closes an idle connection after about <strong>${ms(result.idleTimeoutMs)}</strong>; a client pool must close its idle sockets sooner, or it reuses a socket the server is closing (ECONNRESET).`;
}

function stepTable(result: ProbeResponse): string {
  const rows = result.steps.map((step, index) => {
    const errors = Object.entries(step.errors)
      .filter(([, count]) => (count ?? 0) > 0)
      .map(([kind, count]) => `${escapeHtml(kind)} ${count ?? 0}`)
      .join(', ');
    const latency = step.latencyMs;
    return `<tr><td>${step.concurrency}</td><td>${step.requests}</td><td>${step.ok}</td><td>${errors || '—'}</td><td>${ms(latency.p50)}</td><td>${ms(latency.p95)}</td>${p99Cell(result, index)}</tr>`;
  });
  const note = '<p class="note">p99 needs 100 latency samples in a step; a step with fewer shows its slowest request (max), an upper bound of its p99.</p>';
  return `<table id="steps"><thead><tr><th>concurrency</th><th>requests</th><th>ok</th><th>errors</th><th>p50</th><th>p95</th><th>p99</th></tr></thead><tbody>${rows.join('')}</tbody></table>${note}`;
}

/** p99 where the step had 100 samples; else its maximum, marked as such (the engine reports no p99 from fewer). */
function p99Cell(result: ProbeResponse, index: number): string {
  const p99 = result.steps[index].latencyMs.p99;
  if (p99 !== null) return `<td>${ms(p99)}</td>`;
  const latency = result.details.steps[index]?.latencyMs;
  if (!latency || latency.max === null) return '<td>—</td>';
  return `<td class="max" title="${latency.samples} samples: under 100, so this is the slowest of them">max ${ms(latency.max)}</td>`;
}

const labels: Record<keyof ProbeResponse['recommendations'], string> = {
  connections: 'connections (pool size)',
  concurrency: 'concurrency limit (mapLimit / p-limit)',
  keepAliveTimeoutMs: 'keepAliveTimeout',
  connectTimeoutMs: 'connect timeout',
  headersTimeoutMs: 'headers timeout',
};

/** What the requests spoke (HTTP/2 and the server's stream limit, or HTTP/1.1); nothing for older results that do not say. */
function protocolSection(result: ProbeResponse): string {
  const finding = protocolFinding(result);
  return finding === undefined ? '' : `<section><h2>Protocol</h2><p id="protocol">${finding}</p></section>`;
}

function recommendationTable(result: ProbeResponse): string {
  const rows = (Object.keys(labels) as Array<keyof ProbeResponse['recommendations']>).map((key) => {
    const value = result.recommendations[key];
    const shown = value === null ? '—' : key.endsWith('Ms') ? ms(value) : String(value);
    return `<tr><td>${labels[key]}</td><td class="value">${shown}</td><td>${escapeHtml(recommendationReason(result, key))}</td></tr>`;
  });
  for (const row of extraRecommendationRows(result)) {
    rows.push(`<tr><td>${escapeHtml(row.label)}</td><td class="value">${escapeHtml(row.shown)}</td><td>${escapeHtml(row.because)}</td></tr>`);
  }
  return `<table id="recommendations"><thead><tr><th>setting</th><th>value</th><th>because</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** An SVG chart: p50 and p95 latency as lines (left axis), error rate as bars (right axis, 0–100 %). */
export function chart(result: ProbeResponse): string {
  const steps = result.steps;
  if (steps.length === 0) return '<p>No concurrency step ran.</p>';
  const width = 640;
  const height = 240;
  const pad = { left: 56, right: 48, top: 16, bottom: 36 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const maxLatency = Math.max(1, ...steps.map((step) => step.latencyMs.p95 ?? step.latencyMs.p50 ?? 0));
  const x = (i: number) => pad.left + (steps.length === 1 ? plotW / 2 : (i * plotW) / (steps.length - 1));
  const y = (latency: number) => pad.top + plotH - (latency / maxLatency) * plotH;
  const barWidth = Math.max(6, Math.min(32, plotW / steps.length / 2));
  const bars = steps.map((step, i) => {
    const rate = step.requests === 0 ? 0 : (step.requests - step.ok) / step.requests;
    const barHeight = rate * plotH;
    return `<rect class="errors" x="${(x(i) - barWidth / 2).toFixed(1)}" y="${(pad.top + plotH - barHeight).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${barHeight.toFixed(1)}"><title>${Math.round(rate * 100)} % errors at concurrency ${step.concurrency}</title></rect>`;
  });
  const line = (pick: (step: ProbeResponse['steps'][number]) => number | null, cls: string) => {
    const points = steps.flatMap((step, i) => {
      const value = pick(step);
      return value === null ? [] : [`${x(i).toFixed(1)},${y(value).toFixed(1)}`];
    });
    return points.length > 0 ? `<polyline class="${cls}" points="${points.join(' ')}"/>` : '';
  };
  const ticks = steps.map((step, i) => `<text class="tick" x="${x(i).toFixed(1)}" y="${height - 14}">${step.concurrency}</text>`);
  return `<svg id="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="Latency and error rate per concurrency step">
<line class="axis" x1="${pad.left}" y1="${pad.top + plotH}" x2="${pad.left + plotW}" y2="${pad.top + plotH}"/>
<text class="label" x="4" y="${pad.top + 10}">${ms(maxLatency)}</text><text class="label" x="4" y="${pad.top + plotH}">0 ms</text>
<text class="label" x="${width - pad.right + 6}" y="${pad.top + 10}">100 %</text>
${bars.join('\n')}
${line((step) => step.latencyMs.p50, 'p50')}
${line((step) => step.latencyMs.p95, 'p95')}
${ticks.join('')}<text class="label" x="${pad.left + plotW / 2 - 30}" y="${height - 2}">concurrency</text>
</svg>
<p class="legend"><span class="key p50"></span> p50 latency <span class="key p95"></span> p95 latency <span class="key errors"></span> error rate</p>`;
}

const styles = `
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground, #222); padding: 0 16px; }
table { border-collapse: collapse; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--vscode-panel-border, #ccc); padding: 4px 10px; text-align: left; }
td.value { font-variant-numeric: tabular-nums; font-weight: bold; }
#chart { max-width: 640px; width: 100%; }
.axis { stroke: currentColor; opacity: 0.5; }
.p50 { fill: none; stroke: #3794ff; stroke-width: 2; }
.p95 { fill: none; stroke: #d18616; stroke-width: 2; }
rect.errors, .key.errors { fill: #f14c4c; opacity: 0.6; background: #f14c4c; }
.tick, .label { fill: currentColor; font-size: 11px; }
.key { display: inline-block; width: 12px; height: 4px; vertical-align: middle; margin-left: 10px; }
.key.p50 { background: #3794ff; } .key.p95 { background: #d18616; }
button { margin-right: 8px; }
button:disabled { opacity: 0.5; cursor: not-allowed; }
.badge { font-size: 12px; padding: 1px 6px; border-radius: 3px; vertical-align: middle; font-weight: normal; }
.badge.partial { background: #d18616; color: #fff; } .badge.stale { background: #808080; color: #fff; }
.banner { padding: 6px 10px; border-left: 4px solid #d18616; background: var(--vscode-textBlockQuote-background, #f6f6f6); }
.banner.stale { border-left-color: #808080; }
td.max { font-style: italic; opacity: 0.85; }
.note, .disabled-why { font-size: 12px; opacity: 0.8; }
`;

/**
 * The probe results page: summary, a chart of latency (p50/p95) and error rate per concurrency step,
 * the idle keep-alive finding, the recommendations with their reasons, and two buttons ("Apply to
 * helper", "Copy as JSON"). Pure: the same string in the webview, in tests and in a browser. The page
 * allows nothing but its own nonce'd style and script (CSP `default-src 'none'`); every value from the
 * probe is escaped.
 */
import type { ProbeJson as ProbeResponse } from '@shared/probe/json';

/** Messages the page posts to the extension. */
export type ProbePageMessage = { type: 'apply' } | { type: 'copy' };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const ms = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value).toLocaleString('en-US')} ms`);

/** The whole HTML document for one result. `cspSource` is the webview's `cspSource` (unused sources stay blocked). */
export function renderProbePage(result: ProbeResponse, nonce: string, cspSource: string): string {
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
<h1>Probe of <code>${escapeHtml(result.origin)}</code></h1>
<p class="summary">${summary(result)}</p>
<section><h2>Latency and errors per concurrency step</h2>${chart(result)}${stepTable(result)}</section>
<section><h2>Idle keep-alive</h2><p id="idle">${idleFinding(result)}</p></section>
<section><h2>Recommended settings</h2>${recommendationTable(result)}</section>
<p class="actions"><button id="apply">Apply to helper</button> <button id="copy">Copy as JSON</button></p>
<script nonce="${nonce}">
const vscode = acquireVsCodeApi();
document.getElementById('apply').addEventListener('click', () => vscode.postMessage({ type: 'apply' }));
document.getElementById('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
</script>
</body>
</html>
`;
}

function summary(result: ProbeResponse): string {
  const knee = result.knee === null ? 'no knee found' : `knee at concurrency <strong>${result.knee}</strong>`;
  return `${result.requestsSent} requests sent; ${knee}; stopped because ${escapeHtml(result.stoppedBecause)}.`;
}

function idleFinding(result: ProbeResponse): string {
  if (result.idleTimeoutMs === null) return 'Not measured (the server kept the idle socket open for the whole wait, or the check was skipped).';
  return `The server closes an idle connection after about <strong>${ms(result.idleTimeoutMs)}</strong>; a client pool must close its idle sockets sooner, or it reuses a socket the server is closing (ECONNRESET).`;
}

function stepTable(result: ProbeResponse): string {
  const rows = result.steps.map((step) => {
    const errors = Object.entries(step.errors)
      .filter(([, count]) => (count ?? 0) > 0)
      .map(([kind, count]) => `${escapeHtml(kind)} ${count ?? 0}`)
      .join(', ');
    const latency = step.latencyMs;
    return `<tr><td>${step.concurrency}</td><td>${step.requests}</td><td>${step.ok}</td><td>${errors || '—'}</td><td>${ms(latency.p50)}</td><td>${ms(latency.p95)}</td><td>${ms(latency.p99)}</td></tr>`;
  });
  return `<table id="steps"><thead><tr><th>concurrency</th><th>requests</th><th>ok</th><th>errors</th><th>p50</th><th>p95</th><th>p99</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const labels: Record<keyof ProbeResponse['recommendations'], string> = {
  connections: 'connections (pool size)',
  concurrency: 'concurrency limit (mapLimit / p-limit)',
  keepAliveTimeoutMs: 'keepAliveTimeout',
  connectTimeoutMs: 'connect timeout',
  headersTimeoutMs: 'headers timeout',
};

function recommendationTable(result: ProbeResponse): string {
  const because = result.details.because;
  const rows = (Object.keys(labels) as Array<keyof ProbeResponse['recommendations']>).map((key) => {
    const value = result.recommendations[key];
    const shown = value === null ? '—' : key.endsWith('Ms') ? ms(value) : String(value);
    return `<tr><td>${labels[key]}</td><td class="value">${shown}</td><td>${escapeHtml(because[key])}</td></tr>`;
  });
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
`;

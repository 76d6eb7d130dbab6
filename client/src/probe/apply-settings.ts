/**
 * "Apply to helper": writes the probe's recommendations into the `resilientHttpSettings` object at the
 * top of the bundled helper, changing only the numbers (comments and layout stay). Pure text in, text
 * out; the command turns the result into one undoable WorkspaceEdit.
 */
import type { ProbeJson as ProbeResponse } from '@shared/probe/json';

/** Helper setting ← recommendation. The concurrency limit is per call (`mapLimit(items, N, …)`), not a setting. */
const settingFor: Partial<Record<keyof ProbeResponse['recommendations'], string>> = {
  connections: 'connections',
  keepAliveTimeoutMs: 'keepAliveTimeoutMs',
  connectTimeoutMs: 'connectTimeoutMs',
  headersTimeoutMs: 'headersTimeoutMs',
};

/** What applying changed. */
export interface AppliedSettings {
  text: string;
  /** `connections: 8 → 4`, one entry per changed setting. */
  changes: string[];
  /** Recommendations with no value, or settings the file does not have. */
  skipped: string[];
}

/** `10000` → `10_000`, as the helper writes its numbers. */
export function formatNumber(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/** The helper text with the recommendations applied; undefined when the file has no `resilientHttpSettings` object. */
export function applyRecommendations(helperText: string, recommendations: ProbeResponse['recommendations']): AppliedSettings | undefined {
  const open = /export const resilientHttpSettings\s*=\s*\{/.exec(helperText);
  if (!open) return undefined;
  const start = open.index + open[0].length;
  const end = helperText.indexOf('\n};', start);
  if (end < 0) return undefined;
  let body = helperText.slice(start, end);
  const changes: string[] = [];
  const skipped: string[] = [];
  for (const [key, setting] of Object.entries(settingFor) as Array<[keyof ProbeResponse['recommendations'], string]>) {
    const value = recommendations[key];
    const pattern = new RegExp(`^(\\s*${setting}:\\s*)([\\d_]+)(,?)`, 'm');
    const match = pattern.exec(body);
    if (value === null || !match) {
      skipped.push(setting);
      continue;
    }
    const next = formatNumber(value);
    if (match[2].replace(/_/g, '') === String(Math.round(value))) continue;
    changes.push(`${setting}: ${match[2]} → ${next}`);
    body = body.replace(pattern, `$1${next}$3`);
  }
  return { text: helperText.slice(0, start) + body + helperText.slice(end), changes, skipped };
}

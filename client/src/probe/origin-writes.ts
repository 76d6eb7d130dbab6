/**
 * What "Apply to helper" writes into the probed origin's `originSettings` entry, decided from the probe result
 * alone (apply-settings.ts does the text): the five numeric recommendations, the retry allowance as
 * `budgetRatio`, and over HTTP/2 `allowH2: true` with the stream bound as `maxConcurrentStreams`. Over HTTP/2
 * the probe advises no socket count (one connection carries the streams), so `connections` is kept and the
 * message says why; a retry allowance the probe could not measure is kept the same way.
 */
import type { ProbeJson } from '@shared/probe/json';

type Recommendations = ProbeJson['recommendations'];

/** The part of a probe result Apply reads; the fields added within version 1 may be absent (an older server). */
export type ApplyInput = Pick<ProbeJson, 'recommendations'> &
  Partial<Pick<ProbeJson, 'protocol' | 'http2' | 'retryBudgetRatio'>> & { details?: { because?: Partial<Record<string, string>> } };

/** One setting to write, in the order the entry lists them. */
export interface SettingWrite {
  setting: string;
  value: number | boolean;
  /** Written only when the origin's value (its own, else the default) differs: `allowH2: false` for an HTTP/1.1 origin. */
  onlyIfDifferent?: boolean;
}

/** A setting left as it is, and why (the message says it). */
export interface SettingKept {
  setting: string;
  because: string;
}

/** What Apply does with one probe result. */
export interface OriginWrites {
  writes: SettingWrite[];
  kept: SettingKept[];
  /** Recommendations with no value that need no explanation (a connect timeout nothing measured). */
  skipped: string[];
}

/** Helper setting ← recommendation. `concurrency` is the bound `limitFor(url)` gives `mapLimit` and `createLimiter`. */
const numericSettings: Array<[keyof Recommendations, string]> = [
  ['connections', 'connections'],
  ['keepAliveTimeoutMs', 'keepAliveTimeoutMs'],
  ['connectTimeoutMs', 'connectTimeoutMs'],
  ['headersTimeoutMs', 'headersTimeoutMs'],
  ['concurrency', 'concurrency'],
];

/** Settings written as decimals (every other number is a whole count or milliseconds). */
export const decimalSettings: ReadonlySet<string> = new Set(['budgetRatio']);

/** Why `connections` is kept over HTTP/2 (recommend.ts advises no socket count there). */
const h2ConnectionsKept = 'over HTTP/2 one connection carries the streams, which maxConcurrentStreams bounds';

/** The writes for a result: its own numbers only, never a default. */
export function originWrites(input: ApplyInput): OriginWrites {
  const h2 = input.protocol === 'h2' || (input.http2 !== undefined && input.http2 !== null);
  const writes: SettingWrite[] = [];
  const kept: SettingKept[] = [];
  const skipped: string[] = [];
  for (const [key, setting] of numericSettings) {
    const value = input.recommendations[key];
    if (value !== null) writes.push({ setting, value });
    else if (key === 'connections' && h2) kept.push({ setting, because: h2ConnectionsKept });
    else skipped.push(setting);
  }
  if (h2) {
    writes.push({ setting: 'allowH2', value: input.http2?.allowH2 ?? true });
    const streams = input.http2?.maxConcurrentStreams ?? null;
    if (streams !== null) writes.push({ setting: 'maxConcurrentStreams', value: streams });
    else kept.push({ setting: 'maxConcurrentStreams', because: 'the probe found no stream bound (no step of streams completed without distress)' });
  } else if (input.protocol === 'http/1.1') {
    // Streams would become pipelined requests on an HTTP/1.1 connection: an entry that says h2 is switched off.
    writes.push({ setting: 'allowH2', value: false, onlyIfDifferent: true });
  }
  if (input.retryBudgetRatio !== undefined) {
    if (input.retryBudgetRatio !== null) writes.push({ setting: 'budgetRatio', value: input.retryBudgetRatio });
    else {
      const why = input.details?.because?.retryBudgetRatio;
      kept.push({ setting: 'budgetRatio', because: `the probe measured no retry allowance${why ? ` (${why})` : ''}` });
    }
  }
  return { writes, kept, skipped };
}

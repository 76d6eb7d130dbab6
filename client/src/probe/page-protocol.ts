/**
 * The parts of the probe results page about what the probe spoke and what retries the host allows: the
 * protocol (HTTP/2 with the server's SETTINGS_MAX_CONCURRENT_STREAMS, or HTTP/1.1), and the recommendation
 * rows that sit beside the five numbers of `recommendations` in the JSON: `allowH2` and the stream bound over
 * HTTP/2, and the retry allowance (the helper's `budgetRatio`), each with the probe's reason.
 */
import { streamLimitText } from '@shared/probe/limits';
import type { ProbeResponse } from '@shared/protocol';
import { escapeHtml } from './page-text';

/** One row of the recommendations table: what to set, the value, and why. */
export interface RecommendationRow {
  label: string;
  /** The value as shown (already text; `—` for none). */
  shown: string;
  because: string;
}

/** What the requests spoke (HTML), or undefined for a result from a server that did not say (older output). */
export function protocolFinding(result: ProbeResponse): string | undefined {
  if (result.protocol === 'h2') {
    const limit = result.http2?.serverMaxConcurrentStreams ?? result.details.preflight?.maxConcurrentStreams ?? null;
    const shown = streamLimitText(limit);
    const limitText =
      shown === 'no limit'
        ? 'the server sets no SETTINGS_MAX_CONCURRENT_STREAMS'
        : shown === 'not read'
          ? "the server's SETTINGS_MAX_CONCURRENT_STREAMS was not read"
          : `the server's SETTINGS_MAX_CONCURRENT_STREAMS is <strong>${escapeHtml(shown)}</strong>`;
    return `<strong>HTTP/2</strong> (the server chose h2 in ALPN): ${limitText}; each step was that many streams on one connection, so the advice bounds streams, not sockets.`;
  }
  if (result.protocol === 'http/1.1') return '<strong>HTTP/1.1</strong>: one request per socket at a time; each step was that many sockets.';
  return undefined;
}

/** The rows after the five numbers: over HTTP/2 `allowH2` and `maxConcurrentStreams`, then the retry allowance. */
export function extraRecommendationRows(result: ProbeResponse): RecommendationRow[] {
  const because = result.details.because as Partial<Record<string, string>>;
  const rows: RecommendationRow[] = [];
  if (result.http2) {
    rows.push({ label: 'allowH2 (HTTP/2)', shown: String(result.http2.allowH2), because: because.allowH2 ?? '' });
    const streams = result.http2.maxConcurrentStreams;
    rows.push({ label: 'maxConcurrentStreams (streams per connection)', shown: streams === null ? '—' : String(streams), because: because.maxConcurrentStreams ?? '' });
  }
  if (result.retryBudgetRatio !== undefined) {
    const ratio = result.retryBudgetRatio;
    const shown = ratio === null ? '—' : `${ratio} (${Math.round(ratio * 1000) / 10} % of successes)`;
    rows.push({ label: 'retry budget (budgetRatio)', shown, because: because.retryBudgetRatio ?? '' });
  }
  return rows;
}

/**
 * The probe's caps (architecture.md §5). Defaults apply when a limit is not given; the absolute maxima apply to
 * every caller, the CLI and the LSP request alike, and no option can raise them.
 */
import type { EffectiveLimits, ProbeLimits } from './types';

/** Node's value of SETTINGS_MAX_CONCURRENT_STREAMS when a server sent no limit (RFC 9113 §6.5.2: "initially, there is no limit"). */
export const noStreamLimit = 2 ** 32 - 1;

/** A server's SETTINGS_MAX_CONCURRENT_STREAMS as the report and the results page show it: `4`, `no limit`, or `not read`. */
export function streamLimitText(limit: number | null | undefined): string {
  if (limit === null || limit === undefined) return 'not read';
  return limit >= noStreamLimit ? 'no limit' : String(limit);
}

/** What the probe does when the caller says nothing. */
export const defaultLimits: EffectiveLimits = {
  maxRequests: 300,
  maxConcurrency: 32,
  maxLoadSeconds: 60,
  requestsPerSecond: 50,
  requestTimeoutMs: 10_000,
  idleWaitSeconds: 30,
};

/** The ceilings: a larger value asked for is lowered to these. */
export const absoluteMaxima: EffectiveLimits = {
  maxRequests: 1000,
  maxConcurrency: 64,
  maxLoadSeconds: 60,
  requestsPerSecond: 50,
  requestTimeoutMs: 10_000,
  idleWaitSeconds: 120,
};

/** Bodies are read up to this many bytes, then the socket is closed. */
export const maxBodyBytes = 64 * 1024;

/** The lowest useful value of each limit (0 only where it means "skip"). */
const minima: EffectiveLimits = {
  maxRequests: 1,
  maxConcurrency: 1,
  maxLoadSeconds: 1,
  requestsPerSecond: 1,
  requestTimeoutMs: 100,
  idleWaitSeconds: 0,
};

/** Defaults for what is missing, every value clamped into [minimum, absolute maximum]; non-numbers are ignored. */
export function resolveLimits(requested: ProbeLimits = {}): EffectiveLimits {
  const limits = { ...defaultLimits };
  for (const key of Object.keys(defaultLimits) as Array<keyof EffectiveLimits>) {
    const value = requested[key];
    if (typeof value !== 'number' || Number.isNaN(value)) continue;
    limits[key] = Math.min(absoluteMaxima[key], Math.max(minima[key], key === 'idleWaitSeconds' ? value : Math.floor(value)));
  }
  return limits;
}

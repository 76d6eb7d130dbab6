/**
 * Server profiles (measured by the probe, saved in `.http-resilience.json`) as rules quote them: which
 * profile code is linked to, when it was measured, whether it is stale, and what the server did above its knee.
 */
import type { KnownServerProfile } from '../../analysis/file-analysis';
import type { RuleContext } from '../types';

/** A profile older than this is still used, but its messages say it is stale and ask for a re-probe. */
const staleAfterDays = 30;

/** The factor a request timeout takes over the p99 measured at the knee (documented in docs/probe.md). */
export const p99TimeoutFactor = 4;
/** Request timeouts from a profile are never below this (a p99 of 20 ms is no deadline for a slow day). */
const minimumTimeoutMs = 1_000;

/** The profile of `origin` for the file being checked, when the project has one. */
export function profileOf(ctx: Pick<RuleContext<never>, 'file'>, origin: string | undefined): (KnownServerProfile & { origin: string }) | undefined {
  if (origin === undefined) return undefined;
  const profile = ctx.file.project.serverProfile(origin, ctx.file.path);
  return profile && { ...profile, origin };
}

/** `api.example.com` for `https://api.example.com`; the port stays (`127.0.0.1:8080`). */
export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/** "on 2026-11-30", or "41 days ago, stale: re-probe" past the limit, or "this session" for the probe's own. */
export function measuredWhen(profile: KnownServerProfile): string {
  if (profile.ageDays !== undefined && profile.ageDays > staleAfterDays) return `${profile.ageDays} days ago, stale: re-probe`;
  if (profile.measuredAt) return `on ${profile.measuredAt.slice(0, 10)}`;
  return profile.source === 'probe' ? 'this session' : 'by hand';
}

const symptomNames: ReadonlyArray<[string, string]> = [
  ['503', '503s'],
  ['429', '429s'],
  ['reset', 'resets'],
  ['timeout', 'timeouts'],
  ['5xx', '5xx errors'],
  ['refused', 'refused connections'],
  ['socket', 'socket errors'],
];

/** What the probe saw above the knee, from the profile's errors: "503s and resets", else "latency rising". */
export function symptomsAboveKnee(profile: KnownServerProfile): string {
  const errors = profile.errors ?? {};
  const seen = symptomNames.filter(([kind]) => (errors[kind] ?? 0) > 0).map(([, name]) => name);
  if (seen.length === 0) return 'latency rose';
  return seen.length === 1 ? seen[0] : `${seen.slice(0, -1).join(', ')} and ${seen[seen.length - 1]}`;
}

/** A request timeout from the measured p99 (× p99TimeoutFactor, at least 1 s, rounded up to 100 ms); undefined without one. */
export function timeoutFromProfile(profile: KnownServerProfile | undefined): number | undefined {
  if (!profile?.p99Ms || profile.p99Ms <= 0) return undefined;
  return Math.max(minimumTimeoutMs, Math.ceil((profile.p99Ms * p99TimeoutFactor) / 100) * 100);
}

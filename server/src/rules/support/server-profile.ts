/**
 * Server profiles (measured by the probe, saved in `.http-resilience.json`) as rules quote them: which
 * profile code is linked to (a request site's origin), when it was measured, whether it is stale, and what the
 * server did above its knee.
 */
import { ts } from '../../analysis/ts';
import type { FileAnalysis, HttpCall, KnownServerProfile, RequestSite } from '../../analysis/file-analysis';
import { originOfCall } from '../../analysis/origins';
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

/** The request a site sends and the file it is in: the site's own, or the one its wrapper sends. */
export function siteRequest(site: RequestSite, file: FileAnalysis): { http: HttpCall; file: FileAnalysis } | undefined {
  if (site.http) return { http: site.http, file };
  const example = site.wrapper?.summary.example;
  if (!example || !ts.isCallExpression(example.node)) return undefined;
  const http = example.file.httpCall(example.node);
  return http && { http, file: example.file };
}

/** The origin a site's requests go to: the request's own URL or instance, or that of the request a wrapper sends. */
export function siteOrigin(site: RequestSite, file: FileAnalysis): string | undefined {
  const request = siteRequest(site, file);
  return request && originOfCall(request.http, request.file);
}

/** `api.example.com` for `https://api.example.com`; the port stays (`127.0.0.1:8080`). */
export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

/**
 * When a profile was measured, for a message's parentheses: "probed 2026-11-30", "probed 41 days ago, stale"
 * past the limit (re-probing refreshes it: docs/probe.md), "probed this session" for the probe's own, or
 * "written by hand" without a date. Short, so a message quoting a long host stays within 140 characters.
 */
export function measuredWhen(profile: KnownServerProfile): string {
  if (profile.ageDays !== undefined && profile.ageDays > staleAfterDays) return `probed ${profile.ageDays} days ago, stale`;
  if (profile.measuredAt) return `probed ${profile.measuredAt.slice(0, 10)}`;
  return profile.source === 'probe' ? 'probed this session' : 'written by hand';
}

/** A request timeout from the measured p99 (× p99TimeoutFactor, at least 1 s, rounded up to 100 ms); undefined without one. */
export function timeoutFromProfile(profile: KnownServerProfile | undefined): number | undefined {
  if (!profile?.p99Ms || profile.p99Ms <= 0) return undefined;
  return Math.max(minimumTimeoutMs, Math.ceil((profile.p99Ms * p99TimeoutFactor) / 100) * 100);
}

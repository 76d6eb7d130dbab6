/**
 * The numbers quick fixes write, in one place: the defaults of the helper's `resilientHttpSettings`
 * (server/resources/resilient-http.ts), so a fix never disagrees with the helper it installs next to it.
 * `server/test/fix-defaults.test.ts` checks every value against the helper's settings.
 */

/** The helper's settings a fix needs, under the helper's own names. */
export const fixDefaults = {
  /** Sockets per origin (`connections` of an undici pool, `maxSockets` of a Node agent), and the bound of a fan-out or limiter the fix adds. */
  connections: 8,
  /** Idle keep-alive, below the 5 s a Node or Apache server keeps an idle socket (undici `keepAliveTimeout`, Node agent `timeout`). */
  keepAliveTimeoutMs: 3_000,
  /** The deadline of one request (`AbortSignal.timeout(…)`, axios/ofetch `timeout`, got `timeout.request`). */
  attemptTimeoutMs: 10_000,
  /** The first try and the retries: a retry library the fix configures gets `maxAttempts - 1` retries. */
  maxAttempts: 3,
  /** Full-jitter backoff base of `backoffDelay`, used when the loop had no delay of its own. */
  baseDelayMs: 100,
  /** Backoff cap of `backoffDelay`. */
  maxDelayMs: 20_000,
} as const;

/** `10_000` for 10000: numbers as the fixes write them (the house style for milliseconds). */
export function numberLiteral(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, '_');
}

/** The probe's data: what callers pass in, what it reports while running, what it returns. Plain data only. */

/** The kinds of failure the probe tells apart; the keys of `errors` in every step. */
export type ErrorKind = 'reset' | 'refused' | 'timeout' | 'socket' | 'tls' | '429' | '503' | '5xx' | 'other';

/** Limits a caller may ask for; each is clamped to the absolute maxima in limits.ts and never raised past them. */
export interface ProbeLimits {
  /** Requests in total, preflight and baseline included (default 300, at most 1000). */
  maxRequests?: number;
  /** Highest concurrency of the ramp (default 32, at most 64). */
  maxConcurrency?: number;
  /** Seconds of load, preflight to the last ramp step (default 60, at most 60). */
  maxLoadSeconds?: number;
  /** Requests started in any one-second window (default 50, at most 50). */
  requestsPerSecond?: number;
  /** Deadline of one request, connect to last byte read (default 10 s, at most 10 s). */
  requestTimeoutMs?: number;
  /** How long the idle keep-alive socket is watched for the server to close it; 0 skips it (default 30 s, at most 120 s). */
  idleWaitSeconds?: number;
}

/** The limits in force, after defaults and clamping. */
export type EffectiveLimits = Required<ProbeLimits>;

/** What a caller hands the engine besides the URL. */
export interface ProbeOptions {
  limits?: ProbeLimits;
  /** `GET` (default) or `HEAD`; nothing else is ever sent. */
  method?: 'GET' | 'HEAD';
  /** PEM certificates to trust in addition to the system's (a self-signed or private CA). */
  ca?: string | string[];
  /** Aborting stops every socket at once; the result so far is returned with `stoppedBecause: "cancelled"`. */
  signal?: AbortSignal;
  /** Called at each phase change and after every request (throttle on the receiving side). */
  onProgress?: (progress: ProbeProgress) => void;
}

/** A progress report: where the probe is and how much of the request budget it has spent. */
export interface ProbeProgress {
  phase: 'preflight' | 'baseline' | 'ramp' | 'idle' | 'done';
  /** The ramp step being run, when phase is `ramp`. */
  concurrency?: number;
  requestsSent: number;
  maxRequests: number;
  /** One line a person can read: "concurrency 8: 40/300 requests". */
  message: string;
}

/** Latency percentiles in ms; p99 is null under 100 samples (it would be the maximum in disguise). */
export interface Percentiles {
  samples: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** One concurrency step of the ramp (or the baseline, at concurrency 1 on one socket). */
export interface StepResult {
  /** Requests in flight: on that many sockets over HTTP/1.1, as that many streams on one connection over HTTP/2. */
  concurrency: number;
  requests: number;
  /** Answered with a status below 500 other than 429. */
  ok: number;
  errors: Partial<Record<ErrorKind, number>>;
  /** Requests on sockets that had already carried one (warm-up requests that opened a socket are excluded). */
  latencyMs: Percentiles;
  socketsOpened: number;
  socketsReused: number;
  /** Throughput the step could carry by Little's law (concurrency / mean latency), in requests per second. */
  capacityPerSecond: number | null;
  /** Requests actually completed per second of the step's wall time (bounded by the rate cap). */
  achievedPerSecond: number;
  durationMs: number;
  /** Why this step counts as distress, if it does. */
  distress?: string;
}

/** Rate-limit signals found in the response headers. */
export interface RateLimitHeaders {
  /** `RateLimit`, `RateLimit-Policy`, `RateLimit-Limit/Remaining/Reset`, `X-RateLimit-*`, `Retry-After`, as sent. */
  headers: Record<string, string>;
}

/** What the first request learned about the host before any load. */
export interface PreflightResult {
  /** Every address DNS returned, and the one the probe pinned and used for every socket. */
  addresses: string[];
  pinnedAddress: string;
  dnsMs: number;
  connectMs: number;
  /** TLS only. */
  tlsHandshakeMs?: number;
  tlsProtocol?: string;
  /** What the server chose when offered h2 and http/1.1; the probe speaks HTTP/2 to it when this is `h2`. */
  alpn?: string;
  /** HTTP/2 only: the server's SETTINGS_MAX_CONCURRENT_STREAMS (4294967295, Node's default, or absent from its SETTINGS: no limit). */
  maxConcurrentStreams?: number;
  status: number;
  /** Time from the request leaving a connected socket to the response headers. */
  ttfbMs: number;
  server?: string;
  /** `Keep-Alive: timeout=N` as announced by the server, in ms. */
  keepAliveHintMs?: number;
  rateLimit: RateLimitHeaders;
  /** A 3xx answer: where it points (never followed) and whether that is the same origin. */
  redirect?: { status: number; location: string; sameOrigin: boolean };
}

/** One recommended setting and the measurement it follows from. */
export interface Recommendation {
  value: number | null;
  because: string;
}

/** A yes/no setting and why. */
export interface FlagRecommendation {
  value: boolean;
  because: string;
}

/** The settings the probe recommends (architecture.md §5). */
export interface Recommendations {
  /** Sockets per origin; null over HTTP/2, where streams, not sockets, carry the concurrency. */
  connections: Recommendation;
  concurrency: Recommendation;
  keepAliveTimeoutMs: Recommendation;
  connectTimeoutMs: Recommendation;
  headersTimeoutMs: Recommendation;
  /** undici's `allowH2`: true when the server chose h2. */
  allowH2: FlagRecommendation;
  /** Streams in flight on one HTTP/2 connection (undici 7: `pipelining` and `maxConcurrentStreams`); null over HTTP/1.1. */
  maxConcurrentStreams: Recommendation;
  /** Retries as a share of successful requests (the helper's `budgetRatio`), from the error rate at or below the knee. */
  retryBudgetRatio: Recommendation;
}

/** What the probe's requests spoke: over h2 each ramp step is that many streams on one connection. */
export type ProbeProtocol = 'http/1.1' | 'h2';

/** Everything a probe run found; `toJson` turns it into the stable version-1 JSON. */
export interface ProbeResult {
  /** Scheme, host and port only: never userinfo, path or query. */
  origin: string;
  /** Path and query that were requested (userinfo never appears anywhere). */
  path: string;
  method: 'GET' | 'HEAD';
  limits: EffectiveLimits;
  protocol: ProbeProtocol;
  requestsSent: number;
  preflight?: PreflightResult;
  baseline?: StepResult;
  /** Sockets of the baseline: 1 when keep-alive reuse worked. */
  baselineReuseConfirmed: boolean;
  steps: StepResult[];
  knee: number | null;
  idleTimeoutMs: number | null;
  /** Why the idle measurement has no number (skipped, bound reached, socket closed by the client…). */
  idleNote?: string;
  stoppedBecause: string;
  /** Set when nothing could be measured: DNS failed, the connection was refused, TLS did not verify… */
  unreachable?: { kind: ErrorKind | 'dns'; message: string };
  recommendations: Recommendations;
  durationMs: number;
}

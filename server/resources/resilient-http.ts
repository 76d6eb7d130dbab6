// resilient-http v2 — inserted by http-resilience (its docs, "The resilient HTTP helper", explain every setting and its source)
/**
 * Resilient HTTP for Node.js ≥ 20.18 with undici 7: a tuned connection pool per origin, bounded concurrency,
 * and retries with full-jitter backoff, `Retry-After` and a per-origin retry budget.
 *
 *   const users = await mapLimit(ids, limitFor(api), (id) => resilientFetch(`${api}/users/${id}`).then((res) => res.json()));
 *
 * It calls undici's own `fetch` with its own `Agent` and leaves the process-wide dispatcher alone.
 * Tune it by editing the settings below; `http-resilience probe <url>` measures a host and proposes values.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher, fetch, Headers, Pool, type RequestInit, type Response } from 'undici';

/** Every knob of this file, for every origin that `originSettings` below does not override. */
export const resilientHttpSettings = {
  /** Sockets per origin. undici's default is unlimited: a fan-out opens one socket per request until the server resets them. */
  connections: 8,
  /** Idle sockets close after 3 s, before the 5 s idle timeout of Node and Apache servers closes one under a new request. */
  keepAliveTimeoutMs: 3_000,
  /** TCP/TLS connect; covers two SYN retransmits (1 s, 3 s). undici waits 10 s. */
  connectTimeoutMs: 5_000,
  /** Wait for the response headers. undici waits 300 s, far longer than any caller does. */
  headersTimeoutMs: 10_000,
  /** Longest silence between two body chunks (not the whole body). undici waits 300 s. */
  bodyTimeoutMs: 10_000,
  /** One attempt, until the response headers arrive (or your function settles). */
  attemptTimeoutMs: 10_000,
  /** All attempts and the waits between them; a retry that would end later is not made. */
  deadlineMs: 30_000,
  /** The first try and two retries: a failure that survives three tries in a row is rarely transient. */
  maxAttempts: 3,
  /** Full-jitter backoff: retry n waits rand(0, min(maxDelayMs, baseDelayMs · 2ⁿ)) (AWS, "Exponential Backoff And Jitter"). */
  baseDelayMs: 100,
  /** Base after 429/503 without `Retry-After`: the server said it is overloaded, so back off ten times harder. */
  throttledBaseDelayMs: 1_000,
  /** Backoff cap; a `Retry-After` longer than this ends the retries and hands the response to the caller. */
  maxDelayMs: 20_000,
  /** Statuses that say "try again later": undici's RetryAgent list (429, 500, 502, 503, 504) plus 408. */
  retryStatuses: [408, 429, 500, 502, 503, 504],
  /** Retry budget per origin (gRPC retry throttling): the bucket holds 10 tokens, a failure costs 1, … */
  budgetTokens: 10,
  /** … a success earns 0.1, and retries stop below half full: retries ≤ 10 % of successes + 5, no storm on a host that is down. */
  budgetRatio: 0.1,
  /** Callers a `createLimiter` queue holds before `limit()` rejects at once instead of buffering without bound. */
  maxQueue: 10_000,
  /** Calls at once to one origin, `limitFor(url)`, for `mapLimit` and `createLimiter`: as many as it has sockets. */
  concurrency: 8,
  /** Offer HTTP/2 in TLS (ALPN); off by default, as in undici. For an origin that speaks h2, one connection carries many streams. */
  allowH2: false,
  /** Streams in flight on one HTTP/2 connection (undici's `maxConcurrentStreams` and `pipelining`); the server's SETTINGS may lower it. */
  maxConcurrentStreams: 100,
};

/**
 * Overrides for one origin (`new URL(url).origin`: scheme, host and port, no path), for requests to it only;
 * origins not listed get the settings above. An origin's pool is made with its settings on its first request.
 *   'https://api.example.com': { connections: 4, keepAliveTimeoutMs: 4_000, headersTimeoutMs: 2_000, concurrency: 4 },
 */
export const originSettings: Record<string, OriginSettings> = {};

// A key that is not an origin would be ignored silently: say so when the module loads.
for (const key of Object.keys(originSettings)) {
  const origin = URL.canParse(key) ? new URL(key).origin : 'scheme://host:port';
  if (origin !== key) throw new Error(`originSettings: '${key}' is not an origin, write '${origin}'`);
}

/** The settings' type, for options that override a few of them per call. */
export type ResilientHttpSettings = typeof resilientHttpSettings;
/** What an origin's entry in `originSettings` may set: any of the settings. */
export type OriginSettings = Partial<ResilientHttpSettings>;

/** The settings for requests to `url`'s origin: the defaults with the origin's overrides on top. */
export function settingsFor(url: string | URL): ResilientHttpSettings {
  return { ...resilientHttpSettings, ...overridesOf(new URL(url).origin) };
}

/** The concurrency bound for `url`'s origin: `mapLimit(items, limitFor(url), fn)`, `createLimiter(limitFor(url))`. */
export function limitFor(url: string | URL): number {
  return settingsFor(url).concurrency;
}

/** The pool `resilientFetch` uses: one pool per origin with that origin's sockets, idle keep-alive and timeouts. */
export const resilientAgent = new Agent({
  ...poolOptions(resilientHttpSettings),
  factory: (origin, options) => new Pool(origin, { ...options, ...poolOptions(settingsFor(origin)) }),
});

function poolOptions(settings: ResilientHttpSettings): Pool.Options {
  return {
    connections: settings.connections,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    connect: { timeout: settings.connectTimeoutMs },
    headersTimeout: settings.headersTimeoutMs,
    bodyTimeout: settings.bodyTimeoutMs,
    // undici 7 sends one request at a time on a connection unless `pipelining` says more, over h2 too.
    ...(settings.allowH2 ? { allowH2: true, maxConcurrentStreams: settings.maxConcurrentStreams, pipelining: settings.maxConcurrentStreams } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------
// Bounded concurrency

/** A concurrency limit: `limit(fn)` runs `fn` at once while fewer than n calls run, else queues it. */
export interface Limiter {
  <T>(fn: (signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Calls holding a slot now. */
  readonly active: number;
  /** Calls waiting for a slot. */
  readonly pending: number;
}

/**
 * Creates a limiter of `n` slots with a queue of at most `maxQueue` waiting calls (beyond it, `limit()`
 * rejects at once). Aborting `signal` removes a waiting call from the queue. A slot is held until `fn`
 * settles and, when `fn` returns a fetch `Response` whose body nobody has read yet, until that body
 * has been read to the end: the limiter reads a clone, so the socket goes back to the pool and the
 * returned response keeps its bytes for you. Read large or streamed bodies inside `fn`.
 */
export function createLimiter(n: number, maxQueue = resilientHttpSettings.maxQueue): Limiter {
  if (!(n >= 1)) throw new RangeError(`limit must be at least 1, got ${n}`);
  let active = 0;
  const queue: Array<() => void> = [];
  const acquire = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (active < n) {
        active++;
        return resolve();
      }
      if (queue.length >= maxQueue) return reject(new Error(`limiter queue is full (${maxQueue} calls waiting)`));
      const onAbort = () => {
        queue.splice(queue.indexOf(grant), 1);
        reject(signal?.reason);
      };
      // The releasing call hands its slot over, so `active` stays as it is.
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      queue.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  const release = () => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  const limit = async <T>(fn: (signal?: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> => {
    await acquire(signal);
    try {
      const result = await fn(signal);
      if (isUnreadResponse(result)) await readToEnd(result);
      return result;
    } finally {
      release();
    }
  };
  return Object.defineProperties(limit, { active: { get: () => active }, pending: { get: () => queue.length } }) as Limiter;
}

/**
 * Like `Promise.all(items.map(fn))` with at most `limit` calls of `fn` running at once; results keep
 * the order of `items`. No queue grows: `limit` workers each take the next item when done with one.
 * The first failure (or an abort of `options.signal`) rejects at once, aborts the signal `fn` was
 * given and starts no further item. A `Response` returned by `fn` is handled as in `createLimiter`.
 */
export async function mapLimit<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T, index: number, signal: AbortSignal) => Promise<R>,
  options: { signal?: AbortSignal } = {},
): Promise<R[]> {
  if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${limit}`);
  const list = Array.from(items);
  const results = new Array<R>(list.length);
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < list.length; index = next++) {
      signal.throwIfAborted();
      const result = await fn(list[index] as T, index, signal);
      results[index] = result;
      if (isUnreadResponse(result)) await readToEnd(result);
    }
  };
  try {
    await settleOrAbort(Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker)), signal);
    return results;
  } catch (error) {
    stop.abort(error);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------------
// Retries

/** Per-call options of `withRetry` and `resilientFetch`; what is left out comes from the settings. */
export interface RetryOptions extends Partial<Record<'maxAttempts' | 'attemptTimeoutMs' | 'deadlineMs' | 'baseDelayMs' | 'throttledBaseDelayMs' | 'maxDelayMs', number | undefined>> {
  /** Cancels everything: the attempt in flight and the wait before the next one. */
  signal?: AbortSignal | undefined;
  /** False when running twice would do harm (a POST without `Idempotency-Key`): then only failures that prove the request never reached the server are retried. Default true. */
  idempotent?: boolean | undefined;
  /** The origin whose `originSettings` entry applies (and whose budget, unless `budgetKey` names another); `resilientFetch` sets it. */
  origin?: string | undefined;
  /** The retry budget to draw from. Default: the origin's, else one budget shared by all calls without a key. */
  budgetKey?: string | undefined;
}

/**
 * Calls `fn` until it succeeds, at most `maxAttempts` times, waiting with full-jitter exponential
 * backoff (or the server's `Retry-After`) in between. Retried: thrown network errors and timeouts,
 * responses or errors with a status in `retryStatuses`, and errors you throw yourself (as p-retry
 * does); not retried: aborts, `TypeError`s of your code, other statuses. A response that is still
 * failing after the last attempt is returned as it is; failed responses before it are discarded.
 * `fn` gets a signal that ends the attempt (per-attempt timeout, deadline, your `signal`); if `fn`
 * ignores it, `withRetry` still returns on time and discards the late result.
 */
export async function withRetry<T>(fn: (signal: AbortSignal, attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return retryAttempts((attempt) => {
    const controller = new AbortController();
    return { result: fn(controller.signal, attempt), controller };
  }, options);
}

/**
 * One attempt in flight: what it will settle with, and how to end it early (`cancelAttempt`): the signal
 * `withRetry` gave `fn`, or for `resilientFetch` the request's abort (`AbortHook`). Data, not closures.
 */
interface Attempt<T> extends AbortHook {
  result: Promise<T>;
  controller?: AbortController;
}

/** Ends an attempt early: aborts the signal its function got, or the request it sent (at once if on a socket, else once on one). */
function cancelAttempt(attempt: Attempt<unknown>, reason: unknown): void {
  if (attempt.controller) return attempt.controller.abort(reason);
  attempt.cancelled = reason instanceof Error ? reason : new DOMException('This operation was aborted', 'AbortError');
  attempt.abort?.(attempt.cancelled);
}

/**
 * The retry loop of `withRetry` and `resilientFetch`: `start(n)` begins attempt n. A success on the first
 * attempt costs a timer, two promises and a few reads of the settings (`npm run bench:helper` measures it):
 * no closures or result objects per attempt, as the client's CPU is what a fast server leaves to limit.
 * The settings every attempt needs are read by name, as `setting` is a lookup by a variable key, which costs
 * more than the rest of this bookkeeping; each is still the call's option, else the origin's, else the default.
 */
async function retryAttempts<T>(start: (attempt: number) => Attempt<T>, options: RetryOptions): Promise<T> {
  const overrides = options.origin === undefined ? undefined : overridesOf(options.origin);
  const own: SettingsView = options;
  const signal = options.signal;
  const attemptTimeoutMs = own.attemptTimeoutMs ?? overrides?.attemptTimeoutMs ?? resilientHttpSettings.attemptTimeoutMs;
  const deadlineMs = own.deadlineMs ?? overrides?.deadlineMs ?? resilientHttpSettings.deadlineMs;
  const budgetTokens = own.budgetTokens ?? overrides?.budgetTokens ?? resilientHttpSettings.budgetTokens;
  const budget = budgetFor(options.budgetKey ?? options.origin ?? 'default', budgetTokens);
  const startedAt = Date.now();
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted(); // your abort: no further attempt
    // The attempt ends at its timeout or at the deadline, whichever comes first (the first starts with all of it).
    const remainingMs = attempt === 1 ? deadlineMs : deadlineMs - (Date.now() - startedAt);
    const deadlineFirst = remainingMs <= attemptTimeoutMs;
    const race = newRace(start(attempt), signal, deadlineFirst ? 'deadline' : 'attempt', deadlineFirst ? deadlineMs : attemptTimeoutMs);
    let failed = false;
    let result: unknown;
    try {
      result = await raceAttempt(race, Math.min(remainingMs, attemptTimeoutMs));
    } catch (error) {
      failed = true;
      result = error;
    }
    signal?.throwIfAborted();
    if (race.timedOut && deadlineFirst && failed) throw result; // the deadline passed
    const verdict = judge(failed, result, attempt, options, overrides, race.timedOut);
    budget.tokens = verdict.transient ? Math.max(0, budget.tokens - 1) : Math.min(budgetTokens, budget.tokens + (own.budgetRatio ?? overrides?.budgetRatio ?? resilientHttpSettings.budgetRatio));
    // A retry that could not start before the deadline is not made, so the wait needs no deadline of its own.
    const retry =
      verdict.retryable && attempt < setting(options, overrides, 'maxAttempts') && budget.tokens > budgetTokens / 2 && Date.now() - startedAt + verdict.waitMs < deadlineMs;
    if (!retry) {
      if (!failed) return result as T;
      throw result;
    }
    if (!failed) await discardBody(result);
    try {
      await sleep(verdict.waitMs, undefined, { signal });
    } catch (error) {
      signal?.throwIfAborted(); // with your reason rather than the timer's AbortError
      throw error;
    }
  }
}

/**
 * How long to wait before retry number `attempt` (1 for the first retry): full-jitter exponential backoff,
 * rand(0, min(maxDelayMs, baseDelayMs · 2^(attempt−1))). For retry loops you keep: `await sleep(backoffDelay(attempt))`.
 */
export function backoffDelay(attempt: number, options: { baseDelayMs?: number; maxDelayMs?: number } = {}): number {
  const { baseDelayMs = resilientHttpSettings.baseDelayMs, maxDelayMs = resilientHttpSettings.maxDelayMs } = options;
  return Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** Call options read as settings: a call may carry any of them (`withRetry(fn, settingsFor(url))`), `undefined` as left out. */
type SettingsView = { [K in keyof ResilientHttpSettings]?: ResilientHttpSettings[K] | undefined };

/** A setting for a call: the call's option, else the origin's entry (`overrides`), else the default (`undefined` counts as left out). */
function setting<K extends keyof ResilientHttpSettings>(options: RetryOptions, overrides: OriginSettings | undefined, key: K): ResilientHttpSettings[K] {
  // The cast is for `checkJs` without `strictNullChecks`, where `??` does not drop the `undefined` of `Partial`.
  return ((options as SettingsView)[key] ?? overrides?.[key] ?? resilientHttpSettings[key]) as ResilientHttpSettings[K];
}

const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

/**
 * undici's `fetch` through `resilientAgent`, retried by `withRetry` under the origin's budget. GET,
 * HEAD, OPTIONS, TRACE, PUT and DELETE are retried; POST and PATCH only with an `Idempotency-Key`
 * header, or when the connection was never made. A streamed request body is sent once. Read or
 * cancel the body of the response you get, or the socket stays taken.
 */
export function resilientFetch(input: string | URL, init: RequestInit = {}, options: RetryOptions = {}): Promise<Response> {
  // Not `async`: that would add a promise and extra turns of the microtask queue to every request.
  try {
    const method = (init.method ?? 'GET').toUpperCase();
    const idempotent = idempotentMethods.has(method) || new Headers(init.headers).has('idempotency-key');
    const body: unknown = init.body;
    const replayable = !(typeof body === 'object' && body !== null && (Symbol.asyncIterator in body || 'getReader' in body));
    const retryOptions: RetryOptions = {
      ...options,
      idempotent: options.idempotent ?? idempotent,
      origin: options.origin ?? originOf(input),
      maxAttempts: replayable ? options.maxAttempts : 1,
      signal: init.signal ?? options.signal,
    };
    return retryAttempts(() => fetchAttempt(input, init), retryOptions);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Origins by the `scheme://host:port` a URL string starts with, so that a request parses no URL of its own here. */
const originsByPrefix = new Map<string, string>();
/** The prefix of the last string `originOf` looked up, and its origin: most requests go where the one before went. */
let lastPrefix = '';
let lastOrigin = '';

/** `new URL(input).origin`, from `originsByPrefix` for an `http(s)://` string whose authority is plain. */
function originOf(input: string | URL): string {
  if (typeof input !== 'string') return input instanceof URL ? input.origin : new URL(input).origin;
  // The last prefix, when its authority ends where `input`'s does: no slice, no hashing of a new string.
  if (lastPrefix !== '' && input.startsWith(lastPrefix) && (input.length === lastPrefix.length || endsAuthority(input.charCodeAt(lastPrefix.length)))) return lastOrigin;
  const end = authorityEnd(input);
  if (end < 0) return new URL(input).origin;
  const prefix = input.slice(0, end);
  let origin = originsByPrefix.get(prefix);
  if (origin === undefined) {
    origin = new URL(input).origin;
    if (originsByPrefix.size >= 256) originsByPrefix.clear();
    originsByPrefix.set(prefix, origin);
  }
  lastPrefix = prefix;
  lastOrigin = origin;
  return origin;
}

/**
 * Where the authority of an `http://` or `https://` URL string ends (at `/`, `?`, `#`, `\\` or the end), or −1
 * when the string starts otherwise or its authority is empty or holds a space or control character (which
 * the URL parser strips or rejects): then the origin is parsed from the whole string.
 */
function authorityEnd(input: string): number {
  const start = input.startsWith('https://') ? 8 : input.startsWith('http://') ? 7 : -1;
  if (start < 0) return -1;
  let index = start;
  for (; index < input.length; index++) {
    const code = input.charCodeAt(index);
    if (endsAuthority(code)) break;
    if (code <= 32 || code === 127) return -1;
  }
  return index > start ? index : -1;
}

/** `/`, `?`, `#` or `\\`: the characters that end a URL's authority. */
function endsAuthority(code: number): boolean {
  return code === 47 || code === 63 || code === 35 || code === 92;
}

/**
 * One `resilientFetch` attempt: undici's `fetch` through `resilientAgent`, and `cancel(reason)`, which aborts the
 * request as an aborted fetch `signal` would (at once when it is on a socket, else as soon as it gets one). It
 * gives fetch no signal: undici follows one with a WeakRef, a FinalizationRegistry entry and a listener per
 * request, which costs about as much as the rest of this file's work on a request that succeeds.
 */
function fetchAttempt(input: string | URL, init: RequestInit): Attempt<Response> {
  const attempt: Attempt<Response> = { result: noResult, abort: undefined, cancelled: undefined };
  // The agent itself for fetch, with a `dispatch` that learns how to abort each request it sends (redirects too).
  const dispatcher: Dispatcher = Object.create(resilientAgent);
  dispatcher.dispatch = (options, handler) => resilientAgent.dispatch(options, hookAbort(handler, attempt));
  attempt.result = fetch(input, { ...init, signal: undefined, dispatcher });
  return attempt;
}

/** An attempt's result before it has one (its object is made first, so that the dispatcher can name it). */
const noResult: Promise<never> = new Promise(ignore);

/** What undici's fetch hands a dispatcher with each request it sends. */
type DispatchHandler = Parameters<Dispatcher['dispatch']>[1];

/** How to abort the request an attempt sent, once undici has said; and why, once the attempt was cancelled. */
interface AbortHook {
  abort?: ((reason: Error) => void) | undefined;
  cancelled?: Error | undefined;
}

/**
 * Hooks `hook` into a dispatch handler: undici hands it the request's abort in `onConnect` (the handler API
 * undici 7's fetch uses) or `onRequestStart` (the newer one); a request cancelled before that is aborted then.
 */
function hookAbort(handler: DispatchHandler, hook: AbortHook): DispatchHandler {
  const { onConnect, onRequestStart } = handler;
  if (onRequestStart) {
    handler.onRequestStart = (controller, context) => {
      onRequestStart.call(handler, controller, context);
      learnAbort(hook, (reason) => controller.abort(reason));
    };
  } else if (onConnect) {
    handler.onConnect = (abort) => {
      onConnect.call(handler, abort);
      learnAbort(hook, abort);
    };
  }
  return handler;
}

function learnAbort(hook: AbortHook, abort: (reason: Error) => void): void {
  hook.abort = abort;
  if (hook.cancelled) abort(hook.cancelled);
}

// ---------------------------------------------------------------------------------------------------
// Internals

/** Connection never made: the server cannot have seen the request, so even a POST may go again. */
const neverSentCodes = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
/**
 * An HTTP/2 stream the server refused before acting on it (RFC 9113 §8.7): over its SETTINGS_MAX_CONCURRENT_STREAMS,
 * in the first burst on a new connection, before the client has read the server's SETTINGS (later streams wait).
 */
const refusedStream = /NGHTTP2_REFUSED_STREAM/;
/** A connection failed in use: the server may have seen the request, so only idempotent ones go again. */
const inUseCodes = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface Verdict {
  /** A failure that says the host is struggling; it costs budget. */
  transient: boolean;
  /** Worth another attempt for this operation. */
  retryable: boolean;
  waitMs: number;
}

/** What a success or a status outside `retryStatuses` gets: no retry, and it earns budget. */
const settled: Verdict = { transient: false, retryable: false, waitMs: 0 };
/** What a refused HTTP/2 stream gets: another attempt at once, whatever the method. */
const refused: Verdict = { transient: false, retryable: true, waitMs: 0 };

/** What an attempt's outcome calls for: `result` is what it returned, or what it threw when `failed`. */
function judge(failed: boolean, result: unknown, attempt: number, options: RetryOptions, overrides: OriginSettings | undefined, timedOut: boolean): Verdict {
  const retryStatuses = (options as SettingsView).retryStatuses ?? overrides?.retryStatuses ?? resilientHttpSettings.retryStatuses;
  const failure = failed ? result : undefined;
  const response = failed ? asResponse((failure as { response?: unknown } | null)?.response) : asResponse(result);
  const status = response?.status ?? statusOf(failure);
  if (!failed && (status === undefined || !retryStatuses.includes(status))) return settled;
  const get = <K extends keyof ResilientHttpSettings>(key: K) => setting(options, overrides, key);
  const idempotent = options.idempotent !== false;
  const backoff = (baseDelayMs: number) => backoffDelay(attempt, { baseDelayMs, maxDelayMs: get('maxDelayMs') });
  if (status !== undefined || !failed) {
    const transient = status !== undefined && retryStatuses.includes(status);
    const throttled = status === 429 || status === 503;
    const retryAfter = response && transient ? retryAfterMs(response.headers) : undefined;
    // Honour Retry-After, plus a little jitter so that clients told the same date do not come back in one wave.
    const waitMs = retryAfter !== undefined ? retryAfter + Math.random() * get('baseDelayMs') : backoff(throttled ? get('throttledBaseDelayMs') : get('baseDelayMs'));
    return { transient, retryable: transient && idempotent && (retryAfter ?? 0) <= get('maxDelayMs'), waitMs };
  }
  const name = (failure as { name?: unknown } | null)?.name;
  const code = errorCode(failure);
  // Refused before the server acted on it: no sign of trouble (it costs no budget), and safe to send again at once.
  if (code === 'ERR_HTTP2_STREAM_ERROR' && refusedStream.test(errorMessages(failure))) return refused;
  const neverSent = code !== undefined && neverSentCodes.has(code);
  const transient = timedOut || name === 'TimeoutError' || neverSent || (code !== undefined ? inUseCodes.has(code) : name !== 'AbortError' && !(failure instanceof TypeError));
  return { transient, retryable: neverSent || (transient && idempotent), waitMs: backoff(get('baseDelayMs')) };
}

/** `Retry-After` in milliseconds: delta-seconds, or an HTTP date measured against the response's own `Date`. */
function retryAfterMs(headers: { get(name: string): string | null | undefined }): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  // Against the server's clock when it sent one: a client clock that is off does not stretch or skip the wait.
  const serverNow = Date.parse(headers.get('date') ?? '');
  return Math.max(0, at - (Number.isNaN(serverNow) ? Date.now() : serverNow));
}

interface ResponseLike {
  status: number;
  headers: { get(name: string): string | null | undefined };
}

/** fetch, undici and axios responses all have a numeric `status` and `headers.get`. */
function asResponse(value: unknown): ResponseLike | undefined {
  const candidate = value as Partial<ResponseLike> | null | undefined;
  return typeof candidate?.status === 'number' && typeof candidate.headers?.get === 'function' ? (candidate as ResponseLike) : undefined;
}

/** The HTTP status an error carries: axios `response.status`, got `response.statusCode`, ky and others `status`. */
function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; statusCode?: unknown; response?: { statusCode?: unknown } } | null | undefined;
  const status = e?.response?.statusCode ?? e?.status ?? e?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The first string `code` along the `cause` chain: fetch wraps socket errors as `TypeError('fetch failed', { cause })`. */
/** The messages along an error's `cause` chain, one per line. */
function errorMessages(error: unknown): string {
  const messages: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) messages.push(current.message);
  return messages.join('\n');
}

function errorCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; current !== null && typeof current === 'object' && depth < 5; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof code === 'string') return code;
    current = cause ?? errors?.[0];
  }
  return undefined;
}

interface UnreadResponse {
  bodyUsed: boolean;
  body: { locked: boolean; cancel(): Promise<void> } | null;
  clone(): { body: { getReader(): { read(): Promise<{ done?: boolean }> } } | null };
}

function isUnreadResponse(value: unknown): value is UnreadResponse {
  const candidate = value as Partial<UnreadResponse> | null | undefined;
  return typeof candidate?.clone === 'function' && candidate.bodyUsed === false && candidate.body != null && !candidate.body.locked;
}

/** Reads a clone of an unread response body to the end: the socket is free, the original keeps the bytes. */
async function readToEnd(value: UnreadResponse): Promise<void> {
  const reader = value.clone().body?.getReader();
  while (reader && !(await reader.read()).done);
}

/** Cancels an unread response body, so a failed attempt does not hold its socket until garbage collection. */
async function discardBody(value: unknown): Promise<void> {
  if (isUnreadResponse(value)) await value.body?.cancel().catch(() => undefined);
}

/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as it aborts; a late response is discarded.
 * The abort listener stays on `signal`, which both callers drop right after.
 */
function settleOrAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      reject(signal.reason);
      promise.then(discardBody, () => undefined);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject);
  });
}

/** An attempt racing its time limit (`attempt timeout of 10000 ms exceeded`) and the caller's signal. */
interface Race {
  attempt: Attempt<unknown>;
  signal: AbortSignal | undefined;
  limit: string;
  limitMs: number;
  /** Set when the time limit ended the attempt. */
  timedOut: boolean;
  done: boolean;
  reject(reason: unknown): void;
  timer: ReturnType<typeof setTimeout> | undefined;
  onAbort: (() => void) | undefined;
}

/** A race not started yet: `raceAttempt` starts it. */
function newRace(attempt: Attempt<unknown>, signal: AbortSignal | undefined, limit: string, limitMs: number): Race {
  return { attempt, signal, limit, limitMs, timedOut: false, done: false, reject: ignore, timer: undefined, onAbort: undefined };
}

function ignore(): void {}

/**
 * Settles like the race's attempt, or rejects as soon as its signal aborts (with its reason) or `ms` pass
 * (with a `TimeoutError`, and `race.timedOut` set); ending early cancels the attempt and discards a late
 * response. Hand-linked rather than `AbortSignal.any` and `AbortSignal.timeout`, which cost several times
 * more a call, with module functions rather than closures where it can (fewer objects per request).
 */
function raceAttempt<T>(race: Race, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    race.reject = reject;
    race.timer = setTimeout(timeUp, ms, race);
    const signal = race.signal;
    if (signal) {
      race.onAbort = () => stopRace(race, signal.reason);
      signal.addEventListener('abort', race.onAbort, { once: true });
      if (signal.aborted) stopRace(race, signal.reason);
    }
    (race.attempt.result as Promise<T>).then(
      (value) => {
        if (finishRace(race)) resolve(value);
      },
      (error: unknown) => {
        if (finishRace(race)) reject(error);
      },
    );
  });
}

/** Marks the race over and disarms its timer and listener; false when it was over already. */
function finishRace(race: Race): boolean {
  if (race.done) return false;
  race.done = true;
  clearTimeout(race.timer);
  if (race.onAbort) race.signal?.removeEventListener('abort', race.onAbort);
  return true;
}

/** Ends the race early: rejects with `reason`, cancels the attempt, discards what it still returns. */
function stopRace(race: Race, reason: unknown): void {
  if (!finishRace(race)) return;
  race.reject(reason);
  cancelAttempt(race.attempt, reason);
  race.attempt.result.then(discardBody, ignore);
}

function timeUp(race: Race): void {
  race.timedOut = true;
  stopRace(race, new DOMException(`${race.limit} timeout of ${race.limitMs} ms exceeded`, 'TimeoutError'));
}

const budgets = new Map<string, { tokens: number }>();

/** The budget under `key`, made full (`tokens`) on first use. */
function budgetFor(key: string, tokens: number): { tokens: number } {
  let budget = budgets.get(key);
  if (!budget) budgets.set(key, (budget = { tokens }));
  return budget;
}

/** The origin's entry in `originSettings`, if it has one (an own key: `constructor` is no origin). */
function overridesOf(origin: string): OriginSettings | undefined {
  return Object.hasOwn(originSettings, origin) ? originSettings[origin] : undefined;
}

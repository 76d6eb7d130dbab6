/**
 * Real HTTP servers on 127.0.0.1 that misbehave the way production does (architecture.md §7), for the helper's
 * load tests and benchmark: few connections, short keep-alive, resets, 429/503, slowness, silence.
 * Each server counts what reached it; tests wait on those counts with a bound, never with a sleep.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { EventEmitter, once } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';

/** How a server behaves; everything left out is a healthy server answering `ok`. */
export interface ServerBehaviour {
  /** Node drops connections beyond this many (`server.maxConnections`): the client sees a reset. */
  maxConnections?: number;
  /** Idle keep-alive timeout in ms (Node's default is 5 s). */
  keepAliveTimeout?: number;
  /**
   * Destroys the socket of every n-th distinct request (by path) the first time it arrives, instead of
   * answering: a transient fault, as in production, where the same request sent again gets through.
   * (Resetting every n-th arrival would also reset some retries, and a test of "no request lost" would
   * then fail at random whenever one request drew three resets in a row.)
   */
  resetEvery?: number;
  /** Answers after this many ms. */
  delayMs?: number;
  /** Never answers; the socket stays open until the client gives up or the server closes. */
  hang?: boolean;
  /** Bytes of the `ok` body (default 2). */
  bodyBytes?: number;
  /** Answers instead of the default when it returns true; `seen` counts requests to this path, from 1. */
  respond?: (request: http.IncomingMessage, response: http.ServerResponse, seen: number) => boolean;
}

/** One request as the server saw it. */
export interface Arrival {
  /** `performance.now()` when its headers arrived. */
  at: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

/** A running server and what it has seen. */
export interface LoadServer {
  url: string;
  origin: string;
  arrivals: Arrival[];
  /** Requests being handled now, and the most at any moment. */
  inFlight: number;
  maxInFlight: number;
  /** Sockets open now, and sockets destroyed on purpose (`resetEvery`). */
  openSockets: number;
  resets: number;
  /** Resolves once `predicate()` holds; rejects after `timeoutMs`. Checked on every arrival, answer and socket close. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts a server with the given behaviour on an ephemeral port of 127.0.0.1. */
export async function startServer(behaviour: ServerBehaviour = {}): Promise<LoadServer> {
  const changes = new EventEmitter();
  const timers = new Set<NodeJS.Timeout>();
  const seenByPath = new Map<string, number>();
  const body = 'ok'.padEnd(behaviour.bodyBytes ?? 2, '.');
  const server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    const seen = (seenByPath.get(path) ?? 0) + 1;
    seenByPath.set(path, seen);
    state.arrivals.push({ at: performance.now(), method: request.method ?? 'GET', path, headers: request.headers });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    response.on('close', () => {
      state.inFlight--;
      changes.emit('change');
    });
    changes.emit('change');
    request.resume();
    request.on('end', () => {
      if (behaviour.resetEvery && seen === 1 && seenByPath.size % behaviour.resetEvery === 0) {
        state.resets++;
        request.socket.destroy();
      } else if (behaviour.respond?.(request, response, seen)) {
        // answered by the test's own handler
      } else if (behaviour.hang) {
        // never answer
      } else if (behaviour.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          response.end(body);
        }, behaviour.delayMs);
        timers.add(timer);
      } else {
        response.end(body);
      }
    });
  });
  if (behaviour.maxConnections !== undefined) server.maxConnections = behaviour.maxConnections;
  if (behaviour.keepAliveTimeout !== undefined) server.keepAliveTimeout = behaviour.keepAliveTimeout;
  server.on('connection', (socket) => {
    state.openSockets++;
    socket.on('close', () => {
      state.openSockets--;
      changes.emit('change');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  // Once: a second close() (a test's own and its cleanup's) must not wait for a 'close' that already happened.
  let closing: Promise<void> | undefined;
  const state: LoadServer = {
    url: `${origin}/`,
    origin,
    arrivals: [],
    inFlight: 0,
    maxInFlight: 0,
    openSockets: 0,
    resets: 0,
    waitFor: (predicate, timeoutMs, what) => waitUntil(changes, 'change', predicate, timeoutMs, what),
    close: () => {
      closing ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        const closed = once(server, 'close');
        server.close();
        server.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
  return state;
}

/** A URL on a port that was just opened and closed again: connecting to it is refused. */
export async function downServerUrl(): Promise<string> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  probe.close();
  await once(probe, 'close');
  return `http://127.0.0.1:${port}/`;
}

/** Resolves once `predicate()` holds, checked on every `event`; rejects after `timeoutMs`. */
export function waitUntil(emitter: NodeJS.EventEmitter, event: string, predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!predicate()) return;
      cleanup();
      resolve();
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      emitter.off(event, check);
    };
    emitter.on(event, check);
  });
}

/** The servers one test file starts: `start` them as needed, `closeAll` in the file's `after` hook. */
export function serverRegistry(): { start: (behaviour?: ServerBehaviour) => Promise<LoadServer>; closeAll: () => Promise<void> } {
  const servers: LoadServer[] = [];
  return {
    start: async (behaviour) => {
      const started = await startServer(behaviour);
      servers.push(started);
      return started;
    },
    closeAll: async () => {
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

/** Counts the requests undici creates for `origin` while `run` runs: one per attempt, also when the connection is refused. */
export async function countUndiciAttempts<T>(origin: string, run: () => Promise<T>): Promise<{ attempts: number; result: T }> {
  let attempts = 0;
  const onCreate = (message: unknown) => {
    const { request } = message as { request: { origin: unknown } };
    if (new URL(String(request.origin)).origin === origin) attempts++;
  };
  diagnosticsChannel.subscribe('undici:request:create', onCreate);
  try {
    const result = await run();
    return { attempts, result };
  } finally {
    diagnosticsChannel.unsubscribe('undici:request:create', onCreate);
  }
}

/** What a batch of requests came to: answered with 200, and lost (rejected or another status). */
export interface BatchOutcome {
  ok: number;
  failed: number;
  ms: number;
  /** The first few failure messages, with their causes, for the report. */
  reasons: string[];
}

/** Runs `count` requests through `request` (each resolves with a status or rejects) and counts the outcome. */
export async function runBatch(count: number, request: (index: number) => Promise<number>, fanOut: (tasks: Array<() => Promise<void>>) => Promise<unknown>): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { ok: 0, failed: 0, ms: 0, reasons: [] };
  const failed = (reason: string) => {
    outcome.failed++;
    if (outcome.reasons.length < 3 && !outcome.reasons.includes(reason)) outcome.reasons.push(reason);
  };
  const tasks = Array.from({ length: count }, (_, index) => async () => {
    try {
      const status = await request(index);
      if (status === 200) outcome.ok++;
      else failed(`HTTP ${status}`);
    } catch (error) {
      failed(describeError(error));
    }
  });
  const started = performance.now();
  await fanOut(tasks);
  outcome.ms = performance.now() - started;
  return outcome;
}

/** `fetch failed (UND_ERR_SOCKET: other side closed)`: the message and the innermost cause. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  let cause: unknown = error instanceof Error ? error.cause : undefined;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  if (!(cause instanceof Error)) return message;
  const code = (cause as { code?: unknown }).code;
  return `${message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
}

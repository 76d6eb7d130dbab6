/**
 * An HTTP/2 server on 127.0.0.1 over TLS with a self-signed certificate (node:http2 `createSecureServer`),
 * with a SETTINGS_MAX_CONCURRENT_STREAMS the test chooses. It records, per session (one connection), how
 * many streams it carried and the most it had in flight at once: the ground truth the probe's stream ramp
 * is checked against. close() destroys every session and may be called more than once.
 */
import { EventEmitter, once } from 'node:events';
import * as http2 from 'node:http2';
import type * as net from 'node:net';
import { waitUntil } from './load-servers';
import type { SelfSignedCertificate } from './self-signed-certificate';

/** What one session (connection) carried. */
export interface H2SessionRecord {
  streams: number;
  inFlight: number;
  maxInFlight: number;
}

/** One request as the server saw it. */
export interface H2Arrival {
  method: string;
  path: string;
  headers: http2.IncomingHttpHeaders;
}

/** A running h2 server and what it has seen. */
export interface H2Server {
  url: string;
  origin: string;
  /** Every session in the order they opened, the ones that carried no stream included. */
  sessions: H2SessionRecord[];
  arrivals: H2Arrival[];
  /** Streams the client reset (RST_STREAM) before their answer ended. */
  readonly resetByClient: number;
  /** Body bytes written to every stream together. */
  readonly bytesWritten: number;
  /** Resolves once `predicate()` holds, checked whenever a stream is reset or closes; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void>;
  close(): Promise<void>;
}

/** How the server behaves. */
export interface H2ServerOptions {
  certificate: SelfSignedCertificate;
  /** Sent in the server's SETTINGS; omitted: Node's default (4294967295, no limit). */
  maxConcurrentStreams?: number;
  /** Answers `ok` after this many ms (default 20), so that streams overlap. */
  delayMs?: number;
  /** Also accept HTTP/1.1 in ALPN (default false: h2 only). */
  allowHTTP1?: boolean;
  /** Pick the client's first ALPN protocol instead of the server's (with `allowHTTP1`: h2 or HTTP/1.1 by the client's order). */
  clientAlpnOrder?: boolean;
  /** Answer every stream with a body that never ends (written as fast as HTTP/2 flow control lets it) instead of `ok`. */
  endlessBody?: boolean;
  /** The status of the n-th stream the server received (from 1), with the streams in flight on its session then (itself included); default 200. */
  statusOf?: (n: number, inFlight: number) => number;
}

/** Starts the server on an ephemeral port of 127.0.0.1. */
export async function startH2Server(options: H2ServerOptions): Promise<H2Server> {
  const delayMs = options.delayMs ?? 20;
  const live = new Set<http2.ServerHttp2Session>();
  const timers = new Set<NodeJS.Timeout>();
  const sessions: H2SessionRecord[] = [];
  const arrivals: H2Arrival[] = [];
  const counts = { resetByClient: 0, bytesWritten: 0 };
  const changes = new EventEmitter();
  const server = http2.createSecureServer({
    cert: options.certificate.cert,
    key: options.certificate.key,
    allowHTTP1: options.allowHTTP1 ?? false,
    ...(options.clientAlpnOrder ? { ALPNCallback: ({ protocols }: { protocols: string[] }) => protocols[0] } : {}),
    ...(options.maxConcurrentStreams !== undefined ? { settings: { maxConcurrentStreams: options.maxConcurrentStreams } } : {}),
  });
  const records = new WeakMap<http2.ServerHttp2Session, H2SessionRecord>();
  server.on('session', (session) => {
    const record: H2SessionRecord = { streams: 0, inFlight: 0, maxInFlight: 0 };
    sessions.push(record);
    records.set(session, record);
    live.add(session);
    session.on('close', () => live.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream, headers) => {
    const record = records.get(stream.session as http2.ServerHttp2Session);
    arrivals.push({ method: String(headers[':method']), path: String(headers[':path']), headers });
    if (record) {
      record.streams++;
      record.inFlight++;
      record.maxInFlight = Math.max(record.maxInFlight, record.inFlight);
    }
    const status = options.statusOf?.(arrivals.length, record?.inFlight ?? 1) ?? 200;
    stream.on('close', () => {
      if (record) record.inFlight--;
      changes.emit('change');
    });
    stream.on('error', () => undefined);
    stream.on('aborted', () => {
      counts.resetByClient++;
      changes.emit('change');
    });
    stream.resume();
    if (options.endlessBody) {
      writeForever(stream, counts);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stream.destroyed) return;
      stream.respond({ ':status': status, 'content-type': 'text/plain' });
      stream.end(status === 200 ? 'ok' : 'failed');
    }, delayMs);
    timers.add(timer);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  const origin = `https://127.0.0.1:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/`,
    origin,
    sessions,
    arrivals,
    get resetByClient() {
      return counts.resetByClient;
    },
    get bytesWritten() {
      return counts.bytesWritten;
    },
    waitFor: (predicate, timeoutMs, what) => waitUntil(changes, 'change', predicate, timeoutMs, what),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        for (const session of live) session.destroy();
      })),
  };
}

/** Writes 16 KiB chunks until the stream is gone, pausing whenever flow control says so. */
function writeForever(stream: http2.ServerHttp2Stream, counts: { bytesWritten: number }): void {
  const chunk = Buffer.alloc(16 * 1024, 'x');
  const pump = () => {
    while (!stream.destroyed && !stream.aborted) {
      counts.bytesWritten += chunk.length;
      if (!stream.write(chunk)) return;
    }
  };
  stream.respond({ ':status': 200, 'content-type': 'application/octet-stream' });
  stream.on('drain', pump);
  pump();
}

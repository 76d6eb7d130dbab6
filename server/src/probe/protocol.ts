/**
 * How the probe's undici Clients speak to the host: HTTP/1.1, one request at a time per socket, or, when the
 * preflight saw the server choose h2 in ALPN, HTTP/2 with a bound on the streams of the one connection.
 */
import type { Client } from 'undici';

/**
 * Client options for the protocol. Over h2, undici 7 gates the streams of a connection by `pipelining`
 * (its default 1 sends one stream at a time), and `maxConcurrentStreams` is the limit it assumes until
 * the server's SETTINGS arrive: both are set to `streams`, so even the first burst on a new connection
 * stays within it (above the server's limit, that burst gets REFUSED_STREAM). No PING frames either:
 * the idle keep-alive watch must send nothing.
 */
export function protocolOptions(h2: boolean, streams: number): Client.Options {
  return h2 ? { allowH2: true, pipelining: streams, maxConcurrentStreams: streams, pingInterval: 0 } : { pipelining: 1 };
}

/**
 * The server's HTTP/2 SETTINGS, read in the preflight over the TLS socket that negotiated h2: the client
 * connection preface and an empty SETTINGS frame go out, no request and no stream. What it reads is the
 * server's SETTINGS_MAX_CONCURRENT_STREAMS, the most streams it takes on one connection.
 */
import * as http2 from 'node:http2';
import type * as tls from 'node:tls';
import { noStreamLimit } from '@shared/probe/limits';

/** Resolves with the server's SETTINGS_MAX_CONCURRENT_STREAMS; rejects when the session fails or closes before its SETTINGS. */
export function readServerStreamLimit(secure: tls.TLSSocket, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const session = http2.connect(origin, { createConnection: () => secure, settings: { enablePush: false } });
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      const limit = session.remoteSettings.maxConcurrentStreams ?? noStreamLimit;
      session.destroy();
      if (error) reject(error);
      else resolve(limit);
    };
    session.once('remoteSettings', () => finish());
    session.once('error', (error: Error) => finish(error));
    session.once('close', () => finish(Object.assign(new Error('the server closed the HTTP/2 session before sending its SETTINGS'), { code: 'ECONNRESET' })));
  });
}

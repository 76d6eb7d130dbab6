/**
 * Every socket the probe opens goes through here: to the one address DNS gave at the start (pinned, so
 * a DNS change mid-probe cannot move the load to another host), counted, timed and tracked so that
 * cancellation can destroy all of them at once.
 */
import * as dns from 'node:dns';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { buildConnector } from 'undici';
import type { ProbeTarget } from '@shared/probe/target';

/** The address every socket connects to, and how long it took to learn it. */
export interface PinnedHost {
  addresses: string[];
  pinnedAddress: string;
  dnsMs: number;
}

/** Resolves the host once (the system resolver, as Node's clients use it); IP literals need no DNS. */
export async function pinHost(hostname: string): Promise<PinnedHost> {
  if (net.isIP(hostname) !== 0) return { addresses: [hostname], pinnedAddress: hostname, dnsMs: 0 };
  const started = performance.now();
  const records = await dns.promises.lookup(hostname, { all: true });
  const dnsMs = performance.now() - started;
  if (records.length === 0) throw Object.assign(new Error(`DNS returned no address for ${hostname}`), { code: 'ENOTFOUND' });
  return { addresses: records.map((record) => record.address), pinnedAddress: records[0].address, dnsMs };
}

/** Sockets opened through one pool, and how long each took to connect (TCP, and TLS when https). */
export class SocketCount {
  opened = 0;
  readonly connectMs: number[] = [];
  /** The connected sockets, in order (the idle measurement watches the baseline's). */
  readonly sockets: net.Socket[] = [];
}

/** All live sockets of one probe run; after `destroyAll` no new socket can be opened. */
export class SocketRegistry {
  private readonly live = new Set<net.Socket>();
  private stopped = false;

  get isStopped(): boolean {
    return this.stopped;
  }

  get liveCount(): number {
    return this.live.size;
  }

  add(socket: net.Socket): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.live.add(socket);
    socket.once('close', () => this.live.delete(socket));
  }

  /**
   * Destroys every socket now: nothing more is written to any of them. A socket someone listens on for
   * errors (undici's) is destroyed with one: undici's HTTP/2 client throws out of its session 'close'
   * handler when its socket closed without an error under it (undici 7.30).
   */
  destroyAll(): void {
    this.stopped = true;
    for (const socket of this.live) {
      if (socket.listenerCount('error') > 0) socket.destroy(Object.assign(new Error('the probe stopped'), { code: 'UND_ERR_ABORTED' }));
      else socket.destroy();
    }
    this.live.clear();
  }
}

/** TLS trust beyond the system store, and whether to offer h2 in ALPN (only once the preflight saw the server choose it). */
export interface TlsOptions {
  ca?: string | string[];
  allowH2?: boolean;
}

/** The `connect` function for an undici Client/Pool: pinned address, SNI kept, sockets counted and registered. */
export function pinnedConnector(target: ProbeTarget, pin: PinnedHost, tls: TlsOptions, timeoutMs: number, registry: SocketRegistry, count: SocketCount): buildConnector.connector {
  const base = buildConnector({ timeout: timeoutMs, ...(tls.ca !== undefined ? { ca: tls.ca } : {}), ...(tls.allowH2 === true ? { allowH2: true } : {}) });
  const servername = net.isIP(target.hostname) === 0 ? target.hostname : undefined;
  return (options, callback) => {
    if (registry.isStopped) {
      callback(Object.assign(new Error('probe stopped'), { code: 'UND_ERR_ABORTED' }), null);
      return;
    }
    const started = performance.now();
    count.opened++;
    // buildConnector's connector returns the socket it creates (its type says void): keep it, so a socket
    // still connecting can be destroyed too.
    const socket = base({ ...options, hostname: pin.pinnedAddress, servername }, (error, connected) => {
      if (error) {
        callback(error, null);
        return;
      }
      // undici offers http/1.1 before h2: a server that honours the client's order would switch protocols
      // under the probe (and an h2 step's streams would become pipelined requests). That ends the probe instead.
      if (tls.allowH2 === true && (connected as { alpnProtocol?: string | false }).alpnProtocol !== 'h2') {
        connected.destroy();
        callback(Object.assign(new Error('the server chose h2 in the preflight but not on this connection'), { code: 'PROBE_ALPN_CHANGED' }), null);
        return;
      }
      count.connectMs.push(performance.now() - started);
      count.sockets.push(connected);
      callback(null, connected);
    }) as unknown as net.Socket | undefined;
    if (socket) registry.add(socket);
  };
}

/**
 * Passive idle keep-alive measurement: the baseline's socket is left idle after its last answer and
 * watched until the server closes it (FIN or reset), up to a bound. No request is sent for this.
 */
import type * as net from 'node:net';
import { performance } from 'node:perf_hooks';

/** How long the server kept the idle socket, or why there is no number. */
export interface IdleMeasurement {
  idleTimeoutMs: number | null;
  note?: string;
}

/**
 * Waits for `socket` to be closed by the server, counting from `idleSince` (when its last answer was
 * read). Resolves null when the bound passes first, the probe is cancelled, or the socket was already gone.
 */
export function watchIdleSocket(socket: net.Socket | undefined, idleSince: number, boundMs: number, signal: AbortSignal): Promise<IdleMeasurement> {
  if (boundMs <= 0) return Promise.resolve({ idleTimeoutMs: null, note: 'idle measurement skipped' });
  if (!socket || socket.destroyed) return Promise.resolve({ idleTimeoutMs: null, note: 'the baseline socket was already closed' });
  if (signal.aborted) return Promise.resolve({ idleTimeoutMs: null, note: 'cancelled' });
  return new Promise((resolve) => {
    const done = (measurement: IdleMeasurement) => {
      clearTimeout(timer);
      socket.off('end', closedByServer);
      socket.off('close', closedByServer);
      signal.removeEventListener('abort', cancelled);
      resolve(measurement);
    };
    // 'end' is the server's FIN; 'close' without it is a reset. Either way the server ended the idle socket.
    const closedByServer = () => done({ idleTimeoutMs: Math.round(performance.now() - idleSince) });
    const cancelled = () => done({ idleTimeoutMs: null, note: 'cancelled' });
    const remaining = Math.max(0, boundMs - (performance.now() - idleSince));
    const timer = setTimeout(() => done({ idleTimeoutMs: null, note: `the server kept the idle socket open longer than ${Math.round(boundMs / 1000)} s` }), remaining);
    socket.once('end', closedByServer);
    socket.once('close', closedByServer);
    signal.addEventListener('abort', cancelled, { once: true });
  });
}

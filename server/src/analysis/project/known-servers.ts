/**
 * What is known about the servers a project talks to, per origin, for this session: today the idle
 * keep-alive timeout the probe measured. The probe side records values; rules read them through
 * the project host. Nothing here knows about the probe or the LSP.
 */

/** Idle timeouts measured per origin, with listeners told when one changes. */
export class KnownServers {
  private readonly idleTimeouts = new Map<string, number>();
  private readonly listeners = new Set<(origin: string) => void>();

  /** The measured idle keep-alive timeout of `origin` (any URL of it), in ms; undefined when never measured. */
  knownIdleTimeoutMs(origin: string): number | undefined {
    const key = originKey(origin);
    return key === undefined ? undefined : this.idleTimeouts.get(key);
  }

  /** Records a measured idle timeout for `origin` (ms, positive and finite); ignores anything else. */
  setIdleTimeoutMs(origin: string, ms: number): void {
    const key = originKey(origin);
    if (key === undefined || !Number.isFinite(ms) || ms <= 0) return;
    if (this.idleTimeouts.get(key) === ms) return;
    this.idleTimeouts.set(key, ms);
    for (const listener of this.listeners) listener(key);
  }

  /** Calls `listener` with the origin whenever a value changes (to re-lint the files that use it); returns an unsubscribe. */
  onChange(listener: (origin: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** `https://api.example.com` for `https://API.example.com:443/v1`; undefined for what is not an http(s) URL. */
export function originKey(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** One store per process: the probe measures once, every workspace folder's host sees it. */
export const knownServers = new KnownServers();

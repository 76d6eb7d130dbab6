/**
 * The gate every probe request passes before it is sent: the request budget, the rate cap (at most N
 * starts in any one-second window), the load deadline and cancellation. Nothing is sent without it.
 */
import { performance } from 'node:perf_hooks';

/** What the gate enforces; the engine builds it from the clamped limits only. */
export interface GateLimits {
  maxRequests: number;
  /** Starts per sliding one-second window; Infinity only in benchmarks, which build the gate themselves. */
  requestsPerSecond: number;
  /** `performance.now()` after which no request starts. */
  deadline: number;
}

const windowMs = 1000;

/** Hands out permission to send; once stopped (budget, deadline, cancel, distress) it never does again. */
export class RequestGate {
  sent = 0;
  private readonly starts: number[] = [];
  private stopReason: string | undefined;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly limits: GateLimits) {}

  /** Why the gate closed, if it has. */
  get stoppedBecause(): string | undefined {
    return this.stopReason;
  }

  get remaining(): number {
    return Math.max(0, this.limits.maxRequests - this.sent);
  }

  /** Closes the gate for good; waiting callers get false. The first reason wins. */
  stop(reason: string): void {
    this.stopReason ??= reason;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
  }

  /** Resolves true when `count` requests may start (and counts them as sent), false if they never may. */
  async acquire(count = 1): Promise<boolean> {
    for (;;) {
      const wait = this.tryAcquire(count);
      if (wait === true || wait === false) return wait;
      await this.sleep(wait);
    }
  }

  /**
   * Without waiting: true when `count` requests may start now (counted as sent), false when they never
   * may, else the milliseconds to wait before asking again. Lets the hot loop skip a promise per request.
   */
  tryAcquire(count = 1): boolean | number {
    if (this.stopReason !== undefined) return false;
    if (this.sent + count > this.limits.maxRequests) return false;
    const now = performance.now();
    if (now >= this.limits.deadline) {
      this.stop(`load time limit reached`);
      return false;
    }
    const wait = this.waitFor(count, now);
    if (wait > 0) return Math.min(wait, this.limits.deadline - now);
    this.sent += count;
    if (Number.isFinite(this.limits.requestsPerSecond)) for (let index = 0; index < count; index++) this.starts.push(now);
    return true;
  }

  /** Milliseconds until `count` more starts fit in the window (0: now). */
  private waitFor(count: number, now: number): number {
    const rate = this.limits.requestsPerSecond;
    if (!Number.isFinite(rate)) return 0;
    if (count > rate) throw new RangeError(`cannot start ${count} requests at once under ${rate} per second`);
    while (this.starts.length > 0 && this.starts[0] <= now - windowMs) this.starts.shift();
    const excess = this.starts.length + count - rate;
    if (excess <= 0) return 0;
    // The window frees up as its oldest starts age out; wait for the one that makes room.
    return this.starts[excess - 1] + windowMs - now;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(1, ms));
      this.wakers.add(wake);
    });
  }
}

/**
 * Sliding-window rate limiting for the delivery worker: at most `limit` sends start in any
 * `windowMs`, per platform and per channel, plus pauses after a 429.
 */
import type { PlatformRates } from '../core/alerts/config.js';

/** Grants start times so that no window of windowMs holds more than `limit` of them. */
export class WindowLimiter {
  private readonly grants: number[] = [];
  private floor = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Reserves the earliest allowed start time at or after `now` and returns it. */
  reserve(now: number): number {
    let t = Math.max(now, this.floor);
    const n = this.grants.length;
    if (n > 0) t = Math.max(t, this.grants[n - 1]!);
    if (n >= this.limit) t = Math.max(t, this.grants[n - this.limit]! + this.windowMs);
    this.grants.push(t);
    // keep only what the next reservations can need
    if (this.grants.length > this.limit * 2) this.grants.splice(0, this.grants.length - this.limit);
    return t;
  }

  /** No start before `until` (after a 429). */
  pauseUntil(until: number): void {
    this.floor = Math.max(this.floor, until);
  }

  get pausedUntil(): number {
    return this.floor;
  }
}

/** One platform's limits: a global window and one window per channel. */
export class PlatformLimiter {
  readonly global: WindowLimiter;
  private readonly channels = new Map<string, { limiter: WindowLimiter; lastUse: number }>();

  constructor(readonly rates: PlatformRates) {
    this.global = new WindowLimiter(rates.globalPerWindow, rates.globalWindowMs);
  }

  channel(key: string, now: number): WindowLimiter {
    let c = this.channels.get(key);
    if (!c) {
      c = { limiter: new WindowLimiter(this.rates.channelPerWindow, this.rates.channelWindowMs), lastUse: now };
      this.channels.set(key, c);
      if (this.channels.size > 10_000) this.sweep(now);
    }
    c.lastUse = now;
    return c.limiter;
  }

  /** Forgets channels idle for longer than their window (and not paused). */
  private sweep(now: number): void {
    for (const [k, c] of this.channels)
      if (now - c.lastUse > this.rates.channelWindowMs * 2 && c.limiter.pausedUntil < now) this.channels.delete(k);
  }
}

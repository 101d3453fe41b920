/**
 * Rate limiting for the delivery worker: per platform and per channel, plus pauses after a 429.
 */
import { RATE_HEADROOM, type PlatformRates } from '../core/alerts/config.js';

/**
 * Grants start times so that no window of windowMs (stretched by a little headroom) holds more
 * than `limit` of them. A paced limiter also spaces every start evenly (windowMs / limit): a
 * burst of `limit` starts at a window's edge would not survive timers and requests arriving a few
 * ms early or late, so the platform-wide limit is paced, while per-channel limits allow bursts.
 */
export class WindowLimiter {
  private readonly grants: number[] = [];
  private floor = 0;
  readonly windowMs: number;
  readonly spacingMs: number;

  constructor(
    readonly limit: number,
    windowMs: number,
    paced: boolean,
    headroom: number = RATE_HEADROOM,
  ) {
    this.windowMs = windowMs * (1 + headroom);
    this.spacingMs = paced ? this.windowMs / limit : 0;
  }

  /** Reserves the earliest allowed start time at or after `now` and returns it. */
  reserve(now: number): number {
    const n = this.grants.length;
    let t = Math.max(now, this.floor);
    if (n > 0) t = Math.max(t, this.grants[n - 1]! + this.spacingMs);
    if (n >= this.limit) t = Math.max(t, this.grants[n - this.limit]! + this.windowMs);
    this.grants.push(t);
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
    this.global = new WindowLimiter(rates.globalPerWindow, rates.globalWindowMs, true);
  }

  channel(key: string, now: number): WindowLimiter {
    let c = this.channels.get(key);
    if (!c) {
      c = { limiter: new WindowLimiter(this.rates.channelPerWindow, this.rates.channelWindowMs, false), lastUse: now };
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

/**
 * A per-client request budget for the JSON API and the PNG charts: a fixed window per client
 * address. The table of addresses is bounded; when full, windows that have ended are dropped first,
 * then the oldest.
 */

export interface RateLimit {
  /** requests per window per address */
  requests: number;
  windowMs: number;
  /** most addresses remembered at once */
  maxClients: number;
}

export interface RateLimiter {
  /** null when allowed; otherwise the seconds to wait (for Retry-After) */
  take(address: string): number | null;
}

export function createRateLimiter(limit: RateLimit, now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(address) {
      const t = now();
      let w = windows.get(address);
      if (!w || t - w.start >= limit.windowMs) {
        if (!w && windows.size >= limit.maxClients) {
          for (const [k, v] of windows) if (t - v.start >= limit.windowMs) windows.delete(k);
          if (windows.size >= limit.maxClients) windows.delete(windows.keys().next().value!);
        }
        windows.delete(address);
        w = { start: t, count: 0 };
        windows.set(address, w);
      }
      if (w.count >= limit.requests) return Math.max(1, Math.ceil((w.start + limit.windowMs - t) / 1000));
      w.count++;
      return null;
    },
  };
}

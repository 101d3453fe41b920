/**
 * The in-memory ReplayStore: keys with their expiry in insertion order, bounded in size (the
 * oldest are forgotten first once it is full, or as they expire).
 */
import type { ReplayStore } from './ports.js';

export const REPLAY_LIMITS = {
  /** keys remembered at most; past that the oldest are dropped */
  maxEntries: 100_000,
} as const;

export function createMemoryReplayStore(opts: { maxEntries?: number; now?: () => number } = {}): ReplayStore & { readonly size: number } {
  const max = opts.maxEntries ?? REPLAY_LIMITS.maxEntries;
  const now = opts.now ?? Date.now;
  const seen = new Map<string, number>();
  return {
    async firstSeen(key, expiresAtMs) {
      const t = now();
      // keys come in roughly in expiry order: drop expired ones from the front, and the oldest when full
      for (const [k, exp] of seen) {
        if (exp > t && seen.size < max) break;
        seen.delete(k);
      }
      const exp = seen.get(key);
      if (exp !== undefined && exp > t) return false;
      seen.delete(key);
      seen.set(key, expiresAtMs);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}

/**
 * The replay guard of the Discord interactions endpoint (src/platforms/discord/http.ts), on an injected clock:
 * an interaction id is refused while remembered, remembered for twice the clock-skew window, and the oldest
 * ids are forgotten first once 100,000 are held. (The endpoint itself refusing a replay is in
 * test/discord-http.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { createReplayGuard, VERIFY_LIMITS } from '../src/platforms/discord/http.js';

describe('Discord replay guard', () => {
  it('remembers an id for twice the clock-skew window (10 minutes), then lets it through again', () => {
    const ttl = VERIFY_LIMITS.maxClockSkewSeconds * 2 * 1000;
    expect(ttl).toBe(600_000);
    let now = 1_800_000_000_000;
    const guard = createReplayGuard({ now: () => now });
    expect(guard.firstSeen('ix-1')).toBe(true);
    expect(guard.firstSeen('ix-1')).toBe(false);
    now += ttl - 1;
    expect(guard.firstSeen('ix-1')).toBe(false);
    expect(guard.firstSeen('ix-2')).toBe(true);
    now += 1; // ix-1 expires now; ix-2 was seen a millisecond ago
    expect(guard.firstSeen('ix-1')).toBe(true);
    expect(guard.firstSeen('ix-2')).toBe(false);
    expect(guard.size).toBe(2);
  });

  it('forgets expired ids as it goes, so the set holds only the window', () => {
    let now = 0;
    const guard = createReplayGuard({ now: () => now });
    for (let i = 0; i < 1000; i++) {
      guard.firstSeen(`old-${i}`);
      now += 100;
    }
    expect(guard.size).toBe(1000);
    now += 600_000; // every one of them has expired
    expect(guard.firstSeen('new')).toBe(true);
    expect(guard.size).toBe(1);
  });

  it('holds at most 100,000 ids: the oldest is forgotten first, recent ones stay refused', () => {
    expect(VERIFY_LIMITS.replayMaxEntries).toBe(100_000);
    const now = 1_800_000_000_000; // one instant: nothing expires, only the cap evicts
    const guard = createReplayGuard({ now: () => now });
    for (let i = 0; i < 100_000; i++) expect(guard.firstSeen(`ix-${i}`)).toBe(true);
    expect(guard.size).toBe(100_000);
    expect(guard.firstSeen('ix-99999')).toBe(false);

    expect(guard.firstSeen('ix-100000')).toBe(true);
    expect(guard.size).toBe(100_000);
    // ix-0 was the oldest: forgotten, so accepted again (the next oldest makes room for it)
    expect(guard.firstSeen('ix-0')).toBe(true);
    expect(guard.size).toBe(100_000);
    // the recent ones are still refused
    for (const id of ['ix-99999', 'ix-100000', 'ix-50000', 'ix-0']) expect(guard.firstSeen(id), id).toBe(false);
    expect(guard.size).toBeLessThanOrEqual(100_000);
  });
});

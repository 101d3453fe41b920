/**
 * The replay store behind the Discord interactions endpoint and the Slack receiver, on an injected
 * clock: a key is refused while remembered, remembered until the expiry it was given (the Discord
 * endpoint gives twice the clock-skew window), and, in memory, the oldest keys are forgotten first once
 * 100,000 are held. The SQLite store shares the same promise across instances. (The endpoints refusing a
 * replay are in test/discord-http.test.ts and test/hardening.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { createMemoryReplayStore, REPLAY_LIMITS } from '../src/core/replay.js';
import { openDb } from '../src/db/client.js';
import { createSqliteReplayStore } from '../src/db/replay.js';
import { VERIFY_LIMITS } from '../src/platforms/discord/http.js';

const TTL = VERIFY_LIMITS.maxClockSkewSeconds * 2 * 1000;

describe('replay store in memory', () => {
  it('remembers a key until its expiry (10 minutes for Discord), then lets it through again', async () => {
    expect(TTL).toBe(600_000);
    let now = 1_800_000_000_000;
    const store = createMemoryReplayStore({ now: () => now });
    expect(await store.firstSeen('ix-1', now + TTL)).toBe(true);
    expect(await store.firstSeen('ix-1', now + TTL)).toBe(false);
    now += TTL - 1;
    expect(await store.firstSeen('ix-1', now + TTL)).toBe(false);
    expect(await store.firstSeen('ix-2', now + TTL)).toBe(true);
    now += 1; // ix-1 expires now; ix-2 was seen a millisecond ago
    expect(await store.firstSeen('ix-1', now + TTL)).toBe(true);
    expect(await store.firstSeen('ix-2', now + TTL)).toBe(false);
    expect(store.size).toBe(2);
  });

  it('forgets expired keys as it goes, so it holds only the window', async () => {
    let now = 0;
    const store = createMemoryReplayStore({ now: () => now });
    for (let i = 0; i < 1000; i++) {
      await store.firstSeen(`old-${i}`, now + TTL);
      now += 100;
    }
    expect(store.size).toBe(1000);
    now += TTL; // every one of them has expired
    expect(await store.firstSeen('new', now + TTL)).toBe(true);
    expect(store.size).toBe(1);
  });

  it('holds at most 100,000 keys: the oldest is forgotten first, recent ones stay refused', async () => {
    expect(REPLAY_LIMITS.maxEntries).toBe(100_000);
    const now = 1_800_000_000_000; // one instant: nothing expires, only the cap evicts
    const store = createMemoryReplayStore({ now: () => now });
    const exp = now + TTL;
    for (let i = 0; i < 100_000; i++) expect(await store.firstSeen(`ix-${i}`, exp)).toBe(true);
    expect(store.size).toBe(100_000);
    expect(await store.firstSeen('ix-99999', exp)).toBe(false);

    expect(await store.firstSeen('ix-100000', exp)).toBe(true);
    expect(store.size).toBe(100_000);
    // ix-0 was the oldest: forgotten, so accepted again (the next oldest makes room for it)
    expect(await store.firstSeen('ix-0', exp)).toBe(true);
    expect(store.size).toBe(100_000);
    // the recent ones are still refused
    for (const id of ['ix-99999', 'ix-100000', 'ix-50000', 'ix-0']) expect(await store.firstSeen(id, exp), id).toBe(false);
    expect(store.size).toBeLessThanOrEqual(100_000);
  });
});

describe('replay store in SQLite', () => {
  it('refuses a key until its expiry, and deletes expired keys as new ones come', async () => {
    const db = openDb(':memory:');
    try {
      let now = 1_800_000_000_000;
      const store = createSqliteReplayStore(db, () => now);
      expect(await store.firstSeen('k', now + TTL)).toBe(true);
      expect(await store.firstSeen('k', now + TTL)).toBe(false);
      now += TTL;
      expect(await store.firstSeen('other', now + TTL)).toBe(true);
      const rows = db.$client.prepare('select key from seen_requests order by key').all() as Array<{ key: string }>;
      expect(rows.map((r) => r.key)).toEqual(['other']);
      expect(await store.firstSeen('k', now + TTL)).toBe(true);
    } finally {
      db.$client.close();
    }
  });
});

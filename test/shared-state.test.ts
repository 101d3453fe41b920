/**
 * The state several instances share through the store: replay ids, button state, the scheduler's
 * lease and the delivery rate slots, on both dialects.
 */
import { describe, expect, it } from 'vitest';
import { createPgChatStateStore } from '../src/db/pg/chat-state.js';
import { createPgReplayStore } from '../src/db/pg/replay.js';
import { createSqliteChatStateStore } from '../src/db/chat-state.js';
import { createSqliteReplayStore } from '../src/db/replay.js';
import type { AnyStore } from '../src/db/store.js';
import { ACTION_CODEC, createActionStore } from '../src/chat/actions.js';
import { describePg, describeStores, failInserts, openTestPgStore, openTestStore, query, rejection } from './stores.js';

/** The store's replay and chat-state repositories on an injected clock. */
function clocked(store: AnyStore, now: () => number) {
  return store.dialect === 'sqlite'
    ? { seen: createSqliteReplayStore(store.db, now), chat: createSqliteChatStateStore(store.db, now) }
    : { seen: createPgReplayStore(store.db, now), chat: createPgChatStateStore(store.db, now) };
}

describeStores('shared state', (dialect) => {
  it('a replay id is first seen once, by whichever instance, until it expires; expired ids are deleted', async () => {
    const store = await openTestStore(dialect);
    let clock = 1_800_000_000_000;
    const a = clocked(store, () => clock).seen;
    const b = clocked(store, () => clock).seen;
    expect(await a.firstSeen('slack:abc', clock + 1000)).toBe(true);
    expect(await b.firstSeen('slack:abc', clock + 1000)).toBe(false);
    clock += 1000;
    expect(await b.firstSeen('other', clock + 1000)).toBe(true);
    expect((await query<{ key: string }>(store, 'select key from seen_requests order by key')).map((r) => r.key)).toEqual(['other']);
    expect(await a.firstSeen('slack:abc', clock + 1000)).toBe(true);
  });

  it('instances racing on one replay id: exactly one handles it', async () => {
    const store = await openTestStore(dialect);
    const results = await Promise.all(Array.from({ length: 8 }, () => store.seen.firstSeen('discord:ix-1', Date.now() + 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('button state is read back by any instance until it expires, and replaced by a later put', async () => {
    const store = await openTestStore(dialect);
    let clock = 1_800_000_000_000;
    const a = clocked(store, () => clock).chat;
    const b = clocked(store, () => clock).chat;
    await a.put('card:42', { products: ['gpt-4o', 'claude'], page: 2 }, clock + 3_600_000);
    expect(await b.get('card:42')).toEqual({ products: ['gpt-4o', 'claude'], page: 2 });
    await b.put('card:42', { products: ['gpt-4o'], page: 3 }, clock + 3_600_000);
    expect(await a.get('card:42')).toEqual({ products: ['gpt-4o'], page: 3 });
    expect(await a.get('card:missing')).toBeNull();
    clock += 3_600_000;
    expect(await b.get('card:42')).toBeNull();
    await a.put('card:43', { page: 1 }, clock + 1000);
    expect((await query<{ key: string }>(store, 'select key from chat_state')).map((r) => r.key)).toEqual(['card:43']);
  });
});

describe('a SQLite store serves one process', () => {
  it('always grants the scheduler its run and has no shared rate slots (the one worker paces itself)', async () => {
    const store = await openTestStore('sqlite');
    const t0 = 1_800_000_000_000;
    expect(await Promise.all(['a', 'b'].map((who) => store.leases.tryAcquire('scoring', who, t0, t0 + 900)))).toEqual([true, true]);
    expect(store.rateSlots).toBeNull();
  });
});

describePg('scheduler lease', () => {
  it('one of several instances wins an interval; after the lease ends another may', async () => {
    const store = await openTestStore('postgres');
    const t0 = 1_800_000_000_000;
    const first = await Promise.all(['a', 'b', 'c'].map((who) => store.leases.tryAcquire('scoring', who, t0, t0 + 900)));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(await store.leases.tryAcquire('scoring', 'b', t0 + 500, t0 + 1400)).toBe(false);
    expect(await store.leases.tryAcquire('scoring', 'b', t0 + 1000, t0 + 1900)).toBe(true);
  });
});

describePg('delivery rate slots', () => {
  it('paced keys hand out one slot per interval across workers; a channel gets its burst; a pause moves every later slot', async () => {
    const store = await openTestPgStore();
    const slots = store.rateSlots;
    const t0 = 1_800_000_000_000;
    const global = await Promise.all(Array.from({ length: 5 }, () => slots.reserve('discord:global', t0, 21, 1)));
    expect(global.map((t) => t - t0).sort((a, b) => a - b)).toEqual([0, 21, 42, 63, 84]);
    const channel = [];
    for (let i = 0; i < 7; i++) channel.push((await slots.reserve('discord:channel:c1', t0, 1050, 5)) - t0);
    expect(channel).toEqual([0, 0, 0, 0, 0, 1050, 2100]);
    await slots.pauseUntil('discord:global', t0 + 5000, 21, 1);
    expect((await slots.reserve('discord:global', t0 + 100, 21, 1)) - t0).toBe(5000);
    await slots.pauseUntil('discord:channel:c2', t0 + 5000, 1050, 5);
    expect((await slots.reserve('discord:channel:c2', t0, 1050, 5)) - t0).toBe(5000);
  });
});

describeStores('actions too long for a custom_id', (dialect) => {
  it('stored by one instance, read back by another; unknown and expired keys give nothing', async () => {
    const store = await openTestStore(dialect);
    let clock = 1_800_000_000_000;
    const a = createActionStore(clocked(store, () => clock).chat, { now: () => clock, ttlMs: 60_000 });
    const b = createActionStore(clocked(store, () => clock).chat, { now: () => clock, ttlMs: 60_000 });
    const payload = `compare?first=${'x'.repeat(150)}&p.first=${'y'.repeat(120)}`;
    const key = a.put(payload);
    expect(key.length).toBeLessThanOrEqual(ACTION_CODEC.keyLength);
    await a.flush();
    expect(await b.get(key)).toBe(payload);
    expect(await b.get('nope')).toBeNull();
    clock += 60_000;
    expect(await b.get(key)).toBeNull();
  });

  it('a flush waits for every write still running and reports one that failed', async () => {
    const store = await openTestStore(dialect);
    const a = createActionStore(store.chatState);
    const b = createActionStore(store.chatState);
    // two requests rendering at once on one instance: each one's flush covers its own write
    const k1 = a.put('product?name=one');
    const k2 = a.put('product?name=two');
    await a.flush();
    expect([await b.get(k1), await b.get(k2)]).toEqual(['product?name=one', 'product?name=two']);
    const broken = await failInserts(store, 'chat_state', 'disk full');
    a.put('product?name=lost');
    expect(await rejection(a.flush())).toMatch(/disk full/);
    await broken.heal();
    await a.flush();
  });
});

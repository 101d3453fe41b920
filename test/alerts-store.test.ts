import { describe, expect, it } from 'vitest';
import { runCommand } from '../commands/run.js';
import { subscribe, targetChoices } from '../commands/subscribe.js';
import { subscriptions } from '../commands/subscriptions.js';
import { unsubscribe } from '../commands/unsubscribe.js';
import type { SubscriptionOptions, Target } from '../src/core/alerts/types.js';
import { alertStoreOn, build, OPTS, V1, V2, type DialectTestStore as TestStore } from './alerts-fixtures.js';
import { countRows, describeStores, failInserts, openTestStore, query, rejection } from './stores.js';

describeStores('alert store', (dialect) => {
let store: TestStore;
const createStore = async (start?: Date) => alertStoreOn(await openTestStore(dialect), start);

async function subscribeTo(s: TestStore, channelId: string, target: Target, options: Partial<SubscriptionOptions> = {}, platform: 'discord' | 'slack' = 'discord') {
  return (
    await s.subscriptions.upsert(
      { platform, workspaceId: 'w1', channelId, target, targetLabel: JSON.stringify(target), options: { ...OPTS, ...options }, createdBy: 'u1' },
      s.clock.now,
    )
  ).subscription;
}

const count = (s: TestStore, table: string) => countRows(s.store, table);
const TEXT: Target = { kind: 'category', category: 'Text models' };

  describe('the scoring run, its diff and its alerts are one transaction', () => {
  it('a failure anywhere in the run leaves none of it behind; the next run writes all of it', async () => {
    store = await createStore();
    await store.core.importCatalog(build(V1));
    await subscribeTo(store, 'c1', TEXT);
    await store.core.catalog.replaceAll(build(V2));
    const tables = ['scoring_runs', 'score_snapshots', 'run_products', 'run_diffs', 'outbox', 'alert_state'];
    const before = await Promise.all(tables.map((t) => count(store, t)));

    // the last statement of the transaction fails (as a crash or a full disk would stop it)
    const fault = await failInserts(store.store, 'run_diffs', 'simulated failure');
    expect(await rejection(store.core.score())).toMatch(/simulated failure/);
    expect(await Promise.all(tables.map((t) => count(store, t)))).toEqual(before);

    await fault.heal();
    const run = await store.core.score();
    // PostgreSQL identities are not rolled back: the failed run used id 2 there
    expect(run).toMatchObject({ previousRunId: 1, outboxRows: 1 });
    expect(await count(store, 'outbox')).toBe(1);
    const [row] = await store.outbox.list();
    expect(row).toMatchObject({ idempotencyKey: `run:${run.id}:sub:1`, groupKey: `i:${run.id}:discord:w1:c1`, state: 'pending', runId: run.id });
    // the idempotency key is unique
    expect(
      await rejection(
        query(
          store.store,
          `insert into outbox (idempotency_key, group_key, subscription_id, run_id, platform, workspace_id, channel_id, mode, payload, state, attempts, rate_limited, next_attempt_at, created_at)
           values ('run:${run.id}:sub:1', 'g', 1, ${run.id}, 'discord', 'w1', 'c1', 'instant', '{}', 'pending', 0, 0, 0, '')`,
        ),
      ),
    ).toMatch(/UNIQUE|unique/);
  });

  it('queues nothing on the first run or when the scoring config changed', async () => {
    store = await createStore();
    await subscribeTo(store, 'c1', TEXT);
    expect(await store.core.importCatalog(build(V1))).toMatchObject({ skipped: 'first run', outboxRows: 0 });
    await store.core.catalog.replaceAll(build(V2));
    const latest = await store.core.scores.latest();
    const result = await store.store.alertRuns.saveRunWithAlerts(
      { configVersion: 'another-config', at: store.clock.now.toISOString(), scores: [...latest.values()], timings: { totalMs: 1, pageRankMs: 0 } },
      await store.core.products(),
    );
    expect(result.skipped).toMatch(/scoring config changed/);
    expect(await count(store, 'outbox')).toBe(0);
  });

  it('paused and disabled subscriptions get nothing; a digest that already went out is not joined', async () => {
    store = await createStore(new Date('2026-11-20T10:00:00Z'));
    await store.core.importCatalog(build(V1));
    const paused = await subscribeTo(store, 'c1', TEXT);
    await store.subscriptions.setStatus(paused.id, 'paused', store.clock.now);
    await subscribeTo(store, 'c2', TEXT);
    expect(await store.subscriptions.disable({ platform: 'discord', workspaceId: 'w1', channelId: 'c2' }, 'unknown_channel', '404 10003', store.clock.now)).toBe(1);
    const daily = await subscribeTo(store, 'c3', TEXT, { mode: 'daily' });

    store.clock.now = new Date('2026-11-20T11:00:00Z');
    await store.core.importCatalog(build(V2));
    const rows = await store.outbox.list();
    expect(rows.map((r) => r.subscriptionId)).toEqual([daily.id]);
    expect(rows[0]!.nextAttemptAt).toBe(Date.parse('2026-11-21T09:00:00Z'));

    // a worker claims that digest (it is due), then another run finds more changes
    const claimed = await store.outbox.claim({ now: Date.parse('2026-11-21T09:00:01Z'), owner: 'w', leaseMs: 60_000, limit: 10, platforms: ['discord'] });
    expect(claimed.map((g) => g.groupKey)).toEqual([rows[0]!.groupKey]);
    store.clock.now = new Date('2026-11-20T12:00:00Z');
    await store.core.importCatalog(build(V1));
    const later = (await store.outbox.list()).filter((r) => r.runId !== rows[0]!.runId);
    expect(later).toHaveLength(1);
    expect(later[0]!.groupKey).not.toBe(rows[0]!.groupKey);
    expect(later[0]!.nextAttemptAt).toBe(Date.parse('2026-11-22T09:00:00Z'));
  });
});

  describe('outbox claims', () => {
  it('claims one group per channel, takes over expired leases and ignores a lost lease', async () => {
    store = await createStore(new Date('2026-11-20T10:00:00Z'));
    await store.core.importCatalog(build(V1));
    await subscribeTo(store, 'c1', TEXT);
    await subscribeTo(store, 'c2', TEXT);
    for (const [i, v] of [V2, V1].entries()) {
      store.clock.now = new Date(Date.parse('2026-11-20T11:00:00Z') + i * 60_000);
      await store.core.importCatalog(build(v));
    }
    expect(await store.outbox.stats()).toMatchObject({ pending: 4 });
    const t0 = Date.parse('2026-11-20T12:00:00Z');
    const first = await store.outbox.claim({ now: t0, owner: 'A', leaseMs: 1000, limit: 10, platforms: ['discord'] });
    expect(first.map((g) => g.channelId).sort()).toEqual(['c1', 'c2']);
    expect(first.every((g) => g.rows.length === 1 && g.rows[0]!.runId === 2)).toBe(true);
    // A still holds both channels: B gets none of their later groups (one worker per channel at a time)
    expect(await store.outbox.claim({ now: t0 + 10, owner: 'B', leaseMs: 1000, limit: 10, platforms: ['discord'] })).toEqual([]);
    expect(await store.outbox.claim({ now: t0 + 20, owner: 'B', leaseMs: 1000, limit: 10, platforms: ['slack'] })).toEqual([]);
    // A dies; after its lease ends B takes over A's groups (the channels' later groups wait their turn)
    const takeover = await store.outbox.claim({ now: t0 + 1500, owner: 'B', leaseMs: 1000, limit: 10, platforms: ['discord'] });
    expect(takeover.map((g) => g.groupKey).sort()).toEqual(first.map((g) => g.groupKey).sort());
    // A comes back late and reports: ignored, B's outcome counts
    await store.outbox.complete(first[0]!, 'A', { kind: 'dead', error: 'late' }, t0 + 1600);
    const g = takeover.find((x) => x.groupKey === first[0]!.groupKey)!;
    await store.outbox.complete(g, 'B', { kind: 'delivered', messageId: 'm1', summary: 'x' }, t0 + 1700);
    const row = (await store.outbox.list()).find((r) => r.groupKey === g.groupKey)!;
    expect(row).toMatchObject({ state: 'delivered', messageId: 'm1', lastError: null });
  });

  it('a channel with a long queue does not crowd out other channels', async () => {
    store = await createStore();
    const a = await subscribeTo(store, 'long', TEXT);
    const b = await subscribeTo(store, 'short', TEXT);
    const values = (key: string, group: string, sub: number, run: number, channel: string, due: number) =>
      `('${key}', '${group}', ${sub}, ${run}, 'discord', 'w1', '${channel}', 'instant', '{}', 'pending', 0, 0, ${due}, '')`;
    const rows = Array.from({ length: 200 }, (_, i) => values(`run:${i + 1}:sub:${a.id}`, `i:${i + 1}:discord:w1:long`, a.id, i + 1, 'long', i + 1));
    rows.push(values(`run:500:sub:${b.id}`, 'i:500:discord:w1:short', b.id, 500, 'short', 500));
    await query(
      store.store,
      `insert into outbox (idempotency_key, group_key, subscription_id, run_id, platform, workspace_id, channel_id, mode, payload, state, attempts, rate_limited, next_attempt_at, created_at)
       values ${rows.join(', ')}`,
    );
    // the worker is already sending to "long": the next claim finds "short" behind 200 groups of "long"
    const next = await store.outbox.claim({ now: 1000, owner: 'A', leaseMs: 60_000, limit: 1, platforms: ['discord'], busyChannels: new Set(['discord:w1:long']) });
    expect(next.map((g) => g.groupKey)).toEqual(['i:500:discord:w1:short']);
    const both = await store.outbox.claim({ now: 1000, owner: 'B', leaseMs: 60_000, limit: 10, platforms: ['discord'] });
    expect(both.map((g) => g.groupKey)).toEqual(['i:1:discord:w1:long']);
  });

  it('removing or pausing a subscription dead-letters its undelivered alerts', async () => {
    store = await createStore();
    await store.core.importCatalog(build(V1));
    const a = await subscribeTo(store, 'c1', TEXT);
    const b = await subscribeTo(store, 'c2', TEXT);
    await store.core.importCatalog(build(V2));
    await store.subscriptions.remove(a.id);
    await store.subscriptions.setStatus(b.id, 'paused', store.clock.now);
    expect((await store.outbox.list()).map((r) => [r.state, r.lastError])).toEqual([
      ['dead', 'unsubscribed'],
      ['dead', 'paused'],
    ]);
  });
});

  describe('subscription commands', () => {
  const ctx = { platform: 'discord' as const, workspace: 'g1', channel: 'ch1', user: 'u1' };

  it('validates input and explains what is wrong', async () => {
    store = await createStore();
    await store.core.importCatalog(build(V1));
    const run = (raw: Record<string, unknown>) => runCommand(subscribe, raw, store.core, { chat: ctx });
    expect(await run({ target: 'category:audio' })).toMatchObject({ kind: 'error', code: 'bad_input', message: expect.stringContaining('Categories: Coding, Text models') });
    expect(await run({ target: 'top:5', 'min-change': 'lots' })).toMatchObject({ kind: 'error', message: expect.stringContaining('min-change') });
    expect(await run({ target: 'top:5', 'quiet-hours': '9' })).toMatchObject({ kind: 'error', message: expect.stringContaining('quiet hours') });
    expect(await run({ target: 'top:5', timezone: 'Mars/Olympus' })).toMatchObject({ kind: 'error', message: expect.stringContaining('time zone') });
    expect(await run({ target: 'zzzzqqq' })).toMatchObject({ kind: 'resolution', status: 'none' });
    expect(await runCommand(subscribe, { target: 'top:5' }, store.core)).toMatchObject({ kind: 'error', code: 'bad_input' });
  });

  it('subscribing twice to the same target updates it; the list says why one is disabled', async () => {
    store = await createStore();
    await store.core.importCatalog(build(V1));
    const first = await runCommand(subscribe, { target: 'top:5:text', 'min-change': '2', cooldown: '6h', 'quiet-hours': '22:00-07:00', timezone: 'Europe/Berlin' }, store.core, { chat: ctx });
    expect(first).toMatchObject({
      kind: 'subscribed',
      created: true,
      subscription: { target: 'top:5:Text models', targetLabel: 'Top 5 in Text models', minChange: '2+ positions', cooldown: '6h', quietHours: '22:00-07:00 Europe/Berlin' },
    });
    await store.subscriptions.disable({ platform: 'discord', workspaceId: 'g1', channelId: 'ch1' }, 'missing_access', '403 50001: Missing Access', store.clock.now);
    const listed = await runCommand(subscriptions, {}, store.core, { chat: { platform: 'discord', workspace: 'g1', channel: 'ch1', user: 'test-user' } });
    expect(listed).toMatchObject({
      kind: 'subscriptions',
      message: 'This channel has 1 subscription, 1 disabled.',
      items: [{ status: 'disabled', disabledReason: 'missing_access', disabledWhy: expect.stringContaining('Missing Access') }],
    });
    const again = await runCommand(subscribe, { target: 'Top 5 in text', 'min-change': '5pt' }, store.core, { chat: ctx });
    expect(again).toMatchObject({ kind: 'subscribed', created: false, subscription: { status: 'active', disabledReason: null, minChange: '5+ points' } });
    expect(await store.subscriptions.list()).toHaveLength(1);
    expect(await runCommand(unsubscribe, { target: '#999' }, store.core, { chat: ctx })).toMatchObject({ kind: 'error' });
    expect(await runCommand(unsubscribe, { target: 'all' }, store.core, { chat: ctx })).toMatchObject({ kind: 'unsubscribed', removed: [{ target: 'top:5:Text models' }] });
  });

  it('suggests targets while typing: products, categories and top N', async () => {
    store = await createStore();
    await store.core.importCatalog(build(V1));
    expect((await targetChoices(store.core, 'top 5', 25)).map((c) => c.value)).toEqual(['top:5', 'top:5:Coding', 'top:5:Text models']);
    expect((await targetChoices(store.core, 'category:te', 25)).map((c) => c.value)).toEqual(['category:Text models']);
    expect((await targetChoices(store.core, 'echo', 25)).map((c) => c.name)).toContain('Echo 5');
    // a "Subscribe" button sends the exact product id
    expect(await runCommand(subscribe, { target: 'product:acme/echo' }, store.core, { chat: ctx })).toMatchObject({
      kind: 'subscribed',
      subscription: { target: 'product:acme/echo', targetLabel: 'Echo 5' },
    });
  });
});
});

/**
 * Quiet hours and daily digests across daylight-saving changes: the schedule in Europe/Berlin (29 March and
 * 25 October 2026) and America/New_York (8 March and 1 November 2026), and the same through a real store, its
 * outbox and the delivery worker sending to a local fake of Slack.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryWorker } from '../src/alerts/worker.js';
import { afterQuietHours, alertSlot, digestDueAt, localTime } from '../src/core/alerts/schedule.js';
import type { QuietHours, SubscriptionOptions, Target } from '../src/core/alerts/types.js';
import { createSlackNotifier } from '../src/platforms/slack/notifier.js';
import { FakeSlack } from './alerts-fakes.js';
import { build, createStore, OPTS, V1, V2, type TestStore } from './alerts-fixtures.js';

const ms = (iso: string) => Date.parse(iso);
const QUIET: QuietHours = { start: 22 * 60, end: 7 * 60 };
const local = (t: number, tz: string) => {
  const l = localTime(t, tz);
  return `${l.date} ${String(Math.floor(l.minute / 60)).padStart(2, '0')}:${String(l.minute % 60).padStart(2, '0')}`;
};

describe('quiet hours 22:00-07:00 end at 07:00 local time on the night of a daylight-saving change', () => {
  it.each([
    // spring forward: the night is an hour shorter
    ['Europe/Berlin', '2026-03-28T22:30:00Z', '2026-03-29T05:00:00Z', '2026-03-29 07:00'],
    ['America/New_York', '2026-03-08T04:00:00Z', '2026-03-08T11:00:00Z', '2026-03-08 07:00'],
    // fall back: the night is an hour longer, and 07:00 must not come an hour early
    ['Europe/Berlin', '2026-10-24T21:30:00Z', '2026-10-25T06:00:00Z', '2026-10-25 07:00'],
    ['America/New_York', '2026-11-01T04:00:00Z', '2026-11-01T12:00:00Z', '2026-11-01 07:00'],
  ])('%s, alert at %s', (tz, at, due, wall) => {
    const t = afterQuietHours(ms(at), tz, QUIET);
    expect(local(t, tz)).toBe(wall);
    expect(new Date(t).toISOString()).toBe(new Date(ms(due)).toISOString());
  });

  it('quiet hours that end inside the skipped hour end when the clock jumps; inside the repeated hour, at its first pass', () => {
    const q: QuietHours = { start: 22 * 60, end: 2 * 60 + 30 };
    // Berlin, 29 March: 02:00 CET becomes 03:00 CEST, so 02:30 never happens; the jump is at 01:00 UTC
    expect(new Date(afterQuietHours(ms('2026-03-28T23:00:00Z'), 'Europe/Berlin', q)).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // Berlin, 25 October: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET)
    expect(new Date(afterQuietHours(ms('2026-10-24T22:00:00Z'), 'Europe/Berlin', q)).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('a daily digest is sent at 09:00 local time, one per channel and day, across a daylight-saving change', () => {
  const ref = { platform: 'slack' as const, workspaceId: 'T', channelId: 'C' };
  it.each([
    // tz, an alert the evening before, an alert after the change in the early morning, when the digest goes out
    ['Europe/Berlin', '2026-03-28T09:00:00Z', '2026-03-29T03:00:00Z', '2026-03-29T07:00:00Z'],
    ['Europe/Berlin', '2026-10-24T08:00:00Z', '2026-10-25T03:00:00Z', '2026-10-25T08:00:00Z'],
    ['America/New_York', '2026-03-07T20:00:00Z', '2026-03-08T08:00:00Z', '2026-03-08T13:00:00Z'],
    ['America/New_York', '2026-10-31T20:00:00Z', '2026-11-01T08:00:00Z', '2026-11-01T14:00:00Z'],
  ])('%s: alerts at %s and %s join the digest at %s', (tz, before, after, due) => {
    const a = alertSlot(ref, 1, 'daily', ms(before), tz, null);
    const b = alertSlot(ref, 2, 'daily', ms(after), tz, null);
    expect(new Date(a.dueAt).toISOString()).toBe(new Date(ms(due)).toISOString());
    expect(local(a.dueAt, tz)).toMatch(/ 09:00$/);
    expect(b.groupKey).toBe(a.groupKey);
    expect(digestDueAt(ms(due), tz, null)).toBe(ms(due));
  });
});

describe('through the store and the delivery worker', () => {
  let slack: FakeSlack;
  let store: TestStore;
  const TEXT: Target = { kind: 'category', category: 'Text models' };
  beforeAll(async () => {
    slack = new FakeSlack();
    await slack.listen();
  });
  afterAll(() => slack.close());
  afterEach(() => store?.db.$client.close());

  async function subscribe(channelId: string, options: Partial<SubscriptionOptions>) {
    await store.subscriptions.upsert(
      { platform: 'slack', workspaceId: 'w1', channelId, target: TEXT, targetLabel: 'Text models', options: { ...OPTS, ...options }, createdBy: 'u1' },
      store.clock.now,
    );
  }
  const deliverAt = (iso: string) =>
    createDeliveryWorker({
      outbox: store.outbox,
      notifiers: [createSlackNotifier({ token: 'xoxb-t', apiUrl: slack.apiUrl, timeoutMs: 2000 })],
      pollMs: 10,
      now: () => ms(iso),
    }).drain({ horizonMs: 0 });

  it('Berlin, 29 March: changes from the evening before and the morning after go out as one digest at 09:00 CEST', async () => {
    store = createStore(':memory:', new Date('2026-03-28T08:00:00Z'));
    await store.core.importCatalog(build(V1));
    await subscribe('DIGEST', { mode: 'daily', timezone: 'Europe/Berlin' });
    store.clock.now = new Date('2026-03-28T20:00:00Z'); // 21:00 CET
    await store.core.importCatalog(build(V2));
    store.clock.now = new Date('2026-03-29T04:00:00Z'); // 06:00 CEST, after the change
    await store.core.importCatalog(build(V1));

    const rows = await store.outbox.list();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((r) => r.groupKey)).size).toBe(1);
    expect(rows.map((r) => new Date(r.nextAttemptAt).toISOString())).toEqual(['2026-03-29T07:00:00.000Z', '2026-03-29T07:00:00.000Z']);

    expect(await deliverAt('2026-03-29T06:59:00Z')).toMatchObject({ delivered: 0 });
    expect(slack.messagesIn('DIGEST')).toHaveLength(0);
    expect(await deliverAt('2026-03-29T07:00:00Z')).toMatchObject({ delivered: 1 });
    expect(slack.messagesIn('DIGEST')).toHaveLength(1);
    expect((await store.outbox.list()).map((r) => r.state)).toEqual(['delivered', 'delivered']);
  });

  it('Berlin, 25 October: an alert raised at 23:30 CEST waits for 07:00 CET, not 06:00', async () => {
    store = createStore(':memory:', new Date('2026-10-24T08:00:00Z'));
    await store.core.importCatalog(build(V1));
    await subscribe('QUIET', { quietHours: QUIET, timezone: 'Europe/Berlin' });
    store.clock.now = new Date('2026-10-24T21:30:00Z'); // 23:30 CEST
    await store.core.importCatalog(build(V2));

    const [row] = await store.outbox.list();
    expect(new Date(row!.nextAttemptAt).toISOString()).toBe('2026-10-25T06:00:00.000Z');
    expect(await deliverAt('2026-10-25T05:30:00Z')).toMatchObject({ delivered: 0 }); // 06:30 CET: still quiet
    expect(slack.messagesIn('QUIET')).toHaveLength(0);
    expect(await deliverAt('2026-10-25T06:00:00Z')).toMatchObject({ delivered: 1 });
    expect(slack.messagesIn('QUIET')).toHaveLength(1);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../commands/run.js';
import { subscriptions } from '../commands/subscriptions.js';
import { createDeliveryWorker, type WorkerOptions } from '../src/alerts/worker.js';
import type { SubscriptionOptions, Target } from '../src/core/alerts/types.js';
import { createDiscordNotifier, discordNonce } from '../src/platforms/discord/notifier.js';
import { createSlackNotifier } from '../src/platforms/slack/notifier.js';
import { build, createStore, V1, V2, type TestStore } from './alerts-fixtures.js';
import { FakeDiscord, FakeSlack } from './alerts-fakes.js';

const TEXT: Target = { kind: 'category', category: 'Text models' };
const OPTS: SubscriptionOptions = { minChange: 1, minChangeUnit: 'positions', mode: 'instant', quietHours: null, timezone: 'UTC', cooldownMinutes: 0, confirm: false };

let discord: FakeDiscord;
let slack: FakeSlack;
let store: TestStore;

beforeAll(async () => {
  discord = new FakeDiscord();
  slack = new FakeSlack();
  await discord.listen();
  await slack.listen();
});
afterAll(async () => {
  await discord.close();
  await slack.close();
});
beforeEach(() => {
  discord.requests.length = 0;
  discord.messages.length = 0;
  slack.requests.length = 0;
  slack.messages.length = 0;
});
afterEach(() => store?.db.$client.close());

/** A store whose channels each have one alert waiting (V1 -> V2 moves several products). */
async function withAlerts(channels: Array<{ platform: 'discord' | 'slack'; workspace?: string; channel: string }>): Promise<TestStore> {
  const s = createStore();
  await s.core.importCatalog(build(V1));
  for (const c of channels)
    await s.subscriptions.upsert(
      { platform: c.platform, workspaceId: c.workspace ?? 'w1', channelId: c.channel, target: TEXT, targetLabel: 'Text models', options: OPTS, createdBy: 'u1' },
      s.clock.now,
    );
  await s.core.importCatalog(build(V2));
  return s;
}

function worker(s: TestStore, over: Partial<WorkerOptions> = {}, timeoutMs = 2000) {
  return createDeliveryWorker({
    outbox: s.outbox,
    notifiers: [
      createDiscordNotifier({ token: 't', apiBase: discord.apiBase, timeoutMs }),
      createSlackNotifier({ token: 'xoxb-t', apiUrl: slack.apiUrl, timeoutMs }),
    ],
    pollMs: 10,
    backoffBaseMs: 30,
    backoffCapMs: 120,
    ...over,
  });
}

describe('delivery faults', () => {
  it('Discord 429: waits retry_after, then delivers once', async () => {
    store = await withAlerts([{ platform: 'discord', channel: 'd1' }]);
    discord.script('d1', { status: 429, retryAfter: 0.25 });
    const r = await worker(store).drain();
    expect(r).toMatchObject({ delivered: 1, rateLimited: 1, dead: 0 });
    const reqs = discord.requests.filter((x) => x.channel === 'd1');
    expect(reqs).toHaveLength(2);
    expect(reqs[1]!.at - reqs[0]!.at).toBeGreaterThanOrEqual(240);
    expect(discord.messagesIn('d1')).toHaveLength(1);
    const [row] = await store.outbox.list();
    expect(row).toMatchObject({ state: 'delivered', attempts: 0, rateLimited: 1 });
  });

  it('gives up after maxRateLimited 429s for one alert: dead-lettered with the reason, never sent; one fewer is delivered', async () => {
    store = await withAlerts([{ platform: 'discord', channel: 'r1' }, { platform: 'discord', channel: 'r2' }]);
    const limited = { status: 429, retryAfter: 0.05 } as const;
    discord.script('r1', limited, limited, limited);
    discord.script('r2', limited, limited);
    const r = await worker(store, { maxRateLimited: 3 }).drain();
    expect(r).toMatchObject({ delivered: 1, dead: 1, rateLimited: 4, retried: 0 });
    expect(discord.requests.filter((x) => x.channel === 'r1')).toHaveLength(3);
    expect(discord.requests.filter((x) => x.channel === 'r2')).toHaveLength(3);
    expect(discord.messagesIn('r1')).toHaveLength(0);
    expect(discord.messagesIn('r2')).toHaveLength(1);
    const rows = await store.outbox.list();
    expect(rows.map((x) => [x.channelId, x.state])).toEqual([
      ['r1', 'dead'],
      ['r2', 'delivered'],
    ]);
    expect(rows[0]!.lastError).toMatch(/^gave up after 3 rate limits: /);
    expect(rows.map((x) => x.attempts)).toEqual([0, 0]);
    // the subscription is not disabled: rate limits say nothing about the channel
    expect((await store.subscriptions.list()).map((x) => x.status)).toEqual(['active', 'active']);
  });

  it('on Slack too: with maxRateLimited 1 the first 429 is the last', async () => {
    store = await withAlerts([{ platform: 'slack', channel: 'S9' }]);
    slack.script('S9', { status: 429, slackRetryAfter: 1 });
    const r = await worker(store, { maxRateLimited: 1 }).drain();
    expect(r).toMatchObject({ delivered: 0, dead: 1, rateLimited: 0 });
    expect(slack.requests.filter((x) => x.channel === 'S9')).toHaveLength(1);
    const [row] = await store.outbox.list();
    expect(row).toMatchObject({ state: 'dead', lastError: expect.stringMatching(/^gave up after 1 rate limits: /) });
  });

  it('a global 429 holds every Discord channel, not just the one that hit it', async () => {
    store = await withAlerts([{ platform: 'discord', channel: 'g1' }, { platform: 'discord', channel: 'g2' }]);
    discord.script('*', { status: 429, retryAfter: 0.3, global: true });
    const r = await worker(store, { maxInFlight: 1 }).drain();
    expect(r).toMatchObject({ delivered: 2, rateLimited: 1 });
    const [first, second, third] = discord.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(290);
    expect(third!.at - first!.at).toBeGreaterThanOrEqual(290);
  });

  it('Discord 500 twice, then success: delivered with two attempts counted, failures reset', async () => {
    store = await withAlerts([{ platform: 'discord', channel: 'd2' }]);
    discord.script('d2', { status: 500 }, { status: 502 });
    const r = await worker(store).drain();
    expect(r).toMatchObject({ delivered: 1, retried: 2 });
    expect(discord.requests.filter((x) => x.channel === 'd2')).toHaveLength(3);
    expect(discord.messagesIn('d2')).toHaveLength(1);
    const [row] = await store.outbox.list();
    expect(row).toMatchObject({ state: 'delivered', attempts: 2 });
    expect((await store.subscriptions.list())[0]).toMatchObject({ status: 'active', failureCount: 0, lastAlertAt: expect.any(String) });
  });

  it('a timeout is retried; when the first request did create the message, the nonce keeps it single', async () => {
    store = await withAlerts([{ platform: 'discord', channel: 'd3' }, { platform: 'discord', channel: 'd4' }]);
    discord.script('d3', { hangMs: 1500 });
    discord.script('d4', { createThenHangMs: 1500 });
    const r = await worker(store, {}, 300).drain();
    expect(r).toMatchObject({ delivered: 2, retried: 2, dead: 0 });
    expect(discord.messagesIn('d3')).toHaveLength(1);
    expect(discord.messagesIn('d4')).toHaveLength(1);
    const d4 = discord.requests.filter((x) => x.channel === 'd4');
    expect(d4).toHaveLength(2);
    expect(d4[0]!.body.nonce).toBe(d4[1]!.body.nonce);
    expect(d4[0]!.body.nonce).toBe(discordNonce('i:2:discord:w1:d4'));
    expect(discord.nonceHits).toBeGreaterThanOrEqual(1);
  });

  it('gives up after the attempt cap and dead-letters with the reason; the subscription stays active', async () => {
    store = await withAlerts([{ platform: 'discord', channel: 'd5' }]);
    discord.script('d5', { status: 500 }, { status: 500 }, { status: 503 }, { status: 500 });
    const r = await worker(store, { maxAttempts: 3 }).drain();
    expect(r).toMatchObject({ delivered: 0, retried: 2, dead: 1 });
    const [row] = await store.outbox.list();
    expect(row).toMatchObject({ state: 'dead', attempts: 2, lastError: 'gave up after 3 attempts: 503 Service Unavailable' });
    expect((await store.subscriptions.list())[0]).toMatchObject({ status: 'active', failureCount: 3 });
  });

  it.each([
    [{ status: 403, code: 50001 } as const, 'missing_access'],
    [{ status: 403, code: 50013 } as const, 'missing_permissions'],
    [{ status: 404, code: 10003 } as const, 'unknown_channel'],
  ])('Discord %o disables the channel with reason %s and sends nothing more', async (answer, reason) => {
    store = await withAlerts([{ platform: 'discord', channel: 'dx' }, { platform: 'discord', channel: 'dy' }]);
    discord.script('dx', answer);
    const r = await worker(store).drain();
    expect(r).toMatchObject({ delivered: 1, disabled: 1 });
    const subs = await store.subscriptions.list();
    expect(subs.map((s) => [s.channelId, s.status, s.disabledReason])).toEqual([
      ['dx', 'disabled', reason],
      ['dy', 'active', null],
    ]);
    expect((await store.outbox.list()).map((r) => r.state)).toEqual(['dead', 'delivered']);
    const listed = await runCommand(subscriptions, {}, store.core, { chat: { platform: 'discord', workspace: 'w1', channel: 'dx', user: 'test-user' } });
    expect(listed).toMatchObject({ items: [{ status: 'disabled', disabledReason: reason, disabledWhy: expect.any(String) }] });
    // the next run queues nothing for the disabled channel
    await store.core.importCatalog(build(V1));
    expect((await store.outbox.list({ state: 'pending' })).map((r) => r.channelId)).toEqual(['dy']);
  });

  // per error: the subscriptions' statuses, then each outbox row's state and last error (S1, S2, S3)
  it.each([
    ['channel_not_found', ['disabled', 'active', 'active'], [['dead', 'channel_not_found: channel_not_found'], ['delivered', null], ['delivered', null]]],
    ['not_in_channel', ['disabled', 'active', 'active'], [['dead', 'not_in_channel: not_in_channel'], ['delivered', null], ['delivered', null]]],
    ['is_archived', ['disabled', 'active', 'active'], [['dead', 'is_archived: is_archived'], ['delivered', null], ['delivered', null]]],
    [
      'account_inactive',
      ['disabled', 'disabled', 'active'],
      [['dead', 'account_inactive: account_inactive'], ['dead', 'subscription disabled: account_inactive'], ['delivered', null]],
    ],
  ])('Slack %s disables with that reason (account_inactive: the whole workspace)', async (error, statuses, rows) => {
    store = await withAlerts([{ platform: 'slack', channel: 'S1' }, { platform: 'slack', channel: 'S2' }, { platform: 'slack', workspace: 'w2', channel: 'S3' }]);
    slack.script('S1', { slackError: error });
    // one at a time, so S1's answer is known before S2 is tried
    await worker(store, { maxInFlight: 1 }).drain();
    const subs = await store.subscriptions.list();
    expect(subs.map((s) => s.status)).toEqual(statuses);
    expect(subs[0]!.disabledReason).toBe(error);
    expect(slack.messagesIn('S1')).toHaveLength(0);
    expect(slack.messagesIn('S2')).toHaveLength(statuses[1] === 'active' ? 1 : 0);
    expect(slack.messagesIn('S3')).toHaveLength(1);
    expect((await store.outbox.list()).map((r) => [r.channelId, r.state, r.lastError])).toEqual(rows.map((r, i) => [`S${i + 1}`, ...r]));
  });

  it('Slack 429 with Retry-After and a 500 are retried, then delivered', async () => {
    store = await withAlerts([{ platform: 'slack', channel: 'S4' }, { platform: 'slack', channel: 'S5' }]);
    slack.script('S4', { status: 429, slackRetryAfter: 1 });
    slack.script('S5', { status: 500 });
    const r = await worker(store).drain();
    expect(r).toMatchObject({ delivered: 2, rateLimited: 1, retried: 1 });
    const s4 = slack.requests.filter((x) => x.channel === 'S4');
    expect(s4[1]!.at - s4[0]!.at).toBeGreaterThanOrEqual(990);
    expect(slack.messagesIn('S4')).toHaveLength(1);
    expect(slack.messagesIn('S5')).toHaveLength(1);
  });

  it('a busy Slack channel waits its turn without holding up the others', async () => {
    store = await withAlerts([{ platform: 'slack', channel: 'BUSY' }]);
    for (const v of [V1, V2]) await store.core.importCatalog(build(v));
    await store.subscriptions.upsert(
      { platform: 'slack', workspaceId: 'w1', channelId: 'QUIET', target: TEXT, targetLabel: 'Text models', options: OPTS, createdBy: 'u1' },
      store.clock.now,
    );
    await store.core.importCatalog(build(V1));
    // BUSY has four messages waiting, QUIET one; Slack allows about one per second per channel
    const rates = { globalPerWindow: 50, globalWindowMs: 1000, channelPerWindow: 1, channelWindowMs: 250 };
    await worker(store, { rates: { slack: rates } }).drain();
    const order = slack.messages.map((m) => m.channel);
    expect(order.filter((c) => c === 'BUSY')).toHaveLength(4);
    expect(order.indexOf('QUIET')).toBeLessThan(2);
    const busy = slack.messagesIn('BUSY');
    for (let i = 1; i < busy.length; i++) expect(busy[i]!.at - busy[i - 1]!.at).toBeGreaterThanOrEqual(200);
  });
});

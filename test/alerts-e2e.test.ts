import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseAlertCompareValue } from '../src/platforms/slack/alerts.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../commands/run.js';
import { subscribe } from '../commands/subscribe.js';
import { subscriptions } from '../commands/subscriptions.js';
import { unsubscribe } from '../commands/unsubscribe.js';
import { startAlerts } from '../src/alerts/index.js';
import { createDeliveryWorker } from '../src/alerts/worker.js';
import { SOURCES_DIR } from '../src/bootstrap.js';
import { main } from '../src/cli/index.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { createDiscordNotifier, discordNonce } from '../src/platforms/discord/notifier.js';
import { createSlackNotifier } from '../src/platforms/slack/notifier.js';
import { build, createStore, V1, V2, type TestStore } from './alerts-fixtures.js';
import { FakeDiscord, FakeSlack } from './alerts-fakes.js';

const discord = new FakeDiscord({ token: 'discord-test-token' });
const slack = new FakeSlack('xoxb-test-token');

beforeAll(async () => {
  await discord.listen();
  await slack.listen();
});
afterAll(async () => {
  await discord.close();
  await slack.close();
});

function worker(store: TestStore) {
  return createDeliveryWorker({
    outbox: store.outbox,
    notifiers: [
      createDiscordNotifier({ token: 'discord-test-token', apiBase: discord.apiBase, timeoutMs: 2000 }),
      createSlackNotifier({ token: 'xoxb-test-token', apiUrl: slack.apiUrl, timeoutMs: 2000 }),
    ],
    pollMs: 20,
    backoffBaseMs: 20,
    backoffCapMs: 100,
  });
}

const ctx = (platform: 'discord' | 'slack', workspace: string, channel: string) => ({ platform, workspace, channel, user: `${platform}-user-1` });

describe('rank-change alerts end to end', () => {
  let store: TestStore;
  afterEach(() => store?.db.$client.close());

  it('subscriptions on both platforms receive exactly the changes they watch, once', async () => {
    store = createStore();
    await store.core.importCatalog(build(V1));
    const made = [
      await runCommand(subscribe, { target: 'category:text' }, store.core, { chat: ctx('discord', 'guild-1', '100') }),
      await runCommand(subscribe, { target: 'foxtrot 6' }, store.core, { chat: ctx('discord', 'guild-1', '101') }),
      await runCommand(subscribe, { target: 'bravo 2' }, store.core, { chat: ctx('slack', 'T1', 'C1') }),
      await runCommand(subscribe, { target: 'top:3:Text models' }, store.core, { chat: ctx('slack', 'T1', 'C2') }),
      await runCommand(subscribe, { target: 'Echo 5', 'min-change': '1' }, store.core, { chat: ctx('slack', 'T1', 'C2') }),
    ];
    expect(made.map((v) => v.kind)).toEqual(['subscribed', 'subscribed', 'subscribed', 'subscribed', 'subscribed']);

    store.clock.now = new Date('2026-11-20T13:00:00Z');
    await store.core.importCatalog(build(V2, '2026-11-02'));
    const w = worker(store);
    const result = await w.drain();
    expect(result).toMatchObject({ delivered: 3, dead: 0, disabled: 0 });

    // Discord: the category subscription; Foxtrot 6 only shifted down because Golf 7 was added above it
    expect(discord.messages.map((m) => m.channel)).toEqual(['100']);
    const d = discord.messages[0]!;
    expect(String(d.body.content).split('\n')).toEqual([
      '**Rank changes** · Text models',
      '• **Golf 7** is new in Text models at #6 · UnfragileRank 27',
      '• **Echo 5** moved #5 → #3 in Text models · UnfragileRank 28 → 39',
      '• **Charlie 3** moved #3 → #4 in Text models · UnfragileRank 38 → 37',
      '• **Delta 4** moved #4 → #5 in Text models · UnfragileRank 35 → 34',
      '• **Bravo 2** price input $1 → $0.50 per 1M tokens, output $4 → $2 per 1M tokens · UnfragileRank 43.8 → 44.4',
    ]);
    expect(d.body.allowed_mentions).toEqual({ parse: [] });
    expect(d.body.enforce_nonce).toBe(true);
    expect(d.nonce).toBe(discordNonce('i:2:discord:guild-1:100'));
    const buttons = (d.body.components as Array<{ components: Array<{ label: string; custom_id: string }> }>)[0]!.components;
    expect(buttons.map((b) => b.label)).toEqual(['Compare Echo 5 vs Charlie 3', 'Compare Delta 4 vs Echo 5']);
    expect(discord.requests.every((r) => r.auth === 'Bot discord-test-token')).toBe(true);

    // Slack: the product subscription hears the price cut; C2 gets its top-3 and product changes in one message
    const byChannel = new Map(slack.messages.map((m) => [m.channel, m]));
    expect([...byChannel.keys()].sort()).toEqual(['C1', 'C2']);
    expect(byChannel.get('C1')!.body.text).toBe(
      'Rank changes: Bravo 2\nBravo 2 price input $1 → $0.50 per 1M tokens, output $4 → $2 per 1M tokens · UnfragileRank 43.8 → 44.4',
    );
    const c2 = byChannel.get('C2')!.body;
    expect(String(c2.text).split('\n')).toEqual([
      'Rank changes: Top 3 in Text models, Echo 5',
      'Echo 5 entered the top 3 in Text models at #3 (from #5) · #6 → #4 overall · UnfragileRank 28 → 39',
      'Charlie 3 left the top 3 in Text models (#3 → #4) · UnfragileRank 38 → 37',
    ]);
    const blocks = c2.blocks as Array<{ type: string; elements?: Array<{ value?: string }> }>;
    expect(blocks.find((b) => b.type === 'actions')!.elements!.map((e) => parseAlertCompareValue(e.value!))).toEqual([['acme/echo', 'acme/charlie']]);
    expect(slack.requests.every((r) => r.auth === 'Bearer xoxb-test-token')).toBe(true);

    // the outbox is drained; nothing is sent twice on a second drain
    expect(await store.outbox.stats()).toEqual({ pending: 0, sending: 0, delivered: 4, dead: 0 });
    expect(await w.drain()).toMatchObject({ delivered: 0 });
    expect(discord.messages).toHaveLength(1);
    expect(slack.messages).toHaveLength(2);

    // /subscriptions shows the last alert
    const list = await runCommand(subscriptions, {}, store.core, { chat: { platform: 'slack', workspace: 'T1', channel: 'C1', user: 'test-user' } });
    expect(list).toMatchObject({
      kind: 'subscriptions',
      items: [{ targetLabel: 'Bravo 2', status: 'active', createdBy: 'slack-user-1', lastAlertSummary: expect.stringContaining('Bravo 2 price') }],
    });

    // unsubscribing stops alerts: a run back to V1 alerts Discord #100 and Slack C2 only
    expect(await runCommand(unsubscribe, { target: 'Bravo 2' }, store.core, { chat: ctx('slack', 'T1', 'C1') })).toMatchObject({ kind: 'unsubscribed' });
    store.clock.now = new Date('2026-11-20T14:00:00Z');
    await store.core.importCatalog(build(V1));
    await w.drain();
    expect(slack.messagesIn('C1')).toHaveLength(1);
    expect(slack.messagesIn('C2')).toHaveLength(2);
    expect(discord.messagesIn('100')).toHaveLength(2);
  });

  it('a daily digest collects a day of runs into one message per channel', async () => {
    discord.messages.length = 0;
    store = createStore(':memory:', new Date('2026-11-20T10:00:00Z'));
    await store.core.importCatalog(build(V1));
    await runCommand(subscribe, { target: 'category:Text models', mode: 'daily' }, store.core, { chat: ctx('discord', 'guild-2', '200') });
    for (const [i, v] of [V2, V1, V2].entries()) {
      store.clock.now = new Date(Date.parse('2026-11-20T11:00:00Z') + i * 3_600_000);
      await store.core.importCatalog(build(v));
    }
    const rows = await store.outbox.list();
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.groupKey)).size).toBe(1);
    expect(rows.every((r) => r.nextAttemptAt === Date.parse('2026-11-21T09:00:00Z'))).toBe(true);
    // the digest is due tomorrow at 09:00 UTC: a worker whose clock is before that sends nothing
    const early = createDeliveryWorker({
      outbox: store.outbox,
      notifiers: [createDiscordNotifier({ token: 'discord-test-token', apiBase: discord.apiBase, timeoutMs: 2000 })],
      now: () => Date.parse('2026-11-21T08:00:00Z'),
      pollMs: 20,
    });
    expect(await early.drain({ horizonMs: 0 })).toMatchObject({ delivered: 0 });
    const due = createDeliveryWorker({
      outbox: store.outbox,
      notifiers: [createDiscordNotifier({ token: 'discord-test-token', apiBase: discord.apiBase, timeoutMs: 2000 })],
      now: () => Date.parse('2026-11-21T09:00:05Z'),
      pollMs: 20,
    });
    expect(await due.drain()).toMatchObject({ delivered: 1 });
    expect(discord.messagesIn('200')).toHaveLength(1);
    const content = String(discord.messagesIn('200')[0]!.body.content);
    expect(content.split('\n')[0]).toBe('**Daily digest** · Text models');
    // V1 -> V2 -> V1 -> V2: net change is V1 -> V2, reported once per product
    expect(content.match(/Echo 5/g)).toHaveLength(1);
    expect(content).toContain('• **Echo 5** moved #5 → #3 in Text models');
  });
});

describe('in the bot process', () => {
  it('startAlerts scores on SCORING_INTERVAL and the worker delivers what the run queued', async () => {
    const store = createStore();
    discord.messages.length = 0;
    try {
      await store.core.importCatalog(build(V1));
      await runCommand(subscribe, { target: 'Echo 5' }, store.core, { chat: ctx('discord', 'guild-3', '300') });
      // new data arrives without a scoring run; the scheduler's next run finds the change
      await store.core.catalog.replaceAll(build(V2));
      const metrics = createMetrics(false);
      const config = loadConfig({ SCORING_INTERVAL: '150ms', DISCORD_TOKEN: 'discord-test-token', DISCORD_API_BASE: discord.apiBase, LOG_LEVEL: 'silent' });
      const alerts = startAlerts({ core: store.core, store: store.store, config, log: createLogger('silent'), metrics, worker: { pollMs: 20 } });
      try {
        for (let i = 0; i < 200 && discord.messagesIn('300').length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      } finally {
        await alerts.stop();
      }
      expect(discord.messagesIn('300')).toHaveLength(1);
      expect(String(discord.messagesIn('300')[0]!.body.content)).toContain('• **Echo 5** moved #5 → #3 in Text models (#6 → #4 overall)');
      const text = await metrics.registry.metrics();
      expect(text).toMatch(/matchgraph_alert_sends_total\{platform="discord",outcome="delivered"\} 1/);
      expect(text).toMatch(/matchgraph_outbox_rows\{state="delivered"\} 1/);
    } finally {
      store.db.$client.close();
    }
  });
});

describe('operator CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mg-alerts-cli-'));
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('subscribes channels, syncs changed source data and delivers the alert it causes', async () => {
    Object.assign(process.env, {
      DATABASE_PATH: join(dir, 'cli.db'),
      LOG_LEVEL: 'silent',
      DISCORD_TOKEN: 'discord-test-token',
      DISCORD_API_BASE: discord.apiBase,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      SLACK_SIGNING_SECRET: 'test-secret',
    });
    discord.messages.length = 0;
    slack.messages.length = 0;
    const lines: string[] = [];
    const cli = (...args: string[]) => main(args, (s) => lines.push(s));

    expect(await cli('catalog', 'import')).toBe(0);
    expect(await cli('subscriptions', 'add', '--platform', 'discord', '--workspace', 'g9', '--channel', '900', '--target', 'gpt-4o')).toBe(0);
    expect(await cli('subscriptions', 'add', '--platform', 'slack', '--workspace', 'T9', '--channel', 'C9', '--target', 'gpt-4o', '--mode', 'instant')).toBe(0);
    expect(await cli('subscriptions', 'add', '--platform', 'slack', '--workspace', 'T9', '--channel', 'C9', '--target', 'top:0')).toBe(2);
    lines.length = 0;
    expect(await cli('subscriptions', 'list', '--json')).toBe(0);
    const listed = JSON.parse(lines.join('\n')) as Array<{ id: number; target: string; platform: string }>;
    expect(listed.map((s) => [s.platform, s.target])).toEqual([
      ['discord', 'product:openai/gpt-4o'],
      ['slack', 'product:openai/gpt-4o'],
    ]);

    // new OpenRouter data: GPT-4o input price drops from $2.50 to $2 per 1M tokens
    const models = JSON.parse(readFileSync(join(SOURCES_DIR, 'openrouter', 'models.json'), 'utf8')) as { data: Array<{ id: string; pricing: { prompt: string } }> };
    models.data.find((m) => m.id === 'openai/gpt-4o')!.pricing.prompt = '0.000002';
    mkdirSync(join(dir, 'new', 'openrouter'), { recursive: true });
    writeFileSync(join(dir, 'new', 'openrouter', 'models.json'), JSON.stringify(models));
    lines.length = 0;
    expect(await cli('catalog', 'sync', join(dir, 'new'), '--json')).toBe(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ replaced: ['openrouter/models.json'], changed: 1, alerts: 2 });

    lines.length = 0;
    expect(await cli('alerts', 'deliver', '--json')).toBe(0);
    expect(JSON.parse(lines[0]!)).toMatchObject({ delivered: 2, dead: 0, outbox: { pending: 0, delivered: 2 } });
    expect(discord.messagesIn('900')).toHaveLength(1);
    expect(String(discord.messagesIn('900')[0]!.body.content)).toMatch(
      /^\*\*Rank changes\*\* · OpenAI: GPT-4o\n• \*\*OpenAI: GPT-4o\*\* price input \$2\.50 → \$2 per 1M tokens · UnfragileRank \d+$/,
    );
    expect(slack.messagesIn('C9')).toHaveLength(1);
    expect(String(slack.messagesIn('C9')[0]!.body.text)).toMatch(/^Rank changes: OpenAI: GPT-4o\nOpenAI: GPT-4o price input \$2\.50 → \$2 per 1M tokens/);

    // remove one, the other stays
    expect(await cli('subscriptions', 'remove', String(listed[0]!.id))).toBe(0);
    lines.length = 0;
    await cli('subscriptions', 'list', '--json');
    expect((JSON.parse(lines.join('\n')) as unknown[]).length).toBe(1);
  }, 60_000);
});

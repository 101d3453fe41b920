/**
 * Discord subscription commands end to end: the real catalog on in-memory SQLite, the real
 * interactions endpoint with signed requests, and a local fake of Discord's REST API for
 * registration and deferred edits. Subscriptions are checked in the store itself.
 */
import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscriptionItem } from '../commands/alerts-shared.js';
import { DISABLED_REASON_TEXT } from '../src/chat/reasons.js';
import type { SubscriptionItemView, SubscriptionsView } from '../src/core/views.js';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics, type Metrics } from '../src/metrics.js';
import { alertCompareId } from '../src/platforms/discord/alerts.js';
import { discordCommands } from '../src/platforms/discord/commands.js';
import { createMemoryActionStore } from '../src/chat/actions.js';
import { deployCommands } from '../src/platforms/discord/deploy.js';
import { startDiscord, type DiscordRuntime } from '../src/platforms/discord/index.js';
import { choiceProblems, discordLimitProblems, fitsDiscordLimits } from '../src/platforms/discord/limits.js';
import { createDiscordRest } from '../src/platforms/discord/rest.js';
import { canManage, NEEDS_MANAGE_SERVER, NOT_IN_SERVER, renderSubscriptionView } from '../src/platforms/discord/subscriptions.js';
import { ADMINISTRATOR, DiscordClient, discordButtons, FakeDiscordApi, ORDINARY_MEMBER } from './chat-fakes.js';

const APP_ID = 'app-sub';
const GUILD = '111111111111111111';
const CHANNEL = '222222222222222222';
const MANAGER = '333333333333333333';

let app: App;
let http: HttpServer;
let metrics: Metrics;
let fake: FakeDiscordApi;
let runtime: DiscordRuntime;
const discord = new DiscordClient(APP_ID);

const inChannel = (channel = CHANNEL) => app.core.subscriptions!.list({ platform: 'discord', workspaceId: GUILD, channelId: channel });

async function counter(labels: Record<string, string>): Promise<number> {
  const m = await metrics.commands.get();
  return m.values.filter((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x)).reduce((n, v) => n + v.value, 0);
}

function fieldsText(msg: { content?: string; embeds?: Array<{ title?: string; description?: string; footer?: { text: string }; fields?: Array<{ name: string; value: string }> }> }) {
  const parts = [msg.content ?? ''];
  for (const e of msg.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  return parts.join('\n');
}

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
  metrics = createMetrics(false);
  fake = new FakeDiscordApi();
  await fake.start();
  const log = createLogger('silent');
  http = createHttpServer({ metrics, log });
  runtime = await startDiscord({
    core: app.core,
    config: {
      DISCORD_PUBLIC_KEY: discord.publicKeyHex,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_TOKEN: 'test-bot-token',
      DISCORD_API_BASE: fake.apiBase,
      DISCORD_GUILD_ID: undefined,
    },
    http,
    log,
    metrics,
    rest: createDiscordRest({ apiBase: fake.apiBase, retries: 0, timeoutMs: 5000 }),
    connectGateway: false,
  });
  discord.endpoint = (await http.listen(0, '127.0.0.1')).url;
});

afterAll(async () => {
  await runtime?.stop();
  await http?.close();
  await fake?.close();
  app?.close();
});

describe('Discord subscription commands: registration', () => {
  it('registers /subscribe, /unsubscribe and /subscriptions for server channels, shown to Manage Server by default', async () => {
    const since = fake.requests.length;
    const res = await deployCommands({ token: 'test-bot-token', applicationId: APP_ID, guildId: GUILD, apiBase: fake.apiBase });
    expect(res.commands).toEqual(expect.arrayContaining(['compare', 'subscribe', 'unsubscribe', 'subscriptions']));
    const put = fake.requests.slice(since).find((r) => r.method === 'PUT')!;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const body = put.body as any[];
    for (const name of ['subscribe', 'unsubscribe', 'subscriptions']) {
      const c = body.find((x) => x.name === name);
      expect(c, name).toBeDefined();
      expect(c.default_member_permissions, name).toBe('32');
      expect(c.contexts, name).toEqual([0]);
      expect(c.integration_types, name).toEqual([0]);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
    for (const name of ['compare', 'alternatives', 'product', 'top']) {
      const c = body.find((x) => x.name === name);
      expect(c.default_member_permissions ?? null, name).toBeNull();
      expect(c.contexts, name).toEqual([0, 1, 2]);
    }
    const subscribe = body.find((c) => c.name === 'subscribe');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(subscribe.options.map((o: any) => [o.name, o.type, o.required ?? false, o.autocomplete ?? false])).toEqual([
      ['target', 3, true, true],
      ['min-change', 3, false, false],
      ['mode', 3, false, false],
      ['quiet-hours', 3, false, false],
      ['timezone', 3, false, false],
      ['cooldown', 3, false, false],
      ['confirm', 5, false, false],
    ]);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(subscribe.options.find((o: any) => o.name === 'mode').choices).toEqual([
      { name: 'Instant', value: 'instant' },
      { name: 'Daily digest', value: 'daily' },
    ]);
    expect(body.find((c) => c.name === 'unsubscribe').options[0]).toMatchObject({ name: 'target', required: true, autocomplete: true });
    expect(body.map((c) => c.name)).toEqual(discordCommands().map((c) => c.name));
  });

  it('reads the permission bitfield: Manage Server or Administrator, nothing else', () => {
    expect(canManage('32')).toBe(true);
    expect(canManage(ADMINISTRATOR)).toBe(true);
    expect(canManage(String(2n ** 40n + 32n))).toBe(true);
    expect(canManage(ORDINARY_MEMBER)).toBe(false);
    expect(canManage('0')).toBe(false);
    expect(canManage(undefined)).toBe(false);
    expect(canManage('not a number')).toBe(false);
  });
});

describe('Discord subscription commands', () => {
  it('/subscribe with Manage Server stores the subscription with its options and creator, and answers privately', async () => {
    const before = (await inChannel()).length;
    const r = await discord.send(discord.slash('subscribe', { target: 'gpt-4o', 'min-change': '2', mode: 'daily', 'quiet-hours': '22:00-07:00', timezone: 'Europe/Berlin' }));
    expect(r.status).toBe(200);
    expect(r.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const msg = r.json.data;
    expect(msg.flags).toBe(MessageFlags.Ephemeral);
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(discordLimitProblems(msg)).toEqual([]);
    expect(msg.embeds[0].title).toBe('Subscribed');
    expect(msg.embeds[0].description).toMatch(/^Subscribed: this channel hears when OpenAI: GPT-4o moves 2\+ positions or its price changes, in one daily digest\.$/);

    const list = await inChannel();
    expect(list).toHaveLength(before + 1);
    const s = list.find((x) => x.target.kind === 'product' && x.target.productId === 'openai/gpt-4o')!;
    expect(s).toMatchObject({
      platform: 'discord',
      workspaceId: GUILD,
      channelId: CHANNEL,
      createdBy: MANAGER,
      status: 'active',
      options: { minChange: 2, minChangeUnit: 'positions', mode: 'daily', quietHours: { start: 22 * 60, end: 7 * 60 }, timezone: 'Europe/Berlin' },
    });
    const text = fieldsText(msg);
    expect(text).toContain(`#${s.id} · OpenAI: GPT-4o`);
    expect(text).toContain('🟢 active');
    expect(text).toContain(`**Created by** <@${MANAGER}>`);
    expect(text).toContain('quiet 22:00-07:00 Europe/Berlin');
    expect(await counter({ platform: 'discord', command: 'subscribe', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  it('Administrator may subscribe too', async () => {
    const r = await discord.send(discord.slash('subscribe', { target: 'top:5' }, { permissions: ADMINISTRATOR, user: '444444444444444444' }));
    expect(r.json.data.embeds[0].title).toBe('Subscribed');
    expect((await inChannel()).find((s) => s.target.kind === 'top')).toMatchObject({ createdBy: '444444444444444444', targetLabel: 'Top 5 overall' });
  });

  it('without Manage Server the command is refused politely and nothing is stored', async () => {
    const before = await inChannel();
    for (const cmd of [
      discord.slash('subscribe', { target: 'gemini' }, { permissions: ORDINARY_MEMBER }),
      discord.slash('subscribe', { target: 'gemini' }, { permissions: '0' }),
      discord.slash('unsubscribe', { target: 'all' }, { permissions: ORDINARY_MEMBER }),
      discord.slash('subscriptions', {}, { permissions: ORDINARY_MEMBER }),
    ]) {
      const r = await discord.send(cmd);
      expect(r.status).toBe(200);
      expect(r.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(r.json.data.flags).toBe(MessageFlags.Ephemeral);
      expect(r.json.data.content).toContain(NEEDS_MANAGE_SERVER);
      expect(r.json.data.embeds).toEqual([]);
    }
    expect(await inChannel()).toEqual(before);
    expect(await counter({ platform: 'discord', command: 'subscribe', outcome: 'forbidden' })).toBe(2);

    // in a DM there is no server channel to subscribe
    const dm = await discord.send(discord.slash('subscribe', { target: 'gemini' }, { guild: null }));
    expect(dm.json.data.content).toContain(NOT_IN_SERVER);
    expect(await app.core.subscriptions!.list({ platform: 'discord' })).toHaveLength(before.length);
  });

  it('autocompletes targets (products by exact id, categories, top N) and this channel\'s subscriptions', async () => {
    const r = await discord.send(discord.autocomplete('subscribe', { target: 'gpt-4o' }, 'target'));
    expect(r.json.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = r.json.data.choices as Array<{ name: string; value: string }>;
    expect(choiceProblems(choices)).toEqual([]);
    expect(choices.map((c) => c.value)).toContain('product:openai/gpt-4o');

    const top = (await discord.send(discord.autocomplete('subscribe', { target: 'top 5' }, 'target'))).json.data.choices as Array<{ value: string }>;
    expect(top[0]!.value).toBe('top:5');
    expect(top.length).toBeGreaterThan(1);
    expect(top.every((c) => c.value.startsWith('top:5'))).toBe(true);
    expect(choiceProblems(top as never)).toEqual([]);

    const mine = (await discord.send(discord.autocomplete('unsubscribe', { target: '' }, 'target'))).json.data.choices as Array<{ name: string; value: string }>;
    const subs = await inChannel();
    expect(mine.map((c) => c.value)).toEqual([...subs.map((s) => String(s.id)), 'all']);
    expect(mine[0]!.name).toMatch(/^#\d+ · /);
    // nobody without Manage Server sees them
    const hidden = await discord.send(discord.autocomplete('unsubscribe', { target: '' }, 'target', { permissions: ORDINARY_MEMBER }));
    expect(hidden.json.data.choices).toEqual([]);
  });

  it('an ambiguous target answers "did you mean"; a pick subscribes that product with the options given', async () => {
    const resolver = await app.core.resolver();
    const query = ['llama', 'claude', 'gpt', 'mistral', 'qwen', 'gemma'].find((q) => resolver.resolve(q).status === 'ambiguous')!;
    const r = await discord.send(discord.slash('subscribe', { target: query, 'min-change': '5pt' }));
    const prompt = r.json.data;
    expect(prompt.flags).toBe(MessageFlags.Ephemeral);
    expect(prompt.content).toMatch(/Did you mean/);
    const first = resolver.resolve(query).candidates[0]!;
    const pick = discordButtons(prompt)[0]!;
    const picked = await discord.send(discord.click(pick.custom_id, {}, MessageFlags.Ephemeral));
    // the private prompt turns into the answer: its pick buttons are gone
    expect(picked.json.type).toBe(InteractionResponseType.UpdateMessage);
    expect(picked.json.data.embeds[0].title).toMatch(/^Subscri/);
    expect(discordButtons(picked.json.data).map((b) => b.custom_id)).not.toContain(pick.custom_id);
    const s = (await inChannel()).find((x) => x.target.kind === 'product' && x.target.productId === first.id)!;
    expect(s).toMatchObject({ options: { minChange: 5, minChangeUnit: 'points' }, createdBy: MANAGER });
  });

  it('/subscriptions lists status, creator and last alert, and says why one is disabled', async () => {
    const other = '222222222222222299';
    await discord.send(discord.slash('subscribe', { target: 'category:Text models' }, { channel: other }));
    const subs = await inChannel(other);
    expect(subs).toHaveLength(1);
    await app.core.subscriptions!.disable({ platform: 'discord', workspaceId: GUILD, channelId: other }, 'missing_permissions', '403 50013: Missing Permissions', new Date());

    const r = await discord.send(discord.slash('subscriptions', {}, { channel: other }));
    const msg = r.json.data;
    expect(msg.flags).toBe(MessageFlags.Ephemeral);
    expect(discordLimitProblems(msg)).toEqual([]);
    const e = msg.embeds[0];
    expect(e.title).toBe('Alert subscriptions in this channel');
    expect(e.description).toBe('This channel has 1 subscription, 1 disabled.');
    expect(e.fields).toHaveLength(1);
    expect(e.fields[0].name).toBe(`#${subs[0]!.id} · Category: Text models`);
    const value = e.fields[0].value as string;
    expect(value).toContain('⛔ disabled (`missing_permissions`)');
    expect(value).toContain(`**Why:** ${DISABLED_REASON_TEXT.missing_permissions.slice(0, 40)}`);
    expect(value).toContain(`**Created by** <@${MANAGER}> <t:`);
    expect(value).toContain('**Last alert:** none yet');

    // the whole server: every channel, each named
    const all = (await discord.send(discord.slash('subscriptions', { all: true }))).json.data;
    expect(all.embeds[0].title).toBe('Alert subscriptions in this server');
    const listed = await app.core.subscriptions!.list({ platform: 'discord', workspaceId: GUILD });
    expect(all.embeds[0].fields).toHaveLength(listed.length);
    expect(fieldsText(all)).toContain(`**Channel:** <#${other}>`);
    expect(fieldsText(all)).toContain(`**Channel:** <#${CHANNEL}>`);
    expect(discordLimitProblems(all)).toEqual([]);

    // subscribing again re-activates it
    const again = (await discord.send(discord.slash('subscribe', { target: 'category:text' }, { channel: other }))).json.data;
    expect(again.embeds[0].title).toBe('Subscription updated');
    expect((await inChannel(other))[0]).toMatchObject({ status: 'active', disabledReason: null });
  });

  it('/unsubscribe removes by number and "all"', async () => {
    const subs = await inChannel();
    expect(subs.length).toBeGreaterThan(1);
    const one = await discord.send(discord.slash('unsubscribe', { target: String(subs[0]!.id) }));
    expect(one.json.data.embeds[0].title).toBe('Unsubscribed');
    expect(one.json.data.embeds[0].description).toBe(`Unsubscribed from ${subs[0]!.targetLabel}.`);
    expect((await inChannel()).map((s) => s.id)).toEqual(subs.slice(1).map((s) => s.id));
    const rest = await discord.send(discord.slash('unsubscribe', { target: 'all' }));
    expect(rest.json.data.embeds[0].description).toBe(subs.length - 1 === 1 ? `Unsubscribed from ${subs[1]!.targetLabel}.` : `Removed ${subs.length - 1} subscriptions.`);
    expect(discordLimitProblems(rest.json.data)).toEqual([]);
    expect(await inChannel()).toEqual([]);
  });
});

describe('Discord buttons for alerts', () => {
  it('"Subscribe to X" on a compare card subscribes this channel for a manager, and explains otherwise', async () => {
    const ix = discord.slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    expect((await discord.send(ix)).json.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const card = (await fake.edited(APP_ID, ix.token)).body;
    const sub = discordButtons(card).find((b) => b.label === 'Subscribe to gemini')!;
    expect(sub).toBeDefined();
    expect(fitsDiscordLimits(card)).toBe(true);

    const refused = await discord.send(discord.click(sub.custom_id, { permissions: ORDINARY_MEMBER }));
    expect(refused.json.data.flags).toBe(MessageFlags.Ephemeral);
    expect(refused.json.data.content).toContain(NEEDS_MANAGE_SERVER);
    expect(await inChannel()).toEqual([]);

    const ok = await discord.send(discord.click(sub.custom_id));
    expect(ok.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(ok.json.data.flags).toBe(MessageFlags.Ephemeral);
    expect(ok.json.data.embeds[0].title).toBe('Subscribed');
    expect(ok.json.data.embeds[0].description).toContain('gemini moves 1+ position or its price changes');
    expect(await inChannel()).toMatchObject([{ target: { kind: 'product', productId: 'gemini' }, createdBy: MANAGER }]);

    // the product card has one too
    const product = await discord.send(discord.slash('product', { name: 'gpt-4o' }));
    const button = discordButtons(product.json.data).find((b) => b.label === 'Subscribe')!;
    await discord.send(discord.click(button.custom_id));
    expect((await inChannel()).map((s) => (s.target.kind === 'product' ? s.target.productId : ''))).toEqual(['gemini', 'openai/gpt-4o']);
  });

  it('"Compare" on an alert message posts the comparison card', async () => {
    const llama = (await app.core.products()).find((p) => p.name === 'Meta: Llama 3.2 1B Instruct')!;
    const customId = alertCompareId({ a: { id: llama.id, name: llama.name }, b: { id: 'gemini', name: 'gemini' } })!;
    const ix = discord.click(customId, { permissions: ORDINARY_MEMBER });
    const r = await discord.send(ix);
    expect(r.json).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });
    const card = (await fake.edited(APP_ID, ix.token)).body;
    expect(card.embeds[0].title).toBe('Meta: Llama 3.2 1B Instruct vs gemini');
    expect(card.flags).toBeUndefined();
    expect(discordLimitProblems(card)).toEqual([]);

    const broken = await discord.send(discord.click('alert:compare:only-one'));
    expect(broken.json.data.flags).toBe(MessageFlags.Ephemeral);
  });
});

describe('Discord subscription views within the limits', () => {
  const long = (n: number) => 'Ab *c* _d_ @everyone <@1> '.repeat(Math.ceil(n / 26)).slice(0, n);
  function item(i: number, channelId: string): SubscriptionItemView {
    return {
      id: 1000 + i,
      platform: 'discord',
      workspaceId: GUILD,
      channelId,
      target: i % 3 === 0 ? `category:${long(80)}` : `product:vendor/${i}`,
      targetLabel: long(300),
      minChange: '5+ points',
      mode: 'daily',
      quietHours: '22:00-07:00 America/Argentina/ComodRivadavia',
      timezone: 'America/Argentina/ComodRivadavia',
      cooldown: '6h',
      confirm: true,
      status: i % 2 ? 'disabled' : 'active',
      disabledReason: i % 2 ? 'missing_access' : null,
      disabledWhy: i % 2 ? DISABLED_REASON_TEXT.missing_access : null,
      createdBy: i % 4 ? '123456789012345678' : `cli:${long(90)}`,
      createdAt: '2026-11-20T12:00:00.000Z',
      lastAlertAt: '2026-11-21T09:00:00.000Z',
      lastAlertSummary: long(500),
      failureCount: i,
    };
  }

  it('a server with 60 long subscriptions, a full channel, and every real view fit', async () => {
    const ids = createMemoryActionStore();
    const items = Array.from({ length: 60 }, (_, i) => item(i, String(900000000000000000n + BigInt(i % 7))));
    const wide: SubscriptionsView = { kind: 'subscriptions', scope: { platform: 'discord', workspaceId: GUILD, channelId: null }, items, message: 'This workspace has 60 subscriptions, 30 disabled.' };
    const msg = renderSubscriptionView(wide, { actions: ids });
    expect(discordLimitProblems(msg)).toEqual([]);
    expect(msg.embeds[0]!.footer!.text).toMatch(/^…and \d+ more: run \/subscriptions in each channel/);
    expect(fieldsText(msg)).not.toMatch(/@everyone|<@&?1>/);
    expect(msg.allowed_mentions).toEqual({ parse: [] });

    const channel = renderSubscriptionView({ ...wide, scope: { ...wide.scope, channelId: CHANNEL }, items: items.slice(0, 25) }, { actions: ids });
    expect(discordLimitProblems(channel)).toEqual([]);
    const removed = renderSubscriptionView({ kind: 'unsubscribed', removed: items.slice(0, 25), message: 'Removed 25 subscriptions.' }, { actions: ids });
    expect(discordLimitProblems(removed)).toEqual([]);
    const one = renderSubscriptionView({ kind: 'subscribed', created: true, subscription: items[1]!, message: long(5000) }, { actions: ids });
    expect(discordLimitProblems(one)).toEqual([]);

    const real = await app.core.subscriptions!.list();
    const empty = renderSubscriptionView({ kind: 'subscriptions', scope: { platform: 'discord', workspaceId: GUILD, channelId: CHANNEL }, items: real.map(subscriptionItem), message: 'x' }, { actions: ids });
    expect(fitsDiscordLimits(empty)).toBe(true);
  });
});

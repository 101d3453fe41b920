/**
 * Slack subscription commands end to end: the real catalog on in-memory SQLite, the real bolt
 * App in HTTP mode behind our signed endpoint, and a local fake of the Web API and response_url.
 * Subscriptions are checked in the store itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { DISABLED_REASON_TEXT } from '../src/chat/reasons.js';
import type { SubscriptionItemView, SubscriptionsView } from '../src/core/views.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { startSlack, type SlackHandle } from '../src/platforms/slack/index.js';
import { fitsSlackLimits, slackLimitProblems } from '../src/platforms/slack/render.js';
import { parseSubscriptionText, renderSlackSubscriptionView, subscriptionsHomeSection } from '../src/platforms/slack/subscriptions.js';
import { FakeSlackApi, SlackClient, slackButtons, slackText, waitFor } from './chat-fakes.js';

const SECRET = 'sub-test-signing-secret';
const TEAM = 'T0TEAM';
const CHANNEL = 'C0CHAN';

let app: App;
let http: HttpServer;
let fake: FakeSlackApi;
let slack: SlackHandle;
let client: SlackClient;

const inChannel = (channel = CHANNEL, team = TEAM) => app.core.subscriptions!.list({ platform: 'slack', workspaceId: team, channelId: channel });

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function answer(responsePath: string, n = 1): Promise<any[]> {
  await slack.idle();
  const got = await waitFor(() => fake.responses(responsePath).length >= n && fake.responses(responsePath), responsePath);
  return got.map((r) => r.body);
}

async function command(cmd: string, text: string, where = {}) {
  const { body, responsePath } = client.command(cmd, text, where);
  const res = await client.post(body);
  expect(res.status).toBe(200);
  return (await answer(responsePath))[0];
}

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
  fake = new FakeSlackApi();
  await fake.start();
  const metrics = createMetrics(false);
  const log = createLogger('silent');
  http = createHttpServer({ metrics, log });
  slack = await startSlack({
    core: app.core,
    config: { SLACK_BOT_TOKEN: 'xoxb-sub-token', SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl },
    http,
    log,
    metrics,
  });
  client = new SlackClient(SECRET, fake);
  client.base = (await http.listen(0, '127.0.0.1')).url;
});

afterAll(async () => {
  await slack?.stop();
  await http?.close();
  await fake?.close();
  app?.close();
});

describe('Slack subscription text', () => {
  it('reads options written as name:value, --name value and --flag, leaving the target', () => {
    expect(parseSubscriptionText('subscribe', 'claude sonnet 4.5 min-change:2 mode:daily --confirm')).toEqual({
      target: 'claude sonnet 4.5',
      'min-change': '2',
      mode: 'daily',
      confirm: true,
    });
    expect(parseSubscriptionText('subscribe', 'top:10:Text models --quiet-hours 22:00-07:00 tz=Europe/Berlin cooldown:6h —daily')).toEqual({
      target: 'top:10:Text models',
      'quiet-hours': '22:00-07:00',
      timezone: 'Europe/Berlin',
      cooldown: '6h',
      mode: 'daily',
    });
    // words that are not options stay in the target; a product name with a colon survives
    expect(parseSubscriptionText('subscribe', '“Meta: Llama 3.2 1B” --confirm')).toEqual({ target: 'Meta: Llama 3.2 1B', confirm: true });
    expect(parseSubscriptionText('subscribe', 'daily confirm')).toEqual({ target: 'daily confirm' });
    expect(parseSubscriptionText('subscribe', 'category:Image generation confirm:no')).toEqual({ target: 'category:Image generation', confirm: false });
    expect(parseSubscriptionText('unsubscribe', ' "#12" ')).toEqual({ target: '#12' });
    expect(parseSubscriptionText('subscriptions', 'all')).toEqual({ all: true });
    expect(parseSubscriptionText('subscriptions', '')).toEqual({ all: undefined });
  });
});

describe('Slack subscription commands', () => {
  it('/subscribe stores the subscription with its options and creator, and tells the channel who did it', async () => {
    const msg = await command('/subscribe', 'gpt-4o min-change:2 mode:daily quiet-hours:22:00-07:00 timezone:Europe/Berlin --confirm');
    expect(msg.response_type).toBe('in_channel');
    expect(fitsSlackLimits(msg), slackLimitProblems(msg).join('; ')).toBe(true);
    const text = slackText(msg.blocks);
    expect(text).toContain(':bell: Subscribed: this channel hears when OpenAI: GPT-4o moves 2+ positions or its price changes, in one daily digest.');
    expect(text).toContain('Subscribed · by <@U0ASKER>');
    const [s] = await inChannel();
    expect(s).toMatchObject({
      platform: 'slack',
      workspaceId: TEAM,
      channelId: CHANNEL,
      createdBy: 'U0ASKER',
      target: { kind: 'product', productId: 'openai/gpt-4o' },
      status: 'active',
      options: { minChange: 2, mode: 'daily', quietHours: { start: 1320, end: 420 }, timezone: 'Europe/Berlin', confirm: true },
    });
    expect(text).toContain(`*#${s!.id} · OpenAI: GPT-4o*`);
    expect(text).toContain('Created by <@U0ASKER> <!date^');

    // someone else changes its options: announced with their name, without pinging the creator
    const update = await command('/subscribe', 'gpt-4o min-change:3', { user: 'U0SECOND' });
    expect(update.response_type).toBe('in_channel');
    const updated = slackText(update.blocks);
    expect(updated).toContain('Updated · by <@U0SECOND>');
    expect(updated).not.toContain('<@U0ASKER>');
    expect(await inChannel()).toMatchObject([{ id: s!.id, createdBy: 'U0ASKER', options: { minChange: 3, mode: 'instant' } }]);
  });

  it('bad options and unknown names answer only the asker, storing nothing', async () => {
    const before = (await inChannel()).length;
    const bad = await command('/subscribe', 'gemini min-change:lots');
    expect(bad.response_type).toBe('ephemeral');
    expect(slackText(bad.blocks)).toContain('min-change is a number of positions');
    const none = await command('/subscribe', 'zzqxv wwkkj');
    expect(none.response_type).toBe('ephemeral');
    expect(slackText(none.blocks)).toContain('No product matches');
    const help = await command('/subscribe', 'help');
    expect(help.response_type).toBe('ephemeral');
    expect(slackText(help.blocks)).toContain('Anyone in a channel can manage its subscriptions');
    expect(await inChannel()).toHaveLength(before);
  });

  it('an ambiguous name offers choices; one completes the subscription with the options typed', async () => {
    const resolver = await app.core.resolver();
    const query = ['llama', 'claude', 'gpt', 'mistral', 'qwen', 'gemma'].find((q) => resolver.resolve(q).status === 'ambiguous')!;
    const prompt = await command('/subscribe', `${query} min-change:3`);
    expect(prompt.response_type).toBe('ephemeral');
    const choices = slackButtons(prompt.blocks);
    expect(choices.length).toBeGreaterThan(1);
    expect(fitsSlackLimits(prompt)).toBe(true);
    const first = resolver.resolve(query).candidates[0]!;
    const click = client.action({ action_id: choices[0]!.action_id, value: choices[0]!.value }, { ephemeral: true });
    expect((await client.post(click.body)).status).toBe(200);
    const [posted, removed] = await answer(click.responsePath, 2);
    expect(posted).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(removed).toEqual({ delete_original: true });
    const s = (await inChannel()).find((x) => x.target.kind === 'product' && x.target.productId === first.id)!;
    expect(s).toMatchObject({ createdBy: 'U0CLICK', options: { minChange: 3 } });
  });

  it('/subscriptions lists status, creator and why one is disabled; the Home tab shows the workspace', async () => {
    await command('/subscribe', 'top:5:Text models', { channel: 'C0OTHER', user: 'U0OTHER' });
    await app.core.subscriptions!.disable({ platform: 'slack', workspaceId: TEAM, channelId: 'C0OTHER' }, 'not_in_channel', 'not_in_channel', new Date());

    const list = await command('/subscriptions', '', { channel: 'C0OTHER' });
    expect(list.response_type).toBe('ephemeral');
    expect(fitsSlackLimits(list), slackLimitProblems(list).join('; ')).toBe(true);
    const text = slackText(list.blocks);
    expect(text).toContain('Alert subscriptions in this channel');
    expect(text).toContain('This channel has 1 subscription, 1 disabled.');
    expect(text).toContain('Top 5 in Text models');
    expect(text).toContain(':no_entry: *disabled* (not_in_channel)');
    expect(text).toContain(`Why: ${DISABLED_REASON_TEXT.not_in_channel.slice(0, 50)}`);
    expect(text).toContain('Created by <@U0OTHER>');
    expect(text).toContain('no alert yet');

    const mine = slackText((await command('/subscriptions', '')).blocks);
    expect(mine).toContain(':large_green_circle: active');
    expect(mine).not.toContain('Top 5 in Text models');
    const all = slackText((await command('/subscriptions', 'all')).blocks);
    expect(all).toContain('Alert subscriptions in this workspace');
    expect(all).toContain('in <#C0OTHER>');
    expect(all).toContain(`in <#${CHANNEL}>`);

    // the Home tab: views.publish carries the same list, with status and the disabled reason
    const before = fake.api('views.publish').length;
    const opened = client.event({ type: 'app_home_opened', user: 'U0HOME', channel: 'D0HOME', tab: 'home', event_ts: '1700000400.000100' }, 'Ev0SUBHOME1');
    expect((await client.post(opened, 'application/json')).status).toBe(200);
    await slack.idle();
    const published = await waitFor(() => fake.api('views.publish').length > before && fake.api('views.publish').at(-1), 'views.publish');
    expect(published.body.user_id).toBe('U0HOME');
    const view = published.body.view as { type: string; blocks: Array<{ type: string; text?: { text: string } }> };
    expect(view.type).toBe('home');
    expect(fitsSlackLimits({ blocks: view.blocks }, { maxBlocks: 100, maxChars: 24_000 }), slackLimitProblems({ blocks: view.blocks }, { maxBlocks: 100, maxChars: 24_000 }).join('; ')).toBe(true);
    const headerAt = view.blocks.findIndex((b) => b.type === 'header' && b.text?.text === 'Subscriptions');
    expect(headerAt).toBeGreaterThan(0);
    const home = slackText(view.blocks.slice(headerAt));
    const count = (await app.core.subscriptions!.list({ platform: 'slack', workspaceId: TEAM })).length;
    expect(home).toContain(`This workspace has ${count} subscriptions, 1 disabled.`);
    expect(home).toContain('Top 5 in Text models* in <#C0OTHER>');
    expect(home).toContain(':no_entry: *disabled* (not_in_channel)');
    expect(home).toContain('OpenAI: GPT-4o* in <#C0CHAN>');

    // another workspace's subscriptions stay out of it
    await command('/subscribe', 'gemini', { team: 'T0ELSE', channel: 'C0ELSEWHERE' });
    expect(await inChannel('C0ELSEWHERE', 'T0ELSE')).toHaveLength(1);
    const again = client.event({ type: 'app_home_opened', user: 'U0HOME', channel: 'D0HOME', tab: 'home', event_ts: '1700000401.000100' }, 'Ev0SUBHOME2');
    expect((await client.post(again, 'application/json')).status).toBe(200);
    await slack.idle();
    const republished = await waitFor(() => fake.api('views.publish').length > before + 1 && fake.api('views.publish').at(-1), 'views.publish');
    expect(slackText(republished.body.view.blocks)).toContain('<#C0OTHER>');
    expect(slackText(republished.body.view.blocks)).not.toContain('C0ELSEWHERE');
  });

  it('/unsubscribe by number, by target and "all" removes them and says so in the channel', async () => {
    const subs = await inChannel();
    expect(subs.length).toBeGreaterThanOrEqual(2);
    const one = await command('/unsubscribe', String(subs[0]!.id));
    expect(one.response_type).toBe('in_channel');
    expect(slackText(one.blocks)).toContain(`Unsubscribed from ${subs[0]!.targetLabel}.`);
    expect(slackText(one.blocks)).toContain('by <@U0ASKER>');
    expect((await inChannel()).map((s) => s.id)).toEqual(subs.slice(1).map((s) => s.id));
    const missing = await command('/unsubscribe', '#99999');
    expect(missing.response_type).toBe('ephemeral');
    const all = await command('/unsubscribe', 'all');
    expect(fitsSlackLimits(all)).toBe(true);
    expect(await inChannel()).toEqual([]);
  });
});

describe('Slack buttons for alerts', () => {
  it('"Subscribe to X" on a compare card subscribes the channel the card is in', async () => {
    const card = await command('/compare', 'llama 3.2 1b vs gemini');
    const sub = slackButtons(card.blocks).find((b) => b.text.text === 'Subscribe to gemini')!;
    expect(sub).toBeDefined();
    const click = client.action({ action_id: sub.action_id, value: sub.value }, { channel: 'C0CARDS' });
    expect((await client.post(click.body)).status).toBe(200);
    const [msg] = await answer(click.responsePath);
    expect(msg).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(slackText(msg.blocks)).toContain('gemini moves 1+ position or its price changes');
    expect(slackText(msg.blocks)).toContain('by <@U0CLICK>');
    expect(await inChannel('C0CARDS')).toMatchObject([{ target: { kind: 'product', productId: 'gemini' }, createdBy: 'U0CLICK' }]);

    // a tampered value is refused without storing anything
    const bad = client.action({ action_id: sub.action_id, value: '{"k":"sub","c":"drop-table","o":{}}' }, { channel: 'C0CARDS' });
    expect((await client.post(bad.body)).status).toBe(200);
    await slack.idle();
    expect(fake.responses(bad.responsePath)).toHaveLength(0);
    expect(await inChannel('C0CARDS')).toHaveLength(1);
  });

  it('"Compare" on an alert message posts the comparison card in the alert\'s thread', async () => {
    const llama = (await app.core.products()).find((p) => p.name === 'Meta: Llama 3.2 1B Instruct')!;
    const before = fake.api('chat.postMessage').length;
    const click = client.action({ action_id: 'mg_alert:0', value: `mg:compare?first=${encodeURIComponent(llama.id)}&second=gemini` }, { channel: 'C0ALERTS', messageTs: '1700000999.000100' });
    expect((await client.post(click.body)).status).toBe(200);
    await slack.idle();
    const post = await waitFor(() => fake.api('chat.postMessage').length > before && fake.api('chat.postMessage').at(-1), 'the compare card');
    expect(post.body).toMatchObject({ channel: 'C0ALERTS', thread_ts: '1700000999.000100' });
    expect((post.body.blocks as Array<{ type: string; text: { text: string } }>)[0]).toMatchObject({ type: 'header', text: { text: 'Meta: Llama 3.2 1B Instruct vs gemini' } });
    expect(fitsSlackLimits(post.body as { text: string; blocks: unknown[] })).toBe(true);
  });
});

describe('Slack subscription views within the limits', () => {
  const long = (n: number) => 'Ab *c* _d_ @channel <@U1> &amp; '.repeat(Math.ceil(n / 32)).slice(0, n);
  function item(i: number): SubscriptionItemView {
    return {
      id: 2000 + i,
      platform: 'slack',
      workspaceId: TEAM,
      channelId: `C0${i % 9}`,
      target: i % 3 ? `product:v/${i}` : `category:${long(100)}`,
      targetLabel: long(400),
      minChange: '5+ points',
      mode: 'daily',
      quietHours: '22:00-07:00 America/Argentina/ComodRivadavia',
      timezone: 'America/Argentina/ComodRivadavia',
      cooldown: '1d',
      confirm: true,
      status: i % 2 ? 'disabled' : i % 5 ? 'active' : 'paused',
      disabledReason: i % 2 ? 'channel_not_found' : null,
      disabledWhy: i % 2 ? DISABLED_REASON_TEXT.channel_not_found : null,
      createdBy: i % 4 ? 'U0CREATOR' : `cli:${long(120)}`,
      createdAt: '2026-11-20T12:00:00.000Z',
      lastAlertAt: '2026-11-21T09:00:00.000Z',
      lastAlertSummary: long(600),
      failureCount: i,
    };
  }

  it('a workspace with 80 long subscriptions fits a message and the Home tab, saying how many are left out', async () => {
    const items = Array.from({ length: 80 }, (_, i) => item(i));
    const view: SubscriptionsView = { kind: 'subscriptions', scope: { platform: 'slack', workspaceId: TEAM, channelId: null }, items, message: 'This workspace has 80 subscriptions.' };
    const msg = renderSlackSubscriptionView(view);
    expect(slackLimitProblems(msg)).toEqual([]);
    const text = slackText(msg.blocks);
    expect(text).toMatch(/…and \d+ more/);
    expect(text).not.toMatch(/@channel|<@U1>/);
    for (const v of [
      renderSlackSubscriptionView({ ...view, scope: { ...view.scope, channelId: 'C01' }, items: items.slice(0, 25) }),
      renderSlackSubscriptionView({ kind: 'unsubscribed', removed: items.slice(0, 25), message: 'Removed 25 subscriptions.' }, { actor: 'U0X' }),
      renderSlackSubscriptionView({ kind: 'subscribed', created: false, subscription: items[3]!, message: long(4000) }, { actor: 'U0X' }),
    ])
      expect(slackLimitProblems(v)).toEqual([]);

    // the Home tab section for a workspace of 30 real subscriptions in many channels
    for (let i = 0; i < 30; i++)
      await command('/subscribe', i % 2 ? `top:${(i % 20) + 1}` : `category:${['Text models', 'Coding', 'Image generation'][i % 3]}`, { team: 'T0BIG', channel: `C0BIG${i}` });
    const blocks = await subscriptionsHomeSection(app.core)({ teamId: 'T0BIG', userId: 'U0HOME' });
    expect(slackLimitProblems({ blocks }, { maxBlocks: 20, maxChars: 8_000 })).toEqual([]);
    expect(slackText(blocks)).toMatch(/…and \d+ more: see `\/subscriptions` in each channel/);
  });
});

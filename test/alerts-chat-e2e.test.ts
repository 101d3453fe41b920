/**
 * Rank-change alerts from chat to chat: channels subscribe through a signed Discord interaction
 * and a signed Slack slash command, new data is scored, the delivery worker runs once with the
 * notifiers the bot builds from its configuration, and the local fakes of Discord's REST API and
 * Slack's Web API receive the alerts in those channels. The alerts' Compare buttons then answer.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifiersFromConfig } from '../src/alerts/index.js';
import { createApp, ensureCatalog } from '../src/bootstrap.js';
import { createDeliveryWorker } from '../src/alerts/worker.js';
import { loadConfig } from '../src/config.js';
import { DISABLED_REASON_TEXT } from '../src/chat/reasons.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { startDiscord, type DiscordRuntime } from '../src/platforms/discord/index.js';
import { discordLimitProblems } from '../src/platforms/discord/limits.js';
import { createDiscordRest } from '../src/platforms/discord/rest.js';
import { startSlack, type SlackHandle } from '../src/platforms/slack/index.js';
import { fitsSlackLimits } from '../src/platforms/slack/render.js';
import { build, createStore, V1, V2, type TestStore } from './alerts-fixtures.js';
import { DiscordClient, discordButtons, FakeDiscordApi, FakeSlackApi, SlackClient, slackButtons, slackText, waitFor } from './chat-fakes.js';

const APP_ID = 'app-e2e';
const SECRET = 'e2e-signing-secret';
const GUILD = '700000000000000001';
const TEXT_CHANNEL = '700000000000000100';
const QUIET_CHANNEL = '700000000000000101';

let store: TestStore;
let http: HttpServer;
let discordApi: FakeDiscordApi;
let slackApi: FakeSlackApi;
let discord: DiscordClient;
let slack: SlackClient;
let discordRuntime: DiscordRuntime;
let slackRuntime: SlackHandle;

beforeAll(async () => {
  store = createStore(':memory:', new Date(Date.now() - 3_600_000));
  await store.core.importCatalog(build(V1));
  discordApi = new FakeDiscordApi();
  slackApi = new FakeSlackApi();
  await Promise.all([discordApi.start(), slackApi.start()]);
  const log = createLogger('silent');
  const metrics = createMetrics(false);
  http = createHttpServer({ metrics, log });
  discord = new DiscordClient(APP_ID);
  discordRuntime = await startDiscord({
    core: store.core,
    config: {
      DISCORD_PUBLIC_KEY: discord.publicKeyHex,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_TOKEN: 'discord-e2e-token',
      DISCORD_API_BASE: discordApi.apiBase,
      DISCORD_GUILD_ID: undefined,
    },
    http,
    log,
    metrics,
    rest: createDiscordRest({ apiBase: discordApi.apiBase, retries: 0, timeoutMs: 5000 }),
    connectGateway: false,
  });
  slackRuntime = await startSlack({
    core: store.core,
    config: { SLACK_BOT_TOKEN: 'xoxb-e2e-token', SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: slackApi.apiUrl },
    http,
    log,
    metrics,
  });
  const url = (await http.listen(0, '127.0.0.1')).url;
  discord.endpoint = url;
  slack = new SlackClient(SECRET, slackApi);
  slack.base = url;
});

afterAll(async () => {
  await slackRuntime?.stop();
  await discordRuntime?.stop();
  await http?.close();
  await Promise.all([discordApi?.close(), slackApi?.close()]);
  store?.db.$client.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function slackCommand(command: string, text: string, channel: string): Promise<any> {
  const { body, responsePath } = slack.command(command, text, { channel });
  expect((await slack.post(body)).status).toBe(200);
  await slackRuntime.idle();
  return (await waitFor(() => slackApi.responses(responsePath)[0], responsePath)).body;
}

describe('alerts from chat to chat', () => {
  it('channels subscribed on Discord and Slack receive exactly their alerts after a scoring run', async () => {
    // subscribe through the real endpoints, as a server manager and as a Slack user
    const d1 = await discord.send(discord.slash('subscribe', { target: 'category:Text models' }, { guild: GUILD, channel: TEXT_CHANNEL }));
    expect(d1.json.data.embeds[0].title).toBe('Subscribed');
    const d2 = await discord.send(discord.slash('subscribe', { target: 'Alpha 1' }, { guild: GUILD, channel: QUIET_CHANNEL }));
    expect(d2.json.data.embeds[0].title).toBe('Subscribed');
    expect((await slackCommand('/subscribe', 'Echo 5', 'C0ECHO')).response_type).toBe('in_channel');
    expect((await slackCommand('/subscribe', 'bravo 2', 'C0GONE')).response_type).toBe('in_channel');
    expect((await store.subscriptions.list()).map((s) => [s.platform, s.channelId, s.targetLabel])).toEqual([
      ['discord', TEXT_CHANNEL, 'Text models'],
      ['discord', QUIET_CHANNEL, 'Alpha 1'],
      ['slack', 'C0ECHO', 'Echo 5'],
      ['slack', 'C0GONE', 'Bravo 2'],
    ]);

    // new data: Echo 5 jumps to #3, Golf 7 is new, Bravo 2 gets cheaper; the app was removed from #gone
    slackApi.failChannel('C0GONE', 'not_in_channel');
    store.clock.now = new Date();
    const run = await store.core.importCatalog(build(V2, '2026-11-02'));
    expect(run).toMatchObject({ outboxRows: 3 });

    const config = loadConfig({
      DISCORD_TOKEN: 'discord-e2e-token',
      DISCORD_API_BASE: discordApi.apiBase,
      SLACK_BOT_TOKEN: 'xoxb-e2e-token',
      SLACK_API_URL: slackApi.apiUrl,
      SLACK_SIGNING_SECRET: SECRET,
    });
    const worker = createDeliveryWorker({ outbox: store.outbox, notifiers: notifiersFromConfig(config, 5000), pollMs: 20 });
    expect(await worker.drain()).toMatchObject({ delivered: 2, disabled: 1 });

    // Discord: the category channel got one message; the channel watching Alpha 1 nothing
    const [alert, ...more] = discordApi.messagesIn(TEXT_CHANNEL);
    expect(more).toEqual([]);
    expect(discordApi.messagesIn(QUIET_CHANNEL)).toEqual([]);
    expect(alert!.headers.authorization).toBe('Bot discord-e2e-token');
    const lines = String(alert!.body.content).split('\n');
    expect(lines[0]).toBe('**Rank changes** · Text models');
    expect(lines).toContain('• **Golf 7** is new in Text models at #6 · UnfragileRank 27');
    expect(lines.find((l) => l.startsWith('• **Echo 5** moved #5 → #3 in Text models'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('• **Bravo 2** price input $1 → $0.50 per 1M tokens'))).toBeDefined();
    expect(alert!.body).toMatchObject({ allowed_mentions: { parse: [] }, enforce_nonce: true });

    // Slack: #echo got Echo 5's move; #gone was refused, so its subscription is disabled
    const [echo, ...echoMore] = slackApi.messagesIn('C0ECHO');
    expect(echoMore).toEqual([]);
    expect(echo!.headers.authorization).toBe('Bearer xoxb-e2e-token');
    expect(String(echo!.body.text)).toMatch(/^Rank changes: Echo 5\nEcho 5 moved #5 → #3 in Text models/);
    expect(slackApi.messagesIn('C0GONE')).toEqual([]);
    expect((await store.subscriptions.list({ platform: 'slack', channelId: 'C0GONE' }))[0]).toMatchObject({ status: 'disabled', disabledReason: 'not_in_channel' });
    expect(await store.outbox.stats()).toMatchObject({ pending: 0, sending: 0, delivered: 2, dead: 1 });

    // what the channels' /subscriptions now say
    const listed = await discord.send(discord.slash('subscriptions', {}, { guild: GUILD, channel: TEXT_CHANNEL }));
    expect(discordLimitProblems(listed.json.data)).toEqual([]);
    expect(listed.json.data.embeds[0].fields[0].value).toMatch(/\*\*Last alert:\*\* <t:\d+:R> · Golf 7 is new in Text models at #6 · UnfragileRank 27 \(\+4 more\)$/);
    const gone = await slackCommand('/subscriptions', '', 'C0GONE');
    expect(fitsSlackLimits(gone)).toBe(true);
    expect(slackText(gone.blocks)).toContain(':no_entry: *disabled* (not_in_channel)');
    expect(slackText(gone.blocks)).toContain(DISABLED_REASON_TEXT.not_in_channel.slice(0, 40));

    // the alerts' Compare buttons: a card in Discord, a card in the alert's thread in Slack
    const compare = discordButtons(alert!.body).find((b) => b.label.startsWith('Compare '))!;
    const click = discord.click(compare.custom_id, { guild: GUILD, channel: TEXT_CHANNEL, permissions: '0' });
    expect((await discord.send(click)).json.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const card = (await discordApi.edited(APP_ID, click.token)).body;
    expect(card.flags ?? 0).toBe(0);
    expect(card.embeds[0].title).toBe(compare.label.replace(/^Compare /, ''));

    const slackCompare = slackButtons(echo!.body.blocks)[0]!;
    const posts = slackApi.api('chat.postMessage').length;
    const action = slack.action({ action_id: slackCompare.action_id, value: slackCompare.value }, { channel: 'C0ECHO', messageTs: '1700001234.000100' });
    expect((await slack.post(action.body)).status).toBe(200);
    await slackRuntime.idle();
    const thread = await waitFor(() => slackApi.api('chat.postMessage').length > posts && slackApi.api('chat.postMessage').at(-1), 'the compare card');
    expect(thread.body).toMatchObject({ channel: 'C0ECHO', thread_ts: '1700001234.000100' });
    expect(slackText(thread.body.blocks)).toContain(slackCompare.text.text.replace(/^Compare /, ''));
  });
});

describe('npm start with a platform configured', () => {
  it('runs the alerts scheduler next to the bot, and stops it on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-main-'));
    const dbPath = join(dir, 'main.db');
    const prepared = createApp(dbPath);
    await ensureCatalog(prepared.core);
    prepared.close();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        DATABASE_PATH: dbPath,
        LOG_LEVEL: 'info',
        HTTP_PORT: '0',
        HTTP_HOST: '127.0.0.1',
        SCORING_INTERVAL: '300ms',
        SLACK_BOT_TOKEN: 'xoxb-main-token',
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slackApi.apiUrl,
        SLACK_APP_TOKEN: '',
        DISCORD_TOKEN: '',
        DISCORD_PUBLIC_KEY: '',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const logs: Array<{ msg?: string }> = [];
    let buffered = '';
    // the logger writes JSON lines to stderr
    child.stderr.on('data', (c: Buffer) => {
      buffered += c.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const l of lines) if (l.trim().startsWith('{')) logs.push(JSON.parse(l) as { msg?: string });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => logs.filter((l) => l.msg === 'scoring run').length >= 2, 'two scheduled scoring runs', 60_000);
      expect(logs.some((l) => l.msg === 'rank-change alerts started')).toBe(true);
      expect(logs.some((l) => l.msg === 'matchgraph started')).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(logs.some((l) => l.msg === 'shutting down')).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);
});

/**
 * Two instances of the bot on one PostgreSQL store, each with its own connection pool and HTTP
 * server, behind the same Discord application and Slack app: a button rendered by one instance
 * works on the other, a Slack event or slash command delivered to both is handled once, a Discord
 * interaction id too, and only one of them runs each scheduled scoring run.
 */
import { InteractionType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAlerts } from '../src/alerts/index.js';
import { coreOn, ensureCatalog, type App } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { openPgStore } from '../src/db/store.js';
import { createLogger } from '../src/log.js';
import { slackText, waitFor } from './chat-fakes.js';
import { APP_ID, startBot, type Bot } from './signed-endpoints.js';
import { countRows, describePg, openSuiteStore } from './stores.js';

describePg('two instances on one store', () => {
  let a: Bot;
  let b: Bot;
  const apps: App[] = [];
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    // a fresh database; each instance opens its own pool on it, as two processes would
    const first = await openSuiteStore('postgres');
    dispose = first.dispose;
    await ensureCatalog(coreOn(first.store));
    for (let i = 0; i < 2; i++) {
      const store = await openPgStore(first.url!, { max: 4 });
      apps.push({ store, core: coreOn(store), close: () => store.close() });
    }
    a = await startBot({ app: apps[0]!, level: 'warn' });
    b = await startBot({ app: apps[1]!, level: 'warn', fakes: { discordApi: a.discordApi, slackApi: a.slackApi, discord: a.discord } });
  }, 120_000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    for (const app of apps) await app.close();
    await dispose?.();
  });

  /** sends a signed interaction to one instance */
  const sendTo = (bot: Bot, payload: unknown) => {
    a.discord.endpoint = bot.base;
    return a.discord.send(payload);
  };

  it('a /compare card rendered by one instance: its buttons work on the other', async () => {
    const ix = a.discord.slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    expect((await sendTo(a, ix)).status).toBe(200);
    const card = (await a.discordApi.edited(APP_ID, ix.token)).body as { components: Array<{ components: Array<{ label: string; custom_id: string }> }> };
    const buttons = card.components.flatMap((r) => r.components);
    const caps = buttons.find((x) => x.label === 'Capabilities')!;
    const r = await sendTo(b, a.discord.click(caps.custom_id));
    expect(r.status).toBe(200);
    expect(r.json.data.flags).toBe(MessageFlags.Ephemeral);
    expect(JSON.stringify(r.json.data.embeds)).toContain('Meta: Llama 3.2 1B Instruct capabilities');
    const alt = buttons.find((x) => x.label === 'Alternatives to gemini')!;
    const click = a.discord.click(alt.custom_id);
    await sendTo(b, click);
    const answer = (await a.discordApi.edited(APP_ID, click.token)).body as { embeds: Array<{ title: string }> };
    expect(answer.embeds[0]!.title).toBe('Alternatives to gemini');
  });

  it('one Discord interaction delivered to both instances runs once', async () => {
    const ix = a.discord.interaction(InteractionType.ApplicationCommand, { id: 'cmd-top', name: 'top', type: 1, options: [{ name: 'limit', type: 4, value: 3 }] });
    const [ra, rb] = await Promise.all([sendTo(a, ix), sendTo(b, ix)]);
    expect([ra.status, rb.status].sort(), JSON.stringify([ra.json, rb.json])).toEqual([200, 401]);
    const answered = [ra, rb].find((r) => r.status === 200)!;
    expect(JSON.stringify(answered.json.data)).toContain('Top 3');
  });

  it('a Slack event delivered to both instances is answered once; so is a slash command', async () => {
    const event = { type: 'app_mention', user: 'U0ASKER', text: '<@UBOTMATCH> alternatives to cursor', ts: '1700000900.000100', channel: 'C0TWO', event_ts: '1700000900.000100' };
    const body = a.slack.event(event, 'Ev0TWOINSTANCES');
    for (const bot of [a, b]) {
      a.slack.base = bot.base;
      expect((await a.slack.post(body, 'application/json')).status).toBe(200);
    }
    await Promise.all([a.slackHandle.idle(), b.slackHandle.idle()]);
    const replies = await waitFor(() => {
      const m = a.slackApi.messagesIn('C0TWO');
      return m.length > 0 && m;
    }, 'the reply');
    expect(replies).toHaveLength(1);
    expect(slackText(replies[0]!.body.blocks)).toMatch(/Alternatives to Cursor/i);

    // the same signed slash command, sent to each instance
    const { body: slash, responsePath } = a.slack.command('/top', 'limit:3');
    const ts = String(Math.floor(Date.now() / 1000));
    const { createHmac } = await import('node:crypto');
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': `v0=${createHmac('sha256', a.slack.secret).update(`v0:${ts}:${slash}`).digest('hex')}`,
    };
    for (const bot of [a, b]) expect((await fetch(`${bot.base}/slack/events`, { method: 'POST', headers, body: slash })).status).toBe(200);
    await Promise.all([a.slackHandle.idle(), b.slackHandle.idle()]);
    await waitFor(() => a.slackApi.responses(responsePath).length >= 1, 'the answer');
    expect(a.slackApi.responses(responsePath)).toHaveLength(1);
  });

  it('both instances run the scheduler; each interval one of them scores', async () => {
    const config = loadConfig({ SCORING_INTERVAL: '1h', LOG_LEVEL: 'silent', ALERTS_DELIVERY: 'off' });
    const log = createLogger('silent');
    const runs = await countRows(apps[0]!.store, 'scoring_runs');
    const handles = apps.map((app, i) => startAlerts({ core: app.core, store: app.store, config, log, instance: `instance-${i}` }));
    try {
      const results = await Promise.all(handles.map((h) => h.scheduledRun()));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await countRows(apps[0]!.store, 'scoring_runs')).toBe(runs + 1);
      // the same interval, asked again: still held
      expect(await Promise.all(handles.map((h) => h.scheduledRun()))).toEqual([null, null]);
    } finally {
      for (const h of handles) await h.stop();
    }
  });
});

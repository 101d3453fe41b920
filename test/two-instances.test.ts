/**
 * Two instances of the bot on one PostgreSQL store, each with its own connection pool and HTTP
 * server, behind the same Discord application and Slack app: a button rendered by one instance
 * works on the other, a Slack event or slash command delivered to both is handled once, a Discord
 * interaction id too, and only one of them runs each scheduled scoring run. A button whose action
 * does not fit its custom_id keeps it in the store's chat state, so it works on either instance too
 * (on SQLite as well: two processes on one database file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAlerts } from '../src/alerts/index.js';
import { coreOn, ensureCatalog, type App } from '../src/bootstrap.js';
import { loadConfig } from '../src/config.js';
import { DISPATCH_TEXT } from '../src/chat/dispatch.js';
import { openPgStore, openSqliteStore, type AnyStore } from '../src/db/store.js';
import { createLogger } from '../src/log.js';
import { discordButtons, slackText, waitFor } from './chat-fakes.js';
import { APP_ID, startBot, type Bot } from './signed-endpoints.js';
import { countRows, describePg, describeStores, dropPgDatabase, freshPgUrl, query } from './stores.js';

/**
 * Two apps on one fresh database, each with its own connection (pool), as two processes would
 * have; the catalog is built once. `dispose()` removes the database.
 */
async function twoInstanceApps(dialect: 'sqlite' | 'postgres'): Promise<{ apps: App[]; dispose(): Promise<void> }> {
  const open: Array<() => Promise<AnyStore>> = [];
  let dispose: () => Promise<void>;
  if (dialect === 'postgres') {
    const { url, name } = await freshPgUrl();
    open.push(() => openPgStore(url, { max: 4 }), () => openPgStore(url, { max: 4 }));
    dispose = () => dropPgDatabase(name);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'mg-two-'));
    const file = join(dir, 'matchgraph.db');
    open.push(async () => openSqliteStore(file), async () => openSqliteStore(file));
    dispose = async () => rmSync(dir, { recursive: true, force: true });
  }
  const apps: App[] = [];
  for (const o of open) {
    const store = await o();
    const core = coreOn(store);
    if (apps.length === 0) await ensureCatalog(core);
    apps.push({ store, core, close: () => store.close() });
  }
  return { apps, dispose };
}

describePg('two instances on one store', () => {
  let a: Bot;
  let b: Bot;
  const apps: App[] = [];
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const shared = await twoInstanceApps('postgres');
    apps.push(...shared.apps);
    dispose = shared.dispose;
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

describeStores('two instances: a button too long for its custom_id', (dialect) => {
  let a: Bot;
  let b: Bot;
  let apps: App[] = [];
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const shared = await twoInstanceApps(dialect);
    apps = shared.apps;
    dispose = shared.dispose;
    a = await startBot({ app: apps[0]!, level: 'warn' });
    b = await startBot({ app: apps[1]!, level: 'warn', fakes: { discordApi: a.discordApi, slackApi: a.slackApi, discord: a.discord } });
  }, 120_000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    for (const app of apps) await app.close();
    await dispose?.();
  });

  const sendTo = (bot: Bot, payload: unknown) => {
    a.discord.endpoint = bot.base;
    return a.discord.send(payload);
  };
  const followUp = (token: string) => {
    const path = `/api/v10/webhooks/${APP_ID}/${token}`;
    return waitFor(() => a.discordApi.requests.find((r) => r.method === 'POST' && r.path === path), `the follow-up of ${token}`);
  };

  it('a did-you-mean pick rendered by one instance runs on the other; once expired it says so', async () => {
    const resolver = await apps[0]!.core.resolver();
    const ambiguous = ['llama', 'claude', 'gpt', 'mistral', 'qwen', 'gemma'].find((q) => resolver.resolve(q).status === 'ambiguous')!;
    expect(ambiguous, 'some common name is ambiguous in the real catalog').toBeDefined();
    // the product with the longest id as the other name: each pick's action is too long for a custom_id
    const products = await apps[0]!.core.products();
    const second = products.reduce((x, y) => (y.id.length > x.id.length ? y : x));
    const ix = a.discord.slash('compare', { first: ambiguous, second: second.id });
    expect((await sendTo(a, ix)).status).toBe(200);
    const prompt = (await followUp(ix.token)).body;
    expect(JSON.stringify(prompt)).toMatch(/Did you mean/);
    const pick = discordButtons(prompt)[0]!;
    expect(pick.custom_id).toMatch(/^mg:~/);

    // clicked on the other instance: it runs the comparison; the same click on the first gives the same card
    const answers = [];
    for (const bot of [b, a]) {
      const click = a.discord.click(pick.custom_id, {}, MessageFlags.Ephemeral);
      const r = await sendTo(bot, click);
      expect(r.status).toBe(200);
      expect(r.json.type).toBe(InteractionResponseType.UpdateMessage);
      answers.push((await followUp(click.token)).body as { embeds: Array<{ title: string }>; components: unknown });
    }
    const [onB, onA] = answers;
    expect(onB!.embeds[0]!.title).toBe(`${resolver.resolve(ambiguous).candidates[0]!.name} vs ${second.name}`);
    // each comparison counts as a match of the pair: the count is the one thing allowed to differ
    const uncounted = (m: { embeds: unknown }) => JSON.stringify(m.embeds).replace(/Times Matched:\*\* \d+/g, 'Times Matched:** n');
    expect(uncounted(onB!)).toBe(uncounted(onA!));
    expect(discordButtons(onB).map((x) => x.label)).toEqual(discordButtons(onA).map((x) => x.label));

    // once the stored action expires, a click on either instance answers that it has
    await query(apps[0]!.store, 'update chat_state set expires_at = 0');
    for (const bot of [b, a]) {
      const r = await sendTo(bot, a.discord.click(pick.custom_id, {}, MessageFlags.Ephemeral));
      expect(r.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(JSON.stringify(r.json.data)).toContain(DISPATCH_TEXT.expired);
    }
  });
});

describePg('two instances starting together on an empty database', () => {
  it('import and score the catalog once: one waits for the other, then both answer', async () => {
    const { url, name } = await freshPgUrl();
    const stores = [await openPgStore(url, { max: 4 }), await openPgStore(url, { max: 4 })];
    try {
      const cores = stores.map((s) => coreOn(s));
      const log = createLogger('silent');
      await Promise.all(cores.map((core, i) => ensureCatalog(core, log, { leases: stores[i]!.leases, instance: `instance-${i}` })));
      expect(await countRows(stores[0]!, 'scoring_runs')).toBe(1);
      for (const core of cores) {
        core.invalidate();
        expect((await core.catalog.meta()).productCount).toBeGreaterThan(1000);
        expect((await core.resolveName('first', 'gemini')).ok).toBe(true);
      }
      // the lease is held by the instance that imported: the other never took it
      const [lease] = await query<{ owner: string }>(stores[0]!, "select owner from job_leases where name = 'catalog-bootstrap'");
      expect(['instance-0', 'instance-1']).toContain(lease!.owner);
    } finally {
      for (const s of stores) await s.close();
      await dropPgDatabase(name);
    }
  });
});

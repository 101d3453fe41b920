/**
 * Signed requests of the wrong shape, replays and oversized work, through the real endpoints
 * against the platform fakes: one test per finding of the hardening review.
 */
import { InteractionResponseType, InteractionType, MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteReplayStore } from '../src/db/replay.js';
import { openDb } from '../src/db/client.js';
import { runCommand } from '../commands/run.js';
import { search } from '../commands/index.js';
import { createMemoryReplayStore } from '../src/core/replay.js';
import { truncate } from '../src/core/format.js';
import { isMentionOnly, sanitizeText } from '../src/core/text.js';
import { renderText } from '../src/cli/render-text.js';
import { createMemoryActionStore } from '../src/chat/actions.js';
import { renderView } from '../src/platforms/discord/render.js';
import { renderSlack } from '../src/platforms/slack/render.js';
import type { View } from '../src/core/views.js';
import { discordLimitProblems } from '../src/platforms/discord/limits.js';
import { fitsSlackLimits } from '../src/platforms/slack/render.js';
import { slackText, waitFor } from './chat-fakes.js';
import { startBot, type Bot } from './signed-endpoints.js';

let bot: Bot;

beforeAll(async () => {
  bot = await startBot({ level: 'info' });
});

afterAll(async () => {
  await bot?.stop();
});

const warnings = (msg: string) => bot.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === msg);

describe('Slack: signed requests of the wrong shape', () => {
  it('the five shapes that used to get 500 get 400, counted as bad_request and logged once at warn without a stack', async () => {
    const { slack } = bot;
    const shapes: Array<[string, string, string?]> = [
      ['payload=null', 'payload=null'],
      ['event_callback with event null', JSON.stringify({ type: 'event_callback', event: null, event_id: 'Ev0NULL' }), 'application/json'],
      ['block_actions with actions "x" and user null', `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', actions: 'x', user: null }))}`],
      ['view_submission without fields', `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission' }))}`],
      ['shortcut with user null', `payload=${encodeURIComponent(JSON.stringify({ type: 'shortcut', user: null }))}`],
    ];
    const before = { bad: await bot.errors('slack', 'bad_request'), internal: await bot.errors('slack', 'internal') };
    const warned = warnings('slack request of an unexpected shape').length;
    for (const [name, body, type] of shapes) {
      const res = await slack.post(body, type);
      expect(res.status, name).toBe(400);
    }
    await bot.slackHandle.idle();
    expect(await bot.errors('slack', 'bad_request')).toBe(before.bad + shapes.length);
    expect(await bot.errors('slack', 'internal')).toBe(before.internal);
    const lines = warnings('slack request of an unexpected shape').slice(warned);
    expect(lines).toHaveLength(shapes.length);
    for (const l of lines) {
      expect(l.level).toBe(40);
      expect(l.err).toBeUndefined();
      expect(JSON.stringify(l)).not.toMatch(/\bat .*\.(?:ts|js):\d+/);
    }
    expect(bot.lines.some((l) => JSON.parse(l).level >= 50)).toBe(false);
  });

  it('other shapes bolt cannot read are refused too, and well-formed ones still work', async () => {
    const { slack } = bot;
    const refused = [
      JSON.stringify({ type: 'event_callback', event: { type: 'app_mention', user: null } }),
      JSON.stringify({ type: 'event_callback', event: { type: 'reaction_added', channel: null } }),
      JSON.stringify({ type: 'event_callback', event: { type: 'message' }, authorizations: [null] }),
      JSON.stringify({ type: 'something_else' }),
      JSON.stringify([1, 2, 3]),
      JSON.stringify('text'),
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
    ];
    for (const body of refused) expect((await slack.post(body, 'application/json')).status, body.slice(0, 60)).toBe(400);
    const forms = [
      new URLSearchParams({ command: '/top', text: 'x' }).toString(),
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [null] }))}`,
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_suggestion', user: { id: 'U1' } }))}`,
      `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'a', type: 'button' }], channel: null }))}`,
      'payload=%7Bnot json',
    ];
    for (const body of forms) expect((await slack.post(body)).status, body.slice(0, 60)).toBe(400);
    // ids and timestamps go back to the Web API: a lone surrogate there used to make the client throw
    const badIds = [
      slack.event({ type: 'app_mention', user: 'U0ASKER', text: '<@UBOTMATCH> top', ts: '1700000000.000100', channel: 'C\ud800' }, 'Ev0BADID1'),
      slack.event({ type: 'app_mention', user: 'U0ASKER', text: '<@UBOTMATCH> top', ts: '1700000000.0001\ud800', channel: 'C0CHAN' }, 'Ev0BADID2'),
      slack.event({ type: 'app_home_opened', user: 'U0/../x', tab: 'home' }, 'Ev0BADID3'),
    ];
    for (const body of badIds) expect((await slack.post(body, 'application/json')).status).toBe(400);
    // still served: a real slash command
    const { body, responsePath } = slack.command('/top', 'limit:3');
    expect((await slack.post(body)).status).toBe(200);
    await waitFor(() => bot.slackApi.responses(responsePath).length === 1, 'the /top answer');
  });
});

describe('Slack: replays', () => {
  it('a slash command sent three times with the same body and headers runs once; the replays are acknowledged', async () => {
    const { slack, slackApi } = bot;
    const { body, responsePath } = slack.command('/top', 'limit:3');
    const ts = String(Math.floor(Date.now() / 1000));
    const { createHmac } = await import('node:crypto');
    const signature = `v0=${createHmac('sha256', slack.secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature };
    const replaysBefore = await bot.errors('slack', 'replay');
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${bot.base}/slack/events`, { method: 'POST', headers, body })).status);
    expect(statuses).toEqual([200, 200, 200]);
    await bot.slackHandle.idle();
    await waitFor(() => slackApi.responses(responsePath).length >= 1, 'the answer');
    expect(slackApi.responses(responsePath)).toHaveLength(1);
    expect(await bot.errors('slack', 'replay')).toBe(replaysBefore + 2);
  });

  it('a replayed click runs once too', async () => {
    const { slack, slackApi } = bot;
    const click = slack.action({ action_id: 'mg_act:0', value: 'mg:top?limit=2' });
    const ts = String(Math.floor(Date.now() / 1000));
    const { createHmac } = await import('node:crypto');
    const signature = `v0=${createHmac('sha256', slack.secret).update(`v0:${ts}:${click.body}`).digest('hex')}`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': signature };
    for (let i = 0; i < 2; i++) expect((await fetch(`${bot.base}/slack/events`, { method: 'POST', headers, body: click.body })).status).toBe(200);
    await bot.slackHandle.idle();
    await waitFor(() => slackApi.responses(click.responsePath).length >= 1, 'the answer');
    expect(slackApi.responses(click.responsePath)).toHaveLength(1);
  });

  it('the SQLite store is shared by every instance on the database, and forgets keys once they expire', async () => {
    const db = openDb(':memory:');
    let clock = 1_000_000;
    const a = createSqliteReplayStore(db, () => clock);
    const b = createSqliteReplayStore(db, () => clock);
    expect(await a.firstSeen('slack:abc', clock + 1000)).toBe(true);
    expect(await b.firstSeen('slack:abc', clock + 1000)).toBe(false);
    clock += 1000;
    expect(await b.firstSeen('slack:abc', clock + 1000)).toBe(true);
    db.$client.close();

    const mem = createMemoryReplayStore({ maxEntries: 2, now: () => clock });
    expect(await mem.firstSeen('a', clock + 10)).toBe(true);
    expect(await mem.firstSeen('a', clock + 10)).toBe(false);
    await mem.firstSeen('b', clock + 10);
    await mem.firstSeen('c', clock + 10);
    expect(mem.size).toBeLessThanOrEqual(2);
  });
});

describe('Discord: payloads of the wrong shape and oversized ones', () => {
  it('a /compare with 20,000 options is refused with a friendly private message, before any name is resolved', async () => {
    const { discord, app } = bot;
    const ix = discord.interaction(InteractionType.ApplicationCommand, {
      id: 'cmd-compare',
      name: 'compare',
      type: 1,
      options: Array.from({ length: 20_000 }, (_, i) => ({ name: i % 2 ? 'first' : 'second', type: 3, value: `gpt-${i}` })),
    });
    const internal = await bot.errors('discord', 'internal');
    const edges = (await app.core.matches.edges(new Date(), 30)).length;
    const r = await discord.send(ix);
    expect(r.status).toBe(200);
    expect(r.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(r.json.data.flags).toBe(MessageFlags.Ephemeral);
    expect(r.json.data.content).toMatch(/could not be read/);
    expect(discordLimitProblems(r.json.data)).toEqual([]);
    expect((await app.core.matches.edges(new Date(), 30)).length).toBe(edges);
    expect(await bot.errors('discord', 'internal')).toBe(internal);

    // within Discord's own 25 but more than /compare defines: named in the answer
    const four = discord.slash('compare', { first: 'gpt-4o', second: 'claude', third: 'gemini', fourth: 'llama' } as Record<string, string>);
    const r4 = await discord.send(four);
    expect(r4.json.data.flags).toBe(MessageFlags.Ephemeral);
    expect(r4.json.data.content).toMatch(/\/compare takes at most 3 options/);
    const twice = discord.interaction(InteractionType.ApplicationCommand, {
      name: 'compare',
      type: 1,
      options: [
        { name: 'first', type: 3, value: 'gpt-4o' },
        { name: 'first', type: 3, value: 'claude' },
      ],
    });
    expect((await discord.send(twice)).json.data.content).toMatch(/given twice/);
    const long = discord.slash('product', { name: 'x'.repeat(4001) });
    expect((await discord.send(long)).json.data.content).toMatch(/too long/);
  });

  it('missing data, wrong option types and a missing command name get a clear private error, counted as bad_request', async () => {
    const { discord } = bot;
    const before = { bad: await bot.errors('discord', 'bad_request'), internal: await bot.errors('discord', 'internal') };
    const warned = warnings('discord interaction of an unexpected shape').length;
    const payloads = [
      discord.interaction(InteractionType.ApplicationCommand, undefined),
      discord.interaction(InteractionType.ApplicationCommand, { type: 1, options: [] }),
      discord.interaction(InteractionType.ApplicationCommand, { name: 'compare', type: 1, options: [{ name: 'first', type: 3, value: { $gt: '' } }] }),
      discord.interaction(InteractionType.ApplicationCommand, { name: 'compare', type: 1, options: 'first' }),
      discord.interaction(InteractionType.ApplicationCommand, { name: 'compare', type: 1, options: [{ name: 'g', type: 2, options: [{ name: 's', type: 1, options: [{ name: 'o', type: 3, options: [] }] }] }] }),
      discord.interaction(InteractionType.MessageComponent, { component_type: 2 }),
      discord.interaction(InteractionType.MessageComponent, { custom_id: 'mg:caps:0:x', component_type: 2 }, {}, { message: { components: [null] } }),
      { ...discord.interaction(InteractionType.ApplicationCommand, { name: 'top', type: 1 }), member: { permissions: '8' } },
      { ...discord.interaction(InteractionType.ApplicationCommand, { name: 'top', type: 1 }), token: null },
      // ids and tokens become REST paths: nothing that could leave /webhooks/<app>/<token>
      { ...discord.interaction(InteractionType.ApplicationCommand, { name: 'top', type: 1 }), token: '../../channels/1/messages' },
      { ...discord.interaction(InteractionType.ApplicationCommand, { name: 'top', type: 1 }), token: '..' },
      { ...discord.interaction(InteractionType.ApplicationCommand, { name: 'top', type: 1 }), application_id: '1/../../x' },
    ];
    for (const p of payloads) {
      const r = await discord.send(p);
      expect(r.status).toBe(200);
      expect(r.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(r.json.data.flags).toBe(MessageFlags.Ephemeral);
      expect(r.json.data.content).toMatch(/could not be read/);
      expect(r.json.data.content).not.toContain('undefined');
      expect(r.json.data.allowed_mentions).toEqual({ parse: [] });
    }
    const ac = await discord.send(discord.interaction(InteractionType.ApplicationCommandAutocomplete, { type: 1 }));
    expect(ac.json).toEqual({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } });

    expect(await bot.errors('discord', 'bad_request')).toBe(before.bad + payloads.length + 1);
    expect(await bot.errors('discord', 'internal')).toBe(before.internal);
    const lines = warnings('discord interaction of an unexpected shape').slice(warned);
    expect(lines).toHaveLength(payloads.length + 1);
    for (const l of lines) {
      expect(l.level).toBe(40);
      expect(l.err).toBeUndefined();
    }
    // over the gateway, one whose token cannot be a REST path gets no callback at all
    const before2 = bot.discordApi.requests.length;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await bot.discordRuntime.gateway!.dispatch({ ...discord.slash('top', {}), token: '../../channels/1/messages' } as any);
    expect(bot.discordApi.requests.length).toBe(before2);
    // not an interaction at all: 400
    expect((await discord.send({ id: 5, type: 'x' })).status).toBe(400);
    expect((await discord.send(null)).status).toBe(400);
  });

  it('Slack: a slash command with over-long text is refused with a friendly answer before it is parsed', async () => {
    const { slack, slackApi } = bot;
    const { body, responsePath } = slack.command('/compare', `${'gpt '.repeat(2000)}vs gemini`);
    expect((await slack.post(body)).status).toBe(200);
    await bot.slackHandle.idle();
    await waitFor(() => slackApi.responses(responsePath).length === 1, 'the answer');
    const [answer] = slackApi.responses(responsePath);
    expect(answer!.body.response_type).toBe('ephemeral');
    expect(slackText(answer!.body.blocks)).toMatch(/too long/);
    expect(fitsSlackLimits(answer!.body)).toBe(true);
  });
});

const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;
const ZERO_WIDTH_INPUT = /[\u200B\u200C\uFEFF]/;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function discordText(msg: any): string {
  return [msg.content ?? '', ...(msg.embeds ?? []).flatMap((e: any) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value])])].join('\n');
}

describe('echoed text', () => {
  it('one sanitiser: bidi controls and zero-width characters out, lone surrogates replaced, emoji kept', () => {
    expect(sanitizeText('gpt\u202eevil\u202c-4o')).toBe('gptevil-4o');
    expect(sanitizeText('\u2066a\u2069\u200eb\u200f')).toBe('ab');
    expect(sanitizeText('a\u200bb\u200cc\u2060d\ufeff')).toBe('abcd');
    expect(sanitizeText('x\ud800y\udc00')).toBe('x\ufffdy\ufffd');
    expect(sanitizeText('👩\u200d💻 🦙')).toBe('👩\u200d💻 🦙');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    for (const m of ['@here', '@everyone', '<@123>', '<@!123>', '<@&123>', '<#123>', '<!channel>', '<!here>', '<@U0ABC|bob>', ' @channel ']) expect(isMentionOnly(m), m).toBe(true);
    for (const m of ['cohere', 'here', '@cursor', 'gpt @here', '']) expect(isMentionOnly(m), m).toBe(false);
  });

  it('Discord: a bidi override in a search does not reach the public title; lone surrogates come back as U+FFFD', async () => {
    const { discord, discordApi } = bot;
    const ix = discord.slash('search', { query: 'gpt\u202eevil\u202c-4o' });
    const r = await discord.send(ix);
    const msg =
      r.json.type === InteractionResponseType.ChannelMessageWithSource ? r.json.data : (await discordApi.edited(discord.applicationId, ix.token)).body;
    expect(msg.embeds[0].title).toBe('Search: gptevil-4o');
    expect(discordText(msg)).not.toMatch(BIDI);

    const lone = await discord.send(discord.slash('product', { name: 'zz\ud800qq\u200bxx' }));
    const text = discordText(lone.json.data);
    expect(text).not.toMatch(LONE);
    expect(text).not.toMatch(ZERO_WIDTH_INPUT);
    expect(text).toContain('\ufffd');
  });

  it('Discord: "@here" and other mentions are no name: a friendly private answer, never Cohere', async () => {
    const { discord } = bot;
    for (const q of ['@here', '@everyone', '<@&123>', '<@123456789>']) {
      const r = await discord.send(discord.slash('product', { name: q }));
      expect(r.json.data.flags, q).toBe(MessageFlags.Ephemeral);
      expect(r.json.data.content, q).toMatch(/A mention is not a product name/);
      expect(discordText(r.json.data), q).not.toMatch(/Cohere/i);
    }
    const ac = await discord.send(discord.autocomplete('product', { name: '@here' }, 'name'));
    expect(ac.json.data.choices).toEqual([]);
  });

  it('Slack: bidi controls and mentions in a command', async () => {
    const { slack, slackApi } = bot;
    const s1 = slack.command('/search', 'gpt\u202eevil\u202c-4o');
    await slack.post(s1.body);
    await waitFor(() => slackApi.responses(s1.responsePath).length === 1, 'the search');
    const text = slackText(slackApi.responses(s1.responsePath)[0]!.body.blocks);
    expect(text).toContain('gptevil-4o');
    expect(text).not.toMatch(BIDI);

    const s2 = slack.command('/product', '@here');
    await slack.post(s2.body);
    await waitFor(() => slackApi.responses(s2.responsePath).length === 1, 'the product');
    const answer = slackApi.responses(s2.responsePath)[0]!.body;
    expect(answer.response_type).toBe('ephemeral');
    expect(slackText(answer.blocks)).toMatch(/A mention is not a product name/);
    expect(slackText(answer.blocks)).not.toMatch(/Cohere/i);
  });

  it('every renderer sanitises what it shows, whatever the view holds', () => {
    const evil = 'gpt\u202eevil\u202c-4o \u2066x\u2069 zero\u200bwidth \ud800 lone';
    const views: View[] = [
      { kind: 'error', code: 'bad_input', message: `No product matches "${evil}".` },
      { kind: 'resolution', status: 'none', field: 'first', query: evil, candidates: [{ id: 'x', name: evil, score: 0.5 }], message: `No product matches "${evil}".` },
      {
        kind: 'search',
        query: evil,
        results: [],
        total: 0,
        understood: { capabilities: [], words: [evil], type: null, free: false, maxPricePerMTok: null },
        suggestions: [],
        notes: [evil],
        asOf: null,
        sources: [],
      } as unknown as View,
    ];
    for (const view of views) {
      const outputs = [JSON.stringify(renderView(view, { actions: createMemoryActionStore() })), JSON.stringify(renderSlack(view)), renderText(view)];
      // JSON.stringify writes a lone surrogate as the escape \ud800, bidi and zero-width characters as they are
      for (const out of outputs) {
        expect(out, view.kind).not.toMatch(BIDI);
        expect(out, view.kind).not.toMatch(/[\u200B\u200C]/);
        expect(out, view.kind).not.toMatch(LONE);
        expect(out.includes('\\ud800'), view.kind).toBe(false);
      }
    }
  });

  it('console and CLI text use the same sanitiser', async () => {
    const view = await runCommand(search, { query: 'transcribe\u202e meetings\u200b' }, bot.app.core);
    const text = renderText(view);
    expect(text).toContain('Search: transcribe meetings');
    expect(text).not.toMatch(BIDI);
    expect(text).not.toMatch(ZERO_WIDTH_INPUT);
  });
});

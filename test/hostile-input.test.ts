/**
 * A table of hostile inputs through the signed Discord and Slack endpoints, against the local
 * platform fakes: every command and surface that echoes what people type. Whatever comes in,
 * nothing answers 5xx or fails internally, no secret reaches the log, nobody is pinged, no
 * bidi control or broken surrogate is echoed, and every reply fits the platform's limits.
 */
import { InteractionResponseType, InteractionType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discordLimitProblems, choiceProblems } from '../src/platforms/discord/limits.js';
import { slackLimitProblems } from '../src/platforms/slack/render.js';
import { slackText, waitFor, type Recorded } from './chat-fakes.js';
import { HOSTILE, SECRETS, startBot, type Bot } from './signed-endpoints.js';


const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F]/;
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

let bot: Bot;
/** the user every test interaction comes from (chat-fakes' default) */
const ACTOR = '333333333333333333';

beforeAll(async () => {
  bot = await startBot({ level: 'debug' });
});

afterAll(async () => {
  await bot?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function discordText(msg: any): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const embeds = (msg.embeds ?? []).flatMap((e: any) => [e.title ?? '', e.description ?? '', e.footer?.text ?? '', ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value])]);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const labels = (msg.components ?? []).flatMap((r: any) => r.components.map((c: any) => c.label ?? ''));
  return [msg.content ?? '', ...embeds, ...labels].join('\n');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function checkDiscordMessage(msg: any, what: string): void {
  expect(msg.allowed_mentions, what).toEqual({ parse: [] });
  expect(discordLimitProblems(msg), what).toEqual([]);
  // the one mention a reply may hold is our own: who created a subscription (never pinged: parse [])
  const text = discordText(msg).replaceAll(`<@${ACTOR}>`, '');
  expect(text, what).not.toMatch(/@(?:everyone|here)/);
  expect(text, what).not.toMatch(/<@[!&]?\d+>/);
  expect(text, what).not.toMatch(BIDI);
  expect(text, what).not.toMatch(LONE);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function checkSlackMessage(msg: any, what: string): void {
  const text = `${msg.text ?? ''}\n${slackText(msg.blocks ?? [])}`;
  expect(slackLimitProblems({ text: msg.text, blocks: msg.blocks ?? [] }), what).toEqual([]);
  // no broadcast or mention syntax from echoed text: <!channel>, <!here>, <@U…>, and no bare @here
  // (the one mention a reply may hold is our own: who created a subscription)
  expect(text, what).not.toMatch(/<!(?:here|channel|everyone|subteam)|<@(?!U0ASKER>)/i);
  expect(text, what).not.toMatch(/(?<!\u2060)@(?:channel|here|everyone)\b/);
  expect(text, what).not.toMatch(BIDI);
  expect(text, what).not.toMatch(LONE);
}

describe('hostile input through the signed endpoints', () => {
  it('Discord: every command, autocomplete and the replies that follow', async () => {
    const { discord, discordApi } = bot;
    const deferred: Array<{ token: string; what: string }> = [];
    for (const [name, input] of HOSTILE) {
      const calls: Array<[string, ReturnType<typeof discord.slash>]> = [
        ['/product', discord.slash('product', { name: input })],
        ['/compare', discord.slash('compare', { first: input, second: 'gemini' })],
        ['/compare second', discord.slash('compare', { first: 'claude', second: input, third: input })],
        ['/alternatives', discord.slash('alternatives', { product: input })],
        ['/search', discord.slash('search', { query: input })],
        ['/top', discord.slash('top', { category: input })],
        ['/subscribe', discord.slash('subscribe', { target: input })],
      ];
      for (const [cmd, ix] of calls) {
        const what = `${cmd} ${name}`;
        const r = await discord.send(ix);
        expect(r.status, what).toBe(200);
        if (r.json.type === InteractionResponseType.ChannelMessageWithSource) checkDiscordMessage(r.json.data, what);
        else {
          expect(r.json.type, what).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
          deferred.push({ token: ix.token, what });
        }
      }
      for (const command of ['product', 'compare', 'top']) {
        const option = command === 'product' ? 'name' : command === 'compare' ? 'first' : 'category';
        const ac = await discord.send(discord.autocomplete(command, { [option]: input }, option));
        expect(ac.status, `autocomplete ${command} ${name}`).toBe(200);
        expect(ac.json.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
        expect(choiceProblems(ac.json.data.choices), `autocomplete ${command} ${name}`).toEqual([]);
        for (const c of ac.json.data.choices) {
          expect(c.name).not.toMatch(BIDI);
          expect(c.name).not.toMatch(LONE);
        }
      }
    }
    // every deferred answer arrives, as an edit or a private follow-up, within the limits
    const followUps = (token: string): Recorded[] =>
      discordApi.requests.filter((r) => r.path.includes(`/webhooks/${discord.applicationId}/${token}`) && r.method !== 'DELETE');
    await waitFor(() => deferred.every((d) => followUps(d.token).length > 0), 'every deferred answer');
    for (const d of deferred) for (const r of followUps(d.token)) checkDiscordMessage(r.body, d.what);
    // a button on a hostile card still works: nothing in custom_ids breaks them
    const mention = await discord.send(discord.interaction(InteractionType.MessageComponent, { custom_id: '@everyone', component_type: 2 }));
    expect(mention.status).toBe(200);
    checkDiscordMessage(mention.json.data, 'unknown button');
  });

  it('Slack: slash commands, mentions and typeahead', async () => {
    const { slack, slackApi } = bot;
    const answers: Array<{ path: string; what: string }> = [];
    let event = 0;
    for (const [name, input] of HOSTILE) {
      for (const [command, text] of [
        ['/product', input],
        ['/compare', `${input} vs gemini`],
        ['/alternatives', input],
        ['/search', input],
        ['/top', input],
        ['/subscribe', input],
      ] as const) {
        const { body, responsePath } = slack.command(command, text);
        const res = await slack.post(body);
        expect(res.status, `${command} ${name}`).toBe(200);
        answers.push({ path: responsePath, what: `${command} ${name}` });
      }
      const ts = `17000009${String(event).padStart(2, '0')}.000100`;
      const mention = slack.event(
        { type: 'app_mention', user: 'U0ASKER', text: `<@UBOTMATCH> alternatives to ${input}`, ts, channel: 'C0HOSTILE', event_ts: ts },
        `Ev0HOSTILE${event++}`,
      );
      expect((await slack.post(mention, 'application/json')).status, `mention ${name}`).toBe(200);
      const suggestion = {
        type: 'block_suggestion',
        user: { id: 'U0HOME', team_id: 'T0TEAM' },
        team: { id: 'T0TEAM' },
        action_id: 'mg_lookup',
        block_id: 'b2',
        value: input,
        view: { id: 'V0HOME', type: 'home' },
      };
      const typeahead = await slack.post(`payload=${encodeURIComponent(JSON.stringify(suggestion))}`);
      // a typeahead value longer than Slack ever sends is refused as the wrong shape
      expect(typeahead.status, `typeahead ${name}`).toBe(input.length > 2000 ? 400 : 200);
      if (typeahead.status !== 200) continue;
      for (const o of (JSON.parse(typeahead.text) as { options: Array<{ text: { text: string } }> }).options) {
        expect(o.text.text).not.toMatch(BIDI);
        expect(o.text.text.length).toBeLessThanOrEqual(75);
      }
    }
    await bot.slackHandle.idle();
    await waitFor(() => answers.every((a) => slackApi.responses(a.path).length > 0), 'every slash command answer');
    for (const a of answers) for (const r of slackApi.responses(a.path)) checkSlackMessage(r.body, a.what);
    const posted = slackApi.messagesIn('C0HOSTILE');
    expect(posted).toHaveLength(HOSTILE.length);
    for (const p of posted) checkSlackMessage(p.body, 'mention reply');
  });

  it('nothing failed on our side, nothing was logged as an error, no secret reached the log', async () => {
    expect(await bot.errors('discord', 'internal')).toBe(0);
    expect(await bot.errors('slack', 'internal')).toBe(0);
    const lines = bot.lines.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    const all = bot.lines.join('');
    for (const secret of Object.values(SECRETS)) expect(all.includes(secret)).toBe(false);
    expect(all).not.toMatch(/\/respond\/|tok-\d/);
  });
});

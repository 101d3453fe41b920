/**
 * No secret reaches a log line, whatever fails and at whatever level: each failure path that
 * logs is forced through the real endpoints against the platform fakes, with the logger at
 * trace, and the captured lines are searched for every secret that was in play.
 */
import { InteractionType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactText, REDACTED, serializeError } from '../src/log.js';
import { waitFor } from './chat-fakes.js';
import { APP_ID, SECRETS, startBot, type Bot } from './signed-endpoints.js';

let bot: Bot;
/** interaction tokens and response URLs handed to the bot during the test */
const used: string[] = [];

beforeAll(async () => {
  bot = await startBot({ level: 'trace' });
});

afterAll(async () => {
  await bot?.stop();
});

const logged = (msg: string) => bot.lines.filter((l) => l.includes(`"msg":"${msg}`));

describe('log redaction', () => {
  it('forces every failure path that logs, then finds no secret in any line', async () => {
    const { discord, discordApi, slack, slackApi } = bot;

    // 1. a deferred answer whose edit Discord refuses: 404 Unknown Webhook
    const edit = discord.slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    used.push(edit.token);
    discordApi.failNext((r) => r.method === 'PATCH' && r.path.includes(edit.token), 404);
    expect((await discord.send(edit)).status).toBe(200);
    await waitFor(() => logged('discord follow-up failed').length >= 1, 'the follow-up failure');

    // 2. a private follow-up (an unknown name answers privately) refused with 404
    const followUp = discord.slash('compare', { first: 'zzqxv wwkkj', second: 'gemini' });
    used.push(followUp.token);
    discordApi.failNext((r) => r.method === 'POST' && r.path.includes(followUp.token), 404);
    await discord.send(followUp);
    await waitFor(() => logged('discord follow-up failed').length >= 2, 'the second follow-up failure');

    // 3. Discord failing with 500 until the REST client gives up
    const flaky = discord.slash('alternatives', { product: 'gemini' });
    used.push(flaky.token);
    discordApi.failNext((r) => r.path.includes(flaky.token), 500, { message: 'oops' });
    discordApi.failNext((r) => r.path.includes(flaky.token), 500, { message: 'oops' });
    await discord.send(flaky);
    await waitFor(() => logged('discord follow-up failed').length >= 3, 'the 500 follow-up failure');

    // 4. the gateway's interaction callback refused
    const viaGateway = discord.slash('top', { limit: 3 });
    used.push(viaGateway.token);
    discordApi.failNext((r) => r.path.includes(`/interactions/${viaGateway.id}/`), 404, { message: 'Unknown interaction', code: 10062 });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await bot.discordRuntime.gateway!.dispatch(viaGateway as any);
    expect(logged('discord interaction callback failed')).toHaveLength(1);

    // 5. Discord: forged signature and an unreadable interaction
    const forged = discord.slash('top', {});
    used.push(forged.token);
    const res = await fetch(`${bot.base}/discord/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': '0'.repeat(128), 'x-signature-timestamp': String(Math.floor(Date.now() / 1000)) },
      body: JSON.stringify(forged),
    });
    expect(res.status).toBe(401);
    const noData = discord.interaction(InteractionType.ApplicationCommand, undefined);
    used.push(noData.token);
    await discord.send(noData);

    // 6. Slack: a response_url that no longer exists
    const cmd = slack.command('/top', '');
    const expired = cmd.body.replace(encodeURIComponent(`${slackApi.url}/respond/`), encodeURIComponent(`${slackApi.url}/expired/`));
    used.push('/expired/sub-cmd-1', cmd.responsePath);
    expect((await slack.post(expired)).status).toBe(200);
    await bot.slackHandle.idle();
    await waitFor(() => logged('slack listener failed').length >= 1, 'the response_url failure');

    // 7. Slack: chat.postMessage refused for a mention's reply
    slackApi.failChannel('C0GONE', 'channel_not_found');
    const mention = slack.event(
      { type: 'app_mention', user: 'U0ASKER', text: '<@UBOTMATCH> alternatives to cursor', ts: '1700000100.000100', channel: 'C0GONE', event_ts: '1700000100.000100' },
      'Ev0LOGS1',
    );
    expect((await slack.post(mention, 'application/json')).status).toBe(200);
    await bot.slackHandle.idle();
    await waitFor(() => logged('slack listener failed').length >= 2, 'the postMessage failure');

    // 8. Slack: a bad signature and a signed body of the wrong shape
    const bad = await fetch(`${bot.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=00' },
      body: slack.command('/top', '').body,
    });
    expect(bad.status).toBe(401);
    expect((await slack.post('payload=null')).status).toBe(400);

    // lines were written at every level, including the debug lines of the Slack libraries
    const levels = new Set(bot.lines.map((l) => (JSON.parse(l) as { level: number }).level));
    for (const level of [20, 30, 40, 50]) expect(levels, `level ${level}`).toContain(level);

    const all = bot.lines.join('');
    const secrets = [...Object.values(SECRETS), ...used];
    for (const secret of secrets) expect(all.includes(secret), `"${secret}" in the log`).toBe(false);
    expect(all).not.toMatch(/Bearer (?!\[redacted\])/);
    expect(all).not.toMatch(/"authorization":"(?!\[redacted\])/i);
    expect(all).not.toMatch(/\/respond\//);
    // the lines still say what failed
    const followUpLine = JSON.parse(logged('discord follow-up failed')[0]!);
    expect(followUpLine.err).toMatchObject({ status: 404, code: 10015, method: 'PATCH' });
    expect(followUpLine.err.url).toBe(`${discordApi.apiBase}/v10/webhooks/${APP_ID}/${REDACTED}/messages/%40original`);
    expect(followUpLine.err.requestBody).toBeUndefined();
  });

  it('scrubs secrets from free text: webhook paths, tokens, authorization values, response URLs', () => {
    const text = [
      'PATCH https://discord.com/api/v10/webhooks/123/aW50ZXJhY3Rpb246MTIz/messages/@original',
      'POST /api/v10/interactions/456/aW50ZXJhY3Rpb246NDU2/callback',
      'token xoxb-111-222-abc and xapp-1-A0-123-abc',
      `Authorization: Bearer abcdef123456 and Bot ${SECRETS.DISCORD_TOKEN}`,
      'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1%2F2%2Fsecret&x=1',
      '{"response_url":"https://hooks.slack.com/commands/T1/2/secret","token":"legacy"}',
      JSON.stringify(JSON.stringify({ token: 'inner' })),
    ].join('\n');
    const out = redactText(text, ['my-signing-secret']);
    for (const s of ['aW50ZXJhY3Rpb246', 'xoxb-111', 'xapp-1', 'abcdef123456', SECRETS.DISCORD_TOKEN, 'secret', 'legacy', 'inner']) {
      expect(out, s).not.toContain(s);
    }
    expect(out).toContain(`/webhooks/123/${REDACTED}/messages/@original`);
    expect(out).toContain(`/interactions/456/${REDACTED}/callback`);
    expect(redactText('signed with my-signing-secret', ['my-signing-secret'])).toBe(`signed with ${REDACTED}`);
  });

  it('error serialisation keeps what explains a failure and drops request bodies and transport objects', () => {
    const err = Object.assign(new Error('An API error occurred: channel_not_found'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'channel_not_found', response_metadata: { scopes: ['x'] } },
      requestBody: { json: { content: 'hello' } },
      headers: { authorization: 'Bearer x' },
    });
    const out = serializeError(err) as Record<string, unknown>;
    expect(out).toMatchObject({ type: 'Error', code: 'slack_webapi_platform_error', platformError: 'channel_not_found' });
    expect(out.data).toBeUndefined();
    expect(out.requestBody).toBeUndefined();
    expect(out.headers).toBeUndefined();
  });
});

import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics, type Metrics } from '../src/metrics.js';
import { startSlack, type SlackHandle } from '../src/platforms/slack/index.js';
import { fitsSlackLimits, slackLimitProblems } from '../src/platforms/slack/render.js';
import { slackButtons, slackText, waitFor } from './chat-fakes.js';

type Block = { type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<Record<string, unknown>> };

const SECRET = 'test-signing-secret-8f3a';
const BOT_USER = 'UBOTMATCH';

// ---------------------------------------------------------------------------------------------
// a local fake of Slack: the Web API (through SLACK_API_URL) and response_url endpoints

interface Recorded {
  kind: 'api' | 'respond';
  method: string;
  body: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

interface FakeSlack {
  url: string;
  calls: Recorded[];
  api(method: string): Recorded[];
  responses(path: string): Recorded[];
  /** hold response_url answers until released */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if ((contentType ?? '').includes('application/json')) return JSON.parse(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

async function startFakeSlack(): Promise<FakeSlack> {
  const calls: Recorded[] = [];
  let holding = false;
  let waiting: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(parts).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const body = parseBody(raw, req.headers['content-type']);
      const reply = (status: number, payload: unknown) => {
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (path.startsWith('/api/')) {
        const method = path.slice('/api/'.length);
        calls.push({ kind: 'api', method, body, headers: req.headers });
        if (method === 'auth.test') return reply(200, { ok: true, user_id: BOT_USER, bot_id: 'BBOTMATCH', team_id: 'T0TEAM', team: 'Test', url: 'https://test.slack.com/' });
        if (method === 'chat.postMessage') return reply(200, { ok: true, channel: body.channel, ts: `${Date.now() / 1000}` });
        return reply(200, { ok: true });
      }
      if (path.startsWith('/respond/')) {
        calls.push({ kind: 'respond', method: path, body, headers: req.headers });
        if (holding) await new Promise<void>((r) => waiting.push(r));
        return reply(200, { ok: true });
      }
      reply(404, { ok: false });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    api: (method) => calls.filter((c) => c.kind === 'api' && c.method === method),
    responses: (path) => calls.filter((c) => c.kind === 'respond' && c.method === path),
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const w = waiting;
      waiting = [];
      w.forEach((r) => r());
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}


// ---------------------------------------------------------------------------------------------

let app: App;
let fake: FakeSlack;
let http: HttpServer;
let metrics: Metrics;
let slack: SlackHandle;
let base: string;

function sign(body: string, ts: number, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

const now = () => Math.floor(Date.now() / 1000);

interface PostOptions {
  contentType?: string;
  ts?: number;
  signature?: string | null;
  timestamp?: string | null;
  headers?: Record<string, string>;
}

async function post(body: string, opts: PostOptions = {}) {
  const ts = opts.ts ?? now();
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded', ...(opts.headers ?? {}) };
  const timestamp = opts.timestamp === undefined ? String(ts) : opts.timestamp;
  const signature = opts.signature === undefined ? sign(body, ts) : opts.signature;
  if (timestamp !== null) headers['x-slack-request-timestamp'] = timestamp;
  if (signature !== null) headers['x-slack-signature'] = signature;
  const res = await fetch(`${base}/slack/events`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

let responseCounter = 0;
function slashBody(command: string, text: string) {
  const responsePath = `/respond/cmd-${++responseCounter}`;
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0TEAM',
    team_domain: 'test',
    channel_id: 'C0CHAN',
    channel_name: 'general',
    user_id: 'U0ASKER',
    user_name: 'asker',
    command,
    text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: `${fake.url}${responsePath}`,
    trigger_id: '1.2.3',
  }).toString();
  return { body, responsePath };
}

function eventBody(event: Record<string, unknown>, eventId: string) {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0TEAM',
    api_app_id: 'A0APP',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: now(),
    authorizations: [{ team_id: 'T0TEAM', user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

interface Clicked {
  action_id: string;
  value?: string;
  type?: string;
  selected_option?: { text: { type: 'plain_text'; text: string }; value: string };
}

function actionBody(action: Clicked, where: { ephemeral?: boolean; home?: boolean; threadTs?: string } = {}) {
  const responsePath = `/respond/act-${++responseCounter}`;
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: 'U0CLICK', username: 'clicker', name: 'clicker', team_id: 'T0TEAM' },
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: '4.5.6',
    team: { id: 'T0TEAM', domain: 'test' },
    is_enterprise_install: false,
    actions: [{ block_id: 'b1', action_ts: `${now()}.000200`, type: action.type ?? 'button', ...action }],
  };
  if (where.home) {
    payload.container = { type: 'view', view_id: 'V0HOME' };
    payload.view = { id: 'V0HOME', type: 'home', blocks: [], state: { values: {} } };
  } else {
    payload.container = { type: 'message', message_ts: '1700000000.000500', channel_id: 'C0CHAN', is_ephemeral: where.ephemeral === true };
    payload.channel = { id: 'C0CHAN', name: 'general' };
    payload.message = { type: 'message', ts: '1700000000.000500', ...(where.threadTs ? { thread_ts: where.threadTs } : {}), text: 'card' };
    payload.response_url = `${fake.url}${responsePath}`;
  }
  return { body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, responsePath };
}

async function errorCount(kind: string): Promise<number> {
  const metric = await metrics.errors.get();
  return metric.values.find((v) => v.labels.platform === 'slack' && v.labels.kind === kind)?.value ?? 0;
}

async function commandCount(command: string, outcome: string): Promise<number> {
  const metric = await metrics.commands.get();
  return metric.values.find((v) => v.labels.platform === 'slack' && v.labels.command === command && v.labels.outcome === outcome)?.value ?? 0;
}

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
  fake = await startFakeSlack();
  metrics = createMetrics(false);
  const log = createLogger('silent');
  http = createHttpServer({ metrics, log });
  slack = await startSlack({
    core: app.core,
    config: { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_APP_TOKEN: undefined, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: `${fake.url}/api` },
    http,
    log,
    metrics,
  });
  const listening = await http.listen(0, '127.0.0.1');
  base = listening.url;
});

afterAll(async () => {
  await slack?.stop();
  await http?.close();
  await fake?.close();
  app?.close();
});

describe('Slack over HTTP', () => {
  it('starts in HTTP mode, verifying the token with auth.test through SLACK_API_URL', () => {
    expect(slack.mode).toBe('http');
    const auth = fake.api('auth.test');
    expect(auth.length).toBe(1);
    expect(auth[0]!.headers.authorization).toBe('Bearer xoxb-test-token');
  });

  it('answers the url_verification challenge and shares the server with /healthz', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'challenge-xyz', type: 'url_verification' });
    const res = await post(body, { contentType: 'application/json' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: 'challenge-xyz' });
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
  });

  it('/compare llama 3.2 1b vs gemini: acks at once, then posts a card with every seed field to response_url', async () => {
    const { body, responsePath } = slashBody('/compare', 'llama 3.2 1b vs gemini');
    fake.hold();
    let res;
    try {
      res = await post(body);
      // the ack came back while the answer to response_url was still held by the fake
      expect(res.status).toBe(200);
      expect(res.text).toBe('');
      await waitFor(() => fake.responses(responsePath).length === 1, 'the response_url post');
    } finally {
      fake.release();
    }
    await slack.idle();
    const [answer] = fake.responses(responsePath);
    const msg = answer!.body as { response_type: string; text: string; blocks: Block[] };
    expect(msg.response_type).toBe('in_channel');
    expect(fitsSlackLimits(msg), slackLimitProblems(msg).join('; ')).toBe(true);
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Meta: Llama 3.2 1B Instruct vs gemini' } });
    const text = slackText(msg.blocks);
    for (const s of [
      '*Type:* Model',
      '*Type:* Product',
      '*UnfragileRank:*',
      ' in Text models',
      '*Adoption:*',
      '*Quality:*',
      '*Ecosystem:*',
      '*Match Graph:*',
      '*Pricing:* Usage-based',
      '*Pricing:* Freemium',
      '*Starting Price:* $2.70e-8 per prompt token',
      '*Per 1M tokens:* $0.027 in',
      '*Capabilities:* 5 decomposed',
      '*Capabilities:* 3 decomposed',
      '*Times Matched:*',
      '*Verdict*',
      '*Capability matrix*',
      'Meta: Llama 3.2 1B Instruct Capabilities',
      'gemini Capabilities',
      'data as of ',
    ]) {
      expect(text, s).toContain(s);
    }
    expect(text).toMatch(/ranks higher at \d+\/100 vs .* at \d+\/100|too close to call/);
    expect(slackButtons(msg.blocks).map((b) => b.text.text)).toEqual([
      'Capabilities',
      'Alternatives to Meta: Llama 3.2 1B Instruct',
      'Alternatives to gemini',
      'Subscribe to Meta: Llama 3.2 1B Instruct',
      'Subscribe to gemini',
    ]);
    expect(await commandCount('compare', 'ok')).toBeGreaterThanOrEqual(1);
  });

  it('buttons on the card: "Alternatives to gemini" and "Capabilities" answer through the action response_url', async () => {
    const { body, responsePath } = slashBody('/compare', 'llama 3.2 1b, gemini');
    expect((await post(body)).status).toBe(200);
    await slack.idle();
    const card = fake.responses(responsePath)[0]!.body as { blocks: Block[] };
    const alt = slackButtons(card.blocks).find((b) => b.text.text === 'Alternatives to gemini')!;

    const click = actionBody({ action_id: alt.action_id, value: alt.value });
    const res = await post(click.body);
    expect(res.status).toBe(200);
    await slack.idle();
    const [answer] = fake.responses(click.responsePath);
    const msg = answer!.body as { response_type: string; replace_original: boolean; blocks: Block[] };
    expect(msg.response_type).toBe('ephemeral');
    expect(msg.replace_original).toBe(false);
    expect(msg.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Alternatives to gemini' } });
    expect(fitsSlackLimits(msg)).toBe(true);

    const caps = slackButtons(card.blocks).find((b) => b.text.text === 'Capabilities')!;
    const capsClick = actionBody({ action_id: caps.action_id, value: caps.value });
    expect((await post(capsClick.body)).status).toBe(200);
    await slack.idle();
    const capsMsg = fake.responses(capsClick.responsePath)[0]!.body as { blocks: Block[] };
    const capsText = slackText(capsMsg.blocks);
    expect(capsText).toContain('Meta: Llama 3.2 1B Instruct Capabilities');
    expect(capsText).toContain('*Unique:*');
    expect(capsText).toContain('*vs alternatives:*');
    expect(fitsSlackLimits(capsMsg)).toBe(true);
  });

  it('a card in a thread gets its follow-ups in that thread', async () => {
    const click = actionBody(
      { action_id: 'mg_act:0', value: 'mg:alternatives?product=gemini' },
      { threadTs: '1700000000.000100' },
    );
    const before = fake.api('chat.postMessage').length;
    expect((await post(click.body)).status).toBe(200);
    await slack.idle();
    const posts = fake.api('chat.postMessage');
    expect(posts.length).toBe(before + 1);
    expect(posts.at(-1)!.body).toMatchObject({ channel: 'C0CHAN', thread_ts: '1700000000.000100' });
  });

  it('ambiguous names answer privately with did-you-mean buttons; a choice posts the card and removes the prompt', async () => {
    const { body, responsePath } = slashBody('/compare', 'claude sonnet vs gemini');
    expect((await post(body)).status).toBe(200);
    await slack.idle();
    const prompt = fake.responses(responsePath)[0]!.body as { blocks: Block[]; response_type: string };
    expect(slackButtons(prompt.blocks).length, '"claude sonnet" is ambiguous').toBeGreaterThan(1);
    expect(prompt!.response_type).toBe('ephemeral');
    expect(slackText(prompt!.blocks)).toContain('Did you mean');
    const choice = slackButtons(prompt!.blocks)[0]!;
    const click = actionBody({ action_id: choice.action_id, value: choice.value }, { ephemeral: true });
    expect((await post(click.body)).status).toBe(200);
    await slack.idle();
    const answers = fake.responses(click.responsePath).map((r) => r.body);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(slackText(answers[0]!.blocks as Block[])).toContain(`${choice.text.text} vs gemini`);
    expect(answers[1]).toEqual({ delete_original: true });
  });

  it('unknown names say so and suggest the nearest', async () => {
    const { body, responsePath } = slashBody('/product', 'zzqxv wwkkj');
    expect((await post(body)).status).toBe(200);
    await slack.idle();
    const m = fake.responses(responsePath)[0]!.body as { blocks: Block[]; response_type: string };
    expect(m.response_type).toBe('ephemeral');
    expect(slackText(m.blocks)).toContain('No product matches');
  });

  it('/alternatives, /product and /top answer with their cards', async () => {
    const cases: Array<[string, string, string]> = [
      ['/alternatives', 'notion ai', 'Alternatives to '],
      ['/product', 'gpt-4o', 'GPT-4o'],
      ['/top', '', 'Top 10'],
      ['/top', 'coding limit:25', 'Top '],
      ['/search', 'transcribe meetings', 'Search: transcribe meetings'],
      ['/search', 'image generation --free --type product --limit 5', 'Search: image generation'],
    ];
    for (const [command, text, head] of cases) {
      const { body, responsePath } = slashBody(command, text);
      expect((await post(body)).status).toBe(200);
      await slack.idle();
      const m = fake.responses(responsePath)[0]!.body as { blocks: Block[]; response_type: string };
      expect(m.response_type, `${command} ${text}`).toBe('in_channel');
      expect((m.blocks[0] as Block).text!.text, `${command} ${text}`).toContain(head);
      expect(fitsSlackLimits(m), `${command} ${text}`).toBe(true);
    }
  });

  it('"help" as the text of any command answers privately with the command list', async () => {
    const { body, responsePath } = slashBody('/compare', 'help');
    expect((await post(body)).status).toBe(200);
    await slack.idle();
    const m = fake.responses(responsePath)[0]!.body as { blocks: Block[]; response_type: string };
    expect(m.response_type).toBe('ephemeral');
    const text = slackText(m.blocks);
    for (const c of ['/compare', '/alternatives', '/product', '/top', '/search']) expect(text).toContain(c);
  });

  it('mentions are answered in a thread, once per event id', async () => {
    const before = fake.api('chat.postMessage').length;
    const event = { type: 'app_mention', user: 'U0ASKER', text: `<@${BOT_USER}> alternatives to cursor`, ts: '1700000100.000100', channel: 'C0CHAN', event_ts: '1700000100.000100' };
    const body = eventBody(event, 'Ev0MENTION1');
    const res = await post(body, { contentType: 'application/json' });
    expect(res.status).toBe(200);
    await slack.idle();
    let posts = fake.api('chat.postMessage');
    expect(posts.length).toBe(before + 1);
    const reply = posts.at(-1)!;
    expect(reply.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(reply.body).toMatchObject({ channel: 'C0CHAN', thread_ts: '1700000100.000100' });
    expect(slackText(reply.body.blocks as Block[])).toMatch(/Alternatives to Cursor/i);
    expect(fitsSlackLimits(reply.body as { text: string; blocks: unknown[] })).toBe(true);

    // Slack redelivers the same event: acknowledged, not answered twice
    const again = await post(body, { contentType: 'application/json', headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(again.status).toBe(200);
    await slack.idle();
    posts = fake.api('chat.postMessage');
    expect(posts.length).toBe(before + 1);
  });

  it('mentions with natural phrasing, inside a thread, and ones it cannot read', async () => {
    const cases: Array<[string, string | undefined, RegExp]> = [
      [`<@${BOT_USER}> what can I use instead of midjourney?`, undefined, /Alternatives to Midjourney/i],
      [`<@${BOT_USER}> compare claude and gpt-4o`, '1700000200.000001', / vs /],
      [`<@${BOT_USER}> hello there`, undefined, /alternatives to cursor/],
      [`<@${BOT_USER}> tools for transcribing meetings`, undefined, /Search: tools for transcribing meetings[\s\S]*capability: Speech to text/],
      [`<@${BOT_USER}> what can transcribe audio`, undefined, /Search: what can transcribe audio[\s\S]*Speech to text/],
    ];
    let n = 0;
    for (const [text, threadTs, want] of cases) {
      const ts = `17000003${n}0.000100`;
      const event = { type: 'app_mention', user: 'U0ASKER', text, ts, channel: 'C0CHAN', event_ts: ts, ...(threadTs ? { thread_ts: threadTs } : {}) };
      expect((await post(eventBody(event, `Ev0NATURAL${n++}`), { contentType: 'application/json' })).status).toBe(200);
      await slack.idle();
      const reply = fake.api('chat.postMessage').at(-1)!;
      expect(reply.body.thread_ts, text).toBe(threadTs ?? ts);
      expect(slackText(reply.body.blocks as Block[]), text).toMatch(want);
    }
    expect(await commandCount('help', 'not_understood')).toBeGreaterThanOrEqual(1);
  });

  it('the Home tab: published on app_home_opened, with a typeahead answered by the resolver', async () => {
    const before = fake.api('views.publish').length;
    const opened = eventBody({ type: 'app_home_opened', user: 'U0HOME', channel: 'D0HOME', tab: 'home', event_ts: '1700000400.000100' }, 'Ev0HOME1');
    expect((await post(opened, { contentType: 'application/json' })).status).toBe(200);
    await slack.idle();
    const published = fake.api('views.publish');
    expect(published.length).toBe(before + 1);
    const view = published.at(-1)!.body.view as { type: string; blocks: Block[] };
    expect(published.at(-1)!.body.user_id).toBe('U0HOME');
    expect(view.type).toBe('home');
    expect(fitsSlackLimits({ blocks: view.blocks }, { maxBlocks: 100, maxChars: 24_000 })).toBe(true);
    const select = view.blocks.flatMap((b) => b.elements ?? []).find((e) => e.type === 'external_select') as { action_id: string };
    expect(select).toBeTruthy();
    expect(slackText(view.blocks)).toContain('Subscriptions');

    // typeahead: block_suggestion is answered in the HTTP response itself
    const suggestion = {
      type: 'block_suggestion',
      user: { id: 'U0HOME', username: 'home', name: 'home', team_id: 'T0TEAM' },
      container: { type: 'view', view_id: 'V0HOME' },
      api_app_id: 'A0APP',
      token: 'legacy-verification-token',
      action_id: select.action_id,
      block_id: 'b2',
      value: 'gpt-4o',
      team: { id: 'T0TEAM', domain: 'test' },
      view: { id: 'V0HOME', type: 'home' },
    };
    const res = await post(`payload=${encodeURIComponent(JSON.stringify(suggestion))}`);
    expect(res.status).toBe(200);
    const { options } = JSON.parse(res.text) as { options: Array<{ text: { text: string }; value: string }> };
    expect(options.length).toBeGreaterThan(0);
    expect(options.length).toBeLessThanOrEqual(100);
    expect(options[0]!.text.text.toLowerCase()).toContain('gpt-4o');

    // choosing an option shows that product's card in the Home tab
    const pick = actionBody(
      { action_id: select.action_id, type: 'external_select', selected_option: { text: options[0]!.text as { type: 'plain_text'; text: string }, value: options[0]!.value } },
      { home: true },
    );
    expect((await post(pick.body)).status).toBe(200);
    await slack.idle();
    const after = fake.api('views.publish').at(-1)!;
    const blocks = (after.body.view as { blocks: Block[] }).blocks;
    expect(blocks.some((b) => b.type === 'header' && b.text!.text === options[0]!.text.text)).toBe(true);
    expect(slackText(blocks)).toMatch(/UnfragileRank: \d+\/100/);
  });

  it('forged, stale, unsigned and tampered requests get 401 and reach no handler', async () => {
    await slack.idle();
    const callsBefore = fake.calls.length;
    const counts = { bad: await errorCount('bad_signature'), stale: await errorCount('stale'), unsigned: await errorCount('unsigned') };
    const mention = (id: string) =>
      eventBody({ type: 'app_mention', user: 'U0EVIL', text: `<@${BOT_USER}> alternatives to cursor`, ts: '1700000500.000100', channel: 'C0CHAN', event_ts: '1700000500.000100' }, id);
    const slash = slashBody('/compare', 'llama 3.2 1b vs gemini').body;

    const forged = await post(mention('Ev0FORGED'), { contentType: 'application/json', signature: sign(mention('Ev0FORGED'), now(), 'wrong-secret') });
    const forgedSlash = await post(slash, { signature: sign(slash, now(), 'wrong-secret') });
    const stale = await post(mention('Ev0STALE'), { contentType: 'application/json', ts: now() - 6 * 60 });
    const future = await post(slash, { ts: now() + 6 * 60 });
    const unsigned = await post(mention('Ev0UNSIGNED'), { contentType: 'application/json', signature: null, timestamp: null });
    const noSignature = await post(slash, { signature: null });
    const signedAt = now();
    const tsSwapped = await post(slash, { timestamp: String(signedAt - 1), signature: sign(slash, signedAt) });
    const tampered = await post(`${slash}&text=gemini`, { signature: sign(slash, now()) });
    const garbage = await post(slash, { signature: 'v0=not-hex', timestamp: 'soon' });

    for (const [name, r] of Object.entries({ forged, forgedSlash, stale, future, unsigned, noSignature, tsSwapped, tampered, garbage })) {
      expect(r.status, name).toBe(401);
    }
    await slack.idle();
    expect(fake.calls.length).toBe(callsBefore);
    expect(await errorCount('bad_signature')).toBe(counts.bad + 5);
    expect(await errorCount('stale')).toBe(counts.stale + 2);
    expect(await errorCount('unsigned')).toBe(counts.unsigned + 2);

    // the same mention, properly signed, does get through
    expect((await post(mention('Ev0GOOD'), { contentType: 'application/json' })).status).toBe(200);
    await slack.idle();
    expect(fake.calls.length).toBe(callsBefore + 1);
  });

  it('unreadable signed bodies get 400; unknown actions are acknowledged and counted', async () => {
    expect((await post('{not json', { contentType: 'application/json' })).status).toBe(400);
    const before = await errorCount('bad_action');
    const click = actionBody({ action_id: 'mg_act:0', value: 'mg:rm -rf' });
    expect((await post(click.body)).status).toBe(200);
    await slack.idle();
    expect(fake.responses(click.responsePath)).toHaveLength(0);
    expect(await errorCount('bad_action')).toBe(before + 1);
  });

  it('Slack refusing an answer (response_url 404) is counted as a platform error, not as our own', async () => {
    const platformBefore = await errorCount('platform_api');
    const internalBefore = await errorCount('internal');
    const { body } = slashBody('/top', '');
    // the fake answers 404 to any path outside /api/ and /respond/: an expired response_url
    const gone = body.replace(encodeURIComponent(`${fake.url}/respond/`), encodeURIComponent(`${fake.url}/expired/`));
    expect((await post(gone)).status).toBe(200);
    await slack.idle();
    expect(await errorCount('platform_api')).toBe(platformBefore + 1);
    expect(await errorCount('internal')).toBe(internalBefore);
  });
});

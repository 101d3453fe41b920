/**
 * Discord over HTTP interactions and the gateway, end to end: the real catalog on in-memory
 * SQLite, the real HTTP server on 127.0.0.1, requests signed with a test Ed25519 key pair, and a
 * local fake of Discord's REST API (reached through DISCORD_API_BASE) that records every call
 * and can answer 429/403/404/500 on demand.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayDispatchEvents, InteractionResponseType, InteractionType, MessageFlags, type APIEmbed } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics, type Metrics } from '../src/metrics.js';
import { deployCommands } from '../src/platforms/discord/deploy.js';
import { startDiscord, type DiscordRuntime } from '../src/platforms/discord/index.js';
import { choiceProblems, discordLimitProblems, embedsSize } from '../src/platforms/discord/limits.js';
import { escapeText } from '../src/platforms/discord/render.js';
import { createDiscordRest } from '../src/platforms/discord/rest.js';

// ---------------------------------------------------------------- fake Discord REST API

interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

interface Canned {
  match: (r: Recorded) => boolean;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

class FakeDiscord {
  readonly requests: Recorded[] = [];
  private canned: Canned[] = [];
  private waiters: Array<{ pred: (r: Recorded) => boolean; resolve: (r: Recorded) => void }> = [];
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          /* keep text */
        }
        const rec: Recorded = { method: req.method ?? '', path: decodeURIComponent((req.url ?? '').split('?')[0]!), headers: req.headers, body };
        this.requests.push(rec);
        const i = this.canned.findIndex((c) => c.match(rec));
        const canned = i >= 0 ? this.canned.splice(i, 1)[0] : undefined;
        const status = canned?.status ?? (rec.method === 'DELETE' || rec.path.endsWith('/callback') ? 204 : 200);
        const out =
          canned?.body ??
          (rec.method === 'PUT' && Array.isArray(body)
            ? (body as Array<Record<string, unknown>>).map((c, n) => ({ ...c, id: String(9000 + n), application_id: 'app1', version: '1' }))
            : status === 204
              ? undefined
              : { id: 'msg1', ...(body as object) });
        res.writeHead(status, { ...(status === 204 ? {} : { 'content-type': 'application/json' }), ...(canned?.headers ?? {}) });
        res.end(out === undefined ? undefined : JSON.stringify(out));
        this.waiters = this.waiters.filter((w) => {
          if (!w.pred(rec)) return true;
          w.resolve(rec);
          return false;
        });
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** the next request matching `match` gets this answer instead of 200 */
  answerNext(match: (r: Recorded) => boolean, status: number, body?: unknown, headers?: Record<string, string>): void {
    this.canned.push({ match, status, body, headers });
  }

  /** resolves with the first request (already received or arriving) that matches */
  waitFor(pred: (r: Recorded) => boolean, since = 0): Promise<Recorded> {
    const found = this.requests.slice(since).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.closeAllConnections();
      this.server.close(() => r());
    });
  }
}

// ---------------------------------------------------------------- setup

const APP_ID = 'app1';
let app: App;
let metrics: Metrics;
let http: HttpServer;
let endpoint = '';
let fake: FakeDiscord;
let runtime: DiscordRuntime;
let privateKey: KeyObject;
let publicKeyHex = '';

const log = createLogger('silent');
let seq = 100_000;

function interaction(type: InteractionType, data?: unknown, extra: Record<string, unknown> = {}) {
  const id = String(seq++);
  return {
    id,
    application_id: APP_ID,
    type,
    token: `tok-${id}`,
    version: 1,
    ...(data === undefined ? {} : { data }),
    guild_id: 'g1',
    channel_id: 'c1',
    member: { user: { id: 'u1', username: 'tester', discriminator: '0', global_name: null, avatar: null }, roles: [], permissions: '0' },
    app_permissions: '0',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    ...extra,
  };
}

function slash(name: string, options: Record<string, string | number | boolean>) {
  const types: Record<string, number> = { string: 3, number: 4, boolean: 5 };
  return interaction(InteractionType.ApplicationCommand, {
    id: `cmd-${name}`,
    name,
    type: 1,
    options: Object.entries(options).map(([k, v]) => ({ name: k, type: types[typeof v], value: v })),
  });
}

function autocomplete(name: string, options: Record<string, string>, focused: string) {
  return interaction(InteractionType.ApplicationCommandAutocomplete, {
    id: `cmd-${name}`,
    name,
    type: 1,
    options: Object.entries(options).map(([k, v]) => ({ name: k, type: 3, value: v, ...(k === focused ? { focused: true } : {}) })),
  });
}

function click(customId: string, messageFlags = 0, components: unknown[] = []) {
  return interaction(
    InteractionType.MessageComponent,
    { custom_id: customId, component_type: 2 },
    { message: { id: 'm1', channel_id: 'c1', flags: messageFlags, content: '', embeds: [], components } },
  );
}

const followUpPath = (token: string) => `/api/v10/webhooks/${APP_ID}/${token}`;

/** every seed field of a product on the comparison card */
function expectSeedFields(value: string): void {
  expect(value).toMatch(/\*\*Type:\*\* (Model|Product)/);
  expect(value).toMatch(/\*\*UnfragileRank:\*\* \d+\/100/);
  expect(value).toMatch(/#\d+ of \d+ in .+/);
  for (const label of ['Adoption', 'Quality', 'Ecosystem', 'Match Graph']) expect(value).toMatch(new RegExp(`\\*\\*${label}:\\*\\* (\\d+|no data)`));
  expect(value).toMatch(/\*\*Pricing:\*\* (Paid|Free|Freemium|Free trial|Usage-based|Open source|Unknown)/);
  expect(value).toContain('**Starting Price:**');
  expect(value).toContain('**Per 1M tokens:**');
  expect(value).toMatch(/\*\*Capabilities:\*\* \d+ decomposed/);
  expect(value).toMatch(/\*\*Times Matched:\*\* \d+/);
}

interface SendOptions {
  timestamp?: number;
  signature?: string | null;
  body?: string;
}

async function send(payload: unknown, opts: SendOptions = {}): Promise<{ status: number; json: any }> {
  const body = opts.body ?? JSON.stringify(payload);
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const sig = opts.signature === undefined ? sign(null, Buffer.from(ts + body), privateKey).toString('hex') : opts.signature;
  if (sig !== null) {
    headers['x-signature-ed25519'] = sig;
    headers['x-signature-timestamp'] = ts;
  }
  const res = await fetch(`${endpoint}/discord/interactions`, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

const editPath = (token: string) => `/api/v10/webhooks/${APP_ID}/${token}/messages/@original`;

/** the message a deferred interaction ended up with (the PATCH of @original) */
async function editedMessage(token: string, since = 0): Promise<any> {
  const r = await fake.waitFor((x) => x.method === 'PATCH' && x.path === editPath(token), since);
  return r.body;
}

async function counter(name: string, labels: Record<string, string>): Promise<number> {
  const m = await metrics.registry.getSingleMetric(name)!.get();
  return m.values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((n, v) => n + v.value, 0);
}

function allText(msg: { content?: string; embeds?: APIEmbed[] }): string {
  const parts = [msg.content ?? ''];
  for (const e of msg.embeds ?? []) {
    parts.push(e.title ?? '', e.description ?? '', e.footer?.text ?? '');
    for (const f of e.fields ?? []) parts.push(f.name, f.value);
  }
  return parts.join('\n');
}

function buttons(msg: any): Array<{ label: string; custom_id: string }> {
  return (msg.components ?? []).flatMap((r: any) => r.components);
}

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
  metrics = createMetrics(false);
  fake = new FakeDiscord();
  await fake.start();
  const pair = generateKeyPairSync('ed25519');
  privateKey = pair.privateKey;
  publicKeyHex = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  http = createHttpServer({ metrics, log });
  runtime = await startDiscord({
    core: app.core,
    config: {
      DISCORD_PUBLIC_KEY: publicKeyHex,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_TOKEN: 'test-bot-token',
      DISCORD_API_BASE: `${fake.url}/api`,
      DISCORD_GUILD_ID: undefined,
    },
    http,
    log,
    metrics,
    rest: createDiscordRest({ apiBase: `${fake.url}/api`, retries: 1, timeoutMs: 5000 }),
    connectGateway: false,
  });
  endpoint = (await http.listen(0, '127.0.0.1')).url;
});

afterAll(async () => {
  await runtime?.stop();
  await http?.close();
  await fake?.close();
  app?.close();
});

// ---------------------------------------------------------------- tests

describe('Discord HTTP interactions', () => {
  it('answers PING with PONG', async () => {
    const r = await send(interaction(InteractionType.Ping));
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ type: InteractionResponseType.Pong });
  });

  it('autocompletes names: at most 25 choices, names within 100 characters, best match first', async () => {
    const r = await send(autocomplete('compare', { first: 'llama 3.2 1b', second: '' }, 'first'));
    expect(r.status).toBe(200);
    expect(r.json.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = r.json.data.choices as Array<{ name: string; value: string }>;
    expect(choices.length).toBeGreaterThan(0);
    expect(choiceProblems(choices)).toEqual([]);
    expect(choices[0]!.name).toMatch(/llama 3\.2 1b/i);

    const empty = await send(autocomplete('compare', { first: 'gemini', second: '' }, 'second'));
    expect(empty.json.data.choices.length).toBeLessThanOrEqual(25);
    expect(choiceProblems(empty.json.data.choices)).toEqual([]);

    const g = await send(autocomplete('product', { name: 'g' }, 'name'));
    expect(g.json.data.choices.length).toBeGreaterThan(0);
    expect(g.json.data.choices.length).toBeLessThanOrEqual(25);
    expect(choiceProblems(g.json.data.choices)).toEqual([]);

    const cats = await send(autocomplete('top', { category: '' }, 'category'));
    const categories = [...new Set((await app.core.products()).map((p) => p.category))];
    expect(cats.json.data.choices.length).toBe(Math.min(25, categories.length));
    for (const c of cats.json.data.choices) expect(categories).toContain(c.value);
  });

  it('/compare llama 3.2 1b vs gemini defers, then edits in a card holding every seed field', async () => {
    const ix = slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    const since = fake.requests.length;
    const r = await send(ix);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource });

    const msg = await editedMessage(ix.token, since);
    const patch = fake.requests.find((x) => x.method === 'PATCH' && x.path === editPath(ix.token))!;
    expect(patch.headers.authorization).toBeUndefined();
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(msg.flags).toBeUndefined();
    expect(discordLimitProblems(msg)).toEqual([]);

    const e = msg.embeds[0] as APIEmbed;
    expect(e.title).toBe('Meta: Llama 3.2 1B Instruct vs gemini');
    expect(e.description).toMatch(/gemini ranks higher at \d+\/100 vs Meta: Llama 3\.2 1B Instruct at \d+\/100|ranks higher|too close/);
    const llama = e.fields!.find((f) => f.name === 'Meta: Llama 3.2 1B Instruct')!;
    const gemini = e.fields!.find((f) => f.name === 'gemini')!;
    expect(llama.inline).toBe(true);
    expect(gemini.inline).toBe(true);
    for (const [f, type, caps] of [
      [llama, 'Model', 5],
      [gemini, 'Product', 3],
    ] as const) {
      expect(f.value).toContain(`**Type:** ${type}`);
      expect(f.value).toMatch(/\*\*UnfragileRank:\*\* \d+\/100/);
      expect(f.value).toMatch(/#\d+ of \d+ in .+/);
      for (const label of ['Adoption', 'Quality', 'Ecosystem', 'Match Graph']) expect(f.value).toMatch(new RegExp(`\\*\\*${label}:\\*\\* (\\d+|no data)`));
      expect(f.value).toMatch(/\*\*Pricing:\*\* (Paid|Free|Freemium|Free trial|Usage-based|Open source|Unknown)/);
      expect(f.value).toContain('**Starting Price:**');
      expect(f.value).toContain('**Per 1M tokens:**');
      expect(f.value).toContain(`**Capabilities:** ${caps} decomposed`);
      expect(f.value).toMatch(/\*\*Times Matched:\*\* \d+/);
    }
    expect(llama.value).toContain('**Starting Price:** $2.70e-8 per prompt token');
    expect(llama.value).toContain('**Pricing:** Usage-based');
    const verdict = e.fields!.find((f) => f.name.startsWith('Verdict'))!;
    expect(verdict.value).toMatch(/scores higher|too close|not enough evidence/i);
    expect(e.fields!.some((f) => f.name === 'Shared capabilities')).toBe(true);
    expect(e.fields!.some((f) => f.name === 'Only in gemini')).toBe(true);
    expect(e.fields!.some((f) => f.name === 'Meta: Llama 3.2 1B Instruct capabilities')).toBe(true);
    expect(e.footer!.text).toMatch(/^data as of \d{4}-\d{2}-\d{2}/);

    const labels = buttons(msg).map((b) => b.label);
    expect(labels).toEqual([
      'Capabilities',
      'Alternatives to Meta: Llama 3.2 1B Instruct',
      'Alternatives to gemini',
      'Subscribe to Meta: Llama 3.2 1B Instruct',
      'Subscribe to gemini',
    ]);
    for (const b of buttons(msg)) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  });

  it('Capabilities button: the full list, ephemeral, paged within the limits', async () => {
    const ix = slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    await send(ix);
    const card = await editedMessage(ix.token);
    const capsId = buttons(card).find((b) => b.label === 'Capabilities')!.custom_id;

    const r = await send(click(capsId));
    expect(r.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const msg = r.json.data;
    expect(msg.flags).toBe(MessageFlags.Ephemeral);
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(discordLimitProblems(msg)).toEqual([]);
    // walk every page and collect the capabilities shown
    const seen: string[] = [];
    let page = msg;
    for (let guard = 0; guard < 10; guard++) {
      for (const e of page.embeds as APIEmbed[]) for (const f of e.fields ?? []) seen.push(`${e.title}|${f.name}`);
      expect(allText(page)).toContain('**Unique:**');
      expect(allText(page)).toContain('**vs alternatives:**');
      const next = buttons(page).find((b) => b.label === 'Next ›');
      if (!next) break;
      const n = await send(click(next.custom_id, MessageFlags.Ephemeral));
      expect(n.json.type).toBe(InteractionResponseType.UpdateMessage);
      expect(discordLimitProblems(n.json.data)).toEqual([]);
      page = n.json.data;
    }
    expect(seen.filter((s) => s.startsWith('Meta: Llama 3.2 1B Instruct capabilities'))).toHaveLength(5);
    expect(seen.filter((s) => s.startsWith('gemini capabilities'))).toHaveLength(3);
    const llama = (await app.core.products()).find((p) => p.name === 'Meta: Llama 3.2 1B Instruct')!;
    for (const c of llama.capabilities) expect(allText(msg) + seen.join('\n')).toContain(c.title);
  });

  it('Alternatives button: an ephemeral deferred answer edited with the alternatives', async () => {
    const ix = slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    await send(ix);
    const card = await editedMessage(ix.token);
    const alt = buttons(card).find((b) => b.label === 'Alternatives to gemini')!;
    const c = click(alt.custom_id);
    const r = await send(c);
    expect(r.json).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const msg = await editedMessage(c.token);
    expect(msg.embeds[0].title).toBe('Alternatives to gemini');
    expect(msg.embeds[0].fields.length).toBeGreaterThan(0);
    expect(discordLimitProblems(msg)).toEqual([]);
    // each alternative offers "Compare with", which completes a /compare
    const cmp = buttons(msg)[0]!;
    expect(cmp.label).toMatch(/^Compare with /);
    const c2 = click(cmp.custom_id);
    await send(c2);
    const compared = await editedMessage(c2.token);
    expect(compared.embeds[0].title).toBe(`gemini vs ${cmp.label.replace('Compare with ', '')}`);
  });

  it('/search answers with results and why, and its Compare button completes a /compare', async () => {
    const ix = slash('search', { query: 'transcribe meetings', free: true, limit: 5 });
    const since = fake.requests.length;
    const r = await send(ix);
    const msg = r.json.type === InteractionResponseType.ChannelMessageWithSource ? r.json.data : await editedMessage(ix.token, since);
    expect(msg.embeds[0].title).toBe('Search: transcribe meetings');
    expect(msg.embeds[0].fields).toHaveLength(5);
    for (const f of msg.embeds[0].fields) expect(f.value).toMatch(/\*\*Why:\*\* capability: Speech to text/);
    expect(msg.embeds[0].description).toContain('Speech to text');
    expect(discordLimitProblems(msg)).toEqual([]);
    expect(msg.flags).toBeUndefined();
    const cmp = buttons(msg).find((b) => b.label.startsWith('Compare '))!;
    const c = click(cmp.custom_id);
    await send(c);
    const compared = await editedMessage(c.token);
    expect(compared.embeds[0].title).toContain(' vs ');
    expect(compared.embeds[0].fields.map((f: { name: string }) => f.name)).toContain('Shared capabilities');
  });

  it('an ambiguous name answers privately with "did you mean" buttons; a pick completes the command', async () => {
    const resolver = await app.core.resolver();
    const query = ['llama', 'claude', 'gpt', 'mistral', 'qwen', 'gemma'].find((q) => resolver.resolve(q).status === 'ambiguous');
    expect(query, 'some common name is ambiguous in the real catalog').toBeDefined();

    const ix = slash('compare', { first: query!, second: 'gemini' });
    const since = fake.requests.length;
    const r = await send(ix);
    expect(r.json.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    // the public "thinking…" placeholder is replaced by an ephemeral follow-up
    const follow = await fake.waitFor((x) => x.method === 'POST' && x.path === `/api/v10/webhooks/${APP_ID}/${ix.token}`, since);
    await fake.waitFor((x) => x.method === 'DELETE' && x.path === editPath(ix.token), since);
    const msg = follow.body as any;
    expect(msg.flags).toBe(MessageFlags.Ephemeral);
    expect(msg.content).toMatch(/Did you mean/);
    expect(discordLimitProblems(msg)).toEqual([]);
    const picks = buttons(msg);
    const candidates = resolver.resolve(query!).candidates;
    expect(picks).toHaveLength(candidates.length);
    picks.forEach((b, i) => expect(b.label.startsWith(candidates[i]!.name.slice(0, 40))).toBe(true));

    // the pick turns the prompt into a confirmation without buttons, so it cannot run the command twice
    const pick = click(picks[0]!.custom_id, MessageFlags.Ephemeral, msg.components);
    const pickSince = fake.requests.length;
    const pr = await send(pick);
    expect(pr.json.type).toBe(InteractionResponseType.UpdateMessage);
    expect(pr.json.data.components).toEqual([]);
    expect(pr.json.data.embeds).toEqual([]);
    expect(pr.json.data.flags).toBeUndefined();
    expect(pr.json.data.allowed_mentions).toEqual({ parse: [] });
    expect(pr.json.data.content).toBe(`✓ ${escapeText(picks[0]!.label)} — posting the answer…`);
    expect(discordLimitProblems(pr.json.data)).toEqual([]);

    // the card arrives as a public follow-up message
    const posted = await fake.waitFor((x) => x.method === 'POST' && x.path === followUpPath(pick.token), pickSince);
    expect(posted.headers.authorization).toBeUndefined();
    const card = posted.body as any;
    expect(card.flags).toBeUndefined();
    expect(card.allowed_mentions).toEqual({ parse: [] });
    expect(discordLimitProblems(card)).toEqual([]);
    const e = card.embeds[0] as APIEmbed;
    expect(e.title).toBe(`${candidates[0]!.name} vs gemini`);
    for (const name of [candidates[0]!.name, 'gemini']) {
      const f = e.fields!.find((x) => x.name === name);
      expect(f, `field for ${name}`).toBeDefined();
      expectSeedFields(f!.value);
    }
    expect(e.fields!.find((f) => f.name.startsWith('Verdict'))!.value).toMatch(/scores higher|too close|not enough evidence/i);
    expect(e.fields!.some((f) => f.name === 'Shared capabilities')).toBe(true);
    expect(e.footer!.text).toMatch(/^data as of \d{4}-\d{2}-\d{2}/);
    expect(buttons(card).map((b) => b.label)).toContain('Capabilities');
    // nothing edits or deletes the prompt behind the update
    expect(fake.requests.slice(pickSince).filter((x) => x.path.startsWith(followUpPath(pick.token)) && x !== posted)).toEqual([]);
  });


  it('an autocomplete choice (a product id) is used as chosen', async () => {
    const r = await send(slash('product', { name: 'meta-llama/llama-3.2-1b-instruct' }));
    expect(r.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(r.json.data.embeds[0].title).toBe('Meta: Llama 3.2 1B Instruct');
    expect(discordLimitProblems(r.json.data)).toEqual([]);
  });

  it('refuses a bad or missing signature, a stale timestamp and a replay with 401, before the handler', async () => {
    const servedBefore = await counter('matchgraph_commands_total', { platform: 'discord' });
    const ids = await app.core.products();
    const llama = ids.find((p) => p.name === 'Meta: Llama 3.2 1B Instruct')!.id;
    const gemini = ids.find((p) => p.name === 'gemini')!.id;
    const matchedBefore = await app.core.matches.timesMatched(llama, gemini);
    const fakeBefore = fake.requests.length;

    const ix = slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    const body = JSON.stringify(ix);
    // wrong key
    const other = generateKeyPairSync('ed25519').privateKey;
    const ts = String(Math.floor(Date.now() / 1000));
    expect((await send(ix, { signature: sign(null, Buffer.from(ts + body), other).toString('hex'), timestamp: Number(ts) })).status).toBe(401);
    // tampered body
    const good = sign(null, Buffer.from(ts + body), privateKey).toString('hex');
    expect((await send(ix, { signature: good, timestamp: Number(ts), body: body.replace('gemini', 'claude') })).status).toBe(401);
    // missing, malformed
    expect((await send(ix, { signature: null })).status).toBe(401);
    expect((await send(ix, { signature: 'zz' })).status).toBe(401);
    // stale (signed correctly, 6 minutes old) and from the future
    expect((await send(ix, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect((await send(ix, { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);

    expect(fake.requests.length).toBe(fakeBefore);
    expect(await counter('matchgraph_commands_total', { platform: 'discord' })).toBe(servedBefore);
    expect(await app.core.matches.timesMatched(llama, gemini)).toBe(matchedBefore);

    // the genuine request goes through once; its replay is refused
    expect((await send(ix)).status).toBe(200);
    await editedMessage(ix.token, fakeBefore);
    const replay = await send(ix);
    expect(replay.status).toBe(401);
    expect(await app.core.matches.timesMatched(llama, gemini)).toBe(matchedBefore + 1);
    expect(fake.requests.filter((x) => x.path === editPath(ix.token))).toHaveLength(1);

    expect(await counter('matchgraph_errors_total', { platform: 'discord', kind: 'bad_signature' })).toBeGreaterThanOrEqual(4);
    expect(await counter('matchgraph_errors_total', { platform: 'discord', kind: 'stale' })).toBeGreaterThanOrEqual(2);
    expect(await counter('matchgraph_errors_total', { platform: 'discord', kind: 'replay' })).toBeGreaterThanOrEqual(1);
    const text = await (await fetch(`${endpoint}/metrics`)).text();
    expect(text).toMatch(/matchgraph_commands_total\{platform="discord",command="compare",outcome="ok"\} \d+/);
    expect(text).toContain('matchgraph_command_seconds_bucket{le="0.005",platform="discord",command="compare"}');
  });

  it('refuses a request whose timestamp header was swapped for another fresh one (the signature covers the timestamp)', async () => {
    const servedBefore = await counter('matchgraph_commands_total', { platform: 'discord' });
    const refusedBefore = await counter('matchgraph_errors_total', { platform: 'discord', kind: 'bad_signature' });
    const ix = slash('top', {});
    const body = JSON.stringify(ix);
    const signedAt = Math.floor(Date.now() / 1000) - 30;
    const signature = sign(null, Buffer.from(String(signedAt) + body), privateKey).toString('hex');
    // the genuine request is accepted
    expect((await send(ix, { signature, timestamp: signedAt })).status).toBe(200);
    const served = await counter('matchgraph_commands_total', { platform: 'discord' });
    expect(served).toBe(servedBefore + 1);
    // the same signature with another timestamp, well inside the 5-minute window, is refused as a bad signature
    // (not merely as a replay): only the signature can tell the timestamps apart
    for (const swapped of [signedAt + 1, signedAt - 1, signedAt + 20]) {
      const r = await send(ix, { signature, timestamp: swapped });
      expect(r.status, String(swapped)).toBe(401);
      expect(r.json).toEqual({ error: 'invalid request signature' });
    }
    expect(await counter('matchgraph_errors_total', { platform: 'discord', kind: 'bad_signature' })).toBe(refusedBefore + 3);
    expect(await counter('matchgraph_commands_total', { platform: 'discord' })).toBe(served);
  });

  it('a 3,000-character option gets a friendly answer within the limits', async () => {
    const long = 'gemini '.repeat(430).slice(0, 3000);
    const r = await send(slash('product', { name: long }));
    expect(r.status).toBe(200);
    expect(r.json.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const msg = r.json.data;
    expect(discordLimitProblems(msg)).toEqual([]);
    expect(JSON.stringify(msg).length).toBeLessThan(4000);
    // a name repeated 430 times is not a confident match: a private "did you mean", with pick buttons, led by gemini
    expect(msg.flags).toBe(MessageFlags.Ephemeral);
    expect(msg.content).toMatch(/Did you mean/);
    expect(msg.content).toMatch(/^"gemini gemini .*\.\.\." matches several products/);
    expect(msg.content).toContain('1. **gemini** (gemini)');
    expect(buttons(msg).length).toBeGreaterThan(0);

    const x = 'x'.repeat(3000);
    const none = await send(slash('product', { name: x }));
    expect(none.json.data.flags).toBe(MessageFlags.Ephemeral);
    expect(none.json.data.content).toMatch(/^⚠️|No product matches/);
    expect(none.json.data.content.length).toBeLessThan(400);
    expect(discordLimitProblems(none.json.data)).toEqual([]);

    const ac = await send(autocomplete('compare', { first: x, second: '' }, 'first'));
    expect(ac.json.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(choiceProblems(ac.json.data.choices)).toEqual([]);

    const top = await send(slash('top', { category: x }));
    expect(top.json.data.flags).toBe(MessageFlags.Ephemeral);
    expect(discordLimitProblems(top.json.data)).toEqual([]);
  });

  it('neutralises @everyone, mentions and markdown in names, with allowed_mentions parse []', async () => {
    // core shows the first 60 characters of an unknown name back to the user
    const evil = '[x](https://e.co) @everyone **b** __u__ <@1> <@&2> <#3> `c`';
    const r = await send(slash('product', { name: evil }));
    const msg = r.json.data;
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(msg.flags).toBe(MessageFlags.Ephemeral);
    const text = allText(msg);
    expect(text).toContain('@\u200beveryone');
    expect(text).not.toMatch(/@everyone|@here/);
    expect(text).not.toMatch(/<@&?\d+>|<#\d+>/);
    expect(text).toContain('\\*\\*b\\*\\*');
    expect(text).toContain('\\_\\_u\\_\\_');
    expect(text).toContain('\\[x](https://e.co)');
    expect(text).toContain('\\`c\\`');
  });

  it('a failed deferred edit (404, 403) is counted and does not break the next one; 429 and 500 are retried', async () => {
    const errorsBefore = await counter('matchgraph_errors_total', { platform: 'discord', kind: 'platform_api' });
    for (const status of [404, 403]) {
      const ix = slash('alternatives', { product: 'gemini' });
      fake.answerNext((x) => x.path === editPath(ix.token), status, { message: 'Unknown Webhook', code: 10015 });
      const since = fake.requests.length;
      expect((await send(ix)).json.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
      await editedMessage(ix.token, since);
    }
    await expect.poll(() => counter('matchgraph_errors_total', { platform: 'discord', kind: 'platform_api' })).toBe(errorsBefore + 2);

    const limited = slash('alternatives', { product: 'gemini' });
    fake.answerNext((x) => x.path === editPath(limited.token), 429, { message: 'You are being rate limited.', retry_after: 0.05, global: false }, {
      'retry-after': '0.05',
      'x-ratelimit-scope': 'user',
    });
    await send(limited);
    await expect.poll(() => fake.requests.filter((x) => x.path === editPath(limited.token)).length).toBe(2);

    const flaky = slash('alternatives', { product: 'gemini' });
    fake.answerNext((x) => x.path === editPath(flaky.token), 500, { message: 'oops' });
    await send(flaky);
    await expect.poll(() => fake.requests.filter((x) => x.path === editPath(flaky.token)).length).toBe(2);
    const last = fake.requests.filter((x) => x.path === editPath(flaky.token))[1]!;
    expect((last.body as any).embeds[0].title).toBe('Alternatives to gemini');
    expect(await counter('matchgraph_errors_total', { platform: 'discord', kind: 'platform_api' })).toBe(errorsBefore + 2);
  });

  it('serves /healthz and /metrics on the same server', async () => {
    expect((await fetch(`${endpoint}/healthz`)).status).toBe(200);
    const m = await fetch(`${endpoint}/metrics`);
    expect(await m.text()).toContain('matchgraph_errors_total');
  });
});

describe('Discord gateway', () => {
  it('routes a raw INTERACTION_CREATE dispatch through the same handler, answering through the callback route', async () => {
    const gw = runtime.gateway!;
    expect(gw).not.toBeNull();
    expect(gw.client.options.intents.toArray()).toEqual(['Guilds']);

    const ping = slash('top', { limit: 3 });
    const since = fake.requests.length;
    // what discord.js's WebSocketManager does with every dispatch it receives
    gw.client.ws.emit(GatewayDispatchEvents.InteractionCreate, ping, 0);
    const cb = await fake.waitFor((x) => x.path === `/api/v10/interactions/${ping.id}/${ping.token}/callback`, since);
    expect(cb.method).toBe('POST');
    const body = cb.body as any;
    expect(body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(body.data.embeds[0].title).toBe('Top 3');
    expect(body.data.allowed_mentions).toEqual({ parse: [] });

    // and the same answer as over HTTP
    const overHttp = await send(slash('top', { limit: 3 }));
    expect(overHttp.json).toEqual(body);

    // a deferred command: callback type 5, then the edit of @original
    const cmp = slash('compare', { first: 'llama 3.2 1b', second: 'gemini' });
    gw.client.ws.emit(GatewayDispatchEvents.InteractionCreate, cmp, 0);
    const cb2 = await fake.waitFor((x) => x.path === `/api/v10/interactions/${cmp.id}/${cmp.token}/callback`, since);
    expect((cb2.body as any).type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const card = await editedMessage(cmp.token, since);
    expect(card.embeds[0].title).toBe('Meta: Llama 3.2 1B Instruct vs gemini');
    expect(fake.requests.findIndex((x) => x === cb2)).toBeLessThan(fake.requests.findIndex((x) => x.path === editPath(cmp.token)));
  });

  it('a "did you mean" pick over the gateway: callback type 7 without buttons, then the card as a follow-up', async () => {
    const resolver = await app.core.resolver();
    const query = ['llama', 'claude', 'gpt', 'mistral', 'qwen', 'gemma'].find((q) => resolver.resolve(q).status === 'ambiguous')!;
    const gw = runtime.gateway!;
    const ix = slash('compare', { first: query, second: 'gemini' });
    const since = fake.requests.length;
    gw.client.ws.emit(GatewayDispatchEvents.InteractionCreate, ix, 0);
    const prompt = (await fake.waitFor((x) => x.method === 'POST' && x.path === followUpPath(ix.token), since)).body as any;
    expect(prompt.content).toMatch(/Did you mean/);
    const first = buttons(prompt)[0]!;

    const pick = click(first.custom_id, MessageFlags.Ephemeral, prompt.components);
    const pickSince = fake.requests.length;
    gw.client.ws.emit(GatewayDispatchEvents.InteractionCreate, pick, 0);
    const cb = await fake.waitFor((x) => x.path === `/api/v10/interactions/${pick.id}/${pick.token}/callback`, pickSince);
    const body = cb.body as any;
    expect(body.type).toBe(InteractionResponseType.UpdateMessage);
    expect(body.data.components).toEqual([]);
    expect(body.data.content).toBe(`✓ ${escapeText(first.label)} — posting the answer…`);
    const posted = await fake.waitFor((x) => x.method === 'POST' && x.path === followUpPath(pick.token), pickSince);
    const card = posted.body as any;
    expect(card.flags).toBeUndefined();
    expect(card.embeds[0].title).toBe(`${resolver.resolve(query).candidates[0]!.name} vs gemini`);
    expect(fake.requests.indexOf(cb)).toBeLessThan(fake.requests.indexOf(posted));
  });

  it('autocomplete over the gateway', async () => {
    const ac = autocomplete('alternatives', { product: 'gemin' }, 'product');
    runtime.gateway!.client.ws.emit(GatewayDispatchEvents.InteractionCreate, ac, 0);
    const cb = await fake.waitFor((x) => x.path === `/api/v10/interactions/${ac.id}/${ac.token}/callback`);
    expect((cb.body as any).type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    expect(choiceProblems((cb.body as any).data.choices)).toEqual([]);
    expect((cb.body as any).data.choices.length).toBeGreaterThan(0);
  });
});

describe('deploy:discord', () => {
  let since = 0;
  beforeEach(() => {
    since = fake.requests.length;
  });

  it('registers the commands in one guild with a bulk PUT', async () => {
    const res = await deployCommands({ token: 'test-bot-token', applicationId: APP_ID, guildId: 'g1', apiBase: `${fake.url}/api` });
    expect(res.scope).toBe('guild');
    expect(res.commands).toEqual(expect.arrayContaining(['compare', 'alternatives', 'product', 'top', 'search']));
    const put = await fake.waitFor((x) => x.method === 'PUT', since);
    expect(put.path).toBe(`/api/v10/applications/${APP_ID}/guilds/g1/commands`);
    expect(put.headers.authorization).toBe('Bot test-bot-token');
    const body = put.body as any[];
    const compare = body.find((c) => c.name === 'compare');
    expect(compare.options.map((o: any) => [o.name, o.type, o.required, o.autocomplete, o.max_length])).toEqual([
      ['first', 3, true, true, 100],
      ['second', 3, true, true, 100],
      ['third', 3, false, true, 100],
    ]);
    expect(compare.contexts).toEqual([0, 1, 2]);
    const alternatives = body.find((c) => c.name === 'alternatives');
    expect(alternatives.options.find((o: any) => o.name === 'cheaper').type).toBe(5);
    expect(alternatives.options.find((o: any) => o.name === 'type').choices).toEqual([
      { name: 'Models', value: 'model' },
      { name: 'Products', value: 'product' },
    ]);
    const top = body.find((c) => c.name === 'top');
    expect(top.options.find((o: any) => o.name === 'category').autocomplete).toBe(true);
    expect(top.options.find((o: any) => o.name === 'limit')).toMatchObject({ type: 4, min_value: 1, max_value: 25 });
    const search = body.find((c) => c.name === 'search');
    expect(search.options.map((o: any) => [o.name, o.type, o.required ?? false])).toEqual([
      ['query', 3, true],
      ['type', 3, false],
      ['free', 5, false],
      ['max-price', 10, false],
      ['limit', 4, false],
    ]);
    expect(search.options.find((o: any) => o.name === 'max-price')).toMatchObject({ min_value: 0 });
    for (const c of body) expect(c.description.length).toBeLessThanOrEqual(100);
  });

  it('registers globally without a guild, and reports Discord refusing', async () => {
    await deployCommands({ token: 'test-bot-token', applicationId: APP_ID, apiBase: `${fake.url}/api` });
    const put = await fake.waitFor((x) => x.method === 'PUT', since);
    expect(put.path).toBe(`/api/v10/applications/${APP_ID}/commands`);

    fake.answerNext((x) => x.method === 'PUT', 403, { message: 'Missing Access', code: 50001 });
    await expect(deployCommands({ token: 'test-bot-token', applicationId: APP_ID, guildId: 'g2', apiBase: `${fake.url}/api` })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('message size on the wire', () => {
  it('the compare card stays well inside 6,000 characters', async () => {
    const ix = slash('compare', { first: 'llama 3.2 1b', second: 'gemini', third: 'claude' });
    await send(ix);
    const card = await fake.waitFor((x) => x.path === editPath(ix.token) || x.path === `/api/v10/webhooks/${APP_ID}/${ix.token}`);
    const msg = card.body as any;
    expect(discordLimitProblems(msg)).toEqual([]);
    expect(embedsSize(msg)).toBeLessThanOrEqual(6000);
  });
});

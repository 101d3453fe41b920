/**
 * Local fakes of Discord's REST API and Slack's Web API (plus response_url endpoints) on
 * 127.0.0.1 for the chat-side subscription tests, and the signed requests that reach our
 * endpoints: Discord interactions signed with a test Ed25519 key pair, Slack requests with the
 * v0 HMAC signature.
 */
import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InteractionType } from 'discord.js';

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** the files of a multipart/form-data request (its payload_json is the body) */
  files?: Array<{ field: string; name: string; type: string; data: Buffer }>;
}

/**
 * A multipart/form-data body as Discord reads it: the JSON of `payload_json` and the files
 * (`files[n]`), parsed by the platform's own FormData reader.
 */
async function readMultipart(raw: Buffer, contentType: string): Promise<{ body: unknown; files: NonNullable<Recorded['files']> }> {
  const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
  const files: NonNullable<Recorded['files']> = [];
  let body: unknown = null;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = readJson(value);
    } else files.push({ field, name: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) });
  }
  return { body, files };
}

function readJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** Waits (bounded) until the probe returns something truthy; the bound only keeps a broken build from hanging. */
export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, maxMs = 20_000): Promise<T> {
  const until = Date.now() + maxMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

// ---------------------------------------------------------------- Discord

/**
 * Discord's REST API: interaction callbacks and webhook edits (follow-ups of deferred answers),
 * command registration, and channel messages (alert delivery). Every request is recorded.
 */
export class FakeDiscordApi {
  readonly requests: Recorded[] = [];
  private server!: Server;
  private seq = 0;
  private readonly canned: Array<{ match: (r: Recorded) => boolean; status: number; body: unknown }> = [];
  url = '';

  /** the next request matching `match` gets this status and body instead of success */
  failNext(match: (r: Recorded) => boolean, status: number, body: unknown = { message: 'Unknown Webhook', code: 10015 }): void {
    this.canned.push({ match, status, body });
  }

  get apiBase(): string {
    return `${this.url}/api`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks);
        const contentType = req.headers['content-type'] ?? '';
        const multipart = contentType.startsWith('multipart/form-data') ? await readMultipart(raw, contentType) : null;
        const body = multipart ? multipart.body : readJson(raw.toString('utf8'));
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
        const rec: Recorded = { method: req.method ?? '', path, headers: req.headers, body, ...(multipart ? { files: multipart.files } : {}) };
        this.requests.push(rec);
        const c = this.canned.findIndex((x) => x.match(rec));
        if (c >= 0) {
          const [failure] = this.canned.splice(c, 1);
          res.writeHead(failure!.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(failure!.body));
          return;
        }
        const noContent = req.method === 'DELETE' || path.endsWith('/callback');
        let out: unknown;
        if (req.method === 'PUT' && Array.isArray(body)) out = body.map((c: object, n: number) => ({ ...c, id: String(9000 + n), version: '1' }));
        else if (!noContent) out = { id: String(5_000_000 + ++this.seq), channel_id: /\/channels\/([^/]+)\//.exec(path)?.[1], ...(body as object) };
        res.writeHead(noContent ? 204 : 200, noContent ? {} : { 'content-type': 'application/json' });
        res.end(out === undefined ? undefined : JSON.stringify(out));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** messages created in a channel (POST /channels/<id>/messages) */
  messagesIn(channel: string): Recorded[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === `/api/v10/channels/${channel}/messages`);
  }

  /** the message a deferred interaction ended up with (the edit of @original) */
  edited(applicationId: string, token: string): Promise<Recorded> {
    const path = `/api/v10/webhooks/${applicationId}/${token}/messages/@original`;
    return waitFor(() => this.requests.find((r) => r.method === 'PATCH' && r.path === path), `the edit of ${token}`);
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.closeAllConnections();
      this.server.close(() => r());
    });
  }
}

export const MANAGE_GUILD = String(1 << 5);
export const ADMINISTRATOR = String(1 << 3);
/** View Channel, Send Messages, Embed Links, Use Application Commands: an ordinary member */
export const ORDINARY_MEMBER = String((1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 31n));

export interface DiscordWhere {
  guild?: string | null;
  channel?: string;
  user?: string;
  /** the member's permission bitfield in the channel */
  permissions?: string;
}

/** Builds interactions as Discord sends them and posts them, signed, to our endpoint. */
export class DiscordClient {
  private seq = 700_000;
  readonly privateKey: KeyObject;
  readonly publicKeyHex: string;
  endpoint = '';

  constructor(readonly applicationId: string) {
    const pair = generateKeyPairSync('ed25519');
    this.privateKey = pair.privateKey;
    this.publicKeyHex = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  }

  interaction(type: InteractionType, data: unknown, where: DiscordWhere = {}, extra: Record<string, unknown> = {}) {
    const id = String(this.seq++);
    const user = { id: where.user ?? '333333333333333333', username: 'manager', discriminator: '0', global_name: null, avatar: null };
    const guild = where.guild === undefined ? '111111111111111111' : where.guild;
    return {
      id,
      application_id: this.applicationId,
      type,
      token: `tok-${id}`,
      version: 1,
      data,
      ...(guild
        ? { guild_id: guild, member: { user, roles: [], permissions: where.permissions ?? MANAGE_GUILD } }
        : { user }),
      channel_id: where.channel ?? '222222222222222222',
      app_permissions: '0',
      locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {},
      ...extra,
    };
  }

  slash(name: string, options: Record<string, string | number | boolean>, where: DiscordWhere = {}) {
    const types: Record<string, number> = { string: 3, number: 10, boolean: 5 };
    return this.interaction(
      InteractionType.ApplicationCommand,
      { id: `cmd-${name}`, name, type: 1, options: Object.entries(options).map(([k, v]) => ({ name: k, type: types[typeof v], value: v })) },
      where,
    );
  }

  autocomplete(name: string, options: Record<string, string>, focused: string, where: DiscordWhere = {}) {
    return this.interaction(
      InteractionType.ApplicationCommandAutocomplete,
      {
        id: `cmd-${name}`,
        name,
        type: 1,
        options: Object.entries(options).map(([k, v]) => ({ name: k, type: 3, value: v, ...(k === focused ? { focused: true } : {}) })),
      },
      where,
    );
  }

  click(customId: string, where: DiscordWhere = {}, messageFlags = 0) {
    return this.interaction(InteractionType.MessageComponent, { custom_id: customId, component_type: 2 }, where, {
      message: { id: 'm1', channel_id: where.channel ?? '222222222222222222', flags: messageFlags, content: '', embeds: [], components: [] },
    });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async send(payload: unknown): Promise<{ status: number; json: any }> {
    const body = JSON.stringify(payload);
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(ts + body), this.privateKey).toString('hex');
    const res = await fetch(`${this.endpoint}/discord/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': ts },
      body,
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function discordButtons(msg: any): Array<{ label: string; custom_id: string }> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (msg.components ?? []).flatMap((r: any) => r.components);
}

// ---------------------------------------------------------------- Slack

/**
 * Slack's Web API (auth.test, chat.postMessage, views.publish, anything else answered ok) and
 * response_url endpoints under /respond/. chat.postMessage can be made to fail for a channel.
 */
export class FakeSlackApi {
  readonly calls: Array<Recorded & { kind: 'api' | 'respond' }> = [];
  /** chat.postMessage calls that were accepted */
  readonly posted: Recorded[] = [];
  private readonly failures = new Map<string, string>();
  private server!: Server;
  private seq = 0;
  url = '';

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** chat.postMessage to this channel answers `ok: false` with this error from now on */
  failChannel(channel: string, error: string): void {
    this.failures.set(channel, error);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(parts).toString('utf8');
        const path = new URL(req.url ?? '/', 'http://fake').pathname;
        let body: Record<string, unknown> = {};
        if ((req.headers['content-type'] ?? '').includes('application/json')) body = (readJson(raw) as Record<string, unknown>) ?? {};
        else for (const [k, v] of new URLSearchParams(raw)) body[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
        const reply = (payload: unknown) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(payload));
        };
        if (path.startsWith('/api/')) {
          const method = path.slice('/api/'.length);
          this.calls.push({ kind: 'api', method, path, headers: req.headers, body });
          if (method === 'auth.test') return reply({ ok: true, user_id: 'UBOTMATCH', bot_id: 'BBOTMATCH', team_id: 'T0TEAM', team: 'Test', url: 'https://test.slack.com/' });
          if (method === 'chat.postMessage') {
            const failure = this.failures.get(String(body.channel));
            if (failure) return reply({ ok: false, error: failure });
            this.posted.push(this.calls[this.calls.length - 1]!);
            return reply({ ok: true, channel: body.channel, ts: `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}` });
          }
          return reply({ ok: true });
        }
        if (path.startsWith('/respond/')) {
          this.calls.push({ kind: 'respond', method: path, path, headers: req.headers, body });
          return reply({ ok: true });
        }
        res.writeHead(404);
        res.end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  api(method: string) {
    return this.calls.filter((c) => c.kind === 'api' && c.method === method);
  }

  responses(path: string) {
    return this.calls.filter((c) => c.kind === 'respond' && c.path === path);
  }

  /** messages posted (and accepted) in a channel */
  messagesIn(channel: string) {
    return this.posted.filter((c) => c.body.channel === channel);
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.server.closeAllConnections();
      this.server.close(() => r());
    });
  }
}

export interface SlackWhere {
  team?: string;
  channel?: string;
  user?: string;
}

/** Signed requests to our Slack endpoint, shaped like Slack's. */
export class SlackClient {
  private n = 0;
  base = '';

  constructor(
    readonly secret: string,
    readonly fake: FakeSlackApi,
  ) {}

  async post(body: string, contentType = 'application/x-www-form-urlencoded'): Promise<{ status: number; text: string }> {
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', this.secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const res = await fetch(`${this.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
      body,
    });
    return { status: res.status, text: await res.text() };
  }

  command(command: string, text: string, where: SlackWhere = {}) {
    const responsePath = `/respond/sub-cmd-${++this.n}`;
    const body = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: where.team ?? 'T0TEAM',
      team_domain: 'test',
      channel_id: where.channel ?? 'C0CHAN',
      channel_name: 'general',
      user_id: where.user ?? 'U0ASKER',
      user_name: 'asker',
      command,
      text,
      api_app_id: 'A0APP',
      is_enterprise_install: 'false',
      response_url: `${this.fake.url}${responsePath}`,
      trigger_id: '1.2.3',
    }).toString();
    return { body, responsePath };
  }

  action(
    action: { action_id: string; value?: string },
    where: SlackWhere & { ephemeral?: boolean; messageTs?: string; threadTs?: string } = {},
  ) {
    const responsePath = `/respond/sub-act-${++this.n}`;
    const team = where.team ?? 'T0TEAM';
    const channel = where.channel ?? 'C0CHAN';
    const ts = where.messageTs ?? '1700000000.000500';
    const payload = {
      type: 'block_actions',
      user: { id: where.user ?? 'U0CLICK', username: 'clicker', name: 'clicker', team_id: team },
      api_app_id: 'A0APP',
      token: 'legacy-verification-token',
      trigger_id: '4.5.6',
      team: { id: team, domain: 'test' },
      is_enterprise_install: false,
      container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: where.ephemeral === true },
      channel: { id: channel, name: 'general' },
      message: { type: 'message', ts, ...(where.threadTs ? { thread_ts: where.threadTs } : {}), text: 'card' },
      response_url: `${this.fake.url}${responsePath}`,
      actions: [{ block_id: 'b1', action_ts: `${Math.floor(Date.now() / 1000)}.000200`, type: 'button', ...action }],
    };
    return { body: `payload=${encodeURIComponent(JSON.stringify(payload))}`, responsePath };
  }

  event(event: Record<string, unknown>, eventId: string, team = 'T0TEAM') {
    return JSON.stringify({
      token: 'legacy-verification-token',
      team_id: team,
      api_app_id: 'A0APP',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: team, user_id: 'UBOTMATCH', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
  }
}

type Block = { type: string; text?: { text: string }; elements?: Array<Record<string, unknown>>; accessory?: Record<string, unknown> };

/** Every text object of a block tree, joined by newlines. */
export function slackText(blocks: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push(o.text);
    else Object.values(o).forEach(walk);
  };
  walk(blocks);
  return out.join('\n');
}

export function slackButtons(blocks: unknown): Array<{ action_id: string; value: string; text: { text: string } }> {
  const out: Array<{ action_id: string; value: string; text: { text: string } }> = [];
  for (const b of blocks as Block[]) {
    for (const e of b.elements ?? []) if (e.type === 'button') out.push(e as never);
    if (b.accessory?.type === 'button') out.push(b.accessory as never);
  }
  return out;
}

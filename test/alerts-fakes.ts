/**
 * Local fakes of the Discord REST API and the Slack Web API on 127.0.0.1, speaking their wire
 * formats: they record every request, create messages, and answer with scripted failures
 * (429 with retry_after, 5xx, 403/404 with Discord error codes, Slack `ok: false` errors, hangs).
 * The Discord fake honours `nonce` + `enforce_nonce` like Discord: a nonce seen within the
 * window returns the original message instead of creating a new one.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Scripted =
  | { status: 429; retryAfter: number; global?: boolean }
  | { status: 500 | 502 | 503 }
  | { status: 403; code: 50001 | 50013 }
  | { status: 404; code: 10003 }
  | { hangMs: number }
  /** creates the message, then answers only after this long (the answer may never reach a client that timed out) */
  | { createThenHangMs: number }
  | { slackError: string }
  | { status: 429; slackRetryAfter: number };

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  channel: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}

export interface CreatedMessage {
  id: string;
  channel: string;
  nonce: string | null;
  body: Record<string, unknown>;
  at: number;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

abstract class FakeBase {
  readonly requests: RecordedRequest[] = [];
  readonly messages: CreatedMessage[] = [];
  protected readonly scripts = new Map<string, Scripted[]>();
  protected server: Server;
  protected seq = 0;
  private readonly sockets = new Set<import('node:net').Socket>();

  constructor() {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) json(res, 500, { message: String(err) });
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Answers the next requests for `channel` ("*" for any channel) with these, in order. */
  script(channel: string, ...answers: Scripted[]): void {
    const list = this.scripts.get(channel) ?? [];
    list.push(...answers);
    this.scripts.set(channel, list);
  }

  protected next(channel: string): Scripted | undefined {
    for (const key of [channel, '*']) {
      const list = this.scripts.get(key);
      if (list && list.length) return list.shift();
    }
    return undefined;
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  messagesIn(channel: string): CreatedMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

export interface DiscordFakeOptions {
  token?: string;
  /** how long a nonce is remembered */
  nonceWindowMs?: number;
  /** enforce a global request rate (requests per window), answering 429 global beyond it */
  globalLimit?: { limit: number; windowMs: number };
  /** answer created messages after a random delay in [min, max] ms (the message exists before the answer) */
  answerDelayMs?: [number, number];
}

export class FakeDiscord extends FakeBase {
  private readonly nonces = new Map<string, CreatedMessage>();
  private readonly arrivals: number[] = [];
  /** requests answered 429 because of the global limit */
  globalLimited = 0;
  /** requests that returned an existing message because of a repeated nonce */
  nonceHits = 0;

  constructor(readonly opts: DiscordFakeOptions = {}) {
    super();
  }

  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/api\/v10\/channels\/([^/]+)\/messages$/.exec(url.pathname);
    const at = Date.now();
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const channel = m?.[1] ?? '';
    this.requests.push({ at, method: req.method ?? '', path: url.pathname, channel, auth: req.headers.authorization, body });
    if (!m || req.method !== 'POST') return json(res, 404, { message: '404: Not Found', code: 0 });
    if (this.opts.token && req.headers.authorization !== `Bot ${this.opts.token}`) return json(res, 401, { message: '401: Unauthorized', code: 0 });

    if (this.opts.globalLimit) {
      const { limit, windowMs } = this.opts.globalLimit;
      while (this.arrivals.length && this.arrivals[0]! <= at - windowMs) this.arrivals.shift();
      if (this.arrivals.length >= limit) {
        this.globalLimited++;
        const retry = Math.max(0.001, (this.arrivals[0]! + windowMs - at) / 1000);
        return json(
          res,
          429,
          { message: 'You are being rate limited.', retry_after: retry, global: true },
          { 'retry-after': String(retry), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
        );
      }
      this.arrivals.push(at);
    }

    const s = this.next(channel);
    let hangAfterCreate = 0;
    if (s) {
      if ('hangMs' in s) {
        await new Promise((r) => setTimeout(r, s.hangMs));
        if (res.destroyed || req.socket.destroyed) return;
      } else if ('createThenHangMs' in s) {
        hangAfterCreate = s.createThenHangMs;
      } else if ('retryAfter' in s) {
        return json(
          res,
          429,
          { message: 'You are being rate limited.', retry_after: s.retryAfter, global: s.global ?? false },
          {
            'retry-after': String(s.retryAfter),
            'x-ratelimit-scope': s.global ? 'global' : 'user',
            ...(s.global ? { 'x-ratelimit-global': 'true' } : {}),
          },
        );
      } else if ('code' in s) {
        return json(res, s.status, { message: s.code === 10003 ? 'Unknown Channel' : s.code === 50001 ? 'Missing Access' : 'Missing Permissions', code: s.code });
      } else if ('status' in s) {
        return json(res, s.status, { message: 'Internal Server Error' });
      }
    }

    const nonce = typeof body.nonce === 'string' || typeof body.nonce === 'number' ? String(body.nonce) : null;
    const window = this.opts.nonceWindowMs ?? 5 * 60_000;
    if (nonce && body.enforce_nonce === true) {
      const seen = this.nonces.get(`${channel}:${nonce}`);
      if (seen && at - seen.at < window) {
        this.nonceHits++;
        return json(res, 200, { id: seen.id, channel_id: channel, content: seen.body.content, nonce });
      }
    }
    const msg: CreatedMessage = { id: String(1_000_000 + ++this.seq), channel, nonce, body, at };
    this.messages.push(msg);
    if (nonce) this.nonces.set(`${channel}:${nonce}`, msg);
    const [lo, hi] = this.opts.answerDelayMs ?? [0, 0];
    const delay = hangAfterCreate || (hi > 0 ? lo + Math.random() * (hi - lo) : 0);
    if (delay > 0) {
      await new Promise((r) => setTimeout(r, delay));
      if (res.destroyed || req.socket.destroyed) return;
    }
    json(res, 200, { id: msg.id, channel_id: channel, content: body.content, nonce, components: body.components ?? [] });
  }

  /** messages whose nonce was used more than once (should be none when nonces are enforced) */
  duplicateNonces(): string[] {
    const seen = new Map<string, number>();
    for (const m of this.messages) if (m.nonce) seen.set(`${m.channel}:${m.nonce}`, (seen.get(`${m.channel}:${m.nonce}`) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
  }
}

export class FakeSlack extends FakeBase {
  constructor(readonly token?: string) {
    super();
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const type = String(req.headers['content-type'] ?? '');
    let body: Record<string, unknown> = {};
    if (type.includes('application/json')) body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    else for (const [k, v] of new URLSearchParams(text)) body[k] = v;
    if (typeof body.blocks === 'string') body.blocks = JSON.parse(body.blocks);
    const channel = String(body.channel ?? '');
    const at = Date.now();
    this.requests.push({ at, method: req.method ?? '', path: url.pathname, channel, auth: req.headers.authorization, body });
    if (url.pathname !== '/api/chat.postMessage') return json(res, 200, { ok: false, error: 'unknown_method' });
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) return json(res, 200, { ok: false, error: 'invalid_auth' });
    const s = this.next(channel);
    if (s) {
      if ('hangMs' in s) {
        await new Promise((r) => setTimeout(r, s.hangMs));
        if (res.destroyed || req.socket.destroyed) return;
      } else if ('slackRetryAfter' in s) {
        return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(s.slackRetryAfter) });
      } else if ('slackError' in s) {
        return json(res, 200, { ok: false, error: s.slackError });
      } else if ('status' in s) {
        res.writeHead(s.status, { 'content-type': 'text/plain' });
        res.end('upstream error');
        return;
      }
    }
    const ts = `${Math.floor(at / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    this.messages.push({ id: ts, channel, nonce: null, body, at });
    json(res, 200, { ok: true, channel, ts, message: { text: body.text, ts } });
  }
}

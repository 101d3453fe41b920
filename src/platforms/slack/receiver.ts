/**
 * A bolt Receiver fed by our shared HTTP server (POST /slack/events): verifies Slack's request
 * signature, parses JSON and form bodies, answers url_verification, and hands everything else to
 * app.processEvent with an ack that writes the HTTP response. Unsigned, forged and stale requests
 * get 401 and never reach the app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { isValidSlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';

/** Slack rejects nothing older than this itself; we answer 401 to requests older (or newer) than it. */
export const SLACK_SIGNATURE_MAX_AGE_SECONDS = 5 * 60;
/** Slack waits 3 s for an ack; a request nobody acked by then is answered 404 (bolt's convention). */
export const SLACK_ACK_DEADLINE_MS = 3_000;

export type SignatureFailure = 'unsigned' | 'stale' | 'bad_signature';

export interface SignatureInput {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}

/** Checks the v0 HMAC-SHA256 signature of `v0:{timestamp}:{body}`; null when valid. */
export function checkSlackSignature(input: SignatureInput): SignatureFailure | null {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return 'unsigned';
  if (!/^\d{1,12}$/.test(timestamp)) return 'bad_signature';
  const ts = Number(timestamp);
  if (Math.abs(input.nowMs / 1000 - ts) > SLACK_SIGNATURE_MAX_AGE_SECONDS) return 'stale';
  const ok = isValidSlackRequest({
    signingSecret: input.signingSecret,
    body: input.rawBody,
    headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': ts },
    nowMilliseconds: input.nowMs,
  });
  return ok ? null : 'bad_signature';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** JSON body, or form body (slash commands; `payload=` for interactive requests). */
export function parseSlackBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const form = parseQuery(raw);
    if (typeof form.payload === 'string') return JSON.parse(form.payload) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(form)) out[k] = Array.isArray(v) ? v[0] : v;
    return out;
  }
  const parsed: unknown = JSON.parse(raw);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('body is not an object');
  return parsed as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || body === '') {
    res.writeHead(status, { 'content-length': 0 });
    res.end();
  } else if (typeof body === 'string') {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } else {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }
}

export interface SharedHttpReceiverOptions {
  signingSecret: string;
  log: Logger;
  metrics: Metrics;
  now?: () => number;
  /** how long a request may go unacknowledged before it is answered 404 (default SLACK_ACK_DEADLINE_MS) */
  ackDeadlineMs?: number;
}

export class SharedHttpReceiver implements Receiver {
  private app: App | null = null;
  private readonly inflight = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly opts: SharedHttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  /** The shared server owns the port: starting only opens the gate. */
  async start(): Promise<void> {
    this.stopped = false;
  }

  /** Refuses new requests and waits for the ones being processed. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.inflight]);
  }

  /** Resolves when every request received so far has been fully processed (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private fail(res: ServerResponse, kind: SignatureFailure): void {
    this.opts.metrics.errors.inc({ platform: 'slack', kind });
    this.opts.log.warn({ kind }, 'slack request rejected');
    send(res, 401, { error: 'invalid request signature' });
  }

  /** Route handler for POST /slack/events on the shared HTTP server. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> => {
    const raw = rawBody.toString('utf8');
    const failure = checkSlackSignature({
      signingSecret: this.opts.signingSecret,
      rawBody: raw,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      nowMs: (this.opts.now ?? Date.now)(),
    });
    if (failure) return this.fail(res, failure);
    if (!this.app || this.stopped) return send(res, 503, { error: 'not ready' });

    let body: Record<string, unknown>;
    try {
      body = parseSlackBody(raw, header(req, 'content-type'));
    } catch {
      this.opts.metrics.errors.inc({ platform: 'slack', kind: 'bad_request' });
      return send(res, 400, { error: 'unreadable body' });
    }
    if (body.ssl_check) return send(res, 200);
    if (body.type === 'url_verification') return send(res, 200, { challenge: body.challenge });

    let acked = false;
    let resolveAck!: () => void;
    const ackWritten = new Promise<void>((r) => (resolveAck = r));
    const timer = setTimeout(() => {
      if (acked) return;
      acked = true;
      this.opts.log.warn({ type: body.type }, 'slack request not acknowledged in time');
      send(res, 404);
      resolveAck();
    }, this.opts.ackDeadlineMs ?? SLACK_ACK_DEADLINE_MS);
    timer.unref();

    const ack: ReceiverEvent['ack'] = async (response?: unknown) => {
      if (acked) return;
      acked = true;
      clearTimeout(timer);
      send(res, 200, response);
      resolveAck();
    };
    const retry = header(req, 'x-slack-retry-num');
    const event: ReceiverEvent = {
      body,
      ack,
      retryNum: retry !== undefined && /^\d+$/.test(retry) ? Number(retry) : undefined,
      retryReason: header(req, 'x-slack-retry-reason'),
    };

    const work = this.app
      .processEvent(event)
      .catch((err: unknown) => {
        this.opts.metrics.errors.inc({ platform: 'slack', kind: 'internal' });
        this.opts.log.error({ err }, 'slack event processing failed');
        if (!acked) {
          acked = true;
          clearTimeout(timer);
          send(res, 500);
          resolveAck();
        }
      })
      .finally(() => {
        this.inflight.delete(work);
        if (!acked) {
          acked = true;
          clearTimeout(timer);
          send(res, 404);
          resolveAck();
        }
      });
    this.inflight.add(work);
    await ackWritten;
  };
}

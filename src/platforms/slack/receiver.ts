/**
 * A bolt Receiver fed by our shared HTTP server (POST /slack/events): verifies Slack's request
 * signature, parses JSON and form bodies, checks their shape, answers url_verification, refuses
 * replays of slash commands and interactive payloads, and hands everything else to
 * app.processEvent with an ack that writes the HTTP response. Unsigned, forged and stale requests
 * get 401 and never reach the app; signed ones of a shape the app does not handle get 400.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { isValidSlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt';
import type { ReplayStore } from '../../core/ports.js';
import { createMemoryReplayStore } from '../../core/replay.js';
import { jsonTooDeep } from '../../http/server.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { checkSlackBody } from './payload.js';

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

/** Parses JSON, refusing nesting deeper than HTTP_LIMITS.maxJsonDepth before the parser sees it. */
function parseJson(text: string): unknown {
  if (jsonTooDeep(text)) throw new Error('JSON nested too deeply');
  return JSON.parse(text);
}

/**
 * JSON body, or form body (slash commands; `payload=` for interactive requests). Throws on text
 * that is not JSON or a form; the value may still be of any shape (checkSlackBody says).
 */
export function parseSlackBody(raw: string, contentType: string | undefined): unknown {
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const form = parseQuery(raw);
    const payload = Array.isArray(form.payload) ? form.payload[0] : form.payload;
    if (typeof payload === 'string') return parseJson(payload);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(form)) out[k] = Array.isArray(v) ? v[0] : v;
    return out;
  }
  return parseJson(raw);
}

/** Replays are keyed by the signature: unique per (timestamp, body) and only valid inside the window. */
export function slackReplayKey(signature: string): string {
  return `slack:${createHash('sha256').update(signature).digest('base64url')}`;
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
  /** where handled requests are remembered for replay detection (default: this process's memory) */
  replay?: ReplayStore;
  now?: () => number;
  /** how long a request may go unacknowledged before it is answered 404 (default SLACK_ACK_DEADLINE_MS) */
  ackDeadlineMs?: number;
}

export class SharedHttpReceiver implements Receiver {
  private app: App | null = null;
  private readonly inflight = new Set<Promise<void>>();
  private stopped = false;
  private readonly replay: ReplayStore;

  constructor(private readonly opts: SharedHttpReceiverOptions) {
    this.replay = opts.replay ?? createMemoryReplayStore({ now: opts.now });
  }

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

  /** A signed request of a shape the app does not handle: 400, one warning without a stack. */
  private badRequest(res: ServerResponse, problem: string): void {
    this.opts.metrics.errors.inc({ platform: 'slack', kind: 'bad_request' });
    this.opts.log.warn({ problem }, 'slack request of an unexpected shape');
    send(res, 400, { error: 'unexpected request shape' });
  }

  /** Route handler for POST /slack/events on the shared HTTP server. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse, rawBody: Buffer): Promise<void> => {
    const raw = rawBody.toString('utf8');
    const timestamp = header(req, 'x-slack-request-timestamp');
    const signature = header(req, 'x-slack-signature');
    const nowMs = (this.opts.now ?? Date.now)();
    const failure = checkSlackSignature({ signingSecret: this.opts.signingSecret, rawBody: raw, timestamp, signature, nowMs });
    if (failure) return this.fail(res, failure);
    if (!this.app || this.stopped) return send(res, 503, { error: 'not ready' });

    let parsed: unknown;
    try {
      parsed = parseSlackBody(raw, header(req, 'content-type'));
    } catch {
      return this.badRequest(res, 'body: not JSON or a form');
    }
    const shape = checkSlackBody(parsed);
    if (!shape.ok) return this.badRequest(res, shape.problem);
    if (shape.kind === 'answer') return send(res, 200, shape.response);
    const body = parsed as Record<string, unknown>;

    // a slash command or a click sent again inside the signature window is acknowledged, not run again
    if (shape.kind === 'command' || shape.kind === 'interactive') {
      const expiresAt = (Number(timestamp) + SLACK_SIGNATURE_MAX_AGE_SECONDS) * 1000 + SLACK_ACK_DEADLINE_MS;
      if (!(await this.replay.firstSeen(slackReplayKey(signature!), expiresAt))) {
        this.opts.metrics.errors.inc({ platform: 'slack', kind: 'replay' });
        this.opts.log.warn({ kind: shape.kind }, 'slack request replayed; acknowledged without running it again');
        return send(res, 200);
      }
    }

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

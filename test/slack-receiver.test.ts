/**
 * The Slack HTTP receiver (src/platforms/slack/receiver.ts) under a real bolt App on the real HTTP server on
 * 127.0.0.1, with signed requests: a request nobody acknowledges is answered 404 at the ack deadline (3 s in
 * production, shortened here through the receiver's option), and while the receiver stops it answers 503 and
 * waits for the requests it is still processing.
 */
import { createHmac } from 'node:crypto';
import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { SharedHttpReceiver, SLACK_ACK_DEADLINE_MS } from '../src/platforms/slack/receiver.js';

const SECRET = 'receiver-test-secret';
const DEADLINE_MS = 200;

/** A promise that a test opens by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

interface Bench {
  http: HttpServer;
  base: string;
  receiver: SharedHttpReceiver;
  /** opened by the /slow handler when it starts; /slow waits for `release` before it acks */
  started: ReturnType<typeof gate>;
  release: ReturnType<typeof gate>;
  lateAck: Promise<void> | null;
}

/** The real HTTP server, the receiver with this ack deadline, and a bolt App with a /fast and a /slow command. */
async function bench(ackDeadlineMs: number): Promise<Bench> {
  const log = createLogger('silent');
  const metrics = createMetrics(false);
  const http = createHttpServer({ metrics, log });
  const receiver = new SharedHttpReceiver({ signingSecret: SECRET, log, metrics, ackDeadlineMs });
  const b: Bench = { http, base: '', receiver, started: gate(), release: gate(), lateAck: null };
  const app = new App({ token: 'xoxb-test', receiver, tokenVerificationEnabled: false, botId: 'B0BOT', botUserId: 'U0BOT' });
  app.command('/fast', async ({ ack }) => {
    await ack({ text: 'fast answer' });
  });
  app.command('/slow', async ({ ack }) => {
    b.started.open();
    await b.release.opened;
    b.lateAck = ack({ text: 'slow answer' });
    await b.lateAck;
  });
  await app.start();
  http.route('POST', '/slack/events', receiver.handle);
  b.base = (await http.listen(0, '127.0.0.1')).url;
  return b;
}

async function post(b: Bench, command: string): Promise<{ status: number; text: string; ms: number }> {
  const body = new URLSearchParams({
    team_id: 'T0TEAM',
    user_id: 'U0USER',
    channel_id: 'C0CHAN',
    command,
    text: '',
    response_url: 'http://127.0.0.1:9/respond',
    trigger_id: 't1',
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const started = performance.now();
  const res = await fetch(`${b.base}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}

let short: Bench;
let long: Bench;

beforeAll(async () => {
  short = await bench(DEADLINE_MS);
  long = await bench(60_000);
});

afterAll(async () => {
  for (const b of [short, long]) {
    b?.release.open();
    await b?.receiver.stop();
    await b?.http.close();
  }
});

describe('Slack receiver', () => {
  it('answers a request acknowledged in time with the ack', async () => {
    const r = await post(short, '/fast');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ text: 'fast answer' });
  });

  it('answers 404 at the ack deadline when nobody acknowledged; a late ack changes nothing', async () => {
    expect(SLACK_ACK_DEADLINE_MS).toBe(3000);
    const r = await post(short, '/slow');
    expect(r.status).toBe(404);
    expect(r.text).toBe('');
    expect(r.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 20);
    expect(r.ms).toBeLessThan(DEADLINE_MS + 2000);
    // the handler is still running; it acks now, after the answer went out, and that is a no-op
    expect(short.lateAck).toBeNull();
    short.release.open();
    await short.receiver.idle();
    expect(short.lateAck).not.toBeNull();
    await expect(short.lateAck).resolves.toBeUndefined();
    expect((await post(short, '/fast')).status).toBe(200);
  });

  it('answers 503 while stopping, waits for the request in flight, and serves again once started', async () => {
    const inFlight = post(long, '/slow');
    await long.started.opened;
    let stopped = false;
    const stopping = long.receiver.stop().then(() => (stopped = true));

    const refused = await post(long, '/fast');
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text)).toEqual({ error: 'not ready' });
    // the request in flight is not cut off: stop() waits for it, and it gets its answer
    expect(stopped).toBe(false);
    long.release.open();
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text)).toEqual({ text: 'slow answer' });
    await stopping;
    expect(stopped).toBe(true);
    expect((await post(long, '/fast')).status).toBe(503);

    await long.receiver.start();
    expect((await post(long, '/fast')).status).toBe(200);
  });
});

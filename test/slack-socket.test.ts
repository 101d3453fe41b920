import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createApp, ensureCatalog, type App } from '../src/bootstrap.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { startSlack, type SlackHandle } from '../src/platforms/slack/index.js';
import { fitsSlackLimits } from '../src/platforms/slack/render.js';
import { waitFor } from './chat-fakes.js';

/**
 * Socket Mode against a local fake: apps.connections.open (through SLACK_API_URL) hands out a
 * ws:// URL on the same fake, which says hello and then pushes envelopes the way Slack does.
 */

interface Recorded {
  path: string;
  body: Record<string, unknown>;
  auth: string | undefined;
}

let app: App;
let server: Server;
let wss: WebSocketServer;
let fakeUrl: string;
let slack: SlackHandle;
const calls: Recorded[] = [];
const acks: Array<{ envelope_id: string; payload: unknown }> = [];
let socket: WebSocket | null = null;
const metrics = createMetrics(false);


function parse(raw: string, type: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if ((type ?? '').includes('json')) return JSON.parse(raw);
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  return out;
}

beforeAll(async () => {
  app = createApp(':memory:');
  await ensureCatalog(app.core);
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://fake').pathname;
      const body = parse(Buffer.concat(parts).toString('utf8'), req.headers['content-type']);
      calls.push({ path, body, auth: req.headers.authorization });
      const reply = (payload: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (path === '/api/apps.connections.open') return reply({ ok: true, url: `${fakeUrl.replace('http', 'ws')}/link/?ticket=t1` });
      if (path === '/api/auth.test') return reply({ ok: true, user_id: 'UBOTSOCK', bot_id: 'BBOTSOCK', team_id: 'T0TEAM' });
      if (path === '/api/chat.postMessage') return reply({ ok: true, channel: body.channel, ts: '1700000999.000100' });
      reply({ ok: true });
    });
  });
  wss = new WebSocketServer({ server, path: '/link/' });
  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => acks.push(JSON.parse(String(data))));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake', approximate_connection_time: 3600 }, connection_info: { app_id: 'A0APP' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fakeUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  slack = await startSlack({
    core: app.core,
    config: { SLACK_BOT_TOKEN: 'xoxb-sock', SLACK_APP_TOKEN: 'xapp-sock', SLACK_SIGNING_SECRET: undefined, SLACK_API_URL: `${fakeUrl}/api/` },
    log: createLogger('silent'),
    metrics,
  });
});

afterAll(async () => {
  await slack?.stop();
  for (const c of wss?.clients ?? []) c.terminate();
  await new Promise<void>((r) => (wss ? wss.close(() => r()) : r()));
  server?.closeAllConnections();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  app?.close();
});

describe('Slack in Socket Mode', () => {
  it('opens the connection with the app token and needs no HTTP endpoint', async () => {
    expect(slack.mode).toBe('socket');
    const open = calls.find((c) => c.path === '/api/apps.connections.open');
    expect(open?.auth).toBe('Bearer xapp-sock');
    await waitFor(() => socket, 'the WebSocket connection');
  });

  it('acks a slash command envelope and answers through response_url', async () => {
    socket!.send(
      JSON.stringify({
        envelope_id: 'env-cmd-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          token: 't',
          team_id: 'T0TEAM',
          team_domain: 'test',
          channel_id: 'C0CHAN',
          channel_name: 'general',
          user_id: 'U0ASKER',
          user_name: 'asker',
          command: '/compare',
          text: 'llama 3.2 1b vs gemini',
          api_app_id: 'A0APP',
          response_url: `${fakeUrl}/respond/sock-1`,
          trigger_id: '1.2.3',
        },
      }),
    );
    await waitFor(() => acks.find((a) => a.envelope_id === 'env-cmd-1'), 'the envelope ack');
    const answer = await waitFor(() => calls.find((c) => c.path === '/respond/sock-1'), 'the response_url post');
    expect(answer.body.response_type).toBe('in_channel');
    const text = JSON.stringify(answer.body.blocks);
    expect(text).toContain('$2.70e-8 per prompt token');
    expect(text).toContain('5 decomposed');
    expect(text).toContain('3 decomposed');
    expect(fitsSlackLimits(answer.body as { text: string; blocks: unknown[] })).toBe(true);
  });

  it('acks a mention event and replies in its thread', async () => {
    socket!.send(
      JSON.stringify({
        envelope_id: 'env-evt-1',
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: '',
        payload: {
          token: 't',
          team_id: 'T0TEAM',
          api_app_id: 'A0APP',
          type: 'event_callback',
          event_id: 'Ev0SOCK1',
          event_time: 1700000000,
          event: { type: 'app_mention', user: 'U0ASKER', text: '<@UBOTSOCK> alternatives to cursor', ts: '1700000600.000100', channel: 'C0CHAN', event_ts: '1700000600.000100' },
          authorizations: [{ team_id: 'T0TEAM', user_id: 'UBOTSOCK', is_bot: true }],
        },
      }),
    );
    await waitFor(() => acks.find((a) => a.envelope_id === 'env-evt-1'), 'the envelope ack');
    const reply = await waitFor(() => calls.find((c) => c.path === '/api/chat.postMessage'), 'the threaded reply');
    expect(reply.auth).toBe('Bearer xoxb-sock');
    expect(reply.body).toMatchObject({ channel: 'C0CHAN', thread_ts: '1700000600.000100' });
    expect(JSON.stringify(reply.body.blocks)).toMatch(/Alternatives to Cursor/i);
  });

  it('an envelope of the wrong shape is acknowledged and counted, and reaches no listener', async () => {
    const before = calls.length;
    const envelopes = [
      { envelope_id: 'env-bad-1', type: 'interactive', payload: { type: 'shortcut', user: null } },
      { envelope_id: 'env-bad-2', type: 'interactive', payload: { type: 'block_actions', actions: 'x', user: null } },
      { envelope_id: 'env-bad-3', type: 'events_api', payload: { type: 'event_callback', event: { type: 'app_mention', user: null } } },
      { envelope_id: 'env-bad-4', type: 'slash_commands', payload: { command: '/top', user_id: null } },
    ];
    for (const e of envelopes) socket!.send(JSON.stringify({ accepts_response_payload: false, ...e }));
    await waitFor(() => envelopes.every((e) => acks.some((a) => a.envelope_id === e.envelope_id)), 'the acks');
    const bad = (await metrics.errors.get()).values.find((v) => v.labels.kind === 'bad_request')?.value;
    expect(bad).toBe(envelopes.length);
    expect((await metrics.errors.get()).values.find((v) => v.labels.kind === 'internal')).toBeUndefined();
    expect(calls.length).toBe(before);
  });
});

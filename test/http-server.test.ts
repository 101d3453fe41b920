import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertMetrics, OUTBOX_GAUGE_MAX_AGE_MS } from '../src/alerts/metrics.js';
import { openSqliteStore } from '../src/db/store.js';
import { describeStores, openTestStore } from './stores.js';
import { createHttpServer, createMetricsServer, jsonTooDeep, MAX_BODY_BYTES, type HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';

let http: HttpServer;
let base = '';
let port = 0;
const received: number[] = [];

beforeAll(async () => {
  http = createHttpServer({ metrics: createMetrics(false), log: createLogger('silent') });
  http.route('POST', '/echo', (_req, res, body) => {
    received.push(body.length);
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(String(body.length));
  });
  http.route('POST', '/boom', () => {
    throw new Error('kaboom');
  });
  const listening = await http.listen(0, '127.0.0.1');
  base = listening.url;
  port = listening.port;
});

afterAll(async () => {
  await http?.close();
});

/** POSTs `chunks` chunks of 64 KiB with chunked encoding (no Content-Length), as a streaming client would. */
function postChunked(path: string, chunks: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, headers: { 'transfer-encoding': 'chunked' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(Buffer.alloc(64 * 1024, 120))) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/**
 * A plain client that sends its whole body before it reads anything, as many simple clients and
 * proxies do. Resolves with the status line it read, or with the socket error it got: a server
 * that closes while the upload is still coming resets the connection under such a client.
 */
function uploadThenRead(n: number, chunked: boolean): Promise<{ status: string; error: string | null }> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    let error: string | null = null;
    s.on('data', (d) => (got += d));
    s.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    s.on('close', () => resolve({ status: got.split('\r\n')[0]!, error }));
    s.on('connect', async () => {
      s.write(`POST /echo HTTP/1.1\r\nHost: test\r\n${chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${n}`}\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 120);
      for (let sent = 0; sent < n && !s.destroyed; sent += chunk.length) {
        const ok = chunked ? s.write(`${chunk.length.toString(16)}\r\n`) && s.write(chunk) && s.write('\r\n') : s.write(chunk);
        if (!ok) await new Promise((r) => s.once('drain', r));
      }
      if (chunked) s.write('0\r\n\r\n');
      s.end();
    });
  });
}

describe('HTTP server', () => {
  it('answers an oversized body with 413 JSON, by Content-Length or while streaming, and keeps serving', async () => {
    const declared = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('content-type')).toBe('application/json');
    expect(await declared.json()).toEqual({ error: 'body too large' });

    const streamed = await postChunked('/echo', Math.ceil((MAX_BODY_BYTES * 2) / (64 * 1024)));
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toEqual({ error: 'body too large' });
    expect(received).toEqual([]);

    const ok = await fetch(`${base}/echo`, { method: 'POST', body: 'x'.repeat(MAX_BODY_BYTES) });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(String(MAX_BODY_BYTES));
  });

  it('a 20 MB body and a 5 MB chunked upload get a 413 answer, not a connection reset', async () => {
    const before = received.length;
    const plain = await uploadThenRead(20 * 1024 * 1024, false);
    expect(plain).toEqual({ status: 'HTTP/1.1 413 Payload Too Large', error: null });
    const chunked = await uploadThenRead(5 * 1024 * 1024, true);
    expect(chunked).toEqual({ status: 'HTTP/1.1 413 Payload Too Large', error: null });
    expect(received.length).toBe(before);
    // and the server still serves
    expect((await fetch(`${base}/echo`, { method: 'POST', body: 'ok' })).status).toBe(200);
  });

  it('HEAD /healthz answers 200 without a body', async () => {
    const res = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('measures JSON nesting on the raw text, strings and escapes included', () => {
    expect(jsonTooDeep('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(jsonTooDeep('[[[[1]]]]', 3)).toBe(true);
    expect(jsonTooDeep('{"a":"[[[[[[\\"[[[["}', 2)).toBe(false);
    expect(jsonTooDeep('['.repeat(100_000))).toBe(true);
  });

  it('unknown routes get 404, a throwing handler 500, both as JSON', async () => {
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found' });
    const boom = await fetch(`${base}/boom`, { method: 'POST', body: '{}' });
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ error: 'internal error' });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).headers.get('content-type')).toMatch(/^text\/plain/);
  });
});

describeStores('/healthz and the database', (dialect) => {
  it('reports the store it reached; 503 once the store cannot answer', async () => {
    const store = await openTestStore(dialect);
    const server = createHttpServer({ metrics: createMetrics(false), log: createLogger('silent'), database: store });
    const { url } = await server.listen(0, '127.0.0.1');
    try {
      const ok = await fetch(`${url}/healthz`);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ status: 'ok', database: { dialect, ok: true } });
      await store.close();
      const down = await fetch(`${url}/healthz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable', database: { dialect, ok: false, error: 'database unavailable' } });
      expect((await fetch(`${url}/healthz`, { method: 'HEAD' })).status).toBe(503);
    } finally {
      await server.close();
    }
  });
});

describe('/metrics access', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';

  it('METRICS_TOKEN: /metrics needs the bearer token; /healthz does not', async () => {
    const guarded = createHttpServer({ metrics: createMetrics(false), log: createLogger('silent'), metricsToken: TOKEN });
    const { url } = await guarded.listen(0);
    try {
      const none = await fetch(`${url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: TOKEN } })).status).toBe(401);
      const ok = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('matchgraph_errors_total');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('METRICS_PORT: a separate listener serves /metrics and the main server no longer does', async () => {
    const metrics = createMetrics(false);
    const main = createHttpServer({ metrics, log: createLogger('silent'), serveMetrics: false });
    const side = createMetricsServer({ metrics, log: createLogger('silent') });
    const a = await main.listen(0);
    const b = await side.listen(0, '127.0.0.1');
    try {
      expect((await fetch(`${a.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
      const m = await fetch(`${b.url}/metrics`);
      expect(m.status).toBe(200);
      expect(await m.text()).toContain('matchgraph_commands_total');
      expect((await fetch(`${b.url}/discord/interactions`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await main.close();
      await side.close();
    }
  });

  it('outbox gauges come from counts refreshed at most every few seconds, not a query per scrape', async () => {
    const store = openSqliteStore(':memory:');
    const real = store.outbox;
    let queries = 0;
    const outbox = { ...real, stats: () => (queries++, real.stats()) };
    let clock = 1_000_000;
    const metrics = createMetrics(false);
    createAlertMetrics(metrics.registry, outbox, () => clock);
    const server = createHttpServer({ metrics, log: createLogger('silent') });
    const { url } = await server.listen(0);
    try {
      const scrapes = await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/metrics`).then((r) => r.text())));
      for (const text of scrapes) expect(text).toContain('matchgraph_outbox_rows');
      expect(queries).toBe(1);
      clock += OUTBOX_GAUGE_MAX_AGE_MS - 1;
      await fetch(`${url}/metrics`);
      expect(queries).toBe(1);
      clock += 2;
      await fetch(`${url}/metrics`);
      expect(queries).toBe(2);
    } finally {
      await server.close();
      await store.close();
    }
  });
});

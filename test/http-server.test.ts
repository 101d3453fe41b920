import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, MAX_BODY_BYTES, type HttpServer } from '../src/http/server.js';
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

/**
 * The bot's one HTTP server: /healthz, /metrics, and whatever routes the platforms mount
 * (POST /discord/interactions, POST /slack/events). Route handlers get the raw body,
 * since both platforms sign the exact bytes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/** Largest request body accepted; platform payloads are far smaller. */
export const MAX_BODY_BYTES = 1_000_000;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;

export interface HttpServer {
  route(method: string, path: string, handler: RouteHandler): void;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  readonly server: Server;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

class BodyTooLarge extends Error {
  readonly status = 413;
  constructor() {
    super('body too large');
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      // answered without reading: the rest of the upload is discarded, not buffered
      req.resume();
      reject(new BodyTooLarge());
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', onData);
        parts.length = 0;
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      parts.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

export function createHttpServer(opts: { metrics: Metrics; log: Logger; health?: () => Record<string, unknown> }): HttpServer {
  const routes = new Map<string, RouteHandler>();
  routes.set('GET /healthz', (_req, res) => sendJson(res, 200, { status: 'ok', ...(opts.health?.() ?? {}) }));
  routes.set('GET /metrics', async (_req, res) => {
    const text = await opts.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': opts.metrics.registry.contentType });
    res.end(text);
  });

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler = routes.get(`${req.method} ${path}`);
    if (!handler) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    try {
      const body = await readBody(req);
      await handler(req, res, body);
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      if (status >= 500) opts.log.error({ err, path }, 'http handler failed');
      if (status === 413) {
        opts.log.warn({ path, contentLength: req.headers['content-length'] }, 'http request body too large');
        // the connection closes once the answer is out, so a client still uploading stops there
        res.setHeader('connection', 'close');
        res.on('finish', () => req.destroy());
      }
      if (!res.headersSent) sendJson(res, status, { error: status === 413 ? 'body too large' : 'internal error' });
      else res.end();
    }
  });

  return {
    server,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const addr = server.address() as AddressInfo;
          resolve({ port: addr.port, url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}` });
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}

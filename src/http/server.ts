/**
 * The bot's one HTTP server: /healthz, /metrics, and whatever routes the platforms mount
 * (POST /discord/interactions, POST /slack/events). Route handlers get the raw body,
 * since both platforms sign the exact bytes. /metrics can instead be served by a separate,
 * private listener (createMetricsServer), and can require a bearer token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/** Limits of the HTTP server, in one place. */
export const HTTP_LIMITS = {
  /** largest request body accepted; platform payloads are far smaller */
  maxBodyBytes: 1_000_000,
  /**
   * After a 413 the rest of an upload is read and thrown away (never buffered) so the client
   * gets to read the answer instead of a connection reset; past this many bytes, or this long,
   * the connection is cut.
   */
  drainBytes: 64 * 1024 * 1024,
  drainMs: 10_000,
  /** deepest JSON nesting a platform payload may have (Discord and Slack stay well under 20) */
  maxJsonDepth: 32,
} as const;

/** Largest request body accepted. */
export const MAX_BODY_BYTES = HTTP_LIMITS.maxBodyBytes;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;

export interface HttpServer {
  route(method: string, path: string, handler: RouteHandler): void;
  /**
   * A handler for every path starting with `prefix` that has no exact route; the longest
   * matching prefix wins (the web pages mount `/product/`, `/compare/`... and `/` for their 404).
   */
  routePrefix(method: string, prefix: string, handler: RouteHandler): void;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
  readonly server: Server;
}

export interface HttpServerOptions {
  metrics: Metrics;
  log: Logger;
  health?: () => Record<string, unknown>;
  /** the store /healthz checks with one round trip; answering 503 when it cannot */
  database?: { readonly dialect: string; ping(): Promise<void> };
  /** serve GET /metrics here (false when a separate metrics listener serves it); default true */
  serveMetrics?: boolean;
  /** when set, GET /metrics answers only requests with `Authorization: Bearer <token>` */
  metricsToken?: string;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * true when JSON text nests deeper than `max` (arrays and objects), counted on the raw text
 * without parsing it, so a hostile body costs one pass over its bytes.
 */
export function jsonTooDeep(text: string, max: number = HTTP_LIMITS.maxJsonDepth): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

class BodyTooLarge extends Error {
  readonly status = 413;
  constructor() {
    super('body too large');
  }
}

/**
 * Reads the body, counting bytes as they arrive (a Content-Length over the limit is refused before
 * reading anything). Past the limit nothing more is kept: the rest of the upload is drained and
 * dropped, within HTTP_LIMITS.drainBytes and drainMs, while the 413 goes out.
 */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const tooLarge = () => {
      req.off('data', onData);
      parts.length = 0;
      drain(req);
      reject(new BodyTooLarge());
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > HTTP_LIMITS.maxBodyBytes) tooLarge();
      else parts.push(c);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > HTTP_LIMITS.maxBodyBytes) {
      tooLarge();
      return;
    }
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

/**
 * Discards the rest of a refused upload, counting it, and cuts the connection when it goes on
 * past HTTP_LIMITS.drainBytes or drainMs. An upload drained to its end leaves the connection as
 * HTTP/1.1 leaves it after any answered request: the server's keep-alive timeout closes it when idle.
 * (Closing it here instead, or answering `Connection: close`, makes Node close the socket while
 * the client may still be sending, which is what resets the connection under it.)
 */
function drain(req: IncomingMessage): void {
  let drained = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, HTTP_LIMITS.drainMs);
  timer.unref();
  const done = () => clearTimeout(timer);
  req.on('data', (c: Buffer) => {
    drained += c.length;
    if (drained > HTTP_LIMITS.drainBytes) {
      done();
      cut();
    }
  });
  req.on('end', done);
  req.on('error', done);
  req.on('close', done);
  req.resume();
}

/** Constant-time check of `Authorization: Bearer <token>`. */
export function hasBearer(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization;
  const m = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) return false;
  const a = createHash('sha256').update(m[1]!).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function metricsRoute(opts: Pick<HttpServerOptions, 'metrics' | 'metricsToken'>): RouteHandler {
  return async (req, res) => {
    if (opts.metricsToken && !hasBearer(req, opts.metricsToken)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      sendJson(res, 401, { error: 'unauthorized' });
      return;
    }
    const text = await opts.metrics.registry.metrics();
    res.writeHead(200, { 'content-type': opts.metrics.registry.contentType });
    res.end(text);
  };
}

/** A database that does not answer /healthz's round trip within this time counts as down. */
export const HEALTH_DB_TIMEOUT_MS = 2_000;

async function checkDatabase(opts: HttpServerOptions): Promise<{ dialect: string; ok: boolean; ms: number; error?: string } | undefined> {
  const db = opts.database;
  if (!db) return undefined;
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_DB_TIMEOUT_MS} ms`)), HEALTH_DB_TIMEOUT_MS);
      }),
    ]);
    return { dialect: db.dialect, ok: true, ms: Math.round(performance.now() - started) };
  } catch (err) {
    opts.log.warn({ err: { message: (err as Error).message } }, 'health check: the database did not answer');
    return { dialect: db.dialect, ok: false, ms: Math.round(performance.now() - started), error: 'database unavailable' };
  } finally {
    clearTimeout(timer);
  }
}

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const routes = new Map<string, RouteHandler>();
  routes.set('GET /healthz', async (_req, res) => {
    const database = await checkDatabase(opts);
    const ok = database === undefined || database.ok;
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', ...(opts.health?.() ?? {}), ...(database ? { database } : {}) });
  });
  // load balancers that check with HEAD get the status alone
  routes.set('HEAD /healthz', async (_req, res) => {
    const database = await checkDatabase(opts);
    res.writeHead(database === undefined || database.ok ? 200 : 503, { 'content-length': 0 });
    res.end();
  });
  if (opts.serveMetrics !== false) routes.set('GET /metrics', metricsRoute(opts));
  return serve(routes, opts.log);
}

/**
 * A listener for /metrics alone (METRICS_PORT), so the scrape endpoint can stay on a private
 * interface while the platform endpoints face the internet.
 */
export function createMetricsServer(opts: { metrics: Metrics; log: Logger; metricsToken?: string }): HttpServer {
  const routes = new Map<string, RouteHandler>();
  routes.set('GET /metrics', metricsRoute(opts));
  return serve(routes, opts.log);
}

function serve(routes: Map<string, RouteHandler>, log: Logger): HttpServer {
  /** prefix routes, longest prefix first */
  const prefixes: Array<{ method: string; prefix: string; handler: RouteHandler }> = [];
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const find = (method: string | undefined) =>
      routes.get(`${method} ${path}`) ?? prefixes.find((p) => p.method === method && path.startsWith(p.prefix))?.handler;
    // HEAD is answered like GET where no HEAD route exists (Node sends the head without the body)
    const handler = find(req.method) ?? (req.method === 'HEAD' ? find('GET') : undefined);
    if (!handler) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    try {
      const body = await readBody(req);
      await handler(req, res, body);
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      if (status >= 500) log.error({ err, path }, 'http handler failed');
      if (status === 413) log.warn({ path, contentLength: req.headers['content-length'] }, 'http request body too large');
      if (!res.headersSent) sendJson(res, status, { error: status === 413 ? 'body too large' : 'internal error' });
      else res.end();
    }
  });

  return {
    server,
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    routePrefix(method, prefix, handler) {
      prefixes.push({ method: method.toUpperCase(), prefix, handler });
      prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
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

/**
 * The web adapter: server-rendered pages, charts and a read-only JSON API on the bot's HTTP
 * server. Like the chat adapters it runs the commands and renders their neutral views; it never
 * reads the store itself. Pages are GET only and change nothing: a page view of a comparison is
 * not counted in the match graph (crawlers and link previews would count too).
 *
 *   /                                   compare and search forms
 *   /compare/<a>-vs-<b>[-vs-<c>]       the comparison (ids; see src/core/links.ts)
 *   /compare?a=<name>&b=<name>          free names, resolved like the chat commands, 303 to the page
 *   /product/<id>                       one product
 *   /top, /top/<category>               leaderboards
 *   /search?q=<what it should do>       search
 *   /chart/<id>.png, /chart/<a>-vs-<b>.png   rank-history charts
 *   /api/compare?a=&b=, /api/product/<id>, /api/search?q=   the CLI's --json views
 */
import { clientAddress } from '../http/client-address.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { alternatives, compare, product, search, top } from '../../commands/index.js';
import { runCommand } from '../../commands/run.js';
import { categoryChoices } from '../../commands/top.js';
import { COMMAND_LIMITS, type CommandDef } from '../../commands/types.js';
import type { Core } from '../core/app.js';
import { chartPath, comparePath, decodeIdPath, parseChartPath, parseComparePath, productPath } from '../core/links.js';
import type { ProductScore } from '../core/scoring/types.js';
import type { AlternativesView, View } from '../core/views.js';
import type { HttpServer } from '../http/server.js';
import type { Logger } from '../log.js';
import { historySvg, svgToPng } from './chart.js';
import { productViews as productViewsOf, seriesOf } from './charts.js';
import { CSP } from './html.js';
import {
  compareForm,
  compareFormPage,
  comparePage,
  errorPage,
  errorViewPage,
  homePage,
  notFoundPage,
  productPage,
  resolutionPage,
  searchPage,
  topPage,
} from './pages.js';
import { createRateLimiter, type RateLimit } from './rate-limit.js';

/** Limits of the web adapter, in one place (input lengths are the commands' own COMMAND_LIMITS). */
export const WEB_LIMITS = {
  /** the JSON API and the PNG charts, per client address */
  apiRate: { requests: 60, windowMs: 60_000, maxClients: 10_000 } satisfies RateLimit,
  /** PNG charts kept per scoring run */
  pngCache: 200,
  /** a path longer than this names nothing (ids and names are far shorter) */
  pathChars: 4 * COMMAND_LIMITS.textLength,
} as const;

export interface WebOptions {
  core: Core;
  log: Logger;
  /** the per-client budget of the API and charts (default WEB_LIMITS.apiRate) */
  apiRate?: RateLimit;
  /** proxies in front of the server (TRUST_PROXY): the client is read from X-Forwarded-For; 0 = the TCP peer */
  trustProxy?: number;
}

/** The compare command as a web page runs it: a look, not a comparison made (see the header). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const lookCompare: CommandDef<any> = { ...compare, execute: (input, core, chat) => compare.execute({ ...input, record: false }, core, chat) };

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
  res.end(html);
}

function redirect(res: ServerResponse, status: 301 | 303, location: string): void {
  res.writeHead(status, { location, 'content-length': 0, 'cache-control': 'no-cache' });
  res.end();
}

function sendApi(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
  });
  res.end(text);
}

/** HTTP status for a view a command returned. */
function statusOf(view: View): number {
  if (view.kind === 'error') return view.code === 'bad_input' ? 400 : view.code === 'not_ready' ? 503 : 500;
  if (view.kind === 'resolution') return view.status === 'empty' ? 400 : view.status === 'none' ? 404 : 300;
  return 200;
}

/** A page's status: a did-you-mean list answers 200 (it is a page to choose from), otherwise as the API. */
function pageStatus(view: View): number {
  return view.kind === 'resolution' && view.status === 'ambiguous' ? 200 : statusOf(view);
}

function parts(req: IncomingMessage): { path: string; query: URLSearchParams } {
  const url = req.url ?? '/';
  const at = url.indexOf('?');
  return { path: at < 0 ? url : url.slice(0, at), query: new URLSearchParams(at < 0 ? '' : url.slice(at + 1)) };
}

const param = (q: URLSearchParams, name: string) => q.get(name) ?? undefined;

export function mountWeb(http: HttpServer, opts: WebOptions): void {
  const { core, log } = opts;
  const limiter = createRateLimiter(opts.apiRate ?? WEB_LIMITS.apiRate);
  const pngs = new WeakMap<Map<string, ProductScore>, Map<string, Buffer>>();
  const logError = (err: unknown, ctx: { command: string }) => log.error({ err, ...ctx }, 'web command failed');
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const run = (def: CommandDef<any>, raw: Record<string, unknown>) => runCommand(def, raw, core, { logError });

  const productViews = (ids: readonly string[]) => productViewsOf(core, ids, logError);

  /** A did-you-mean page for a name of a comparison; each candidate keeps the other names. */
  function compareResolution(res: ServerResponse, view: View & { kind: 'resolution' }, names: string[]): void {
    const index = ['first', 'second', 'third'].indexOf(view.field);
    const hrefFor = (id: string) => {
      const q = new URLSearchParams();
      names.forEach((n, i) => q.set('abc'[i]!, i === index ? id : n));
      return `/compare?${q.toString()}`;
    };
    sendHtml(res, pageStatus(view), resolutionPage(view, hrefFor, compareForm(names[0] ?? '', names[1] ?? '')));
  }

  const guard =
    (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      if ((req.url ?? '').length > WEB_LIMITS.pathChars) return sendHtml(res, 414, errorPage('Address too long', 'This address is longer than any page has.'));
      await handler(req, res);
    };

  const limited =
    (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      const wait = limiter.take(clientAddress(req, opts.trustProxy ?? 0));
      if (wait !== null) {
        res.setHeader('retry-after', String(wait));
        return sendApi(res, 429, { error: 'rate limited', retryAfterSeconds: wait });
      }
      await guard(handler)(req, res);
    };

  http.route('GET', '/', guard(async (_req, res) => sendHtml(res, 200, homePage())));

  http.route(
    'GET',
    '/compare',
    guard(async (req, res) => {
      const { query } = parts(req);
      const names = [param(query, 'a'), param(query, 'b'), param(query, 'c')].filter((n): n is string => n !== undefined && n.trim() !== '');
      if (names.length < 2) {
        return sendHtml(res, names.length === 0 ? 200 : 400, compareFormPage(names[0] ?? ''));
      }
      const view = await run(lookCompare, { first: names[0], second: names[1], third: names[2] });
      if (view.kind === 'compare') return redirect(res, 303, comparePath(view.products.map((p) => p.id)));
      if (view.kind === 'resolution') return compareResolution(res, view, names);
      sendHtml(res, statusOf(view), view.kind === 'error' ? errorViewPage(view) : notFoundPage());
    }),
  );

  http.routePrefix(
    'GET',
    '/compare/',
    guard(async (req, res) => {
      const ids = parseComparePath(parts(req).path.slice('/compare/'.length));
      if (!ids) return sendHtml(res, 404, notFoundPage());
      const view = await run(lookCompare, { first: ids[0], second: ids[1], third: ids[2] });
      if (view.kind === 'resolution') return compareResolution(res, { ...view, status: view.status === 'ambiguous' ? 'ambiguous' : 'none' }, ids);
      if (view.kind !== 'compare') return sendHtml(res, statusOf(view), view.kind === 'error' ? errorViewPage(view) : notFoundPage());
      const canonical = view.products.map((p) => p.id);
      // a name that is not an exact id resolved to a product: its page has one address
      if (canonical.some((id, i) => id !== ids[i])) return redirect(res, 301, comparePath(canonical));
      const details = await productViews(canonical);
      if (!details) return sendHtml(res, 404, notFoundPage());
      sendHtml(res, 200, comparePage({ view, details, chartSvg: historySvg(seriesOf(details)) }));
    }),
  );

  http.routePrefix(
    'GET',
    '/product/',
    guard(async (req, res) => {
      const id = decodeIdPath(parts(req).path.slice('/product/'.length));
      if (id === null) return sendHtml(res, 404, notFoundPage());
      const view = await run(product, { name: id });
      if (view.kind === 'resolution') {
        const shown = { ...view, status: view.status === 'ambiguous' ? ('ambiguous' as const) : ('none' as const) };
        return sendHtml(res, pageStatus(shown), resolutionPage(shown, productPath, compareForm()));
      }
      if (view.kind !== 'product') return sendHtml(res, statusOf(view), view.kind === 'error' ? errorViewPage(view) : notFoundPage());
      if (view.card.id !== id) return redirect(res, 301, productPath(view.card.id));
      const alts = await run(alternatives, { product: view.card.id });
      sendHtml(res, 200, productPage({ view, alternatives: alts.kind === 'alternatives' ? (alts as AlternativesView) : null, chartSvg: historySvg(seriesOf([view])) }));
    }),
  );

  const topRoute = guard(async (req, res) => {
    const { path, query } = parts(req);
    let category: string | undefined;
    if (path.startsWith('/top/')) {
      try {
        category = decodeURIComponent(path.slice('/top/'.length));
      } catch {
        return sendHtml(res, 404, notFoundPage());
      }
      if (category === '') return redirect(res, 301, '/top');
    }
    const type = param(query, 'type');
    const view = await run(top, { category, type, limit: COMMAND_LIMITS.topMax });
    if (view.kind === 'error' && view.code === 'bad_input' && category !== undefined && type === undefined) {
      return sendHtml(res, 404, errorViewPage(view));
    }
    // "/top/legal", "/top/Coding?type=model": the command answered with a search, which has its own page (type kept)
    if (view.kind === 'search' && category !== undefined) {
      return redirect(res, 303, `/search?q=${encodeURIComponent(category)}${type ? `&type=${encodeURIComponent(type)}` : ''}`);
    }
    if (view.kind !== 'top') return sendHtml(res, statusOf(view), view.kind === 'error' ? errorViewPage(view) : notFoundPage());
    if (view.category !== null && view.category !== category) {
      return redirect(res, 301, `/top/${encodeURIComponent(view.category)}${type ? `?type=${encodeURIComponent(type)}` : ''}`);
    }
    sendHtml(res, 200, topPage(view, await categoryChoices(await core.products(), '', 200)));
  });
  http.route('GET', '/top', topRoute);
  http.routePrefix('GET', '/top/', topRoute);

  http.route(
    'GET',
    '/search',
    guard(async (req, res) => {
      const { query } = parts(req);
      const q = param(query, 'q') ?? '';
      if (q.trim() === '') return sendHtml(res, 200, searchPage(null, ''));
      const view = await run(search, { query: q, type: param(query, 'type'), free: param(query, 'free') === 'on' || param(query, 'free') === 'true' || undefined });
      if (view.kind !== 'search') return sendHtml(res, statusOf(view), view.kind === 'error' ? errorViewPage(view) : notFoundPage());
      sendHtml(res, 200, searchPage(view, q));
    }),
  );

  http.routePrefix(
    'GET',
    '/chart/',
    limited(async (req, res) => {
      const { path } = parts(req);
      const ids = parseChartPath(path.slice('/chart/'.length));
      if (!ids) return sendHtml(res, 404, notFoundPage());
      const key = chartPath(ids);
      const scores = await core.latestScores();
      let cache = pngs.get(scores);
      let png = cache?.get(key);
      if (!png) {
        const views = await productViews(ids);
        if (!views) return sendHtml(res, 404, notFoundPage());
        png = await svgToPng(historySvg(seriesOf(views)));
        if (!cache) pngs.set(scores, (cache = new Map()));
        if (cache.size >= WEB_LIMITS.pngCache) cache.delete(cache.keys().next().value!);
        cache.set(key, png);
      }
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' });
      res.end(png);
    }),
  );

  // the read-only JSON API: the same views as the CLI's --json
  http.route(
    'GET',
    '/api/compare',
    limited(async (req, res) => {
      const { query } = parts(req);
      const view = await run(lookCompare, { first: param(query, 'a'), second: param(query, 'b'), third: param(query, 'c') });
      sendApi(res, statusOf(view), view);
    }),
  );
  http.routePrefix(
    'GET',
    '/api/product/',
    limited(async (req, res) => {
      const id = decodeIdPath(parts(req).path.slice('/api/product/'.length));
      const view = id === null ? null : await run(product, { name: id });
      if (!view) return sendApi(res, 404, { error: 'not found' });
      sendApi(res, statusOf(view), view);
    }),
  );
  http.route(
    'GET',
    '/api/search',
    limited(async (req, res) => {
      const { query } = parts(req);
      const view = await run(search, { query: param(query, 'q'), type: param(query, 'type'), free: param(query, 'free') === 'true' || undefined, limit: param(query, 'limit') });
      sendApi(res, statusOf(view), view);
    }),
  );

  http.routePrefix('GET', '/api/', async (_req, res) => sendApi(res, 404, { error: 'not found' }));
  // everything else: an HTML 404 (exact routes such as /healthz are matched first)
  http.routePrefix('GET', '/', guard(async (_req, res) => sendHtml(res, 404, notFoundPage())));
}

/**
 * Web pages and charts, over real HTTP on 127.0.0.1, on the bundled catalog in SQLite in memory
 * with three scoring runs (so charts draw lines):
 * - page render: GET of comparison and product pages (run the commands, render HTML with the
 *   inline SVG chart), p50/p99. Baseline, same run: the same requests with the core's caches
 *   dropped before each (products, scores and resolver read again), as a server without them would.
 * - PNG chart: the first GET of each chart (SVG drawn and rasterised by resvg off the main thread),
 *   and a repeated GET (served from the per-run cache); bytes. Baseline: the same SVGs rasterised
 *   synchronously on the main thread.
 * Standalone: npx tsx bench/web.ts [--quick]
 */
import { pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { createApp, ensureCatalog } from '../src/bootstrap.js';
import { chartPath, comparePath, productPath } from '../src/core/links.js';
import { createHttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { CHART, historySvg } from '../src/web/chart.js';
import { mountWeb } from '../src/web/index.js';
import { check, mulberry32, percentiles, ratio, result, settle, time, type BenchOptions, type BenchResult } from './lib.js';

export const WEB_TARGET = { pageP99Ms: 50, pngP99Ms: 200 };

async function timedGet(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  return { ms: performance.now() - t0, bytes: body.length, status: res.status };
}

export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const app = createApp(':memory:');
  const log = createLogger('silent');
  const http = createHttpServer({ metrics: createMetrics(false), log });
  try {
    await ensureCatalog(app.core);
    await app.core.score();
    await app.core.score();
    const core = app.core;
    // the API limit does not apply to a benchmark client
    mountWeb(http, { core, log, apiRate: { requests: 1e9, windowMs: 60_000, maxClients: 10 } });
    const { url } = await http.listen(0, '127.0.0.1');
    const [products, scores] = await Promise.all([core.products(), core.latestScores()]);
    const popular = [...products].sort((a, b) => (scores.get(b.id)?.score ?? 0) - (scores.get(a.id)?.score ?? 0)).slice(0, 200);
    const rand = mulberry32(14);
    const n = opts.quick ? 120 : 400;
    const paths: string[] = [];
    while (paths.length < n) {
      const a = popular[Math.floor(rand() * popular.length)]!;
      const b = popular[Math.floor(rand() * popular.length)]!;
      paths.push(rand() < 0.5 || a.id === b.id ? productPath(a.id) : comparePath([a.id, b.id]));
    }
    // warm up (resolver, alternatives preparation, JIT)
    for (const p of paths.slice(0, 30)) await timedGet(url + p);
    await settle();
    const ours: number[] = [];
    const bytes: number[] = [];
    const byKind: Record<'product' | 'compare', number[]> = { product: [], compare: [] };
    for (const p of paths) {
      const r = await timedGet(url + p);
      if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
      ours.push(r.ms);
      bytes.push(r.bytes);
      byKind[p.startsWith('/product/') ? 'product' : 'compare'].push(r.ms);
    }
    await settle();
    const naive: number[] = [];
    for (const p of paths.slice(0, opts.quick ? 30 : 80)) {
      core.invalidate();
      naive.push((await timedGet(url + p)).ms);
    }
    await settle();

    // charts: the first request of each draws and rasterises; the second is served from the cache
    const charts = [...new Set(paths.map((p) => (p.startsWith('/product/') ? chartPath([p.slice('/product/'.length)]) : null)).filter((x): x is string => x !== null))].slice(
      0,
      opts.quick ? 30 : 100,
    );
    const cold: number[] = [];
    const warm: number[] = [];
    const pngBytes: number[] = [];
    for (const c of charts) {
      const first = await timedGet(url + c);
      if (first.status !== 200) throw new Error(`${c}: ${first.status}`);
      cold.push(first.ms);
      pngBytes.push(first.bytes);
      warm.push((await timedGet(url + c)).ms);
    }
    await settle();
    const sync: number[] = [];
    for (const id of popular.slice(0, charts.length).map((p) => p.id)) {
      const history = await core.scores.history(id, 12);
      const svg = historySvg([{ name: id, points: history }]);
      sync.push(time(() => new Resvg(svg, { fitTo: { mode: 'zoom', value: CHART.pngZoom }, font: { loadSystemFonts: true } }).render().asPng())[1]);
    }

    const o = percentiles(ours);
    const b = percentiles(naive);
    const c = percentiles(cold);
    const w = percentiles(warm);
    const s = percentiles(sync);
    const mean = (xs: number[]) => Math.round(xs.reduce((x, y) => x + y, 0) / xs.length);
    return [
      result({
        name: 'web.page',
        params: { products: products.length, requests: paths.length, pages: 'half product pages, half comparisons, of the 200 highest-ranked', runs: 3 },
        unit: 'ms per page (GET over HTTP on 127.0.0.1)',
        value: {
          p50: o.p50,
          p99: o.p99,
          max: o.max,
          meanBytes: mean(bytes),
          productP50: percentiles(byKind.product).p50,
          productP99: percentiles(byKind.product).p99,
          compareP50: percentiles(byKind.compare).p50,
          compareP99: percentiles(byKind.compare).p99,
        },
        baseline: { label: 'the same requests with the core caches dropped before each', p50: b.p50, p99: b.p99, max: b.max, requests: naive.length },
        ratio: { p50: ratio(b.p50, o.p50), p99: ratio(b.p99, o.p99) },
        target: `p99 <= ${WEB_TARGET.pageP99Ms} ms for a whole page: commands, HTML and inline SVG chart`,
        checks: [check('p99Ms', o.p99, '<=', WEB_TARGET.pageP99Ms)],
        details: { note: 'a product page also runs /alternatives, most of its cost at the tail' },
      }),
      result({
        name: 'web.chart.png',
        params: { charts: charts.length, size: `${CHART.width * CHART.pngZoom}x${CHART.height * CHART.pngZoom}` },
        unit: 'ms per PNG chart (first GET: draw and rasterise)',
        value: { p50: c.p50, p99: c.p99, max: c.max, cachedP50: w.p50, cachedP99: w.p99, meanBytes: mean(pngBytes), maxBytes: Math.max(...pngBytes) },
        baseline: { label: 'the same kind of SVG rasterised synchronously on the main thread (render only, no HTTP)', p50: s.p50, p99: s.p99, max: s.max },
        ratio: { p50: ratio(s.p50, c.p50), cachedP50: ratio(c.p50, w.p50) },
        ratioMeaning: 'p50: baseline / ours (ours includes HTTP and the commands); cachedP50: first GET / repeated GET',
        target: `p99 <= ${WEB_TARGET.pngP99Ms} ms for the first GET of a chart`,
        checks: [check('p99Ms', c.p99, '<=', WEB_TARGET.pngP99Ms)],
      }),
    ];
  } finally {
    await http.close();
    app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(r));
}

/**
 * /compare end to end, in process, on the bundled catalog: validate the options, resolve both
 * names, load the products and their latest scores, record the match, build the view, and render
 * it for Discord and for Slack. The baseline is the same path with names resolved the naive way:
 * plain fuse.js over the full product list (built once), taking its top hit.
 * Standalone: npx tsx bench/compare.ts [--quick]
 */
import { pathToFileURL } from 'node:url';
import Fuse from 'fuse.js';
import { compare } from '../commands/index.js';
import { runCommand } from '../commands/run.js';
import { createApp, ensureCatalog } from '../src/bootstrap.js';
import type { Core } from '../src/core/app.js';
import type { Product } from '../src/core/domain.js';
import { FUSE_OPTIONS } from '../src/core/resolve/index.js';
import { createMemoryActionStore } from '../src/chat/actions.js';
import { renderView } from '../src/platforms/discord/render.js';
import { renderSlack } from '../src/platforms/slack/render.js';
import { check, mulberry32, percentiles, ratio, result, settle, timeAsync, type BenchOptions, type BenchResult } from './lib.js';

export const COMPARE_TARGET = { p99Ms: 50 };

/** The core with names resolved by plain Fuse over every product: the naive approach. */
function naiveCore(core: Core, products: Product[]): Core {
  const fuse = new Fuse(products, { ...(FUSE_OPTIONS as object), isCaseSensitive: false, shouldSort: true, keys: ['name', 'aliases'] });
  return {
    ...core,
    async resolveName(field, query) {
      const top = fuse.search(query.trim(), { limit: 1 })[0];
      const product = top ? await core.catalog.get(top.item.id) : null;
      if (product) return { ok: true, product };
      return { ok: false, view: { kind: 'resolution', status: 'none', field, query, candidates: [], message: `No product matches "${query}".` } };
    },
  };
}

/**
 * Pairs of names as people type them (exact, lower case, with a typo) of popular products, kept
 * only where our resolver picks a product without asking back, so every run is a full comparison.
 */
async function namePairs(core: Core, products: Product[], scores: Map<string, { score: number }>, count: number): Promise<Array<[string, string]>> {
  const popular = [...products].sort((a, b) => (scores.get(b.id)?.score ?? 0) - (scores.get(a.id)?.score ?? 0)).slice(0, 80);
  const typed: Array<{ id: string; text: string }> = [];
  for (const p of popular) {
    const lower = p.name.toLowerCase();
    const at = lower.search(/[a-z]{5,}/);
    const forms = [p.name, lower, at < 0 ? lower : lower.slice(0, at + 2) + lower.slice(at + 3)];
    for (const text of forms) {
      const r = await core.resolveName('first', text);
      if (r.ok && r.product.id === p.id) typed.push({ id: p.id, text });
    }
  }
  const rand = mulberry32(5);
  const out: Array<[string, string]> = [];
  while (out.length < count) {
    const a = typed[Math.floor(rand() * typed.length)];
    const b = typed[Math.floor(rand() * typed.length)];
    if (a.id !== b.id) out.push([a.text, b.text]);
  }
  return out;
}

async function measure(core: Core, pairs: Array<[string, string]>): Promise<{ ms: number[]; compared: number }> {
  const ids = createMemoryActionStore();
  const ms: number[] = [];
  let compared = 0;
  for (const [first, second] of pairs) {
    const options = { first, second };
    const [kind, t] = await timeAsync(async () => {
      const view = await runCommand(compare, options, core);
      renderView(view, { actions: ids, invocation: { command: 'compare', options } });
      renderSlack(view, { command: 'compare', options });
      return view.kind;
    });
    ms.push(t);
    if (kind === 'compare') compared++;
  }
  return { ms, compared };
}

export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const app = createApp(':memory:');
  try {
    await ensureCatalog(app.core);
    const core = app.core;
    const [products, scores] = await Promise.all([core.products(), core.latestScores()]);
    const pairs = await namePairs(core, products, scores, opts.quick ? 150 : 500);
    const naive = naiveCore(core, products);
    // warm up both paths (the resolver is built on first use)
    await measure(core, pairs.slice(0, 30));
    await measure(naive, pairs.slice(0, 30));
    await settle();
    const ours = await measure(core, pairs);
    await settle();
    const base = await measure(naive, pairs);
    const o = percentiles(ours.ms);
    const b = percentiles(base.ms);
    return [
      result({
        name: 'compare.e2e',
        params: { products: products.length, comparisons: pairs.length, names: 'popular products typed exactly, in lower case or with a typo, that our resolver resolves without asking back' },
        unit: 'ms per /compare',
        value: { p50: o.p50, p99: o.p99, max: o.max, mean: o.mean, answeredWithComparison: ours.compared },
        baseline: {
          label: 'the same path with names resolved by plain fuse.js over the full product list (top hit)',
          p50: b.p50,
          p99: b.p99,
          max: b.max,
          mean: b.mean,
          answeredWithComparison: base.compared,
        },
        ratio: { p50: ratio(b.p50, o.p50), p99: ratio(b.p99, o.p99) },
        target: `p99 <= ${COMPARE_TARGET.p99Ms} ms for resolve both names, load, score lookup, view, Discord and Slack render (Discord allows 3 s)`,
        checks: [check('p99Ms', o.p99, '<=', COMPARE_TARGET.p99Ms)],
        details: { steps: 'runCommand(compare) -> renderView (Discord) -> renderSlack; SQLite in memory; each comparison also records a match event' },
      }),
    ];
  } finally {
    app.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(r));
}

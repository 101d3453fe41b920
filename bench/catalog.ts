/**
 * Catalog build times: the whole bundled catalog built from data/sources (what the first start and
 * `catalog import` do before writing), and capability derivation on a large synthetic catalog next to the
 * same code on a quarter of it, so a step that grows faster than linearly shows in the ratio whatever the
 * machine's speed.
 * Standalone: node --import tsx bench/catalog.ts [--quick]
 */
import { pathToFileURL } from 'node:url';
import { deriveCapabilities } from '../src/core/capabilities.js';
import type { Product } from '../src/core/domain.js';
import { buildCatalogWithReport, DEFAULT_SOURCES_DIR } from '../src/importers/build.js';
import { check, median, result, round, settle, time, type BenchOptions, type BenchResult } from './lib.js';

export const CATALOG_TARGET = { buildMs: 5000, capabilitiesMs: 15_000, capabilitiesGrowth: 8 };

function syntheticProducts(n: number): Product[] {
  const out: Product[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    const base = {
      aliases: [],
      vendor: null,
      url: null,
      contextLength: null,
      inputModalities: [],
      outputModalities: [],
      supportedParameters: [],
      features: {},
      providers: [],
      capabilities: [],
      offers: [],
      poweredBy: [],
      rivals: [],
      facts: [],
      repository: null,
    };
    if (kind === 0) {
      const price = 1e-7 * (1 + (i % 97));
      out.push({
        ...base,
        id: `acme/m${i}`,
        name: `Acme: m${i}`,
        type: 'model',
        vendor: 'Acme',
        category: 'Text models',
        description: 'A general-purpose language model.',
        pricing: { model: 'paid', startingPrice: { amount: price, unit: 'per prompt token' }, promptPerToken: price, completionPerToken: price * 4 },
        contextLength: 8_000 * (1 + (i % 150)),
        inputModalities: ['text'],
        outputModalities: ['text'],
        supportedParameters: i % 3 ? ['temperature', 'tools'] : ['temperature'],
        providers: ['OpenRouter'],
        provenance: { sources: ['openrouter'], fetchedAt: '2026-05-15' },
      });
    } else {
      out.push({
        ...base,
        id: `p${i}`,
        name: `Product ${i}`,
        type: 'product',
        category: ['Coding', 'Image', 'Writing'][kind - 1],
        description: i % 5 ? 'An AI code assistant with chat.' : 'Generate images from text.',
        url: `https://p${i}.example`,
        pricing: { model: null, startingPrice: null, promptPerToken: null, completionPerToken: null },
        provenance: { sources: ['awesome-generative-ai'], fetchedAt: '2026-08-03' },
      });
    }
  }
  return out;
}

export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const rounds = opts.quick ? 3 : 7;

  const buildMs: number[] = [];
  let products = 0;
  for (let r = 0; r < rounds; r++) {
    await settle();
    const [{ build }, ms] = time(() => buildCatalogWithReport({ dir: DEFAULT_SOURCES_DIR }));
    products = build.products.length;
    buildMs.push(ms);
  }
  const build = median(buildMs);

  const size = 20_000;
  const small = syntheticProducts(size / 4);
  const large = syntheticProducts(size);
  const smallMs: number[] = [];
  const largeMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await settle();
    smallMs.push(time(() => deriveCapabilities(small))[1]);
    await settle();
    largeMs.push(time(() => deriveCapabilities(large))[1]);
  }
  const ours = median(largeMs);
  const quarter = median(smallMs);
  const growth = round(ours / quarter, 2);

  return [
    result({
      name: 'catalog.build',
      params: { source: 'data/sources (bundled)', products, rounds },
      unit: 'ms',
      value: { medianMs: round(build, 1), maxMs: round(Math.max(...buildMs), 1) },
      baseline: null,
      ratio: null,
      target: `the bundled catalog builds (read, validate, merge, derive capabilities) in <= ${CATALOG_TARGET.buildMs} ms`,
      checks: [check('medianMs', build, '<=', CATALOG_TARGET.buildMs)],
      details: { samplesMs: buildMs.map((x) => round(x, 1)) },
    }),
    result({
      name: 'capabilities.20k',
      params: { products: size, mix: '1 model to 3 products', rounds },
      unit: 'ms',
      value: { medianMs: round(ours, 1) },
      baseline: { label: `the same derivation on ${size / 4} products`, medianMs: round(quarter, 1) },
      ratio: { growth },
      ratioMeaning: `time on ${size} / time on ${size / 4}: 4 is linear, 16 quadratic`,
      target: `derives capabilities for ${size} products in <= ${CATALOG_TARGET.capabilitiesMs} ms, growing no worse than ${CATALOG_TARGET.capabilitiesGrowth}x for 4x the products`,
      checks: [check('medianMs', ours, '<=', CATALOG_TARGET.capabilitiesMs), check('growth', growth, '<=', CATALOG_TARGET.capabilitiesGrowth)],
      details: { samplesMs: largeMs.map((x) => round(x, 1)), quarterSamplesMs: smallMs.map((x) => round(x, 1)) },
    }),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(r));
}

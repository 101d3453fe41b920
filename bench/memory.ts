/**
 * Resident memory after loading 100k synthetic products (the entries the resolver is built
 * from) and building the resolver, next to the RSS of the same process before. Meaningful only
 * in a fresh process: `npm run bench` runs every measure in its own.
 * Standalone: node --expose-gc --import tsx bench/memory.ts
 */
import { pathToFileURL } from 'node:url';
import { createResolver } from '../src/core/resolve/index.js';
import { syntheticEntries } from '../src/core/resolve/synthetic.js';
import { check, result, round, settle, time, type BenchOptions, type BenchResult } from './lib.js';

export const MEMORY_TARGET = { rssMB: 250 };

const mb = (bytes: number) => round(bytes / 2 ** 20, 1);

export async function run(_opts: BenchOptions, size = 100_000): Promise<BenchResult[]> {
  await settle();
  const before = process.memoryUsage();
  const entries = syntheticEntries(size, 7);
  const [resolver, buildMs] = time(() => createResolver(entries));
  // a query, so the resolver's lazily touched pages count too
  resolver.resolve('lumora studio');
  await settle();
  const after = process.memoryUsage();
  // keep both alive until after the measurement
  if (resolver.size !== entries.length) throw new Error('resolver lost entries');
  return [
    result({
      name: 'memory.100k',
      params: { products: size, what: 'synthetic product entries (id, name, aliases, vendor, type, popularity) and the resolver built over them', gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function' },
      unit: 'MB',
      value: { rssMB: mb(after.rss), heapUsedMB: mb(after.heapUsed), externalMB: mb(after.external + after.arrayBuffers), addedRssMB: mb(after.rss - before.rss) },
      baseline: { label: 'RSS of the same process before loading (runtime and modules only)', rssMB: mb(before.rss), heapUsedMB: mb(before.heapUsed) },
      ratio: { rssMB: round(after.rss / before.rss, 2) },
      ratioMeaning: 'after / before: how many times the starting RSS the loaded process uses',
      target: `RSS <= ${MEMORY_TARGET.rssMB} MB with 100k products loaded and the resolver built`,
      checks: [check('rssMB', mb(after.rss), '<=', MEMORY_TARGET.rssMB)],
      details: { resolverBuildMs: Math.round(buildMs) },
    }),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(r));
}

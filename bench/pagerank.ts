/**
 * Match-graph and scoring benchmark. Run with `npx tsx bench/pagerank.ts`.
 * Prints one JSON line per measurement. Sizes: BENCH_NODES, BENCH_EDGES, BENCH_RUNS;
 * BENCH_SKIP_GRAPHOLOGY=1 leaves out the (slow) graphology baseline.
 *  - our typed-array pageRank vs graphology-metrics pagerank on the same random graph
 *    (100k nodes, 1M undirected weighted edges), with the same L1 stopping rule, and the
 *    largest difference between the two rank vectors;
 *  - the full runScoring at 100k products with evidence and 1M match edges, in-process and
 *    in a worker thread.
 */
import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';
import type { Evidence, EvidenceKind } from '../src/core/domain.js';
import type { MatchEdge } from '../src/core/ports.js';
import { SCORING_CONFIG } from '../src/core/scoring/config.js';
import { runScoring, type ScoringProduct } from '../src/core/scoring/engine.js';
import { pageRank } from '../src/core/scoring/pagerank.js';
import { runScoringInWorker } from '../src/core/scoring/worker.js';

// graphology-metrics is CommonJS whose typings declare a default export; load it with require
type GraphologyPagerank = typeof import('graphology-metrics/centrality/pagerank.js').default;
const graphologyPagerank = createRequire(import.meta.url)('graphology-metrics/centrality/pagerank.js') as GraphologyPagerank;

const NODES = Number(process.env.BENCH_NODES ?? 100_000);
const EDGES = Number(process.env.BENCH_EDGES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function line(obj: Record<string, unknown>): void {
  console.log(JSON.stringify(obj));
}

function stats(samples: number[]): { minMs: number; medianMs: number; maxMs: number } {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { minMs: r(s[0]), medianMs: r(s[Math.floor(s.length / 2)]), maxMs: r(s[s.length - 1]) };
}

/** Random graph with a skewed degree distribution (popular products get compared more). */
function randomGraph(seed: number): { src: Uint32Array; dst: Uint32Array; weight: Float64Array } {
  const rnd = mulberry32(seed);
  const pick = () => Math.floor(NODES * rnd() ** 2);
  const seen = new Set<number>();
  const src = new Uint32Array(EDGES);
  const dst = new Uint32Array(EDGES);
  const weight = new Float64Array(EDGES);
  let m = 0;
  while (m < EDGES) {
    let a = pick();
    let b = Math.floor(NODES * rnd());
    if (a === b) continue;
    if (a > b) [a, b] = [b, a];
    const key = a * NODES + b;
    if (seen.has(key)) continue;
    seen.add(key);
    src[m] = a;
    dst[m] = b;
    weight[m] = 0.05 + rnd() * 4;
    m++;
  }
  return { src, dst, weight };
}

/** graphology-metrics pagerank on the same graph, checked against our ranks. */
function benchGraphology(src: Uint32Array, dst: Uint32Array, weight: Float64Array, ourRanks: Float64Array): void {
  const { damping, tolerance } = SCORING_CONFIG.matchGraph;
  const tBuild = performance.now();
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  for (let i = 0; i < NODES; i++) graph.addNode(String(i));
  for (let e = 0; e < EDGES; e++) graph.addEdge(String(src[e]), String(dst[e]), { weight: weight[e] });
  const buildMs = performance.now() - tBuild;
  line({ bench: 'graphology.build', ms: Math.round(buildMs) });

  // graphology stops when L1 < N * tolerance; dividing by N gives the same L1 rule as ours
  const variants: Array<{ name: string; tol: number }> = [
    { name: 'graphology-metrics.same-L1-tolerance', tol: tolerance / NODES },
    { name: 'graphology-metrics.default-tolerance', tol: 1e-6 },
  ];
  for (const v of variants) {
    const samples: number[] = [];
    let result: Record<string, number> = {};
    for (let r = 0; r < Math.max(3, Math.floor(RUNS / 2)); r++) {
      const t = performance.now();
      result = graphologyPagerank(graph, { getEdgeWeight: 'weight', alpha: damping, tolerance: v.tol, maxIterations: 1000 });
      samples.push(performance.now() - t);
    }
    let maxAbsDiff = 0;
    let maxRelDiff = 0;
    for (let i = 0; i < NODES; i++) {
      const d = Math.abs(result[String(i)] - ourRanks[i]);
      maxAbsDiff = Math.max(maxAbsDiff, d);
      maxRelDiff = Math.max(maxRelDiff, d / ourRanks[i]);
    }
    line({ bench: v.name, ...stats(samples), tolerance: v.tol, maxAbsDiffVsOurs: maxAbsDiff, maxRelDiffVsOurs: maxRelDiff });
  }
}

async function main(): Promise<void> {
  line({ bench: 'setup', node: process.version, nodes: NODES, edges: EDGES, runs: RUNS, config: SCORING_CONFIG.version });
  const { src, dst, weight } = randomGraph(42);
  const { damping, tolerance, maxIterations } = SCORING_CONFIG.matchGraph;

  // ours
  const ours: number[] = [];
  let ourRanks: Float64Array = new Float64Array(0);
  let ourIterations = 0;
  for (let r = 0; r < RUNS + 2; r++) {
    const t = performance.now();
    const res = pageRank(NODES, src, dst, weight, { damping, tolerance, maxIterations });
    const ms = performance.now() - t;
    if (r >= 2) ours.push(ms);
    ourRanks = res.ranks;
    ourIterations = res.iterations;
  }
  line({ bench: 'pagerank.typed-arrays', ...stats(ours), iterations: ourIterations, tolerance, note: 'includes CSR build' });

  // in its own function so the graphology graph can be collected before the scoring runs
  if (process.env.BENCH_SKIP_GRAPHOLOGY !== '1') benchGraphology(src, dst, weight, ourRanks);

  // full scoring run at 100k products
  const rnd = mulberry32(7);
  const kinds: Array<[EvidenceKind, number, () => number]> = [
    ['hf_downloads', 0.3, () => Math.floor(10 ** (rnd() * 7))],
    ['hf_likes', 0.3, () => Math.floor(10 ** (rnd() * 4))],
    ['github_stars', 0.2, () => Math.floor(10 ** (rnd() * 5))],
    ['list_mentions', 0.4, () => 1 + Math.floor(rnd() * 5)],
    ['arena_rating', 0.05, () => 1000 + rnd() * 450],
    ['benchmark', 0.1, () => rnd() * 100],
    ['providers', 0.5, () => 1 + Math.floor(rnd() * 30)],
    ['integrations', 0.3, () => 1 + Math.floor(rnd() * 100)],
  ];
  const products: ScoringProduct[] = [];
  const evidence: Evidence[] = [];
  const categories = ['Text models', 'Image models', 'Chatbots', 'Coding', 'Writing', 'Video', 'Audio', 'Search'];
  for (let i = 0; i < NODES; i++) {
    const id = `vendor-${i % 997}/product-${i}`;
    products.push({ id, type: rnd() < 0.5 ? 'model' : 'product', category: categories[Math.floor(rnd() * categories.length)] });
    for (const [kind, p, value] of kinds) {
      if (rnd() >= p) continue;
      const series = kind === 'benchmark' ? 1 + Math.floor(rnd() * 4) : 1;
      for (let s = 0; s < series; s++) {
        evidence.push({
          productId: id,
          kind,
          value: value(),
          source: 'bench',
          date: '2026-05-04',
          detail: kind === 'benchmark' ? `bench-${s}` : kind === 'arena_rating' ? 'LMArena text' : undefined,
        });
      }
    }
  }
  const edges: MatchEdge[] = new Array(EDGES);
  for (let e = 0; e < EDGES; e++) edges[e] = { a: products[src[e]].id, b: products[dst[e]].id, weight: weight[e] };
  const at = new Date('2026-11-20T00:00:00Z');
  line({ bench: 'runScoring.setup', products: products.length, evidence: evidence.length, edges: edges.length });

  const total: number[] = [];
  const pr: number[] = [];
  for (let r = 0; r < 4; r++) {
    const res = runScoring({ products, evidence, edges, at });
    if (r >= 1) {
      total.push(res.timings.totalMs);
      pr.push(res.timings.pageRankMs);
    }
  }
  line({ bench: 'runScoring.in-process', totalMs: stats(total), matchGraphStepMs: stats(pr) });

  // the same run in a worker thread, measuring event-loop stalls in the main thread meanwhile
  let maxGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  const tw = performance.now();
  const res = await runScoringInWorker({ products, evidence, edges, at });
  const workerWallMs = performance.now() - tw;
  clearInterval(timer);
  line({
    bench: 'runScoring.worker',
    wallMs: Math.round(workerWallMs),
    insideWorkerTotalMs: Math.round(res.timings.totalMs),
    maxEventLoopGapMs: Math.round(maxGap),
    note: 'wall time includes worker start-up and copying input and result',
  });
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

/**
 * Match graph and scoring run at 100k products and 1M match edges.
 *  - scoring.pagerank: our typed-array pageRank (CSR build included) vs graphology-metrics
 *    pagerank on the same graph with the same L1 stopping rule;
 *  - scoring.run: the whole runScoring in process, vs the same run with its match-graph step
 *    done by graphology (graph build plus pagerank), from parts measured here;
 *  - scoring.event-loop-lag: main-thread event-loop lag while runScoringInWorker runs, vs while
 *    runScoring runs on the main thread.
 * Standalone: npx tsx bench/pagerank.ts [--quick]   (BENCH_NODES, BENCH_EDGES change the size)
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { UndirectedGraph } from 'graphology';
import { SCORING_CONFIG } from '../src/core/scoring/config.js';
import { runScoring, type ScoringInput } from '../src/core/scoring/engine.js';
import { pageRank } from '../src/core/scoring/pagerank.js';
import type { ScoringRunResult } from '../src/core/scoring/types.js';
import { runScoringInWorker } from '../src/core/scoring/worker.js';
import { check, lagPool, median, pooledLag, ratio, result, round, settle, time, timeAsync, withLagProbe, type BenchOptions, type BenchResult, type LagReport } from './lib.js';
import { randomGraph, scoringInput, type RandomGraph } from './scoring-data.js';

// graphology-metrics is CommonJS whose typings declare a default export; load it with require
type GraphologyPagerank = typeof import('graphology-metrics/centrality/pagerank.js').default;
const graphologyPagerank = createRequire(import.meta.url)('graphology-metrics/centrality/pagerank.js') as GraphologyPagerank;

export const SCORING_TARGET = { pageRankMs: 150, runMs: 2000, lagP99Ms: 20 };

interface GraphologyTimes {
  buildMs: number;
  pagerankMs: number[];
  iterationsNote: string;
  maxRelDiff: number;
}

/** graphology-metrics pagerank on the same graph; its graph is dropped when this returns. */
function benchGraphology(g: RandomGraph, ourRanks: Float64Array, runs: number): GraphologyTimes {
  const { damping, tolerance } = SCORING_CONFIG.matchGraph;
  const [graph, buildMs] = time(() => {
    const graph = new UndirectedGraph({ allowSelfLoops: false });
    for (let i = 0; i < g.nodes; i++) graph.addNode(String(i));
    for (let e = 0; e < g.src.length; e++) graph.addEdge(String(g.src[e]), String(g.dst[e]), { weight: g.weight[e] });
    return graph;
  });
  const samples: number[] = [];
  let ranks: Record<string, number> = {};
  for (let r = 0; r < runs; r++) {
    // graphology stops when the L1 change is below N * tolerance: dividing by N gives our rule
    const [res, ms] = time(() => graphologyPagerank(graph, { getEdgeWeight: 'weight', alpha: damping, tolerance: tolerance / g.nodes, maxIterations: 1000 }));
    ranks = res;
    samples.push(ms);
  }
  let maxRelDiff = 0;
  for (let i = 0; i < g.nodes; i++) maxRelDiff = Math.max(maxRelDiff, Math.abs(ranks[String(i)] - ourRanks[i]) / ourRanks[i]);
  return { buildMs, pagerankMs: samples, iterationsNote: 'same L1 stopping rule', maxRelDiff };
}

/**
 * One run, keeping only its timings: the result is garbage once this returns, so the next run
 * does not start with the previous result still alive (the app keeps one run's scores, not two).
 */
function timedRun(input: ScoringInput): ScoringRunResult['timings'] {
  return runScoring(input).timings;
}

async function timedWorkerRun(input: ScoringInput): Promise<number> {
  return (await timeAsync(() => runScoringInWorker(input)))[1];
}

export async function run(opts: BenchOptions): Promise<BenchResult[]> {
  const nodes = Number(process.env.BENCH_NODES ?? 100_000);
  const edges = Number(process.env.BENCH_EDGES ?? 1_000_000);
  const g = randomGraph(nodes, edges, 42);
  const { damping, tolerance, maxIterations } = SCORING_CONFIG.matchGraph;
  const params = { products: nodes, edges, quick: opts.quick };
  const out: BenchResult[] = [];

  // PageRank alone
  const ours: number[] = [];
  let ourRanks: Float64Array = new Float64Array(0);
  let iterations = 0;
  const prRuns = opts.quick ? 5 : 9;
  for (let r = 0; r < prRuns + 2; r++) {
    const [res, ms] = time(() => pageRank(nodes, g.src, g.dst, g.weight, { damping, tolerance, maxIterations }));
    if (r >= 2) ours.push(ms);
    ourRanks = res.ranks;
    iterations = res.iterations;
  }
  const gl = benchGraphology(g, ourRanks, opts.quick ? 1 : 3);
  await settle();
  const oursPr = median(ours);
  const glPr = median(gl.pagerankMs);
  out.push(
    result({
      name: 'scoring.pagerank',
      params: { ...params, runs: { ours: ours.length, graphology: gl.pagerankMs.length }, damping, tolerance, iterations },
      unit: 'ms (median)',
      value: { ms: round(oursPr, 1), min: round(Math.min(...ours), 1) },
      baseline: {
        label: 'graphology-metrics pagerank on the same graph, same L1 stopping rule (graph build not included)',
        ms: round(glPr, 1),
        graphBuildMs: Math.round(gl.buildMs),
        maxRelDiffFromOurs: Number(gl.maxRelDiff.toExponential(2)),
      },
      ratio: { ms: ratio(glPr, oursPr) },
      target: `PageRank <= ${SCORING_TARGET.pageRankMs} ms at 100k nodes and 1M edges (CSR build included)`,
      checks: [check('ms', oursPr, '<=', SCORING_TARGET.pageRankMs)],
    }),
  );

  // the whole run, in process
  const input = scoringInput(g, 7);
  await settle();
  const totals: number[] = [];
  const steps: number[] = [];
  const runs = opts.quick ? 3 : 5;
  for (let r = 0; r < runs; r++) {
    await settle();
    const t = timedRun(input);
    totals.push(t.totalMs);
    steps.push(t.pageRankMs);
  }
  const total = median(totals);
  const step = median(steps);
  const naive = total - step + gl.buildMs + glPr;
  out.push(
    result({
      name: 'scoring.run',
      params: { ...params, evidence: input.evidence.length, runs },
      unit: 'ms (median)',
      value: { totalMs: Math.round(total), minMs: Math.round(Math.min(...totals)), matchGraphStepMs: Math.round(step) },
      baseline: {
        label: 'the same run with its match-graph step done by graphology (graph build + pagerank), from the parts measured above',
        totalMs: Math.round(naive),
        matchGraphStepMs: Math.round(gl.buildMs + glPr),
      },
      ratio: { totalMs: ratio(naive, total), matchGraphStepMs: ratio(gl.buildMs + glPr, step) },
      target: `runScoring at 100k products and 1M edges <= ${SCORING_TARGET.runMs} ms`,
      checks: [check('totalMs', total, '<=', SCORING_TARGET.runMs)],
      details: { totalsMs: totals.map(Math.round), matchGraphStepsMs: steps.map(Math.round) },
    }),
  );

  // event-loop lag: worker vs on the main thread
  const workerRuns = opts.quick ? 3 : 5;
  const lags: LagReport[] = [];
  const walls: number[] = [];
  const pool = lagPool(10);
  for (let r = 0; r < workerRuns; r++) {
    await settle();
    const [wall, lag] = await withLagProbe(() => timedWorkerRun(input), 10, pool);
    lags.push(lag);
    walls.push(wall);
  }
  await settle();
  const [, blocking] = await withLagProbe(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    timedRun(input);
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
  const lag = pooledLag(pool);
  out.push(
    result({
      name: 'scoring.event-loop-lag',
      params: { ...params, runs: workerRuns, probe: `a setInterval callback every ${lag.resolutionMs} ms on the main thread; lag = how much later than its interval it ran; samples of all runs pooled` },
      unit: 'ms',
      value: { lagP99Ms: lag.p99, lagMaxMs: lag.max, lagP50Ms: lag.p50, samples: lag.samples, runWallMs: Math.round(median(walls)) },
      baseline: { label: 'runScoring on the main thread (the run blocks the event loop)', lagP99Ms: blocking.p99, lagMaxMs: blocking.max, samples: blocking.samples },
      ratio: { lagP99Ms: ratio(blocking.p99, Math.max(lag.p99, 0.1)) },
      ratioMeaning: 'baseline / ours lag: above 1 means less lag with ours',
      target: `event-loop lag p99 <= ${SCORING_TARGET.lagP99Ms} ms during a run (runScoringInWorker), over the samples of all runs`,
      checks: [check('lagP99Ms', lag.p99, '<=', SCORING_TARGET.lagP99Ms)],
      details: { monitorEventLoopDelay: { worstRunP99Ms: lag.histogramP99, maxMs: lag.histogramMax }, perRun: lags.map((l, i) => ({ lagP99Ms: l.p99, lagMaxMs: l.max, samples: l.samples, wallMs: Math.round(walls[i]) })) },
    }),
  );
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run({ quick: process.argv.includes('--quick') })) console.log(JSON.stringify(r));
}

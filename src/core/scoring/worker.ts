import { withDerivedEvidence } from './derive.js';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Evidence } from '../domain.js';
import type { MatchEdge } from '../ports.js';
import {
  buffersOf,
  buildScores,
  computeColumns,
  packInput,
  runStepsSliced,
  type ColumnarInput,
  type ColumnarResult,
  type ScoringProduct,
} from './columnar.js';
import { SCORING_CONFIG, type ScoringConfig } from './config.js';
import type { ScoringInput } from './engine.js';
import type { ScoringRunResult } from './types.js';

export type WorkerRequest = { input: ColumnarInput; config: ScoringConfig };
export type WorkerReply = { ok: true; result: ColumnarResult } | { ok: false; message: string };

/** URL of tsx's ESM API, which can import TypeScript modules from inside a worker. */
function tsxApiUrl(here: string): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolve === 'function') {
    try {
      return resolve('tsx/esm/api');
    } catch {
      // fall through to the package location
    }
  }
  const pkg = createRequire(here).resolve('tsx/package.json');
  return new URL('./dist/esm/api/index.mjs', pathToFileURL(pkg)).href;
}

/**
 * How to start the worker. From compiled JavaScript the entry module is started directly.
 * From TypeScript source (tsx, vitest), Node 20 does not apply `--import` loaders to worker
 * threads, so the worker starts from a small script that imports the entry through tsx's API.
 */
function workerTarget(): { script: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { script: new URL('./worker-entry.js', here), eval: false };
  const entry = new URL('./worker-entry.ts', here).href;
  const api = tsxApiUrl(here);
  const script = `import(${JSON.stringify(api)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return { script, eval: true };
}

interface ScoringWorker {
  /** sends the one request and awaits the reply */
  run(request: WorkerRequest): Promise<ColumnarResult>;
  stop(): void;
}

function startWorker(): ScoringWorker {
  const target = workerTarget();
  const worker = new Worker(target.script, { eval: target.eval });
  let settled = false;
  const reply = new Promise<ColumnarResult>((resolve, reject) => {
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    worker.once('message', (message: WorkerReply) => {
      if (settled) return;
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(`scoring worker failed: ${message.message}`));
    });
    worker.once('error', fail);
    worker.once('exit', (code) => fail(new Error(`scoring worker exited with code ${code} before answering`)));
  });
  // a failure before the request is sent is reported when the reply is awaited
  reply.catch(() => {});
  return {
    run(request) {
      worker.postMessage(request, buffersOf(request.input));
      return reply;
    },
    stop() {
      settled = true;
      void worker.terminate();
    },
  };
}

export interface OffLoopOptions {
  /**
   * Runs at least this large (products, or match edges) go to a worker thread; smaller ones run
   * on this thread in slices. Default: 5,000 products or 50,000 edges.
   */
  workerFrom?: { products: number; edges: number };
  /** longest stretch the event loop is kept busy by packing or building, default 2 ms */
  sliceMs?: number;
}

const WORKER_FROM = { products: 5_000, edges: 50_000 };

async function run(
  products: readonly ScoringProduct[],
  stored: readonly Evidence[],
  edges: readonly MatchEdge[],
  at: Date,
  config: ScoringConfig,
  inWorker: boolean,
  sliceMs: number,
): Promise<ScoringRunResult> {
  const t0 = performance.now();
  const evidence = withDerivedEvidence(products, stored, at, config);
  // the worker starts while the input is packed
  const worker = inWorker ? startWorker() : null;
  let result: ColumnarResult;
  try {
    const columns = await runStepsSliced(packInput(products, evidence, { ids: edges }, config), sliceMs);
    result = worker ? await worker.run({ input: columns, config }) : computeColumns(columns, config);
  } finally {
    worker?.stop();
  }
  const scores = await runStepsSliced(buildScores(products, evidence, result, config), sliceMs);
  return {
    configVersion: config.version,
    at: at.toISOString(),
    scores,
    timings: { totalMs: performance.now() - t0, pageRankMs: result.pageRankMs },
  };
}

/**
 * Runs `runScoring` in a worker thread so a large run does not block the event loop, with the
 * same result. Products, evidence and edges are packed into typed arrays in short slices on this
 * thread and transferred, the run works on those arrays in the worker, and its columns come back
 * (transferred, not copied) to be turned into ProductScore objects here, again in short slices.
 * `timings.totalMs` is the whole wall time, start-up of the worker included.
 */
export function runScoringInWorker(input: ScoringInput, config: ScoringConfig = SCORING_CONFIG): Promise<ScoringRunResult> {
  return run(input.products, input.evidence, input.edges, input.at, config, true, 2);
}

/**
 * `runScoring` without blocking the event loop for long: large runs go to a worker thread
 * (`runScoringInWorker`), small ones run here in slices. Same result as `runScoring`.
 */
export function runScoringOffLoop(
  input: ScoringInput,
  config: ScoringConfig = SCORING_CONFIG,
  options: OffLoopOptions = {},
): Promise<ScoringRunResult> {
  const from = options.workerFrom ?? WORKER_FROM;
  const inWorker = input.products.length >= from.products || input.edges.length >= from.edges;
  return run(input.products, input.evidence, input.edges, input.at, config, inWorker, options.sliceMs ?? 2);
}

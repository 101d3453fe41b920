import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SCORING_CONFIG, type ScoringConfig } from './config.js';
import { packEdges, type PackedScoringInput, type ScoringInput } from './engine.js';
import type { ScoringRunResult } from './types.js';

type WorkerReply = { ok: true; result: ScoringRunResult } | { ok: false; message: string };

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

/**
 * Runs `runScoring` in a worker thread so a large run does not block the event loop.
 * Match edges are packed into typed arrays and transferred; products and evidence are copied
 * with the structured-clone algorithm, as is the result on the way back.
 */
export function runScoringInWorker(input: ScoringInput, config: ScoringConfig = SCORING_CONFIG): Promise<ScoringRunResult> {
  const target = workerTarget();
  const edges = packEdges(input.products, input.edges);
  const packed: PackedScoringInput = { products: input.products, evidence: input.evidence, edges, at: input.at };
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(target.script, {
      eval: target.eval,
      workerData: { input: packed, config },
      transferList: [edges.a.buffer as ArrayBuffer, edges.b.buffer as ArrayBuffer, edges.weight.buffer as ArrayBuffer],
    });
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`scoring worker failed: ${reply.message}`));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      if (settled) return;
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`scoring worker exited with code ${code} before answering`));
    });
  });
}

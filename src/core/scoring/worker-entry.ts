import { parentPort, workerData } from 'node:worker_threads';
import type { ScoringConfig } from './config.js';
import { runScoringPacked, type PackedScoringInput } from './engine.js';

const { input, config } = workerData as { input: PackedScoringInput; config: ScoringConfig };
try {
  parentPort!.postMessage({ ok: true, result: runScoringPacked(input, config) });
} catch (err) {
  parentPort!.postMessage({ ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}

import { parentPort } from 'node:worker_threads';
import { buffersOf, computeColumns } from './columnar.js';
import type { WorkerReply, WorkerRequest } from './worker.js';

parentPort!.once('message', ({ input, config }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { ok: true, result: computeColumns(input, config) };
  } catch (err) {
    reply = { ok: false, message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  parentPort!.postMessage(reply, reply.ok ? buffersOf(reply.result) : []);
});

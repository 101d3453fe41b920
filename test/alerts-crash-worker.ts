/**
 * The delivery worker as a separate process, for the crash tests: it opens the SQLite file
 * MG_DB, or the PostgreSQL database MG_DATABASE_URL (then drawing on the shared rate slots like
 * every worker on that store), delivers to the Discord API at MG_DISCORD_API, and either runs
 * until killed (MG_MODE=loop) or drains and exits (MG_MODE=drain).
 */
import { createDeliveryWorker } from '../src/alerts/worker.js';
import { DELIVERY } from '../src/core/alerts/config.js';
import { openPgStore, openSqliteStore } from '../src/db/store.js';
import { createDiscordNotifier } from '../src/platforms/discord/notifier.js';

const store = process.env.MG_DATABASE_URL ? await openPgStore(process.env.MG_DATABASE_URL, { migrate: false, max: 4 }) : openSqliteStore(process.env.MG_DB!);
// MG_WORKER=defaults: the production settings (benchmarks); otherwise short leases and timeouts, so a crash test
// sees many takeovers in a few seconds
const crashTuning = process.env.MG_WORKER !== 'defaults';
const worker = createDeliveryWorker({
  outbox: store.outbox,
  slots: store.rateSlots,
  notifiers: [createDiscordNotifier({ token: 'crash-test', apiBase: process.env.MG_DISCORD_API!, timeoutMs: crashTuning ? 400 : DELIVERY.requestTimeoutMs })],
  ...(crashTuning ? { leaseMs: 800, maxInFlight: 8, pollMs: 20, backoffBaseMs: 50, backoffCapMs: 200 } : { pollMs: 50 }),
});
process.stdout.write('ready\n');
if (process.env.MG_MODE === 'drain') {
  const stats = await worker.drain({ horizonMs: 5_000 });
  process.stdout.write(`${JSON.stringify(stats)}\n`);
  await store.close();
  process.exit(0);
} else {
  worker.start();
}

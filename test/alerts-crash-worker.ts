/**
 * The delivery worker as a separate process, for the crash tests: it opens the SQLite file
 * MG_DB, or the PostgreSQL database MG_DATABASE_URL (then drawing on the shared rate slots like
 * every worker on that store), delivers to the Discord API at MG_DISCORD_API, and either runs
 * until killed (MG_MODE=loop) or drains and exits (MG_MODE=drain).
 */
import { createDeliveryWorker } from '../src/alerts/worker.js';
import { openPgStore, openSqliteStore } from '../src/db/store.js';
import { createDiscordNotifier } from '../src/platforms/discord/notifier.js';

const store = process.env.MG_DATABASE_URL ? await openPgStore(process.env.MG_DATABASE_URL, { migrate: false, max: 4 }) : openSqliteStore(process.env.MG_DB!);
const worker = createDeliveryWorker({
  outbox: store.outbox,
  slots: store.rateSlots,
  notifiers: [createDiscordNotifier({ token: 'crash-test', apiBase: process.env.MG_DISCORD_API!, timeoutMs: 400 })],
  leaseMs: 800,
  maxInFlight: 8,
  pollMs: 20,
  backoffBaseMs: 50,
  backoffCapMs: 200,
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

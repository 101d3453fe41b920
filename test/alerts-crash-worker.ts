/**
 * The delivery worker as a separate process, for the crash test: it opens the SQLite file,
 * delivers to the Discord API at MG_DISCORD_API, and either runs until killed (MG_MODE=loop)
 * or drains and exits (MG_MODE=drain).
 */
import { createDeliveryWorker } from '../src/alerts/worker.js';
import { openSqliteStore } from '../src/db/store.js';
import { createDiscordNotifier } from '../src/platforms/discord/notifier.js';

const store = openSqliteStore(process.env.MG_DB!);
const worker = createDeliveryWorker({
  outbox: store.outbox,
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

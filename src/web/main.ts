/**
 * `npm run web`: the web pages on their own (no chat platform, no alerts), on HTTP_PORT.
 * The bot (`npm start` with a platform configured) serves the same pages on its HTTP server.
 */
import { ensureCatalog, openApp } from '../bootstrap.js';
import { configSecrets, loadConfigOrExit } from '../config.js';
import { createHttpServer } from '../http/server.js';
import { createLogger } from '../log.js';
import { createMetrics } from '../metrics.js';
import { mountWeb } from './index.js';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL, { secrets: configSecrets(config) });
  const app = await openApp(config, { publicUrl: config.PUBLIC_URL });
  await ensureCatalog(app.core, log, { leases: app.store.leases });
  const http = createHttpServer({ metrics: createMetrics(), log, metricsToken: config.METRICS_TOKEN, database: app.store });
  mountWeb(http, { core: app.core, log, trustProxy: config.TRUST_PROXY });
  const { url } = await http.listen(config.HTTP_PORT, config.HTTP_HOST);
  log.info({ url, publicUrl: config.PUBLIC_URL ?? null }, 'matchgraph web pages started');
  process.stdout.write(`Web pages at ${config.PUBLIC_URL ?? url}/\n`);
  const shutdown = async () => {
    await http.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

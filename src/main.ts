/**
 * The only file that wires everything: config -> db -> repos -> core -> platforms, and with any
 * platform the rank-change alerts (a scoring run every SCORING_INTERVAL and the delivery worker).
 * With no platform tokens it opens the local console. `npm run worker` (argument `worker`) runs
 * the alerts alone (scheduler and delivery, /healthz and /metrics), for hosts that only deliver.
 */
import { ADAPTERS } from './adapters.js';
import { startAlerts } from './alerts/index.js';
import { ensureCatalog, openApp } from './bootstrap.js';
import { configSecrets, DEFAULT_METRICS_HOST, loadConfigOrExit } from './config.js';
import { createHttpServer, createMetricsServer, type HttpServer } from './http/server.js';
import { createLogger } from './log.js';
import { createMetrics } from './metrics.js';
import { viewChartPng } from './web/charts.js';
import { mountWeb } from './web/index.js';
import type { View } from './core/views.js';

async function main(): Promise<void> {
  const workerOnly = process.argv.slice(2).includes('worker');
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL, { secrets: configSecrets(config) });
  const app = await openApp(config, { publicUrl: config.PUBLIC_URL });
  await ensureCatalog(app.core, log, { leases: app.store.leases });

  const metrics = createMetrics();
  // /metrics on its own listener with METRICS_PORT, otherwise on the main server; METRICS_TOKEN guards either
  const separateMetrics = config.METRICS_PORT !== undefined;
  const http = createHttpServer({ metrics, log, serveMetrics: !separateMetrics, metricsToken: config.METRICS_TOKEN, database: app.store });
  const metricsServer: HttpServer | null = separateMetrics ? createMetricsServer({ metrics, log, metricsToken: config.METRICS_TOKEN }) : null;
  // the web pages, charts and JSON API, whenever the server listens
  mountWeb(http, { core: app.core, log, trustProxy: config.TRUST_PROXY });
  const platforms: string[] = [];
  const stops: Array<() => Promise<void>> = [];

  // every configured chat adapter (src/adapters.ts); the fallback one (the console) only when no other is
  // /compare and /product answers may carry the rank-history chart (Discord attaches it as a PNG)
  const deps = { core: app.core, config, http, log, metrics, chart: (view: View) => viewChartPng(app.core, view) };
  for (const adapter of ADAPTERS.filter((a) => !a.fallback && !workerOnly && a.configured(config))) {
    const running = await adapter.start(deps);
    stops.push(() => running.stop());
    platforms.push(running.label);
  }

  if (workerOnly) platforms.push('alerts worker');
  if (platforms.length === 0) {
    const fallback = ADAPTERS.find((a) => a.fallback && a.configured(config));
    if (fallback) await fallback.start(deps);
    await app.close();
    return;
  }
  // rank-change alerts: scoring every SCORING_INTERVAL, delivery through the adapters' notifiers
  const alerts = startAlerts({ core: app.core, store: app.store, config, log, metrics });
  log.info({ scoringIntervalMs: config.SCORING_INTERVAL }, 'rank-change alerts started');

  const { url } = await http.listen(config.HTTP_PORT, config.HTTP_HOST);
  const metricsUrl = metricsServer
    ? (await metricsServer.listen(config.METRICS_PORT!, config.METRICS_HOST ?? DEFAULT_METRICS_HOST)).url
    : url;
  log.info({ url, web: config.PUBLIC_URL ?? url, metrics: `${metricsUrl}/metrics`, metricsAuth: Boolean(config.METRICS_TOKEN), platforms }, 'matchgraph started');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await Promise.allSettled(stops.map((stop) => stop()));
    // finishes a scoring run and the sends in flight; what is left stays queued for the next start
    await alerts.stop().catch((err) => log.error({ err }, 'stopping alerts failed'));
    await http.close();
    await metricsServer?.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

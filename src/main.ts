/**
 * The only file that wires everything: config -> db -> repos -> core -> platforms, and with any
 * platform the rank-change alerts (a scoring run every SCORING_INTERVAL and the delivery worker).
 * With no platform tokens it opens the local console. `npm run worker` (argument `worker`) runs
 * the alerts alone (scheduler and delivery, /healthz and /metrics), for hosts that only deliver.
 */
import { startAlerts } from './alerts/index.js';
import { ensureCatalog, openApp } from './bootstrap.js';
import { runConsole } from './cli/console.js';
import { ConfigError, configSecrets, DEFAULT_METRICS_HOST, loadConfig, loadDotEnv } from './config.js';
import { createHttpServer, createMetricsServer, type HttpServer } from './http/server.js';
import { createLogger } from './log.js';
import { createMetrics } from './metrics.js';
import { startDiscord } from './platforms/discord/index.js';
import { startSlack } from './platforms/slack/index.js';

async function main(): Promise<void> {
  const workerOnly = process.argv.slice(2).includes('worker');
  let config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL, { secrets: configSecrets(config) });
  const app = await openApp(config);
  await ensureCatalog(app.core, log);

  const metrics = createMetrics();
  // /metrics on its own listener with METRICS_PORT, otherwise on the main server; METRICS_TOKEN guards either
  const separateMetrics = config.METRICS_PORT !== undefined;
  const http = createHttpServer({ metrics, log, serveMetrics: !separateMetrics, metricsToken: config.METRICS_TOKEN, database: app.store });
  const metricsServer: HttpServer | null = separateMetrics ? createMetricsServer({ metrics, log, metricsToken: config.METRICS_TOKEN }) : null;
  const platforms: string[] = [];
  const stops: Array<() => Promise<void>> = [];

  // Slack: Socket Mode with SLACK_APP_TOKEN, otherwise HTTP mode at POST /slack/events
  if (config.SLACK_BOT_TOKEN && !workerOnly) {
    const slack = await startSlack({ core: app.core, config, http, log, metrics });
    stops.push(() => slack.stop());
    platforms.push(`slack (${slack.mode})`);
  }

  // Discord: HTTP interactions at POST /discord/interactions with DISCORD_PUBLIC_KEY, gateway with DISCORD_TOKEN
  if ((config.DISCORD_PUBLIC_KEY || config.DISCORD_TOKEN) && !workerOnly) {
    const discord = await startDiscord({ core: app.core, config, http, log, metrics });
    stops.push(() => discord.stop());
    platforms.push(`discord (${[discord.http && 'http', discord.gateway && 'gateway'].filter(Boolean).join(' + ')})`);
  }

  if (workerOnly) platforms.push('alerts worker');
  if (platforms.length === 0) {
    await runConsole(app.core, process.stdin, process.stdout, log);
    await app.close();
    return;
  }
  // rank-change alerts: scoring every SCORING_INTERVAL, delivery through the notifiers of the configured bot tokens
  const alerts = startAlerts({ core: app.core, store: app.store, config, log, metrics });
  log.info({ scoringIntervalMs: config.SCORING_INTERVAL }, 'rank-change alerts started');

  const { url } = await http.listen(config.HTTP_PORT, config.HTTP_HOST);
  const metricsUrl = metricsServer
    ? (await metricsServer.listen(config.METRICS_PORT!, config.METRICS_HOST ?? DEFAULT_METRICS_HOST)).url
    : url;
  log.info({ url, metrics: `${metricsUrl}/metrics`, metricsAuth: Boolean(config.METRICS_TOKEN), platforms }, 'matchgraph started');
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

/**
 * Rank-change alerts in the bot process: a scoring run every SCORING_INTERVAL (each run queues
 * its alerts in the outbox, in the run's transaction) and the delivery worker draining the outbox.
 */
import type { Config } from '../config.js';
import type { Core } from '../core/app.js';
import { DELIVERY } from '../core/alerts/config.js';
import type { AlertNotifier, OutboxRepo } from '../core/alerts/ports.js';
import type { RunInfo } from '../core/ports.js';
import { createSqliteOutboxRepo } from '../db/alerts-repos.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { ADAPTERS } from '../adapters.js';
import { createAlertMetrics } from './metrics.js';
import { createDeliveryWorker, type DeliveryWorker, type WorkerOptions } from './worker.js';

export type { DeliveryWorker } from './worker.js';

/** A notifier for every chat adapter with a bot token in the configuration (src/adapters.ts). */
export function notifiersFromConfig(config: Config, timeoutMs: number = DELIVERY.requestTimeoutMs): AlertNotifier[] {
  return ADAPTERS.map((a) => a.notifier?.(config, timeoutMs) ?? null).filter((n): n is AlertNotifier => n !== null);
}

export interface AlertsDeps {
  core: Core;
  db: Db;
  config: Config;
  log: Logger;
  metrics?: Metrics;
  /** overrides for the worker (tests) */
  worker?: Partial<Omit<WorkerOptions, 'outbox' | 'notifiers'>>;
  notifiers?: AlertNotifier[];
  /** run a scoring right away instead of after the first interval */
  scoreOnStart?: boolean;
}

export interface AlertsHandle {
  worker: DeliveryWorker;
  outbox: OutboxRepo;
  /** runs a scoring now (skipped while one is running) and wakes the worker */
  scoreNow(): Promise<RunInfo | null>;
  stop(): Promise<void>;
}

export function startAlerts(deps: AlertsDeps): AlertsHandle {
  const { core, db, config, log } = deps;
  const outbox = createSqliteOutboxRepo(db);
  const notifiers = deps.notifiers ?? notifiersFromConfig(config);
  const metrics = deps.metrics ? createAlertMetrics(deps.metrics.registry, outbox) : undefined;
  const worker = createDeliveryWorker({ outbox, notifiers, log, metrics, ...deps.worker });
  if (notifiers.length === 0) log.info('no Discord or Slack bot token: alerts are queued but not delivered');

  let scoring: Promise<RunInfo | null> | null = null;
  const scoreNow = (): Promise<RunInfo | null> => {
    if (scoring) return Promise.resolve(null);
    scoring = (async () => {
      try {
        const started = performance.now();
        const run = await core.score();
        log.info({ run: run.id, ms: Math.round(performance.now() - started), ...('outboxRows' in run ? { alerts: run.outboxRows } : {}) }, 'scoring run');
        worker.wake();
        return run;
      } catch (err) {
        log.error({ err }, 'scoring run failed');
        return null;
      } finally {
        scoring = null;
      }
    })();
    return scoring;
  };

  worker.start();
  const timer = setInterval(() => void scoreNow(), config.SCORING_INTERVAL);
  timer.unref();
  if (deps.scoreOnStart) void scoreNow();

  return {
    worker,
    outbox,
    scoreNow,
    async stop() {
      clearInterval(timer);
      await scoring;
      await worker.stop();
    },
  };
}

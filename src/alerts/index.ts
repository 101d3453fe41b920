/**
 * Rank-change alerts in the bot process: a scoring run every SCORING_INTERVAL (each run queues
 * its alerts in the outbox, in the run's transaction) and the delivery worker draining the outbox.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config.js';
import type { Core } from '../core/app.js';
import { DELIVERY, SCHEDULER } from '../core/alerts/config.js';
import type { AlertNotifier, OutboxRepo, RunAlertsResult } from '../core/alerts/ports.js';
import type { Store } from '../core/ports.js';
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
  /** the store: its outbox, the scheduler's lease and the shared rate slots (src/db/store.ts opens it) */
  store: Pick<Store, 'outbox' | 'leases' | 'rateSlots'>;
  /** name of this instance in the scheduler's lease (default: host and process id) */
  instance?: string;
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
  scoreNow(): Promise<RunAlertsResult | null>;
  /** what the timer runs: a scoring run when this instance wins the interval's lease, otherwise null */
  scheduledRun(): Promise<RunAlertsResult | null>;
  stop(): Promise<void>;
}

export function startAlerts(deps: AlertsDeps): AlertsHandle {
  const { core, config, log } = deps;
  const outbox = deps.store.outbox;
  const notifiers = deps.notifiers ?? notifiersFromConfig(config);
  const metrics = deps.metrics ? createAlertMetrics(deps.metrics.registry, outbox) : undefined;
  const worker = createDeliveryWorker({ outbox, notifiers, log, metrics, slots: deps.store.rateSlots, ...deps.worker });
  const delivering = config.ALERTS_DELIVERY === 'on';
  if (notifiers.length === 0) log.info('no Discord or Slack bot token: alerts are queued but not delivered');
  else if (!delivering) log.info('ALERTS_DELIVERY=off: alerts are queued here and delivered by separate workers');
  const instance = deps.instance ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  let scoring: Promise<RunAlertsResult | null> | null = null;
  const scoreNow = (): Promise<RunAlertsResult | null> => {
    if (scoring) return Promise.resolve(null);
    scoring = (async () => {
      try {
        const started = performance.now();
        const run = await core.score();
        log.info({ run: run.id, ms: Math.round(performance.now() - started), alerts: run.outboxRows }, 'scoring run');
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

  // several instances on one store: the one that takes the interval's lease runs it, the others skip
  const scheduledRun = async (): Promise<RunAlertsResult | null> => {
    const at = Date.now();
    let won: boolean;
    try {
      won = await deps.store.leases.tryAcquire(SCHEDULER.scoringJob, instance, at, at + Math.floor(config.SCORING_INTERVAL * SCHEDULER.leaseShare));
    } catch (err) {
      log.error({ err }, 'scoring lease: the store did not answer');
      return null;
    }
    if (!won) {
      log.debug('scoring run skipped: another instance runs this interval');
      return null;
    }
    return scoreNow();
  };

  if (delivering) worker.start();
  const timer = setInterval(() => void scheduledRun(), config.SCORING_INTERVAL);
  timer.unref();
  if (deps.scoreOnStart) void scheduledRun();

  return {
    worker,
    outbox,
    scoreNow,
    scheduledRun,
    async stop() {
      clearInterval(timer);
      await scoring;
      await worker.stop();
    },
  };
}

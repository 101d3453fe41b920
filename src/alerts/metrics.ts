import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { OutboxRepo, OutboxStats } from '../core/alerts/ports.js';

/** The outbox gauge counts rows at most this often; scrapes in between get the last counts. */
export const OUTBOX_GAUGE_MAX_AGE_MS = 5_000;

/**
 * A value read through `load` at most once per `maxAgeMs`: callers in between get the last value,
 * and callers during a read share it.
 */
export function cachedValue<T>(load: () => Promise<T>, maxAgeMs: number, now: () => number = Date.now): () => Promise<T> {
  let value: { v: T; at: number } | null = null;
  let loading: Promise<T> | null = null;
  return () => {
    if (value && now() - value.at < maxAgeMs) return Promise.resolve(value.v);
    loading ??= load()
      .then((v) => {
        value = { v, at: now() };
        return v;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  };
}

export interface AlertMetrics {
  /** delivery attempts by platform and outcome: delivered, rate_limited, retry, dead, disabled */
  sends: Counter<'platform' | 'outcome'>;
  latency: Histogram<'platform'>;
}

/** Registers the alert metrics on a registry (the process's, from src/metrics.ts). */
export function createAlertMetrics(registry: Registry, outbox?: OutboxRepo, now: () => number = Date.now): AlertMetrics {
  if (outbox) {
    // a scrape must not cost a database query: the counts are refreshed at most every few seconds
    const stats: () => Promise<OutboxStats> = cachedValue(() => outbox.stats(), OUTBOX_GAUGE_MAX_AGE_MS, now);
    new Gauge({
      name: 'matchgraph_outbox_rows',
      help: 'Alert outbox rows by state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const s = await stats();
        for (const [state, n] of Object.entries(s)) this.set({ state }, n);
      },
    });
  }
  return {
    sends: new Counter({
      name: 'matchgraph_alert_sends_total',
      help: 'Alert messages sent, by platform and outcome (delivered, rate_limited, retry, dead, disabled)',
      labelNames: ['platform', 'outcome'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'matchgraph_alert_send_seconds',
      help: 'Time a platform took to accept an alert message',
      labelNames: ['platform'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { OutboxRepo } from '../core/alerts/ports.js';

export interface AlertMetrics {
  /** delivery attempts by platform and outcome: delivered, rate_limited, retry, dead, disabled */
  sends: Counter<'platform' | 'outcome'>;
  latency: Histogram<'platform'>;
}

/** Registers the alert metrics on a registry (the process's, from src/metrics.ts). */
export function createAlertMetrics(registry: Registry, outbox?: OutboxRepo): AlertMetrics {
  if (outbox) {
    new Gauge({
      name: 'matchgraph_outbox_rows',
      help: 'Alert outbox rows by state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const s = await outbox.stats();
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

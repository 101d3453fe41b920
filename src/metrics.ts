import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  commands: Counter<'platform' | 'command' | 'outcome'>;
  latency: Histogram<'platform' | 'command'>;
  errors: Counter<'platform' | 'kind'>;
}

/** One registry per process (tests create their own). */
export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    commands: new Counter({
      name: 'matchgraph_commands_total',
      help: 'Commands served, by platform, command and outcome (ok, resolution, bad_input, error)',
      labelNames: ['platform', 'command', 'outcome'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'matchgraph_command_seconds',
      help: 'Command latency in seconds',
      labelNames: ['platform', 'command'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'matchgraph_errors_total',
      help: 'Errors by platform and kind (bad_signature, stale, replay, platform_api, internal...)',
      labelNames: ['platform', 'kind'],
      registers: [registry],
    }),
  };
}

import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs to stderr, so stdout stays clean for command output and benchmarks. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'matchgraph' } }, pino.destination(2));
}

/**
 * Configuration: read from the environment once, validated with zod, every problem reported at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** "90s", "15m", "1h", "2d" or plain milliseconds. */
export function parseDuration(input: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/i.exec(input.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms'];
  return Math.round(n * factor);
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === null || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration like 90s, 15m, 1h` });
        return z.NEVER;
      }
      return ms;
    });

/** `auto` (Discord's recommended count) or a number of gateway shards. */
const shardCount = optionalString.pipe(
  z
    .union([z.literal('auto'), z.coerce.number<string>().int().min(1).max(100_000)], {
      error: 'must be "auto" or a whole number of shards (1 or more)',
    })
    .optional(),
);

/** A comma-separated list of shard ids ("0,1,2"). */
const shardIds = optionalString.pipe(
  z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, { error: 'must be shard ids separated by commas, e.g. 0,1,2' })
    .transform((v) => [...new Set(v.split(',').map((x) => Number(x.trim())))].sort((a, b) => a - b))
    .optional(),
);

export const envSchema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default('data/matchgraph.db'),
  /** PostgreSQL instead of the SQLite file: postgres://user:password@host:5432/db */
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\/\S+$/i.test(v), {
    message: 'must be a PostgreSQL URL (postgres://user:password@host:5432/database)',
  }),
  /** `off` on instances that only answer requests, when separate workers deliver alerts */
  ALERTS_DELIVERY: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_HOST: z.string().trim().min(1).default('0.0.0.0'),
  /**
   * How many proxies (load balancers) stand in front of the HTTP server: the client address is then
   * read from X-Forwarded-For, that many entries from the right. Unset or 0: the TCP peer.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' || v === 'false' ? 0 : v === 'true' ? 1 : Number(v)))
    .pipe(z.number().int().min(0).max(10, 'at most 10 proxies')),
  /** the address people reach the web pages at, used in links from chat (https://matchgraph.example.com) */
  PUBLIC_URL: optionalString
    .pipe(z.url({ protocol: /^https?$/ }).optional())
    .transform((v) => (v === undefined ? undefined : v.replace(/\/+$/, ''))),
  SCORING_INTERVAL: duration('1h'),
  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString,
  DISCORD_PUBLIC_KEY: optionalString.refine((v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v), {
    message: 'must be the 64-character hex public key from the Discord developer portal',
  }),
  DISCORD_GUILD_ID: optionalString,
  DISCORD_API_BASE: optionalString.pipe(z.url().optional()),
  DISCORD_SHARDS: shardCount,
  DISCORD_SHARD_IDS: shardIds,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalString.pipe(z.url().optional()),
  METRICS_TOKEN: optionalString.refine((v) => v === undefined || /^[\x21-\x7e]{16,}$/.test(v), {
    message: 'must be at least 16 printable characters without spaces',
  }),
  METRICS_PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  METRICS_HOST: optionalString,
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads a .env file into the environment; variables already set win. Missing file: nothing happens.
 */
export function loadDotEnv(path = '.env', env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(path)) return [];
  const parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  const applied: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] === undefined) {
      env[key] = value;
      applied.push(key);
    }
  }
  return applied;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const cfg = parsed.data;
  const problems: string[] = [];
  if (cfg.SLACK_BOT_TOKEN && !cfg.SLACK_APP_TOKEN && !cfg.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (SLACK_BOT_TOKEN set without SLACK_APP_TOKEN)');
  }
  if (cfg.DISCORD_PUBLIC_KEY && !cfg.DISCORD_APPLICATION_ID) {
    problems.push('DISCORD_APPLICATION_ID: required with DISCORD_PUBLIC_KEY (used to edit deferred replies)');
  }
  if (cfg.METRICS_HOST && cfg.METRICS_PORT === undefined) {
    problems.push('METRICS_PORT: required with METRICS_HOST (the separate metrics listener needs a port)');
  }
  if (cfg.METRICS_PORT !== undefined && cfg.METRICS_PORT !== 0 && cfg.METRICS_PORT === cfg.HTTP_PORT) {
    problems.push('METRICS_PORT: must differ from HTTP_PORT (leave it unset to serve /metrics on HTTP_PORT)');
  }
  if (cfg.DISCORD_SHARD_IDS && typeof cfg.DISCORD_SHARDS !== 'number') {
    problems.push('DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the total number of shards (each instance must agree on it)');
  }
  if (cfg.DISCORD_SHARD_IDS && typeof cfg.DISCORD_SHARDS === 'number') {
    const total = cfg.DISCORD_SHARDS;
    const out = cfg.DISCORD_SHARD_IDS.filter((id) => id >= total);
    if (out.length) problems.push(`DISCORD_SHARD_IDS: ${out.join(', ')} not below DISCORD_SHARDS (${total}); shard ids run from 0 to ${total - 1}`);
  }
  if ((cfg.DISCORD_SHARDS !== undefined || cfg.DISCORD_SHARD_IDS) && !cfg.DISCORD_TOKEN) {
    problems.push('DISCORD_SHARDS: sharding is for the gateway; set DISCORD_TOKEN (HTTP interactions need no shards)');
  }
  if (problems.length) throw new ConfigError(problems);
  return cfg;
}

/** Where /metrics is served when METRICS_PORT is set and METRICS_HOST is not: this machine only. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

/** The configured values that must never appear in a log line. */
export function configSecrets(cfg: Partial<Config>): string[] {
  return [cfg.DISCORD_TOKEN, cfg.SLACK_BOT_TOKEN, cfg.SLACK_APP_TOKEN, cfg.SLACK_SIGNING_SECRET, cfg.METRICS_TOKEN, cfg.DATABASE_URL, databasePassword(cfg.DATABASE_URL)].filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
}

/** The password in a database URL, which must not be logged on its own either. */
function databasePassword(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p.length >= 4 ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * discord.js's own sharding options for the gateway Client: `auto` runs the shard count Discord
 * recommends, all in this process; a number runs every shard of that many, or only
 * DISCORD_SHARD_IDS of them, so several instances split the shards between them.
 */
export function gatewayShardOptions(cfg: Pick<Config, 'DISCORD_SHARDS' | 'DISCORD_SHARD_IDS'>): { shards?: number[] | 'auto'; shardCount?: number } {
  if (cfg.DISCORD_SHARDS === undefined) return {};
  if (cfg.DISCORD_SHARDS === 'auto') return { shards: 'auto' };
  const total = cfg.DISCORD_SHARDS;
  return { shards: cfg.DISCORD_SHARD_IDS ?? Array.from({ length: total }, (_, i) => i), shardCount: total };
}

/**
 * The configuration of a process started from the command line: `.env`, then the environment;
 * an invalid setting ends the process with its message (exit status 1) instead of a stack trace.
 */
export function loadConfigOrExit(): Config {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw e;
  }
}

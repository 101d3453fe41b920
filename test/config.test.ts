import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSecrets, envSchema, gatewayShardOptions, loadConfig, loadDotEnv, parseDuration } from '../src/config.js';
import { startDiscord } from '../src/platforms/discord/index.js';
import { createHttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { createApp } from '../src/bootstrap.js';

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ DATABASE_PATH: 'data/matchgraph.db', HTTP_PORT: 3000, SCORING_INTERVAL: 3_600_000, LOG_LEVEL: 'info' });
    expect(c.DISCORD_TOKEN).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', SLACK_API_URL: '  ' }).DISCORD_TOKEN).toBeUndefined();
  });

  it('reports every problem at once', () => {
    try {
      loadConfig({ HTTP_PORT: 'abc', SCORING_INTERVAL: 'soon', DISCORD_PUBLIC_KEY: 'xyz', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems.join('\n');
      for (const key of ['HTTP_PORT', 'SCORING_INTERVAL', 'DISCORD_PUBLIC_KEY', 'LOG_LEVEL']) expect(problems).toContain(key);
    }
  });

  it('requires the pieces each platform mode needs', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).not.toThrow();
    expect(() => loadConfig({ DISCORD_PUBLIC_KEY: 'a'.repeat(64) })).toThrow(/DISCORD_APPLICATION_ID/);
  });

  it('validates the metrics settings: a long token, a port apart from HTTP_PORT, a host only with a port', () => {
    const c = loadConfig({ METRICS_TOKEN: 'a-long-enough-token-123', METRICS_PORT: '9100', METRICS_HOST: '10.0.0.5' });
    expect(c).toMatchObject({ METRICS_TOKEN: 'a-long-enough-token-123', METRICS_PORT: 9100, METRICS_HOST: '10.0.0.5' });
    expect(loadConfig({}).METRICS_PORT).toBeUndefined();
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_TOKEN: 'has a space in it, sadly' })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ METRICS_PORT: 'nine' })).toThrow(/METRICS_PORT/);
    expect(() => loadConfig({ METRICS_PORT: '3000' })).toThrow(/METRICS_PORT: must differ from HTTP_PORT/);
    expect(() => loadConfig({ METRICS_HOST: '127.0.0.1' })).toThrow(/METRICS_PORT: required with METRICS_HOST/);
  });

  it('lists the configured secrets for the log scrubber', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh-secret', DISCORD_TOKEN: 'bot-token', METRICS_TOKEN: 'a-long-enough-token-123' });
    expect(configSecrets(c).sort()).toEqual(['a-long-enough-token-123', 'bot-token', 'shh-secret', 'xoxb-1']);
  });

  it('every setting is listed in .env.example and in the README configuration table', () => {
    const keys = Object.keys(envSchema.shape).sort();
    const example = [...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]).sort();
    expect(example).toEqual(keys);
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## Discord and Slack'));
    for (const key of keys) expect(table, key).toContain(`\`${key}\``);
  });

  it('DATABASE_URL must name PostgreSQL; its password is kept out of logs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://mg:s3cret-pw@db.internal:5432/matchgraph' }).DATABASE_URL).toBe('postgres://mg:s3cret-pw@db.internal:5432/matchgraph');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/x' })).toThrow(/DATABASE_URL: must be a PostgreSQL URL/);
    expect(configSecrets(loadConfig({ DATABASE_URL: 'postgresql://mg:s3cret-pw@db/x' }))).toEqual(['postgresql://mg:s3cret-pw@db/x', 's3cret-pw']);
  });

  it('gateway sharding: auto, all shards of N, or this instance\'s share of them; checked against each other', () => {
    const shards = (env: Record<string, string>) => gatewayShardOptions(loadConfig({ DISCORD_TOKEN: 'bot', ...env }));
    expect(shards({})).toEqual({});
    expect(shards({ DISCORD_SHARDS: 'auto' })).toEqual({ shards: 'auto' });
    expect(shards({ DISCORD_SHARDS: '3' })).toEqual({ shards: [0, 1, 2], shardCount: 3 });
    expect(shards({ DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '3, 1' })).toEqual({ shards: [1, 3], shardCount: 4 });
    expect(() => loadConfig({ DISCORD_TOKEN: 'bot', DISCORD_SHARDS: 'many' })).toThrow(/DISCORD_SHARDS: must be "auto" or a whole number/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'bot', DISCORD_SHARDS: '0' })).toThrow(/DISCORD_SHARDS/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'bot', DISCORD_SHARDS: '2', DISCORD_SHARD_IDS: '0,2' })).toThrow(/DISCORD_SHARD_IDS: 2 not below DISCORD_SHARDS \(2\)/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'bot', DISCORD_SHARD_IDS: '0' })).toThrow(/DISCORD_SHARD_IDS: needs DISCORD_SHARDS/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'bot', DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '0' })).toThrow(/DISCORD_SHARD_IDS: needs DISCORD_SHARDS/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'bot', DISCORD_SHARD_IDS: 'zero' })).toThrow(/DISCORD_SHARD_IDS: must be shard ids/);
    expect(() => loadConfig({ DISCORD_SHARDS: '2' })).toThrow(/sharding is for the gateway; set DISCORD_TOKEN/);
  });

  it('the gateway client is built with the configured shards (discord.js\'s own sharding)', async () => {
    const app = createApp(':memory:');
    const log = createLogger('silent');
    const metrics = createMetrics(false);
    const config = loadConfig({ DISCORD_TOKEN: 'bot', DISCORD_SHARDS: '4', DISCORD_SHARD_IDS: '2,3' });
    const discord = await startDiscord({ core: app.core, config, http: createHttpServer({ metrics, log }), log, metrics, connectGateway: false });
    try {
      expect(discord.gateway!.client.options).toMatchObject({ shards: [2, 3], shardCount: 4 });
    } finally {
      await discord.stop();
      await app.close();
    }
  });

  it('parses durations', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('250')).toBe(250);
    expect(parseDuration('an hour')).toBeNull();
  });

  it('reads a .env file without overriding variables already set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mg-env-'));
    try {
      const file = join(dir, '.env');
      writeFileSync(file, 'HTTP_PORT=4000\nDATABASE_PATH=/tmp/x.db\n# comment\n');
      const env: NodeJS.ProcessEnv = { HTTP_PORT: '5000' };
      expect(loadDotEnv(file, env)).toEqual(['DATABASE_PATH']);
      expect(env).toEqual({ HTTP_PORT: '5000', DATABASE_PATH: '/tmp/x.db' });
      expect(loadDotEnv(join(dir, 'missing'), env)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TRUST_PROXY and the client address', () => {
  it('reads a count of proxies; unset, empty or false is none', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/);
  });

  it('takes the entry N from the right of X-Forwarded-For, the peer without one or when the entry is not an address', async () => {
    const { clientAddress } = await import('../src/http/client-address.js');
    const req = (xff: string | undefined) => ({ socket: { remoteAddress: '10.9.9.9' }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as never;
    expect(clientAddress(req('1.1.1.1, 2.2.2.2, 3.3.3.3'), 0)).toBe('10.9.9.9');
    expect(clientAddress(req('1.1.1.1, 2.2.2.2, 3.3.3.3'), 1)).toBe('3.3.3.3');
    expect(clientAddress(req('1.1.1.1, 2.2.2.2, 3.3.3.3'), 2)).toBe('2.2.2.2');
    // fewer entries than proxies: the leftmost given
    expect(clientAddress(req('2001:db8::1'), 3)).toBe('2001:db8::1');
    expect(clientAddress(req(undefined), 1)).toBe('10.9.9.9');
    expect(clientAddress(req('not-an-address'), 1)).toBe('10.9.9.9');
  });
});

/**
 * Starts Discord: the HTTP interactions endpoint when DISCORD_PUBLIC_KEY is set, the gateway bot
 * when DISCORD_TOKEN is set, both on one handler.
 */
import type { REST } from 'discord.js';
import { gatewayShardOptions, type Config } from '../../config.js';
import type { Core } from '../../core/app.js';
import type { HttpServer } from '../../http/server.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { createDiscordGateway, type DiscordGateway } from './gateway.js';
import { createInteractionHandler, type DiscordHandlerDeps, type InteractionHandler } from './handler.js';
import { INTERACTIONS_PATH, mountDiscordInteractions } from './http.js';
import { createDiscordRest } from './rest.js';

export type DiscordConfig = Pick<
  Config,
  'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_PUBLIC_KEY' | 'DISCORD_GUILD_ID' | 'DISCORD_API_BASE' | 'DISCORD_SHARDS' | 'DISCORD_SHARD_IDS'
>;

export function discordConfigured(config: DiscordConfig): boolean {
  return Boolean(config.DISCORD_PUBLIC_KEY || config.DISCORD_TOKEN);
}

export interface StartDiscordOptions {
  core: Core;
  config: DiscordConfig;
  http: HttpServer;
  log: Logger;
  metrics: Metrics;
  /** handler tuning (tests, benchmarks) */
  handler?: Partial<Pick<DiscordHandlerDeps, 'deferredCommands' | 'deferAfterMs' | 'actions'>>;
  /** draws the rank-history chart attached to /compare and /product replies (none when absent) */
  chart?: DiscordHandlerDeps['chart'];
  rest?: REST;
  /** false: build the gateway client but do not log in (tests feed it dispatches) */
  connectGateway?: boolean;
}

export interface DiscordRuntime {
  stop(): Promise<void>;
  readonly gateway: DiscordGateway | null;
  readonly http: boolean;
  /** the one handler both the HTTP endpoint and the gateway use */
  readonly handler: InteractionHandler;
}

export async function startDiscord(opts: StartDiscordOptions): Promise<DiscordRuntime> {
  const { config, log, metrics } = opts;
  const rest = opts.rest ?? createDiscordRest({ apiBase: config.DISCORD_API_BASE, token: config.DISCORD_TOKEN });
  const handler = createInteractionHandler({
    core: opts.core,
    rest,
    log,
    metrics,
    applicationId: config.DISCORD_APPLICATION_ID,
    chart: opts.chart,
    ...opts.handler,
  });
  let mounted = false;
  if (config.DISCORD_PUBLIC_KEY) {
    mountDiscordInteractions(opts.http, { publicKey: config.DISCORD_PUBLIC_KEY, handler, log, metrics, replay: opts.core.seen });
    mounted = true;
    log.info({ path: INTERACTIONS_PATH }, 'discord HTTP interactions endpoint mounted');
  }
  let gateway: DiscordGateway | null = null;
  if (config.DISCORD_TOKEN) {
    gateway = createDiscordGateway({ token: config.DISCORD_TOKEN, handler, rest, log, metrics, apiBase: config.DISCORD_API_BASE, shards: gatewayShardOptions(config) });
    if (opts.connectGateway !== false) {
      await gateway.start();
      log.info('discord gateway connected');
    }
  }
  return {
    gateway,
    http: mounted,
    handler,
    async stop() {
      await gateway?.stop();
    },
  };
}

export { createInteractionHandler } from './handler.js';
export { discordCommands } from './commands.js';
export { deployCommands } from './deploy.js';
export { createDiscordRest, DISCORD_REST } from './rest.js';

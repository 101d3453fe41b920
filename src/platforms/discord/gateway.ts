/**
 * Gateway mode: a discord.js Client (Guilds intent only) whose INTERACTION_CREATE dispatches go,
 * as raw payloads, through the same handler as the HTTP endpoint; the handler's response is sent
 * as the interaction callback over REST, then its follow-up (deferred edit) runs.
 */
import { Client, GatewayDispatchEvents, GatewayIntentBits, Routes, type APIInteraction, type REST } from 'discord.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { PLATFORM, type InteractionHandler } from './handler.js';
import { hasRoutableIds } from './payload.js';

export interface DiscordGatewayOptions {
  token: string;
  handler: InteractionHandler;
  /** REST client for interaction callbacks (the same one the handler uses for follow-ups) */
  rest: REST;
  log: Logger;
  metrics: Metrics;
  /** Discord API base for the client's own REST calls (login, gateway URL) */
  apiBase?: string;
  /** the shards this client runs (gatewayShardOptions in src/config.ts) */
  shards?: { shards?: number[] | 'auto'; shardCount?: number };
}

export interface DiscordGateway {
  readonly client: Client;
  /** logs in and connects */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** handles one raw INTERACTION_CREATE payload: callback through REST, then the follow-up */
  dispatch(interaction: APIInteraction): Promise<void>;
}

export function createDiscordGateway(opts: DiscordGatewayOptions): DiscordGateway {
  const { handler, rest, log, metrics } = opts;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...(opts.apiBase ? { rest: { api: opts.apiBase } } : {}),
    ...opts.shards,
  });

  async function dispatch(interaction: APIInteraction): Promise<void> {
    const result = await handler(interaction);
    // without a usable id and token there is no callback route to answer on (the handler counted and logged it)
    if (!hasRoutableIds(interaction)) return;
    try {
      await rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: result.response, auth: false });
    } catch (err) {
      metrics.errors.inc({ platform: PLATFORM, kind: 'platform_api' });
      log.warn({ err, interaction: interaction.id }, 'discord interaction callback failed');
      return;
    }
    await result.followUp?.();
  }

  // the raw dispatch, exactly as Discord sent it: no discord.js Interaction objects in between
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: APIInteraction) => {
    dispatch(data).catch((err) => log.error({ err }, 'discord gateway dispatch failed'));
  });
  client.once('clientReady', (c) => log.info({ user: c.user.tag, guilds: c.guilds.cache.size }, 'discord gateway ready'));
  client.on('error', (err) => log.error({ err }, 'discord client error'));

  return {
    client,
    async start() {
      await client.login(opts.token);
    },
    async stop() {
      await client.destroy();
    },
    dispatch,
  };
}

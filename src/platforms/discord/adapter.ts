/**
 * Discord as a ChatAdapter: HTTP interactions and/or the gateway (index.ts), Cards rendered as
 * embeds and button rows (render.ts) within DISCORD_LIMITS, alerts through the REST notifier.
 */
import type { Action } from '../../chat/actions.js';
import type { ChatAdapter } from '../../chat/adapter.js';
import type { Card } from '../../chat/card.js';
import type { DisabledReason } from '../../core/alerts/types.js';
import { discordConfigured, startDiscord } from './index.js';
import { DISCORD_LIMITS } from './limits.js';
import { createDiscordNotifier, DISCORD_PERMANENT_CODES } from './notifier.js';
import { renderCard, type DiscordMessage } from './render.js';

export const discordAdapter: ChatAdapter<DiscordMessage> = {
  name: 'discord',
  limits: DISCORD_LIMITS,
  configured: discordConfigured,
  async start({ core, config, http, log, metrics, chart }) {
    const discord = await startDiscord({ core, config, http, log, metrics, chart });
    return {
      label: `discord (${[discord.http && 'http', discord.gateway && 'gateway'].filter(Boolean).join(' + ')})`,
      stop: () => discord.stop(),
    };
  },
  render: (card) => renderCard(card, { actions: null }),
  /** Discord shows every action as a button, up to its rows of buttons; beyond them it says so. */
  omits(card: Card): Array<{ action: Action; why: string }> {
    const max = DISCORD_LIMITS.rows * DISCORD_LIMITS.buttonsPerRow;
    return card.actions.slice(max).map((action) => ({ action, why: `Discord shows at most ${max} buttons under a message` }));
  },
  notifier: (config, timeoutMs) =>
    config.DISCORD_TOKEN ? createDiscordNotifier({ token: config.DISCORD_TOKEN, apiBase: config.DISCORD_API_BASE, timeoutMs }) : null,
  permanentErrors: Object.fromEntries(Object.entries(DISCORD_PERMANENT_CODES).map(([code, reason]) => [code, reason as DisabledReason])),
};

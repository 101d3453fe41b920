/** The REST client every Discord call goes through, with DISCORD_API_BASE honoured. */
import { REST } from 'discord.js';

export const DISCORD_REST = {
  version: '10',
  /** retries of a failed REST call (5xx, network) before giving up; 429s wait retry_after */
  retries: 3,
  timeoutMs: 15_000,
} as const;

export function createDiscordRest(opts: { apiBase?: string; token?: string; retries?: number; timeoutMs?: number } = {}): REST {
  const rest = new REST({
    version: DISCORD_REST.version,
    retries: opts.retries ?? DISCORD_REST.retries,
    timeout: opts.timeoutMs ?? DISCORD_REST.timeoutMs,
    ...(opts.apiBase ? { api: opts.apiBase } : {}),
  });
  if (opts.token) rest.setToken(opts.token);
  return rest;
}

/**
 * Sends alert messages to Discord channels through @discordjs/rest. Retries, backoff and rate
 * limits are the delivery worker's job, so the client is set to report rather than wait:
 * no retries, and 429s rejected with their retry-after.
 */
import { createHash } from 'node:crypto';
import { DiscordAPIError, HTTPError, RateLimitError, REST } from '@discordjs/rest';
import { Routes } from 'discord.js';
import type { PlatformRates } from '../../core/alerts/config.js';
import type { AlertDelivery, AlertNotifier, SendResult } from '../../core/alerts/ports.js';
import { DISCORD_ALERT_LIMITS, renderDiscordAlert } from './alerts.js';

/** Request rates Discord allows a bot; the delivery worker keeps under them. */
export const DISCORD_RATES: PlatformRates = {
  /** Discord's global limit: 50 requests per second per bot */
  globalPerWindow: 50,
  globalWindowMs: 1_000,
  /** messages per channel: 5 per 5 seconds */
  channelPerWindow: 5,
  channelWindowMs: 5_000,
};

/** Discord JSON error codes that mean the channel cannot receive our messages. */
export const DISCORD_PERMANENT_CODES = {
  50001: 'missing_access',
  50013: 'missing_permissions',
  10003: 'unknown_channel',
} as const;

export interface DiscordNotifierOptions {
  token: string;
  /** e.g. http://127.0.0.1:8080/api (the API version is appended) */
  apiBase?: string;
  timeoutMs: number;
}

/** A Discord nonce (at most 25 characters) derived from an idempotency key: the same key, the same nonce. */
export function discordNonce(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, DISCORD_ALERT_LIMITS.nonce);
}

export function classifyDiscordError(e: unknown): Exclude<SendResult, { ok: true }> {
  if (e instanceof RateLimitError) {
    return { ok: false, kind: 'rate_limited', retryAfterMs: Math.max(0, e.retryAfter), global: e.global, error: `429 rate limited (${e.scope ?? 'route'})` };
  }
  if (e instanceof DiscordAPIError) {
    const code = typeof e.code === 'number' ? e.code : Number(e.code);
    const detail = `${e.status} ${code}: ${e.message}`;
    const known = DISCORD_PERMANENT_CODES[code as keyof typeof DISCORD_PERMANENT_CODES];
    if (known) return { ok: false, kind: 'permanent', reason: known, scope: 'channel', error: detail };
    if (e.status === 403) return { ok: false, kind: 'permanent', reason: 'missing_access', scope: 'channel', error: detail };
    if (e.status === 404) return { ok: false, kind: 'permanent', reason: 'unknown_channel', scope: 'channel', error: detail };
    if (e.status === 401 || e.status === 408) return { ok: false, kind: 'transient', error: detail };
    return { ok: false, kind: 'rejected', error: detail };
  }
  if (e instanceof HTTPError) return { ok: false, kind: 'transient', error: `${e.status} ${e.message}` };
  if (e instanceof Error && e.name === 'AbortError') return { ok: false, kind: 'transient', error: 'timeout' };
  const err = e as { message?: string; cause?: { code?: string } };
  return { ok: false, kind: 'transient', error: `network: ${err.cause?.code ?? err.message ?? String(e)}` };
}

export function createDiscordNotifier(opts: DiscordNotifierOptions): AlertNotifier {
  const rest = new REST({
    version: '10',
    ...(opts.apiBase ? { api: opts.apiBase } : {}),
    timeout: opts.timeoutMs,
    retries: 0,
    rejectOnRateLimit: () => true,
    // the worker keeps to the global limit itself (DISCORD_RATES)
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
  }).setToken(opts.token);
  return {
    platform: 'discord',
    rates: DISCORD_RATES,
    async send(d: AlertDelivery): Promise<SendResult> {
      const body = renderDiscordAlert(d.message, discordNonce(d.idempotencyKey));
      try {
        const res = (await rest.post(Routes.channelMessages(d.channel.channelId), { body })) as { id?: string };
        return { ok: true, messageId: String(res.id ?? '') };
      } catch (e) {
        return classifyDiscordError(e);
      }
    },
  };
}

/**
 * Sends alert messages to Slack channels with chat.postMessage. Retries, backoff and rate
 * limits are the delivery worker's job, so the client does not retry and rejects rate-limited calls.
 */
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { PlatformRates } from '../../core/alerts/config.js';
import type { AlertDelivery, AlertNotifier, SendResult } from '../../core/alerts/ports.js';
import type { DisabledReason } from '../../core/alerts/types.js';
import { renderSlackAlert } from './alerts.js';

/** Request rates Slack allows; the delivery worker keeps under them. */
export const SLACK_RATES: PlatformRates = {
  /** no documented global cap for chat.postMessage beyond per-channel; kept generous */
  globalPerWindow: 50,
  globalWindowMs: 1_000,
  /** chat.postMessage: about one message per second per channel */
  channelPerWindow: 1,
  channelWindowMs: 1_000,
};

/** Slack errors that mean the channel (or the whole workspace) cannot receive our messages. */
export const SLACK_PERMANENT_ERRORS: Record<string, { reason: DisabledReason; scope: 'channel' | 'workspace' }> = {
  channel_not_found: { reason: 'channel_not_found', scope: 'channel' },
  not_in_channel: { reason: 'not_in_channel', scope: 'channel' },
  is_archived: { reason: 'is_archived', scope: 'channel' },
  account_inactive: { reason: 'account_inactive', scope: 'workspace' },
};

/** Slack errors worth retrying (besides HTTP 5xx and network errors). */
const SLACK_TRANSIENT_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'invalid_auth', 'not_authed', 'token_revoked']);

export interface SlackNotifierOptions {
  token: string;
  /** e.g. http://127.0.0.1:8081/api/ */
  apiUrl?: string;
  timeoutMs: number;
}

export function classifySlackError(e: unknown): Exclude<SendResult, { ok: true }> {
  const err = e as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; original?: Error; message?: string };
  switch (err.code) {
    case ErrorCode.RateLimitedError:
      return { ok: false, kind: 'rate_limited', retryAfterMs: Math.max(0, (err.retryAfter ?? 1) * 1000), global: false, error: '429 rate limited' };
    case ErrorCode.PlatformError: {
      const code = err.data?.error ?? 'unknown_error';
      const permanent = SLACK_PERMANENT_ERRORS[code];
      if (permanent) return { ok: false, kind: 'permanent', ...permanent, error: code };
      if (code === 'ratelimited') return { ok: false, kind: 'rate_limited', retryAfterMs: 1000, global: false, error: code };
      if (SLACK_TRANSIENT_ERRORS.has(code)) return { ok: false, kind: 'transient', error: code };
      return { ok: false, kind: 'rejected', error: code };
    }
    case ErrorCode.HTTPError:
      return (err.statusCode ?? 500) >= 500 || err.statusCode === 408
        ? { ok: false, kind: 'transient', error: `HTTP ${err.statusCode}` }
        : { ok: false, kind: 'rejected', error: `HTTP ${err.statusCode}` };
    case ErrorCode.RequestError:
      return { ok: false, kind: 'transient', error: `request: ${err.original?.message ?? err.message ?? 'failed'}` };
    default:
      return { ok: false, kind: 'transient', error: err.message ?? String(e) };
  }
}

export function createSlackNotifier(opts: SlackNotifierOptions): AlertNotifier {
  const client = new WebClient(opts.token, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    timeout: opts.timeoutMs,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
  return {
    platform: 'slack',
    rates: SLACK_RATES,
    async send(d: AlertDelivery): Promise<SendResult> {
      const { text, blocks } = renderSlackAlert(d.message);
      try {
        const res = await client.chat.postMessage({ channel: d.channel.channelId, text, blocks, unfurl_links: false, unfurl_media: false });
        return { ok: true, messageId: String(res.ts ?? '') };
      } catch (e) {
        return classifySlackError(e);
      }
    },
  };
}

/**
 * Shared by the subscription commands: the chat context every one of them needs, and how a
 * subscription is shown.
 */
import { z } from 'zod';
import type { Core } from '../src/core/app.js';
import { DISABLED_REASON_TEXT } from '../src/chat/reasons.js';
import type { SubscriptionRepo } from '../src/core/alerts/ports.js';
import { formatQuietHours, formatTarget } from '../src/core/alerts/target.js';
import type { Subscription } from '../src/core/alerts/types.js';
import type { ErrorView, SubscriptionItemView } from '../src/core/views.js';
import type { ChatContext } from './types.js';

/** The shape of a chat context the subscription commands accept (adapters and CLI flags fill it in). */
const contextSchema = z.object({
  platform: z.string().trim().min(1).max(32),
  /** Discord guild id or Slack team id */
  workspace: z.string().trim().min(1).max(64),
  channel: z.string().trim().min(1).max(64).nullable(),
  /** the user's id on the platform, or "cli:<name>" */
  user: z.string().trim().min(1).max(100),
});

/**
 * The chat context a subscription command runs in, checked: outside a chat (no context) or with a
 * malformed one, a bad_input view. `needsChannel`: the command acts on one channel.
 */
export function chatWhere(chat: ChatContext | null, needsChannel: boolean): ChatContext | ErrorView {
  const parsed = contextSchema.safeParse(chat);
  if (!parsed.success) return { kind: 'error', code: 'bad_input', message: 'Alert subscriptions belong to a chat channel: run this in a channel (or give --platform, --workspace and --channel).' };
  const where = parsed.data as ChatContext;
  if (needsChannel && where.channel === null) return { kind: 'error', code: 'bad_input', message: 'Run this in the channel whose alerts it changes.' };
  return where;
}

export function requireSubscriptions(core: Core): SubscriptionRepo | ErrorView {
  if (core.subscriptions) return core.subscriptions;
  return { kind: 'error', code: 'not_ready', message: 'Alerts are not available: this store has no subscriptions.' };
}

export function isError(x: unknown): x is ErrorView {
  return typeof x === 'object' && x !== null && (x as { kind?: string }).kind === 'error';
}

export function minutesLabel(m: number): string {
  if (m % 1440 === 0) return `${m / 1440}d`;
  if (m % 60 === 0) return `${m / 60}h`;
  return `${m}m`;
}

export function subscriptionItem(s: Subscription): SubscriptionItemView {
  const o = s.options;
  return {
    id: s.id,
    platform: s.platform,
    workspaceId: s.workspaceId,
    channelId: s.channelId,
    target: formatTarget(s.target),
    targetLabel: s.targetLabel,
    minChange: `${o.minChange}+ ${o.minChangeUnit === 'positions' ? (o.minChange === 1 ? 'position' : 'positions') : o.minChange === 1 ? 'point' : 'points'}`,
    mode: o.mode,
    quietHours: o.quietHours ? `${formatQuietHours(o.quietHours)} ${o.timezone}` : null,
    timezone: o.timezone,
    cooldown: o.cooldownMinutes > 0 ? minutesLabel(o.cooldownMinutes) : null,
    confirm: o.confirm,
    status: s.status,
    disabledReason: s.disabledReason,
    disabledWhy: s.disabledReason ? DISABLED_REASON_TEXT[s.disabledReason] : null,
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    lastAlertAt: s.lastAlertAt,
    lastAlertSummary: s.lastAlertSummary,
    failureCount: s.failureCount,
  };
}

/** A subscription's alert options in one line: "2+ positions · daily digest · quiet 22:00-07:00 Europe/Berlin · cooldown 6h". */
export function alertOptionsLabel(s: SubscriptionItemView): string {
  const parts = [s.minChange, s.mode === 'daily' ? 'daily digest' : 'instant'];
  if (s.quietHours) parts.push(`quiet ${s.quietHours}`);
  if (s.cooldown) parts.push(`cooldown ${s.cooldown}`);
  if (s.confirm) parts.push('confirmed on the next run');
  return parts.join(' · ');
}

/** What a subscription watches, as a title: the product, "Category: <name>", or "Top 10 in <category>". */
export function targetTitle(s: Pick<SubscriptionItemView, 'target' | 'targetLabel'>): string {
  return s.target.startsWith('category:') ? `Category: ${s.targetLabel}` : s.targetLabel;
}

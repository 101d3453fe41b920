/**
 * Discord side of channel alert subscriptions: who may manage them (Manage Server or
 * Administrator, checked on every interaction besides the registered default permission),
 * the chat context a subscription command runs in, autocomplete for its target, and the
 * embeds of SubscribeView, UnsubscribeView and SubscriptionsView within Discord's limits.
 */
import { MessageFlags, PermissionFlagsBits, type APIEmbed, type APIEmbedField, type APIInteraction } from 'discord.js';
import { alertOptionsLabel, targetTitle } from '../../../commands/alerts-shared.js';
import type { AlertsCommandView, SubscribeView, SubscriptionItemView, SubscriptionsView, UnsubscribeView } from '../../core/views.js';
import { DISCORD_LIMITS } from './limits.js';
import { present } from '../../chat/card.js';
import { RENDER_LAYOUT } from './layout.js';
import { fitLines, renderCard, safe, type DiscordMessage, type RenderContext } from './render.js';

const L = DISCORD_LIMITS;

export const SUBSCRIPTION_LAYOUT = {
  color: 0x57f287,
  removedColor: 0x99aab5,
  listColor: RENDER_LAYOUT.color,
  /** characters of a last-alert summary in a list */
  summary: 160,
  /** room kept free in the 6,000-character budget for the "…and N more" footer */
  reserve: 200,
} as const;

/** The permissions that may manage a server's subscriptions (the registered default is Manage Server). */
export const MANAGE_PERMISSIONS = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;

export const NOT_IN_SERVER = 'Alert subscriptions belong to server channels. Run this in a channel of your server.';
export const NEEDS_MANAGE_SERVER =
  'Managing alert subscriptions needs the Manage Server permission. Ask someone who has it to subscribe this channel.';

/** true when the member's permission bitfield (a decimal string in the payload) includes Manage Server or Administrator */
export function canManage(permissions: string | undefined | null): boolean {
  if (!permissions || !/^\d{1,40}$/.test(permissions)) return false;
  return (BigInt(permissions) & MANAGE_PERMISSIONS) !== 0n;
}

export type ManageContext = { ok: true; workspace: string; channel: string; user: string } | { ok: false; message: string };

/** Where a subscription command runs and whether its user may manage subscriptions there. */
export function manageContext(interaction: APIInteraction): ManageContext {
  const guild = interaction.guild_id;
  const channel = interaction.channel_id ?? interaction.channel?.id;
  const member = interaction.member;
  if (!guild || !channel || !member) return { ok: false, message: NOT_IN_SERVER };
  if (!canManage(member.permissions)) return { ok: false, message: NEEDS_MANAGE_SERVER };
  return { ok: true, workspace: guild, channel, user: member.user.id };
}

// ---------------------------------------------------------------- rendering

const STATUS_ICON: Record<SubscriptionItemView['status'], string> = { active: '🟢', paused: '⏸️', disabled: '⛔' };

/** Discord timestamp markup: every reader sees it in their own time zone. */
function when(iso: string | null): string {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? `<t:${Math.floor(t / 1000)}:R>` : 'never';
}

/** A user id as a mention (shown as a name; allowed_mentions keeps it from pinging), anything else as text. */
function userRef(id: string): string {
  return /^\d{5,25}$/.test(id) ? `<@${id}>` : safe(id, 100);
}

function channelRef(id: string): string {
  return /^\d{5,25}$/.test(id) ? `<#${id}>` : safe(id, 100);
}

function itemField(s: SubscriptionItemView, showChannel: boolean): APIEmbedField {
  const status =
    s.status === 'disabled' ? `${STATUS_ICON.disabled} disabled${s.disabledReason ? ` (\`${s.disabledReason}\`)` : ''}` : `${STATUS_ICON[s.status]} ${s.status}`;
  const lines = [`**Status:** ${status}`];
  if (s.status === 'disabled' && s.disabledWhy) lines.push(`**Why:** ${safe(s.disabledWhy, 400)}`);
  lines.push(`**Alerts:** ${safe(alertOptionsLabel(s), 300)}`);
  if (showChannel) lines.push(`**Channel:** ${channelRef(s.channelId)}`);
  lines.push(`**Created by** ${userRef(s.createdBy)} ${when(s.createdAt)}`);
  lines.push(
    s.lastAlertAt
      ? `**Last alert:** ${when(s.lastAlertAt)}${s.lastAlertSummary ? ` · ${safe(s.lastAlertSummary, SUBSCRIPTION_LAYOUT.summary)}` : ''}`
      : '**Last alert:** none yet',
  );
  if (s.failureCount > 0) lines.push(`**Failed sends since the last delivery:** ${s.failureCount}`);
  return { name: `#${s.id} · ${safe(targetTitle(s), L.fieldName - 30)}`, value: fitLines(lines, L.fieldValue) };
}

/** As many item fields as fit one embed (25 fields, 6,000 characters with the rest), then how many were left out. */
function fitFields(items: SubscriptionItemView[], showChannel: boolean, used: number): { fields: APIEmbedField[]; left: number } {
  const fields: APIEmbedField[] = [];
  let size = used;
  for (const s of items) {
    const f = itemField(s, showChannel);
    const add = f.name.length + f.value.length;
    if (fields.length >= L.fields || size + add > L.embedsTotal - SUBSCRIPTION_LAYOUT.reserve) break;
    fields.push(f);
    size += add;
  }
  return { fields, left: items.length - fields.length };
}

function ephemeral(embed: APIEmbed): DiscordMessage {
  return { embeds: [embed], components: [], allowed_mentions: { parse: [] }, flags: MessageFlags.Ephemeral };
}

export function renderSubscribed(v: SubscribeView): DiscordMessage {
  const s = v.subscription;
  const embed: APIEmbed = {
    color: SUBSCRIPTION_LAYOUT.color,
    title: v.created ? 'Subscribed' : 'Subscription updated',
    description: safe(v.message, L.description),
    fields: [itemField(s, false)],
    footer: { text: `Run /subscribe again for the same target to change its options · /unsubscribe target:${s.id} to stop` },
  };
  return ephemeral(embed);
}

export function renderUnsubscribed(v: UnsubscribeView): DiscordMessage {
  const description = safe(v.message, L.description);
  const { fields, left } = fitFields(v.removed, false, description.length + 20);
  const embed: APIEmbed = { color: SUBSCRIPTION_LAYOUT.removedColor, title: 'Unsubscribed', description, fields };
  if (left > 0) embed.footer = { text: `…and ${left} more removed` };
  return ephemeral(embed);
}

export function renderSubscriptions(v: SubscriptionsView): DiscordMessage {
  const wide = v.scope.channelId === null;
  const title = wide ? 'Alert subscriptions in this server' : 'Alert subscriptions in this channel';
  const description = safe(v.message, L.description);
  const { fields, left } = fitFields(v.items, wide, title.length + description.length + 100);
  const footer =
    left > 0
      ? `…and ${left} more${wide ? ': run /subscriptions in each channel to see them' : ''}`
      : v.items.length
        ? '/unsubscribe target:<number> removes one · /subscribe again re-activates a disabled one'
        : 'Add one with /subscribe target:<product | category:<name> | top:<N>>';
  return ephemeral({ color: SUBSCRIPTION_LAYOUT.listColor, title, description, fields, footer: { text: footer } });
}

/**
 * What a subscription command returns, as a Discord message: only the person who ran it sees it.
 * "Did you mean" choices and errors render as for every other command.
 */
export function renderSubscriptionView(view: AlertsCommandView, ctx: RenderContext): DiscordMessage {
  const msg = renderCard(present(view, { invocation: ctx.invocation }), ctx);
  msg.flags = MessageFlags.Ephemeral;
  return msg;
}

/**
 * Slack side of channel alert subscriptions: the /subscribe, /unsubscribe and /subscriptions
 * slash commands, the "Subscribe to X" buttons on cards, the "Compare" buttons on alert
 * messages, the subscriptions section of the App Home tab, and their Block Kit rendering.
 *
 * Who may manage: Slack has no per-command permission model, so anyone in a channel may manage
 * its subscriptions. Each subscription records who created it; /subscriptions and the Home tab
 * show it, and /subscribe and /unsubscribe answer in the channel, naming who made the change.
 */
import { alertOptionsLabel, targetTitle } from '../../../commands/alerts-shared.js';
import { extractNamedOptions } from '../../../commands/parse.js';
import { dispatch } from '../../chat/dispatch.js';
import { isPublic } from '../../chat/visibility.js';
import type { Core } from '../../core/app.js';
import { truncate } from '../../core/format.js';
import type { AlertsCommandView, HelpView, SubscriptionItemView, SubscriptionsView } from '../../core/views.js';
import type { HomeSubscriptionsSection } from './home.js';
import { escapeMrkdwn, plain, renderSlack, SLACK_LIMITS, textLength, type RenderContext, type SlackBlock, type SlackMessage } from './render.js';

export type SubscriptionCommandName = 'subscribe' | 'unsubscribe' | 'subscriptions';

/** Usage hints in the manifest: Slack passes everything after the command as one text. */
export const SLACK_SUBSCRIPTION_USAGE: Record<SubscriptionCommandName, string> = {
  subscribe:
    '<product | category:<name> | top:<N>[:<category>]> [min-change:2 or 5pt] [mode:daily] [quiet-hours:22:00-07:00] [timezone:Europe/Berlin] [cooldown:6h] [--confirm]',
  unsubscribe: '<target | number from /subscriptions | all>',
  subscriptions: '[all]',
};

export const SLACK_SUBSCRIPTION_LAYOUT = {
  /** blocks and characters the Home tab's subscriptions section may take */
  homeBlocks: 20,
  homeChars: 8_000,
  /** did-you-mean buttons */
  candidates: 5,
  /** characters of a last-alert summary */
  summary: 160,
  /** characters of a target name in a line */
  name: 150,
} as const;

// ---------------------------------------------------------------- parsing

const SUBSCRIBE_VALUED: Record<string, string> = {
  'min-change': 'min-change',
  min_change: 'min-change',
  minchange: 'min-change',
  mode: 'mode',
  'quiet-hours': 'quiet-hours',
  quiet_hours: 'quiet-hours',
  quiet: 'quiet-hours',
  timezone: 'timezone',
  tz: 'timezone',
  cooldown: 'cooldown',
};
const SUBSCRIBE_FLAGS: Record<string, string> = { confirm: 'confirm', daily: 'daily', instant: 'instant' };

const unquote = (s: string) => s.trim().replace(/^["'\u201c\u201d]+|["'\u201c\u201d]+$/g, '').trim();

/**
 * The text after a subscription slash command, as raw options:
 * "/subscribe claude sonnet min-change:2 mode:daily --confirm", "/unsubscribe 12", "/subscriptions all".
 */
export function parseSubscriptionText(command: SubscriptionCommandName, text: string): Record<string, unknown> {
  switch (command) {
    case 'subscribe': {
      const { rest, options } = extractNamedOptions(text, SUBSCRIBE_VALUED, SUBSCRIBE_FLAGS);
      const { daily, instant, ...o } = options;
      if (daily === true) o.mode = 'daily';
      else if (instant === true) o.mode = 'instant';
      if (typeof o.mode === 'string') o.mode = o.mode.toLowerCase();
      return { ...o, target: rest };
    }
    case 'unsubscribe':
      return { target: unquote(text) };
    case 'subscriptions':
      return { all: /^(?:--)?all$/i.test(text.trim()) || undefined };
  }
}

export function subscriptionHelpView(): HelpView {
  return {
    kind: 'help',
    commands: [
      { usage: `/subscribe ${SLACK_SUBSCRIPTION_USAGE.subscribe}`, description: 'post rank-change alerts for it in this channel' },
      { usage: `/unsubscribe ${SLACK_SUBSCRIPTION_USAGE.unsubscribe}`, description: "stop this channel's alerts for it" },
      { usage: `/subscriptions ${SLACK_SUBSCRIPTION_USAGE.subscriptions}`, description: "this channel's subscriptions (all: the whole workspace)" },
    ],
    notes: [
      'min-change: positions ("2") or UnfragileRank points ("5pt"). mode: instant or daily. Subscribing again to the same target changes its options.',
      'Anyone in a channel can manage its subscriptions; each one records who created it.',
    ],
  };
}

// ---------------------------------------------------------------- rendering

export interface SubscriptionRenderContext {
  command?: string;
  /** the raw options the command ran with: did-you-mean buttons complete them */
  options?: Record<string, unknown>;
  /** the user who made the change, named in the channel */
  actor?: string;
}

/** Channel-visible answers (a change to what the channel receives); lists, choices and errors go to the asker. */
export function isPublicSubscriptionView(v: AlertsCommandView): boolean {
  return isPublic(v);
}

function userRef(id: string): string {
  return /^[UW][A-Z0-9]{2,30}$/.test(id) ? `<@${id}>` : escapeMrkdwn(truncate(id, 100));
}

function channelRef(id: string): string {
  return /^[CGD][A-Z0-9]{2,30}$/.test(id) ? `<#${id}>` : escapeMrkdwn(truncate(id, 100));
}

/** Slack date markup, shown in each reader's time zone, with a UTC fallback. */
function dateRef(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return 'unknown';
  const fallback = `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(t / 1000)}^{date_short_pretty} {time}|${fallback}>`;
}

function statusText(s: SubscriptionItemView): string {
  if (s.status === 'disabled') return `:no_entry: *disabled*${s.disabledReason ? ` (${escapeMrkdwn(s.disabledReason)})` : ''}`;
  if (s.status === 'paused') return ':double_vertical_bar: paused';
  return ':large_green_circle: active';
}

/**
 * One subscription in mrkdwn. `nameCreator: false` leaves the creator's mention out (a message in
 * the channel would notify them); lists shown only to the asker or on the Home tab name them.
 */
export function subscriptionItemText(s: SubscriptionItemView, showChannel: boolean, nameCreator = true): string {
  const head = `*#${s.id} · ${escapeMrkdwn(truncate(targetTitle(s), SLACK_SUBSCRIPTION_LAYOUT.name))}*${showChannel ? ` in ${channelRef(s.channelId)}` : ''}`;
  const lines = [head, `${statusText(s)} · ${escapeMrkdwn(alertOptionsLabel(s))}`];
  if (s.status === 'disabled' && s.disabledWhy) lines.push(`Why: ${escapeMrkdwn(s.disabledWhy)}`);
  const last = s.lastAlertAt
    ? `last alert ${dateRef(s.lastAlertAt)}${s.lastAlertSummary ? `: ${escapeMrkdwn(truncate(s.lastAlertSummary, SLACK_SUBSCRIPTION_LAYOUT.summary))}` : ''}`
    : 'no alert yet';
  lines.push(`${nameCreator ? `Created by ${userRef(s.createdBy)}` : 'Created'} ${dateRef(s.createdAt)} · ${last}`);
  if (s.failureCount > 0) lines.push(`${s.failureCount} failed send${s.failureCount === 1 ? '' : 's'} since the last delivery`);
  return truncate(lines.join('\n'), SLACK_LIMITS.sectionText);
}

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.sectionText) || ' ' } });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.contextText) }] });

/** One section per subscription while the block and character budget lasts, then "…and N more". */
function itemBlocks(items: SubscriptionItemView[], showChannel: boolean, maxBlocks: number, maxChars: number, moreHint: string): SlackBlock[] {
  const out: SlackBlock[] = [];
  let chars = 0;
  const reserve = 120;
  for (const [i, s] of items.entries()) {
    const block = section(subscriptionItemText(s, showChannel));
    const last = i === items.length - 1;
    const size = textLength(block);
    if (out.length + (last ? 1 : 2) > maxBlocks || chars + size + (last ? 0 : reserve) > maxChars) {
      out.push(context(`…and ${items.length - i} more${moreHint}`));
      break;
    }
    out.push(block);
    chars += size;
  }
  return out;
}

function fallback(text: string): string {
  return truncate(escapeMrkdwn(text), SLACK_LIMITS.fallbackText);
}

function renderList(v: SubscriptionsView): SlackMessage {
  const wide = v.scope.channelId === null;
  const title = wide ? 'Alert subscriptions in this workspace' : 'Alert subscriptions in this channel';
  const text = fallback(v.message);
  const head: SlackBlock[] = [{ type: 'header', text: plain(title, SLACK_LIMITS.headerText) }, context(escapeMrkdwn(v.message))];
  const tail = context(
    v.items.length
      ? '`/unsubscribe <number>` removes one · `/subscribe` again for the same target changes its options or re-activates it'
      : 'Add one with `/subscribe <product | category:<name> | top:<N>>` · `/subscribe help` for the options',
  );
  const budgetChars = SLACK_LIMITS.messageBudget - text.length - textLength([...head, tail]);
  const items = itemBlocks(v.items, wide, SLACK_LIMITS.blocks - head.length - 1, budgetChars, wide ? '' : ': see `/subscriptions all`');
  return { text, blocks: [...head, ...items, tail] };
}

/** A subscription command's view as a Slack message. */
export function renderSlackSubscriptionView(view: AlertsCommandView, ctx: SubscriptionRenderContext & RenderContext = {}): SlackMessage {
  const by = ctx.actor ? ` · by ${userRef(ctx.actor)}` : '';
  switch (view.kind) {
    case 'subscribed': {
      const s = view.subscription;
      return {
        text: fallback(view.message),
        blocks: [
          section(`:bell: ${escapeMrkdwn(view.message)}`),
          section(subscriptionItemText(s, false, s.createdBy === ctx.actor)),
          context(`${view.created ? 'Subscribed' : 'Updated'}${by} · \`/subscribe\` again for the same target changes its options · \`/unsubscribe ${s.id}\` stops it`),
        ],
      };
    }
    case 'unsubscribed': {
      const lines = view.removed.map((s) => `#${s.id} · ${escapeMrkdwn(truncate(targetTitle(s), SLACK_SUBSCRIPTION_LAYOUT.name))}`);
      const blocks: SlackBlock[] = [section(`:no_bell: ${escapeMrkdwn(view.message)}`)];
      if (lines.length > 1) blocks.push(section(lines.join('\n')));
      if (by) blocks.push(context(by.slice(3)));
      return { text: fallback(view.message), blocks };
    }
    case 'subscriptions':
      return renderList(view);
    // "did you mean": each choice completes the same command with that product (the Card's actions)
    case 'resolution':
    case 'error':
      return renderSlack(view, ctx);
  }
}

/** The Home tab's section: every subscription of the workspace, with status and why any is disabled. */
export function subscriptionsHomeSection(core: Core): HomeSubscriptionsSection {
  return async ({ teamId, userId }) => {
    const head: SlackBlock = { type: 'header', text: plain('Subscriptions', SLACK_LIMITS.headerText) };
    if (!core.subscriptions || !teamId) return [head, section('Rank-change alerts are not available in this workspace.')];
    const r = await dispatch(
      { kind: 'command', command: 'subscriptions', options: { all: true } },
      { core, chat: { platform: 'slack', workspace: teamId, channel: null, user: userId ?? 'home' }, actions: null },
    );
    const view = r.kind === 'choices' ? null : r.card.view;
    if (!view) return [head];
    if (view.kind !== 'subscriptions') return [head, section(escapeMrkdwn(view.kind === 'error' ? view.message : 'Subscriptions cannot be listed right now.'))];
    const L = SLACK_SUBSCRIPTION_LAYOUT;
    const note = context(
      view.items.length
        ? `${escapeMrkdwn(view.message)} Manage them in a channel with \`/subscribe\`, \`/unsubscribe\` and \`/subscriptions\`.`
        : 'No channel gets rank-change alerts yet. In a channel, type `/subscribe <product | category:<name> | top:<N>>`.',
    );
    const items = itemBlocks(view.items, true, L.homeBlocks - 2, L.homeChars - textLength([head, note]), ': see `/subscriptions` in each channel');
    return [head, note, ...items];
  };
}

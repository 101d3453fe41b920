/**
 * Slack side of channel alert subscriptions: the /subscribe, /unsubscribe and /subscriptions
 * slash commands, the "Subscribe to X" buttons on cards, the "Compare" buttons on alert
 * messages, the subscriptions section of the App Home tab, and their Block Kit rendering.
 *
 * Who may manage: Slack has no per-command permission model, so anyone in a channel may manage
 * its subscriptions. Each subscription records who created it; /subscriptions and the Home tab
 * show it, and /subscribe and /unsubscribe answer in the channel, naming who made the change.
 */
import type { App, BlockAction, ButtonAction, RespondArguments, types } from '@slack/bolt';
import { alertOptionsLabel, targetTitle } from '../../../commands/alerts-shared.js';
import { compare, SUBSCRIPTION_COMMANDS, subscriptions as subscriptionsCommand } from '../../../commands/index.js';
import { extractNamedOptions } from '../../../commands/parse.js';
import { runCommand, textTooLong } from '../../../commands/run.js';
import { COMMAND_LIMITS } from '../../../commands/types.js';
import { outcomeOf } from '../../chat/outcome.js';
import { isPublic } from '../../chat/visibility.js';
import type { Core } from '../../core/app.js';
import { truncate } from '../../core/format.js';
import type { AlertsCommandView, HelpView, ResolutionView, SubscriptionItemView, SubscriptionsView, View } from '../../core/views.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { actionPattern, decodeAction, encodeAction, SLACK_ACTIONS } from './actions.js';
import { ALERT_COMPARE_ACTION, parseAlertCompareValue } from './alerts.js';
import type { HomeSubscriptionsSection } from './home.js';
import { decodeSlackText } from './intent.js';
import { escapeMrkdwn, plain, renderSlack, SLACK_LIMITS, textLength, type SlackBlock, type SlackMessage } from './render.js';

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
  command?: SubscriptionCommandName;
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

function optionValues(options: Record<string, unknown> | undefined): Record<string, string | number | boolean> {
  const o: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(options ?? {})) {
    if (typeof v === 'string' && v.trim() !== '') o[k] = v.slice(0, COMMAND_LIMITS.nameLength);
    else if (typeof v === 'number' || typeof v === 'boolean') o[k] = v;
  }
  return o;
}

/** "Did you mean" for a subscription target: each choice completes the same command with that product. */
function renderChoices(v: ResolutionView, ctx: SubscriptionRenderContext): SlackMessage {
  const command = ctx.command;
  if (command !== 'subscribe' && command !== 'unsubscribe') return renderSlack(v);
  const candidates = v.candidates.slice(0, SLACK_SUBSCRIPTION_LAYOUT.candidates);
  const blocks: SlackBlock[] = [section(`:mag: ${escapeMrkdwn(v.message)}`)];
  const buttons: types.Button[] = [];
  candidates.forEach((c, i) => {
    const value = encodeAction({ k: 'sub', c: command, o: { ...optionValues(ctx.options), [v.field]: `product:${c.id}` }, r: true });
    if (value.length > SLACK_LIMITS.buttonValue) return;
    buttons.push({
      type: 'button',
      text: plain(c.name, SLACK_LIMITS.buttonText),
      action_id: `${SLACK_ACTIONS.sub}:${i}`,
      value,
      ...(i === 0 ? { style: 'primary' as const } : {}),
    });
  });
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  return { text: fallback(v.message), blocks };
}

/** A subscription command's view as a Slack message. */
export function renderSlackSubscriptionView(view: AlertsCommandView, ctx: SubscriptionRenderContext = {}): SlackMessage {
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
    case 'resolution':
      return renderChoices(view, ctx);
    default:
      return renderSlack(view as View);
  }
}

/** The Home tab's section: every subscription of the workspace, with status and why any is disabled. */
export function subscriptionsHomeSection(core: Core): HomeSubscriptionsSection {
  return async ({ teamId }) => {
    const head: SlackBlock = { type: 'header', text: plain('Subscriptions', SLACK_LIMITS.headerText) };
    if (!core.subscriptions || !teamId) return [head, section('Rank-change alerts are not available in this workspace.')];
    const view = await runCommand(subscriptionsCommand, { platform: 'slack', workspace: teamId, all: true }, core);
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

// ---------------------------------------------------------------- listeners

export interface SlackSubscriptionDeps {
  core: Core;
  log: Logger;
  metrics: Metrics;
}

type Respond = (message: RespondArguments) => Promise<unknown>;

export function registerSubscriptionHandlers(app: App, deps: SlackSubscriptionDeps): void {
  const { core, log, metrics } = deps;
  const logError = (err: unknown, ctx: { command: string }) => log.error({ err, ...ctx, platform: 'slack' }, 'command failed');

  async function run(
    name: SubscriptionCommandName,
    options: Record<string, unknown>,
    where: { team: string; channel: string; user: string },
  ): Promise<AlertsCommandView> {
    const def = SUBSCRIPTION_COMMANDS.find((c) => c.name === name)!;
    const end = metrics.latency.startTimer({ platform: 'slack', command: name });
    // the context comes from Slack's signed request, never from the options
    const raw = { ...options, platform: 'slack', workspace: where.team, channel: where.channel, user: where.user };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const view = (await runCommand(def as any, raw, core, logError)) as AlertsCommandView;
    end();
    metrics.commands.inc({ platform: 'slack', command: name, outcome: outcomeOf(view) });
    return view;
  }

  for (const def of SUBSCRIPTION_COMMANDS) {
    const name = def.name as SubscriptionCommandName;
    app.command(`/${name}`, async ({ command, ack, respond }) => {
      await ack();
      const long = textTooLong(command.text ?? '');
      if (long) {
        metrics.commands.inc({ platform: 'slack', command: name, outcome: 'bad_input' });
        await respond({ response_type: 'ephemeral', ...renderSlack(long) });
        return;
      }
      const text = decodeSlackText(command.text ?? '').trim();
      if (/^(?:help|\?)$/i.test(text)) {
        metrics.commands.inc({ platform: 'slack', command: 'help', outcome: 'ok' });
        await respond({ response_type: 'ephemeral', ...renderSlack(subscriptionHelpView()) });
        return;
      }
      const options = parseSubscriptionText(name, text);
      const view = await run(name, options, { team: command.team_id, channel: command.channel_id, user: command.user_id });
      const message = renderSlackSubscriptionView(view, { command: name, options, actor: command.user_id });
      await respond({ response_type: isPublicSubscriptionView(view) ? 'in_channel' : 'ephemeral', ...message });
    });
  }

  // ---- "Subscribe to X" on cards, and did-you-mean choices of /subscribe and /unsubscribe
  app.action<BlockAction<ButtonAction>>(actionPattern(SLACK_ACTIONS.sub), async ({ ack, body, action, respond }) => {
    await ack();
    const payload = decodeAction(action.value);
    const team = body.team?.id ?? body.user.team_id;
    const channel = body.channel?.id;
    if (!payload || payload.k !== 'sub' || !team) {
      metrics.errors.inc({ platform: 'slack', kind: 'bad_action' });
      log.warn({ action: action.action_id }, 'slack subscribe action with an unreadable value');
      return;
    }
    const reply = respond as Respond | undefined;
    if (!channel || !reply) {
      log.warn({ action: action.action_id }, 'slack subscribe action outside a channel');
      return;
    }
    const view = await run(payload.c, payload.o, { team, channel, user: body.user.id });
    const message = renderSlackSubscriptionView(view, { command: payload.c, options: payload.o, actor: body.user.id });
    const fromPrompt = payload.r === true && body.container?.is_ephemeral === true;
    if (isPublicSubscriptionView(view)) {
      await reply({ response_type: 'in_channel', replace_original: false, ...message });
      if (fromPrompt) await reply({ delete_original: true });
    } else {
      await reply({ response_type: 'ephemeral', replace_original: fromPrompt, ...message });
    }
  });

  // ---- "Compare A vs B" on alert messages: the comparison card, in the alert's thread
  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ALERT_COMPARE_ACTION}_\\d+$`), async ({ ack, body, action, respond, client }) => {
    await ack();
    const pair = parseAlertCompareValue(action.value ?? '');
    if (!pair) {
      metrics.errors.inc({ platform: 'slack', kind: 'bad_action' });
      log.warn({ action: action.action_id }, 'slack alert compare action with an unreadable value');
      return;
    }
    const options = { first: pair[0], second: pair[1] };
    const end = metrics.latency.startTimer({ platform: 'slack', command: 'compare' });
    const view = await runCommand(compare, options, core, logError);
    end();
    metrics.commands.inc({ platform: 'slack', command: 'compare', outcome: outcomeOf(view) });
    const message = renderSlack(view, { command: 'compare', options });
    const channel = body.channel?.id;
    const ts = (body.message?.thread_ts as string | undefined) ?? body.message?.ts;
    if (view.kind === 'compare' && channel) {
      await client.chat.postMessage({ channel, ...(ts ? { thread_ts: ts } : {}), ...message, unfurl_links: false, unfurl_media: false });
    } else if (respond) {
      await (respond as Respond)({ response_type: 'ephemeral', replace_original: false, ...message });
    }
  });
}

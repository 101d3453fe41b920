/**
 * Bolt listeners: slash commands, mentions, buttons and menus, the Home tab and its typeahead.
 * They parse Slack input, run the platform-neutral commands and render the views; the same
 * listeners serve Socket Mode and HTTP mode.
 */
import {
  ErrorCode as BoltErrorCode,
  type App,
  type BlockAction,
  type ButtonAction,
  type ExternalSelectAction,
  type RespondArguments,
  type StaticSelectAction,
  type webApi,
} from '@slack/bolt';
import { ErrorCode as WebApiErrorCode } from '@slack/web-api';
import { CHAT_COMMANDS, dispatchable, helpView, SUBSCRIPTION_COMMANDS } from '../../../commands/index.js';
import { parseCommandLine } from '../../../commands/parse.js';
import { textTooLong } from '../../../commands/run.js';
import type { ChatContext } from '../../../commands/types.js';
import { actionStoreFor, type ActionStateStore } from '../../chat/actions.js';
import type { Card } from '../../chat/card.js';
import { dispatch, type DispatchContext, type DispatchResult, type Invocation } from '../../chat/dispatch.js';
import { isPublic } from '../../chat/visibility.js';
import type { Core } from '../../core/app.js';
import type { HelpView, TopView, View } from '../../core/views.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { actionPattern, SLACK_ACTIONS } from './actions.js';
import { buildHomeView, HOME_TOP_ROWS, placeholderSubscriptionsSection, type HomeSubscriptionsSection } from './home.js';
import { decodeSlackText, intentToCommand, parseIntent } from './intent.js';
import { plain, renderSlack, renderSlackCard, SLACK_LIMITS, type SlackMessage } from './render.js';
import { parseSubscriptionText, renderSlackSubscriptionView, subscriptionHelpView, type SubscriptionCommandName } from './subscriptions.js';

export interface SlackHandlerDeps {
  core: Core;
  log: Logger;
  metrics: Metrics;
  /** the Home tab's subscriptions section */
  homeSubscriptions?: HomeSubscriptionsSection;
  /**
   * where actions too long for a button value would wait (Slack's 2,000 characters hold all of ours);
   * default: core.chatState, shared by every instance, else memory
   */
  actions?: ActionStateStore | null;
}

/** How long an event id is remembered, to drop Slack's redeliveries (it retries for a few minutes at most). */
export const SLACK_EVENT_REPLAY_MS = 60 * 60_000;

/** The mention bot's short help (what a mention it cannot read gets). */
export function mentionHelpView(): HelpView {
  return {
    kind: 'help',
    commands: [
      { usage: '@Matchgraph compare claude and gpt-4o', description: 'side-by-side card with a verdict' },
      { usage: '@Matchgraph alternatives to cursor', description: 'ranked alternatives, each with why' },
      { usage: '@Matchgraph tell me about gpt-4o', description: 'score, rank, pricing and capabilities' },
      { usage: '@Matchgraph top coding tools', description: 'leaderboard, overall or for a category' },
      { usage: '@Matchgraph tools for transcribing meetings', description: 'products found by what they do, with why each matched' },
    ],
    notes: ['Slash commands work too: /compare, /alternatives, /product, /top, /search.'],
  };
}

const SLASH_HELP_NOTES = [
  'Names need not be exact: "llama 1b", "gemni" and "chat gpt" work. Separate names with "vs", "and" or commas.',
  'Mention the bot too: "@Matchgraph alternatives to cursor".',
];

/** Cards are shown to the channel; did-you-mean choices, help and errors only to the asker (src/chat/visibility.ts). */
export const isPublicView = (v: View) => isPublic(v);

/** Errors from Slack's side of a call: Web API errors (platform, HTTP, rate limit, network) and failed response_url posts. */
const PLATFORM_ERROR_CODES = new Set<string>([
  WebApiErrorCode.PlatformError,
  WebApiErrorCode.RequestError,
  WebApiErrorCode.HTTPError,
  WebApiErrorCode.RateLimitedError,
  BoltErrorCode.RespondError,
]);

/** "platform_api" when Slack refused or failed a call a listener made, "internal" for our own failures. */
export function slackErrorKind(error: unknown): 'platform_api' | 'internal' {
  const e = error as { code?: string; originals?: unknown[] };
  if (e?.code === BoltErrorCode.MultipleListenerError && Array.isArray(e.originals) && e.originals.length > 0)
    return e.originals.every((o) => slackErrorKind(o) === 'platform_api') ? 'platform_api' : 'internal';
  return typeof e?.code === 'string' && PLATFORM_ERROR_CODES.has(e.code) ? 'platform_api' : 'internal';
}


type Client = webApi.WebClient;
type Respond = (message: RespondArguments) => Promise<unknown>;

export function registerSlackHandlers(app: App, deps: SlackHandlerDeps): void {
  const { core, log, metrics } = deps;
  const subscriptionsSection = deps.homeSubscriptions ?? placeholderSubscriptionsSection;
  const actions = deps.actions === undefined ? actionStoreFor(core) : deps.actions;

  function contextOf(chat: ChatContext | null): DispatchContext {
    return {
      core,
      chat,
      actions,
      logError: (err, ctx) => log.error({ err, ...ctx, platform: 'slack' }, 'command failed'),
      onAnswer: ({ command, outcome, seconds }) => {
        metrics.commands.inc({ platform: 'slack', command, outcome });
        metrics.latency.observe({ platform: 'slack', command }, seconds);
      },
    };
  }

  const chatOf = (team: string | undefined | null, channel: string | undefined | null, user: string): ChatContext | null =>
    team ? { platform: 'slack', workspace: team, channel: channel ?? null, user } : null;

  /**
   * A dispatched answer as a message; subscription answers name who made the change. It is ready
   * once the actions it keeps behind keys are stored, so whatever posts it does so after them.
   */
  async function messageOf(r: Exclude<DispatchResult, { kind: 'choices' }>, actor: string | undefined): Promise<SlackMessage> {
    const card: Card = r.card;
    const message =
      r.kind === 'card' && dispatchable(r.command)?.requiresManage
        ? renderSlackSubscriptionView(card.view as Parameters<typeof renderSlackSubscriptionView>[0], { command: r.ran.command, options: r.ran.options, actor, actions })
        : renderSlackCard(card, { actions });
    await actions?.flush();
    return message;
  }

  async function topView(): Promise<TopView | null> {
    const r = await dispatch({ kind: 'command', command: 'top', options: { limit: HOME_TOP_ROWS } }, { core, chat: null, actions });
    return r.kind === 'card' && r.card.view.kind === 'top' ? r.card.view : null;
  }

  async function publishHome(client: Client, userId: string, teamId: string | undefined, selected: SlackMessage | null): Promise<void> {
    const [top, subscriptions] = await Promise.all([topView(), subscriptionsSection({ teamId, userId })]);
    await client.views.publish({ user_id: userId, view: buildHomeView({ top, selected, subscriptions }) });
  }

  // Slack redelivers an event it did not see acknowledged in time; handle each event id once,
  // across every instance on the store (core.seen)
  app.use(async ({ body, next }) => {
    const id = (body as { event_id?: unknown }).event_id;
    if (typeof id === 'string' && !(await core.seen.firstSeen(`slack-event:${id}`, Date.now() + SLACK_EVENT_REPLAY_MS))) return;
    await next();
  });

  // ---- slash commands: ack at once, answer through response_url
  for (const def of [...CHAT_COMMANDS, ...SUBSCRIPTION_COMMANDS]) {
    const subscription = def.requiresManage === true;
    app.command(`/${def.name}`, async ({ command, ack, respond }) => {
      await ack();
      // over-long text is refused before it is parsed or any name resolved
      const long = textTooLong(command.text ?? '');
      if (long) {
        metrics.commands.inc({ platform: 'slack', command: def.name, outcome: 'bad_input' });
        await respond({ response_type: 'ephemeral', ...renderSlack(long) });
        return;
      }
      const text = decodeSlackText(command.text ?? '').trim();
      if (/^(?:help|\?)$/i.test(text)) {
        metrics.commands.inc({ platform: 'slack', command: 'help', outcome: 'ok' });
        await respond({ response_type: 'ephemeral', ...renderSlack(subscription ? subscriptionHelpView() : helpView(SLASH_HELP_NOTES)) });
        return;
      }
      // Slack passes everything after the command as one text: the subscription commands read named options in it
      const options = subscription ? parseSubscriptionText(def.name as SubscriptionCommandName, text) : (parseCommandLine(`/${def.name} ${text}`)?.options ?? {});
      const r = await dispatch({ kind: 'command', command: def.name, options }, contextOf(chatOf(command.team_id, command.channel_id, command.user_id)));
      if (r.kind === 'choices') return;
      await respond({ response_type: r.card.visibility === 'public' ? 'in_channel' : 'ephemeral', ...(await messageOf(r, command.user_id)) });
    });
  }

  // ---- mentions: natural phrasing, answered in a thread
  app.event('app_mention', async ({ event, client }) => {
    const intent = parseIntent(event.text ?? '');
    const cmd = intent ? intentToCommand(intent) : null;
    let message: SlackMessage;
    if (cmd) {
      const r = await dispatch({ kind: 'command', command: cmd.command, options: cmd.options }, contextOf(chatOf(event.team, event.channel, event.user ?? '')));
      if (r.kind === 'choices') return;
      message = await messageOf(r, undefined);
    } else {
      message = renderSlack(mentionHelpView());
      metrics.commands.inc({ platform: 'slack', command: 'help', outcome: intent ? 'ok' : 'not_understood' });
    }
    await client.chat.postMessage({
      channel: event.channel,
      thread_ts: event.thread_ts ?? event.ts,
      ...message,
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  /**
   * Where the result of a click goes. From the Home tab: into the Home tab. A did-you-mean choice
   * replaces the message it sits on (a card chosen from a private prompt is posted to the channel
   * and the prompt removed). Other follow-ups go to the thread the card is in, or privately to
   * whoever clicked.
   */
  async function deliver(body: BlockAction, client: Client, respond: Respond | undefined, message: SlackMessage, card: Card | null, replace: boolean) {
    if (body.view?.type === 'home') {
      await publishHome(client, body.user.id, body.team?.id ?? body.user.team_id, message);
      return;
    }
    const ephemeral = body.container?.is_ephemeral === true;
    const threadTs = body.message?.thread_ts as string | undefined;
    const shown = card ? card.visibility === 'public' : false;
    if (respond && replace) {
      if (ephemeral && shown) {
        await respond({ response_type: 'in_channel', replace_original: false, ...message });
        await respond({ delete_original: true });
      } else {
        await respond({ replace_original: true, ...message });
      }
      return;
    }
    if (!ephemeral && threadTs && body.channel?.id) {
      await client.chat.postMessage({ channel: body.channel.id, thread_ts: threadTs, ...message, unfurl_links: false, unfurl_media: false });
      return;
    }
    if (respond) await respond({ response_type: 'ephemeral', replace_original: false, ...message });
    else log.warn({ action: body.actions?.[0]?.action_id }, 'slack action result had nowhere to go');
  }

  /**
   * A subscription command's answer from a click ("Subscribe to X", a did-you-mean choice of
   * /subscribe): a change to what the channel receives is announced in it, the rest is private.
   */
  async function deliverSubscription(body: BlockAction, respond: Respond, message: SlackMessage, card: Card, replace: boolean) {
    const fromPrompt = replace && body.container?.is_ephemeral === true;
    if (card.visibility === 'public') {
      await respond({ response_type: 'in_channel', replace_original: false, ...message });
      if (fromPrompt) await respond({ delete_original: true });
    } else {
      await respond({ response_type: 'ephemeral', replace_original: fromPrompt, ...message });
    }
  }

  function badAction(body: BlockAction) {
    metrics.errors.inc({ platform: 'slack', kind: 'bad_action' });
    log.warn({ action: body.actions?.[0]?.action_id }, 'slack action with an unreadable value');
  }

  // ---- link buttons to the web page: Slack opens the url and still reports the click
  app.action<BlockAction<ButtonAction>>(actionPattern(SLACK_ACTIONS.page), async ({ ack }) => {
    await ack();
  });

  // ---- every button of a card: the action in its value, run through dispatch
  app.action<BlockAction<ButtonAction>>(actionPattern(SLACK_ACTIONS.act), async ({ ack, body, action, respond, client }) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id;
    const r = await dispatch({ kind: 'action', id: action.value ?? '' }, contextOf(chatOf(team, body.channel?.id, body.user.id)));
    if (r.kind !== 'card') return badAction(body);
    const reply = respond as Respond | undefined;
    const message = await messageOf(r, body.user.id);
    if (dispatchable(r.command)?.requiresManage) {
      if (!body.channel?.id || !reply) {
        log.warn({ action: action.action_id }, 'slack subscribe action outside a channel');
        return;
      }
      await deliverSubscription(body, reply, message, r.card, r.replace);
      return;
    }
    await deliver(body, client, reply, message, r.card, r.replace);
  });

  // ---- "Compare A vs B" on alert messages: the comparison card, in the alert's thread
  app.action<BlockAction<ButtonAction>>(actionPattern(SLACK_ACTIONS.alert), async ({ ack, body, action, respond, client }) => {
    await ack();
    const team = body.team?.id ?? body.user.team_id;
    const r = await dispatch({ kind: 'action', id: action.value ?? '' }, contextOf(chatOf(team, body.channel?.id, body.user.id)));
    if (r.kind !== 'card' || r.command !== 'compare') return badAction(body);
    const message = await messageOf(r, body.user.id);
    const channel = body.channel?.id;
    const ts = (body.message?.thread_ts as string | undefined) ?? body.message?.ts;
    if (r.card.view.kind === 'compare' && channel) {
      await client.chat.postMessage({ channel, ...(ts ? { thread_ts: ts } : {}), ...message, unfurl_links: false, unfurl_media: false });
    } else if (respond) {
      await (respond as Respond)({ response_type: 'ephemeral', replace_original: false, ...message });
    }
  });

  // ---- menus opening one product's card (Top list, Home tab leaderboard, Home typeahead)
  const openProduct = async ({ ack, body, action, respond, client }: {
    ack: () => Promise<void>;
    body: BlockAction;
    action: StaticSelectAction | ExternalSelectAction;
    respond?: Respond;
    client: Client;
  }) => {
    await ack();
    const id = action.selected_option?.value;
    if (!id) return badAction(body);
    const invocation: Invocation = { kind: 'command', command: 'product', options: { name: id } };
    const r = await dispatch(invocation, contextOf(chatOf(body.team?.id ?? body.user.team_id, body.channel?.id, body.user.id)));
    if (r.kind === 'choices') return;
    await deliver(body, client, respond, await messageOf(r, body.user.id), r.card, false);
  };
  app.action<BlockAction<StaticSelectAction>>(actionPattern(SLACK_ACTIONS.open), (args) => openProduct(args));
  app.action<BlockAction<ExternalSelectAction>>(actionPattern(SLACK_ACTIONS.lookup), (args) => openProduct(args));

  // ---- typeahead answers (block_suggestion): the product command's name option, through dispatch
  app.options(actionPattern(SLACK_ACTIONS.lookup), async ({ options, ack }) => {
    const query = decodeSlackText(String(options.value ?? '')).trim();
    const r = query
      ? await dispatch(
          { kind: 'autocomplete', command: 'product', option: 'name', query, limits: { count: SLACK_LIMITS.selectOptions, valueLength: SLACK_LIMITS.optionValue } },
          { core, chat: null, actions },
        )
      : null;
    const choices = r?.kind === 'choices' ? r.choices : [];
    await ack({
      options: choices
        .filter((c) => c.value.length <= SLACK_LIMITS.optionValue)
        .slice(0, SLACK_LIMITS.selectOptions)
        .map((c) => ({ text: plain(c.name, SLACK_LIMITS.optionText), value: c.value })),
    });
  });

  // ---- Home tab
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, event.user, context.teamId, null);
  });

  app.error(async (error) => {
    const kind = slackErrorKind(error);
    metrics.errors.inc({ platform: 'slack', kind });
    log.error({ err: error, kind }, 'slack listener failed');
  });
}

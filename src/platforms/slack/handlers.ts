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
import { CHAT_COMMANDS, findCommand, helpView } from '../../../commands/index.js';
import { parseCommandLine } from '../../../commands/parse.js';
import { runCommand, textTooLong } from '../../../commands/run.js';
import type { Core } from '../../core/app.js';
import type { HelpView, TopView, View } from '../../core/views.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { actionPattern, decodeAction, SLACK_ACTIONS } from './actions.js';
import { buildHomeView, HOME_TOP_ROWS, placeholderSubscriptionsSection, type HomeSubscriptionsSection } from './home.js';
import { decodeSlackText, intentToCommand, parseIntent } from './intent.js';
import { plain, renderCapabilities, renderSlack, SLACK_LIMITS, type SlackMessage } from './render.js';
import { registerSubscriptionHandlers } from './subscriptions.js';

export interface SlackHandlerDeps {
  core: Core;
  log: Logger;
  metrics: Metrics;
  /** the Home tab's subscriptions section */
  homeSubscriptions?: HomeSubscriptionsSection;
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

const PUBLIC_KINDS = new Set<View['kind']>(['compare', 'alternatives', 'product', 'top', 'search']);
/** Cards are shown to the channel; did-you-mean choices, help and errors only to the asker. */
export const isPublicView = (v: View) => PUBLIC_KINDS.has(v.kind);

function outcomeOf(v: View): string {
  if (v.kind === 'error') return v.code === 'internal' ? 'error' : 'bad_input';
  if (v.kind === 'resolution') return 'resolution';
  return 'ok';
}

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

const isChatCommand = (name: string) => CHAT_COMMANDS.some((c) => c.name === name);

type Client = webApi.WebClient;
type Respond = (message: RespondArguments) => Promise<unknown>;

export function registerSlackHandlers(app: App, deps: SlackHandlerDeps): void {
  const { core, log, metrics } = deps;
  const subscriptionsSection = deps.homeSubscriptions ?? placeholderSubscriptionsSection;

  async function run(command: string, options: Record<string, unknown>): Promise<{ view: View; message: SlackMessage }> {
    const def = isChatCommand(command) ? findCommand(command) : null;
    const end = metrics.latency.startTimer({ platform: 'slack', command });
    const view: View = def
      ? await runCommand(def, options, core, (err, ctx) => log.error({ err, ...ctx, platform: 'slack' }, 'command failed'))
      : { kind: 'error', code: 'bad_input', message: `Unknown command "${command}".` };
    end();
    metrics.commands.inc({ platform: 'slack', command, outcome: outcomeOf(view) });
    return { view, message: renderSlack(view, { command, options }) };
  }

  async function topView(): Promise<TopView | null> {
    const view = await runCommand(findCommand('top')!, { limit: HOME_TOP_ROWS }, core);
    return view.kind === 'top' ? view : null;
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
  for (const def of CHAT_COMMANDS) {
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
        await respond({ response_type: 'ephemeral', ...renderSlack(helpView(SLASH_HELP_NOTES)) });
        return;
      }
      const parsed = parseCommandLine(`/${def.name} ${text}`);
      const { view, message } = await run(def.name, parsed?.options ?? {});
      await respond({ response_type: isPublicView(view) ? 'in_channel' : 'ephemeral', ...message });
    });
  }

  // ---- mentions: natural phrasing, answered in a thread
  app.event('app_mention', async ({ event, client }) => {
    const intent = parseIntent(event.text ?? '');
    const cmd = intent ? intentToCommand(intent) : null;
    let message: SlackMessage;
    if (cmd) ({ message } = await run(cmd.command, cmd.options));
    else {
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
  async function deliver(body: BlockAction, client: Client, respond: Respond | undefined, message: SlackMessage, view: View | null, replace: boolean) {
    if (body.view?.type === 'home') {
      await publishHome(client, body.user.id, body.team?.id ?? body.user.team_id, message);
      return;
    }
    const ephemeral = body.container?.is_ephemeral === true;
    const threadTs = body.message?.thread_ts as string | undefined;
    const isPublic = view ? isPublicView(view) : false;
    if (respond && replace) {
      if (ephemeral && isPublic) {
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

  function badAction(body: BlockAction) {
    metrics.errors.inc({ platform: 'slack', kind: 'bad_action' });
    log.warn({ action: body.actions?.[0]?.action_id }, 'slack action with an unreadable value');
  }

  // ---- buttons that run a command: did-you-mean choices, "Alternatives to X", "Compare"
  app.action<BlockAction<ButtonAction>>(actionPattern(SLACK_ACTIONS.run), async ({ ack, body, action, respond, client }) => {
    await ack();
    const payload = decodeAction(action.value);
    if (!payload || payload.k !== 'run' || !isChatCommand(payload.c)) return badAction(body);
    const { view, message } = await run(payload.c, payload.o);
    await deliver(body, client, respond, message, view, payload.r === true);
  });

  // ---- "Capabilities": the full lists of the products on the card
  app.action<BlockAction<ButtonAction>>(actionPattern(SLACK_ACTIONS.caps), async ({ ack, body, action, respond, client }) => {
    await ack();
    const payload = decodeAction(action.value);
    if (!payload || payload.k !== 'caps') return badAction(body);
    const found = await core.catalog.getMany(payload.ids);
    const products = payload.ids.map((id) => found.find((p) => p.id === id)).filter((p) => p !== undefined);
    metrics.commands.inc({ platform: 'slack', command: 'capabilities', outcome: products.length ? 'ok' : 'bad_input' });
    const message: SlackMessage = products.length
      ? renderCapabilities(products)
      : renderSlack({ kind: 'error', code: 'bad_input', message: 'Those products are no longer in the catalog.' });
    await deliver(body, client, respond, message, null, false);
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
    const { view, message } = await run('product', { name: id });
    await deliver(body, client, respond, message, view, false);
  };
  app.action<BlockAction<StaticSelectAction>>(actionPattern(SLACK_ACTIONS.open), (args) => openProduct(args));
  app.action<BlockAction<ExternalSelectAction>>(actionPattern(SLACK_ACTIONS.lookup), (args) => openProduct(args));

  // ---- typeahead answers (block_suggestion), from the resolver
  app.options(actionPattern(SLACK_ACTIONS.lookup), async ({ options, ack }) => {
    const query = decodeSlackText(String(options.value ?? '')).trim();
    const resolver = await core.resolver();
    const choices = query ? resolver.autocomplete(query, SLACK_LIMITS.selectOptions) : [];
    await ack({
      options: choices
        .filter((c) => c.id.length <= SLACK_LIMITS.optionValue)
        .slice(0, SLACK_LIMITS.selectOptions)
        .map((c) => ({
          text: plain(c.name, SLACK_LIMITS.optionText),
          value: c.id,
        })),
    });
  });

  // ---- Home tab
  app.event('app_home_opened', async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    await publishHome(client, event.user, context.teamId, null);
  });

  // ---- /subscribe, /unsubscribe, /subscriptions, "Subscribe to X" and the alerts' "Compare" buttons
  registerSubscriptionHandlers(app, { core, log, metrics });

  app.error(async (error) => {
    const kind = slackErrorKind(error);
    metrics.errors.inc({ platform: 'slack', kind });
    log.error({ err: error, kind }, 'slack listener failed');
  });
}


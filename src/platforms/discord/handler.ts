/**
 * The one Discord interaction handler. The HTTP endpoint and the gateway both hand it raw
 * interaction payloads and deliver what it returns: the interaction response body, and for
 * deferred answers (or a "did you mean" pick) a follow-up sent through the interaction webhook.
 */
import {
  ApplicationCommandType,
  ComponentType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOptionChoice,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type REST,
} from 'discord.js';
import { dispatchable } from '../../../commands/index.js';
import type { ChatContext } from '../../../commands/types.js';
import { optionsProblem } from '../../../commands/run.js';
import { actionStoreFor, decodeAction, type ActionStateStore } from '../../chat/actions.js';
import type { Card } from '../../chat/card.js';
import { dispatch, DISPATCH_TEXT, optionType, type DispatchContext, type DispatchResult, type Invocation } from '../../chat/dispatch.js';
import type { Core } from '../../core/app.js';
import type { View } from '../../core/views.js';
import { truncate } from '../../core/format.js';
import { sanitizeText } from '../../core/text.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { DISCORD_LIMITS } from './limits.js';
import { checkInteraction } from './payload.js';
import { renderCard, renderNotice, safe, type DiscordMessage } from './render.js';
import { manageContext } from './subscriptions.js';

export const PLATFORM = 'discord';

export const DISCORD_TIMING = {
  /** commands that always answer "thinking…" first: they scan the catalog and write match events */
  deferredCommands: ['compare', 'alternatives'] as readonly string[],
  /** any other command defers when its answer is not ready within this time (Discord allows 3 s) */
  deferAfterMs: 1000,
} as const;

export interface DiscordHandlerDeps {
  core: Core;
  /** REST client for follow-ups (interaction webhooks need no bot token) */
  rest: REST;
  log: Logger;
  metrics: Metrics;
  /** fallback when a payload lacks application_id */
  applicationId?: string;
  /** where actions too long for a custom_id wait for their click (default: core.chatState, shared by every instance, else memory) */
  actions?: ActionStateStore;
  deferredCommands?: readonly string[];
  deferAfterMs?: number;
  /** the rank-history chart (PNG) of a /compare or /product answer, attached to the reply; none when absent */
  chart?: (view: View) => Promise<Buffer | null>;
}

/** The file name of the chart attached to /compare and /product replies. */
export const CHART_FILE = 'rank-history.png';

/** The message body that shows the attached chart as the first embed's image. */
function withChartImage(msg: Pick<DiscordMessage, 'embeds'>): { embeds: DiscordMessage['embeds']; attachments: Array<{ id: string; filename: string }> } {
  const [first, ...rest] = msg.embeds;
  return {
    embeds: first ? [{ ...first, image: { url: `attachment://${CHART_FILE}` } }, ...rest] : [],
    attachments: [{ id: '0', filename: CHART_FILE }],
  };
}

export interface HandlerResult {
  /** the interaction response (callback) body */
  response: APIInteractionResponse;
  /** runs after the response was delivered (edits a deferred response or posts a follow-up message); never rejects */
  followUp?: () => Promise<void>;
}

export type InteractionHandler = (interaction: APIInteraction) => Promise<HandlerResult>;

/** what a signed interaction of a shape the bot does not read gets */
export const UNREADABLE =
  'This request could not be read: it is not shaped like a command, button or autocomplete of this app. Run the command again; if it keeps happening, ask an admin to run `npm run deploy:discord`.';

function reply(msg: DiscordMessage): HandlerResult {
  return { response: { type: InteractionResponseType.ChannelMessageWithSource, data: msg } };
}

function flatOptions(options: APIApplicationCommandInteractionDataOption[] | undefined): Array<{ name: string; value: unknown; focused?: boolean }> {
  const out: Array<{ name: string; value: unknown; focused?: boolean }> = [];
  for (const o of options ?? []) {
    if ('value' in o) out.push({ name: o.name, value: o.value, focused: 'focused' in o ? o.focused : undefined });
    else if ('options' in o) out.push(...flatOptions(o.options as APIApplicationCommandInteractionDataOption[]));
  }
  return out;
}

/**
 * Where the answer to a click goes on Discord (the layout, not the buttons, which are the Card's):
 * - subscription commands answer privately: on Discord only members who may manage see these commands
 *   (their registered default permission), so a change is confirmed to them, not announced;
 * - "Alternatives" and "Capabilities" from a card answer privately, so a public card does not grow a
 *   second public card per click; Capabilities pages replace each other in place;
 * - a did-you-mean choice turns the private prompt into a confirmation and posts the answer.
 */
const PRIVATE_CLICKS: ReadonlySet<string> = new Set(['alternatives', 'capabilities']);

export function createInteractionHandler(deps: DiscordHandlerDeps): InteractionHandler {
  const { core, rest, log, metrics } = deps;
  const actions = deps.actions ?? actionStoreFor(core);
  const deferred = new Set(deps.deferredCommands ?? DISCORD_TIMING.deferredCommands);
  const deferAfterMs = deps.deferAfterMs ?? DISCORD_TIMING.deferAfterMs;
  /** the chart being drawn for a rendered answer */
  const charts = new WeakMap<DiscordMessage, Promise<Buffer | null>>();
  const chartOf = (msg: DiscordMessage) =>
    (charts.get(msg) ?? Promise.resolve(null)).catch((err) => {
      log.warn({ err }, 'discord chart could not be drawn');
      return null;
    });

  const logError = (err: unknown, context: { command: string }) => {
    metrics.errors.inc({ platform: PLATFORM, kind: 'internal' });
    log.error({ err, ...context }, 'discord command failed');
  };

  /** The chat context of an interaction: the server channel and member when there are both. */
  function chatOf(interaction: APIInteraction): ChatContext | null {
    const where = manageContext(interaction);
    if (where.ok) return { platform: PLATFORM, workspace: where.workspace, channel: where.channel, user: where.user };
    const user = interaction.member?.user.id ?? interaction.user?.id;
    const channel = interaction.channel_id ?? interaction.channel?.id ?? null;
    return interaction.guild_id && user ? { platform: PLATFORM, workspace: interaction.guild_id, channel, user } : null;
  }

  function contextOf(interaction: APIInteraction): DispatchContext {
    return {
      core,
      chat: chatOf(interaction),
      actions,
      logError,
      onAnswer: ({ command, outcome, seconds }) => {
        metrics.commands.inc({ platform: PLATFORM, command, outcome });
        metrics.latency.observe({ platform: PLATFORM, command }, seconds);
      },
      // besides the registered default permission, the member's permissions in the payload must allow managing
      mayManage: () => {
        const where = manageContext(interaction);
        return where.ok ? null : where.message;
      },
    };
  }

  /**
   * Follow-up work for a response given before the answer was ready: waits for the answer (a
   * private error if it could not be built, so no placeholder is left behind) and hands it to `send`.
   */
  function later(interaction: APIInteraction, message: Promise<DiscordMessage>, send: (appId: string, msg: DiscordMessage) => Promise<void>) {
    const appId = interaction.application_id || deps.applicationId || '';
    return async () => {
      let msg: DiscordMessage;
      try {
        msg = await message;
      } catch (err) {
        metrics.errors.inc({ platform: PLATFORM, kind: 'internal' });
        log.error({ err, interaction: interaction.id }, 'discord reply could not be built');
        msg = renderNotice('Something went wrong on our side. Please try again in a moment.');
      }
      try {
        await send(appId, msg);
      } catch (err) {
        metrics.errors.inc({ platform: PLATFORM, kind: 'platform_api' });
        log.warn({ err, interaction: interaction.id }, 'discord follow-up failed');
      }
    };
  }

  /** Edits (or, for a public placeholder answered privately, replaces) a deferred response. */
  function deliverLater(interaction: APIInteraction, message: Promise<DiscordMessage>, placeholderEphemeral: boolean) {
    return later(interaction, message, async (appId, msg) => {
      const { flags, ...body } = msg;
      const wantsEphemeral = ((flags ?? 0) & MessageFlags.Ephemeral) !== 0;
      if (wantsEphemeral && !placeholderEphemeral) {
        await rest.post(Routes.webhook(appId, interaction.token), { body: msg, auth: false });
        await rest.delete(Routes.webhookMessage(appId, interaction.token, '@original'), { auth: false });
      } else {
        const png = await chartOf(msg);
        if (png) {
          const files = [{ name: CHART_FILE, data: png, contentType: 'image/png' }];
          await rest.patch(Routes.webhookMessage(appId, interaction.token, '@original'), { body: { ...body, ...withChartImage(msg) }, files, auth: false });
        } else await rest.patch(Routes.webhookMessage(appId, interaction.token, '@original'), { body, auth: false });
      }
    });
  }

  /** Posts a message as a new follow-up of the interaction (its own flags decide who sees it). */
  function postLater(interaction: APIInteraction, message: Promise<DiscordMessage>) {
    return later(interaction, message, async (appId, msg) => {
      const png = await chartOf(msg);
      if (png) {
        const files = [{ name: CHART_FILE, data: png, contentType: 'image/png' }];
        await rest.post(Routes.webhook(appId, interaction.token), { body: { ...msg, ...withChartImage(msg) }, files, auth: false });
      } else await rest.post(Routes.webhook(appId, interaction.token), { body: msg, auth: false });
    });
  }

  /**
   * A dispatched answer as a Discord message; `ephemeral` makes a public card private. It is ready
   * once the actions it keeps behind keys are stored, so every reply and follow-up made from it is
   * sent after them.
   */
  async function toMessage(r: DispatchResult, ephemeral: boolean): Promise<DiscordMessage> {
    if (r.kind === 'choices') return renderNotice('This control is not supported.');
    const card: Card = r.card;
    const msg = renderCard(card, { actions });
    await actions.flush();
    if (ephemeral || (r.kind === 'card' && dispatchable(r.command)?.requiresManage)) msg.flags = MessageFlags.Ephemeral;
    if (deps.chart && (card.view.kind === 'compare' || card.view.kind === 'product')) charts.set(msg, deps.chart(card.view));
    return msg;
  }

  /**
   * Answers at once when the message is ready within deferAfterMs (or, for the slow commands, always
   * defers) and edits it in later. With `inPlace` (a button on an ephemeral message) the answer
   * replaces that message.
   */
  async function answer(interaction: APIInteraction, messageP: Promise<DiscordMessage>, opts: { ephemeral: boolean; inPlace?: boolean; deferNow?: boolean }): Promise<HandlerResult> {
    const defer = (): HandlerResult =>
      opts.inPlace
        ? // the edit of @original (the clicked message) keeps its flags; PATCH ignores them
          { response: { type: InteractionResponseType.DeferredMessageUpdate }, followUp: deliverLater(interaction, messageP, true) }
        : {
            response: {
              type: InteractionResponseType.DeferredChannelMessageWithSource,
              ...(opts.ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
            },
            followUp: deliverLater(interaction, messageP, opts.ephemeral),
          };
    if (opts.deferNow) return defer();
    let timer: NodeJS.Timeout | undefined;
    const late = Symbol('late');
    const first = await Promise.race([messageP, new Promise<typeof late>((r) => (timer = setTimeout(() => r(late), deferAfterMs)))]);
    clearTimeout(timer);
    if (first === late) return defer();
    if (opts.inPlace) {
      const { flags: _flags, ...data } = first;
      return { response: { type: InteractionResponseType.UpdateMessage, data } };
    }
    if (!charts.has(first)) return reply(first);
    // answered at once: the chart is attached to the message as soon as it is drawn
    return { ...reply(first), followUp: attachChart(interaction, first) };
  }

  /** Edits an answered message to attach its chart. */
  function attachChart(interaction: APIInteraction, msg: DiscordMessage) {
    return later(interaction, Promise.resolve(msg), async (appId, m) => {
      const png = await chartOf(m);
      if (!png) return;
      const files = [{ name: CHART_FILE, data: png, contentType: 'image/png' }];
      await rest.patch(Routes.webhookMessage(appId, interaction.token, '@original'), { body: withChartImage(m), files, auth: false });
    });
  }

  const isPrivateCommand = (name: string) => dispatchable(name)?.requiresManage === true;

  async function onCommand(i: APIChatInputApplicationCommandInteraction): Promise<HandlerResult> {
    const given = flatOptions(i.data.options);
    if (!dispatchable(i.data.name) || i.data.name === 'capabilities')
      return reply(renderNotice(`Unknown command /${safe(i.data.name, DISCORD_LIMITS.commandName)}. Ask an admin to run \`npm run deploy:discord\`.`));
    const options: Record<string, string | number | boolean> = {};
    for (const o of given) if (typeof o.value === 'string' || typeof o.value === 'number' || typeof o.value === 'boolean') options[o.name] = o.value;
    const inv: Invocation = { kind: 'command', command: i.data.name, options, given };
    const priv = isPrivateCommand(i.data.name);
    // options the command cannot take are refused at once, before any work (and never deferred)
    if (optionsProblem(dispatchable(i.data.name)!, given)) return reply(await toMessage(await dispatch(inv, contextOf(i)), priv));
    const messageP = dispatch(inv, contextOf(i)).then((r) => toMessage(r, priv));
    return answer(i, messageP, { ephemeral: priv, deferNow: !priv && deferred.has(i.data.name) });
  }

  async function onAutocomplete(i: APIApplicationCommandAutocompleteInteraction): Promise<HandlerResult> {
    const startedAt = performance.now();
    const focused = flatOptions(i.data.options).find((o) => o.focused);
    let choices: APIApplicationCommandOptionChoice[] = [];
    if (focused) {
      const r = await dispatch(
        {
          kind: 'autocomplete',
          command: i.data.name,
          option: focused.name,
          query: String(focused.value ?? ''),
          limits: { count: DISCORD_LIMITS.choices, valueLength: DISCORD_LIMITS.choiceValue },
        },
        contextOf(i),
      );
      if (r.kind === 'choices')
        choices = r.choices.map((c) => ({
          name: truncate(sanitizeText(c.name).replace(/\s+/g, ' ').trim() || c.value || '?', DISCORD_LIMITS.choiceName),
          value: c.value.slice(0, DISCORD_LIMITS.choiceValue),
        }));
    }
    metrics.commands.inc({ platform: PLATFORM, command: 'autocomplete', outcome: 'ok' });
    metrics.latency.observe({ platform: PLATFORM, command: 'autocomplete' }, (performance.now() - startedAt) / 1000);
    return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } } };
  }

  /** The clicked button's label. */
  function clickedLabel(i: APIMessageComponentInteraction): string | null {
    for (const row of i.message?.components ?? []) {
      if (!('components' in row)) continue;
      for (const c of row.components as Array<{ custom_id?: string; label?: string }>)
        if (c.custom_id === i.data.custom_id && c.label) return c.label;
    }
    return null;
  }

  async function onButton(i: APIMessageComponentInteraction): Promise<HandlerResult> {
    if (i.data.component_type !== ComponentType.Button) return reply(renderNotice('This control is not supported.'));
    return dispatchClick(i, contextOf(i));
  }

  async function dispatchClick(i: APIMessageComponentInteraction, ctx: DispatchContext): Promise<HandlerResult> {
    const onEphemeral = ((i.message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    // read the click first (no work), to know where its answer goes before it is ready
    const peek = await decodeAction(i.data.custom_id, actions, optionType);
    if (!peek.ok) return reply(renderRefusal(peek.reason));
    const { command, replace } = peek.invocation;
    if (!dispatchable(command)) return reply(renderRefusal('not_ours'));
    const messageOf = (ephemeral: boolean) => dispatch({ kind: 'action', id: i.data.custom_id, decoded: peek }, ctx).then((r) => toMessage(r, ephemeral));
    if (isPrivateCommand(command)) return answer(i, messageOf(true), { ephemeral: true, inPlace: replace && onEphemeral });
    if (replace) {
      // the prompt turns into a confirmation without buttons (a second click cannot run the command
      // again); the answer arrives as a follow-up: public for a card, private for errors and "did you mean"
      const name = clickedLabel(i) ?? command;
      const data: DiscordMessage = {
        content: `✓ ${safe(name, DISCORD_LIMITS.content - 40)} — posting the answer…`,
        embeds: [],
        components: [],
        allowed_mentions: { parse: [] },
      };
      return { response: { type: InteractionResponseType.UpdateMessage, data }, followUp: postLater(i, messageOf(false)) };
    }
    if (command === 'capabilities') return answer(i, messageOf(true), { ephemeral: true, inPlace: onEphemeral });
    const priv = PRIVATE_CLICKS.has(command);
    return answer(i, messageOf(priv), { ephemeral: priv, deferNow: deferred.has(command) });
  }

  function renderRefusal(reason: 'not_ours' | 'expired' | 'unknown_command'): DiscordMessage {
    return renderNotice(reason === 'expired' ? DISPATCH_TEXT.expired : DISPATCH_TEXT.notOurs);
  }

  /** A signed interaction of the wrong shape: a private notice (or no choices), one warning without a stack. */
  function unreadable(interaction: APIInteraction, problem: string): HandlerResult {
    metrics.errors.inc({ platform: PLATFORM, kind: 'bad_request' });
    log.warn({ problem, interaction: typeof interaction?.id === 'string' ? interaction.id.slice(0, 32) : undefined }, 'discord interaction of an unexpected shape');
    if (interaction?.type === InteractionType.ApplicationCommandAutocomplete)
      return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } } };
    return reply(renderNotice(UNREADABLE));
  }

  return async function handle(interaction: APIInteraction): Promise<HandlerResult> {
    const shape = checkInteraction(interaction);
    if (!shape.ok) return unreadable(interaction, shape.problem);
    try {
      switch (interaction.type) {
        case InteractionType.Ping:
          return { response: { type: InteractionResponseType.Pong } };
        case InteractionType.ApplicationCommand:
          if (interaction.data.type !== ApplicationCommandType.ChatInput) return reply(renderNotice('Only slash commands are supported.'));
          return await onCommand(interaction as APIChatInputApplicationCommandInteraction);
        case InteractionType.ApplicationCommandAutocomplete:
          return await onAutocomplete(interaction);
        case InteractionType.MessageComponent:
          return await onButton(interaction);
        default:
          return reply(renderNotice('This kind of interaction is not supported.'));
      }
    } catch (err) {
      metrics.errors.inc({ platform: PLATFORM, kind: 'internal' });
      log.error({ err, interaction: interaction.id }, 'discord interaction failed');
      if (interaction.type === InteractionType.ApplicationCommandAutocomplete)
        return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } } };
      return reply(renderNotice('Something went wrong on our side. Please try again in a moment.'));
    }
  };
}

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
import { optionsProblem, runCommand } from '../../../commands/run.js';
import { categoryChoices } from '../../../commands/top.js';
import { COMMAND_LIMITS } from '../../../commands/types.js';
import { outcomeOf } from '../../chat/outcome.js';
import type { Core } from '../../core/app.js';
import { truncate } from '../../core/format.js';
import { sanitizeText } from '../../core/text.js';
import type { View } from '../../core/views.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { parseAlertCompareId } from './alerts.js';
import { chatCommand, CATEGORY_OPTIONS, isProductOption, optionType, subscriptionCommand } from './commands.js';
import { createCustomIdCodec, decodeIds, decodeInvocation, type CustomIdCodec, type Invocation } from './custom-ids.js';
import { DISCORD_LIMITS } from './limits.js';
import { checkInteraction } from './payload.js';
import { isEphemeralView, renderCapabilities, renderNotice, renderView, safe, type DiscordMessage } from './render.js';
import { manageContext, renderSubscriptionView, subscriptionChoices } from './subscriptions.js';

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
  ids?: CustomIdCodec;
  deferredCommands?: readonly string[];
  deferAfterMs?: number;
}

export interface HandlerResult {
  /** the interaction response (callback) body */
  response: APIInteractionResponse;
  /** runs after the response was delivered (edits a deferred response or posts a follow-up message); never rejects */
  followUp?: () => Promise<void>;
}

export type InteractionHandler = (interaction: APIInteraction) => Promise<HandlerResult>;

const EXPIRED = 'This button has expired. Run the command again.';
/** what a signed interaction of a shape the bot does not read gets */
export const UNREADABLE =
  'This request could not be read: it is not shaped like a command, button or autocomplete of this app. Run the command again; if it keeps happening, ask an admin to run `npm run deploy:discord`.';

function reply(msg: DiscordMessage): HandlerResult {
  return { response: { type: InteractionResponseType.ChannelMessageWithSource, data: msg } };
}

/** A core whose resolveName answers pinned options with their product, without re-resolving the name. */
export function withPins(core: Core, pins: Record<string, string>): Core {
  if (Object.keys(pins).length === 0) return core;
  return {
    ...core,
    async resolveName(field: string, query: string) {
      const id = pins[field];
      if (id !== undefined) {
        const product = await core.catalog.get(id);
        if (product) return { ok: true as const, product };
      }
      return core.resolveName(field, query);
    },
  };
}

function flatOptions(options: APIApplicationCommandInteractionDataOption[] | undefined): Array<{ name: string; value: unknown; focused?: boolean }> {
  const out: Array<{ name: string; value: unknown; focused?: boolean }> = [];
  for (const o of options ?? []) {
    if ('value' in o) out.push({ name: o.name, value: o.value, focused: 'focused' in o ? o.focused : undefined });
    else if ('options' in o) out.push(...flatOptions(o.options as APIApplicationCommandInteractionDataOption[]));
  }
  return out;
}

export function createInteractionHandler(deps: DiscordHandlerDeps): InteractionHandler {
  const { core, rest, log, metrics } = deps;
  const ids = deps.ids ?? createCustomIdCodec();
  const deferred = new Set(deps.deferredCommands ?? DISCORD_TIMING.deferredCommands);
  const deferAfterMs = deps.deferAfterMs ?? DISCORD_TIMING.deferAfterMs;

  const count = (command: string, outcome: string, startedAt: number) => {
    metrics.commands.inc({ platform: PLATFORM, command, outcome });
    metrics.latency.observe({ platform: PLATFORM, command }, (performance.now() - startedAt) / 1000);
  };

  const logError = (err: unknown, context: { command: string }) => {
    metrics.errors.inc({ platform: PLATFORM, kind: 'internal' });
    log.error({ err, ...context }, 'discord command failed');
  };

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
        await rest.patch(Routes.webhookMessage(appId, interaction.token, '@original'), { body, auth: false });
      }
    });
  }

  /** Posts a message as a new follow-up of the interaction (its own flags decide who sees it). */
  function postLater(interaction: APIInteraction, message: Promise<DiscordMessage>) {
    return later(interaction, message, async (appId, msg) => {
      await rest.post(Routes.webhook(appId, interaction.token), { body: msg, auth: false });
    });
  }

  /** Starts a chat command; the promise is its rendered answer. */
  function startCommand(def: NonNullable<ReturnType<typeof chatCommand>>, inv: Invocation, ephemeral: boolean): Promise<DiscordMessage> {
    const startedAt = performance.now();
    const options: Record<string, unknown> = { ...inv.options };
    for (const [k, id] of Object.entries(inv.pins)) if (options[k] === undefined || options[k] === '') options[k] = id;
    return runCommand(def, options, withPins(core, inv.pins), logError).then((view) => {
      count(def.name, outcomeOf(view), startedAt);
      const msg = renderView(view, { ids, invocation: inv });
      if (ephemeral && !isEphemeralView(view)) msg.flags = MessageFlags.Ephemeral;
      return msg;
    });
  }

  /** Runs a command and answers at once, or defers and edits the answer in later. */
  async function run(interaction: APIInteraction, inv: Invocation, ephemeral: boolean): Promise<HandlerResult> {
    const def = chatCommand(inv.command);
    if (!def) return reply(renderNotice(`Unknown command /${safe(inv.command, DISCORD_LIMITS.commandName)}. Ask an admin to run \`npm run deploy:discord\`.`));
    const messageP = startCommand(def, inv, ephemeral);

    const defer = (): HandlerResult => ({
      response: {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
      },
      followUp: deliverLater(interaction, messageP, ephemeral),
    });
    if (deferred.has(def.name)) return defer();

    let timer: NodeJS.Timeout | undefined;
    const late = Symbol('late');
    const first = await Promise.race([messageP, new Promise<typeof late>((r) => (timer = setTimeout(() => r(late), deferAfterMs)))]);
    clearTimeout(timer);
    return first === late ? defer() : reply(first);
  }

  /**
   * Answers at once when the message is ready within deferAfterMs, otherwise defers and edits it in.
   * With `inPlace` (a button on an ephemeral message) the answer replaces that message.
   */
  async function answerSoon(interaction: APIInteraction, messageP: Promise<DiscordMessage>, ephemeral: boolean, inPlace = false): Promise<HandlerResult> {
    let timer: NodeJS.Timeout | undefined;
    const late = Symbol('late');
    const first = await Promise.race([messageP, new Promise<typeof late>((r) => (timer = setTimeout(() => r(late), deferAfterMs)))]);
    clearTimeout(timer);
    if (inPlace) {
      if (first !== late) {
        const { flags: _flags, ...data } = first;
        return { response: { type: InteractionResponseType.UpdateMessage, data } };
      }
      // the edit of @original (the clicked message) keeps its flags; PATCH ignores them
      return { response: { type: InteractionResponseType.DeferredMessageUpdate }, followUp: deliverLater(interaction, messageP, true) };
    }
    if (first !== late) return reply(first);
    return {
      response: {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
      },
      followUp: deliverLater(interaction, messageP, ephemeral),
    };
  }

  /**
   * Runs /subscribe, /unsubscribe or /subscriptions (typed, picked from "did you mean", or a
   * Subscribe button) in this server channel. Besides the registered default permission, the
   * member's permissions in the payload must include Manage Server or Administrator.
   * Answers are private.
   */
  async function runSubscription(interaction: APIInteraction, inv: Invocation, inPlace = false): Promise<HandlerResult> {
    const def = subscriptionCommand(inv.command);
    if (!def) return reply(renderNotice(EXPIRED));
    const startedAt = performance.now();
    const where = manageContext(interaction);
    if (!where.ok) {
      count(def.name, 'forbidden', startedAt);
      return reply(renderNotice(where.message));
    }
    const options: Record<string, unknown> = { ...inv.options };
    for (const [k, id] of Object.entries(inv.pins)) if (options[k] === undefined || options[k] === '') options[k] = id;
    // the context comes from the interaction, never from options
    const raw = { ...options, platform: PLATFORM, workspace: where.workspace, channel: where.channel, user: where.user };
    const messageP = runCommand(def, raw, core, logError).then((view) => {
      count(def.name, outcomeOf(view), startedAt);
      return renderSubscriptionView(view, { ids, invocation: inv });
    });
    return answerSoon(interaction, messageP, true, inPlace);
  }

  /** Refuses more options than the command has, unknown or repeated ones and over-long texts, before any work. */
  function capped(def: { name: string }, problem: View | null): HandlerResult | null {
    if (!problem) return null;
    count(def.name, 'bad_input', performance.now());
    return reply(renderView(problem, { ids }));
  }

  async function onCommand(i: APIChatInputApplicationCommandInteraction): Promise<HandlerResult> {
    const given = flatOptions(i.data.options);
    const sub = subscriptionCommand(i.data.name);
    if (sub) {
      const refused = capped(sub, optionsProblem(sub, given));
      if (refused) return refused;
      const options: Invocation['options'] = {};
      for (const o of given)
        if (typeof o.value === 'string' || typeof o.value === 'number' || typeof o.value === 'boolean') options[o.name] = o.value;
      return runSubscription(i, { command: i.data.name, options, pins: {} });
    }
    const def = chatCommand(i.data.name);
    if (!def) return reply(renderNotice(`Unknown command /${safe(i.data.name, DISCORD_LIMITS.commandName)}. Ask an admin to run \`npm run deploy:discord\`.`));
    const refused = capped(def, optionsProblem(def, given));
    if (refused) return refused;
    const inv: Invocation = { command: def.name, options: {}, pins: {} };
    for (const o of given) {
      const v = o.value;
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
      inv.options[o.name] = v;
      const decl = def.options.find((d) => d.name === o.name);
      // an autocomplete choice carries the product id: use it as chosen instead of re-resolving
      if (decl && isProductOption(def.name, decl) && typeof v === 'string' && v.length <= COMMAND_LIMITS.nameLength) {
        const exact = await core.catalog.get(v);
        if (exact) inv.pins[o.name] = exact.id;
      }
    }
    return run(i, inv, false);
  }

  async function onAutocomplete(i: APIApplicationCommandAutocompleteInteraction): Promise<HandlerResult> {
    const startedAt = performance.now();
    const def = chatCommand(i.data.name);
    const focused = flatOptions(i.data.options).find((o) => o.focused);
    const query = String(focused?.value ?? '').slice(0, COMMAND_LIMITS.nameLength);
    if (subscriptionCommand(i.data.name)) {
      const choices = focused ? await subscriptionChoices(core, i, i.data.name, focused.name, query) : [];
      count('autocomplete', 'ok', startedAt);
      return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } } };
    }
    const decl = def && focused ? def.options.find((o) => o.name === focused.name) : undefined;
    let choices: APIApplicationCommandOptionChoice[] = [];
    if (def && decl && CATEGORY_OPTIONS.has(`${def.name}.${decl.name}`)) {
      const cats = await categoryChoices(await core.products(), query, DISCORD_LIMITS.choices);
      choices = cats.map((c) => ({ name: truncate(sanitizeText(c), DISCORD_LIMITS.choiceName) || '?', value: c.slice(0, DISCORD_LIMITS.choiceValue) }));
    } else if (def && decl && isProductOption(def.name, decl)) {
      const found = (await core.resolver()).autocomplete(query, DISCORD_LIMITS.choices);
      const names = found.map((c) => c.name.toLowerCase());
      choices = found.slice(0, DISCORD_LIMITS.choices).map((c) => {
        const dup = names.filter((n) => n === c.name.toLowerCase()).length > 1;
        const name = sanitizeText(dup ? `${c.name} · ${c.id}` : c.name).replace(/\s+/g, ' ').trim() || c.id;
        return {
          name: truncate(name, DISCORD_LIMITS.choiceName),
          value: c.id.length <= DISCORD_LIMITS.choiceValue ? c.id : c.name.slice(0, DISCORD_LIMITS.choiceValue),
        };
      });
    }
    count('autocomplete', 'ok', startedAt);
    return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } } };
  }

  /** The clicked button's label, or else the name of the product the pick pins. */
  async function pickedName(i: APIMessageComponentInteraction, inv: Invocation): Promise<string> {
    for (const row of i.message?.components ?? []) {
      if (!('components' in row)) continue;
      for (const c of row.components as Array<{ custom_id?: string; label?: string }>)
        if (c.custom_id === i.data.custom_id && c.label) return c.label;
    }
    const id = Object.values(inv.pins).at(-1);
    const product = id === undefined ? undefined : await core.catalog.get(id);
    return product?.name ?? id ?? inv.command;
  }

  async function onButton(i: APIMessageComponentInteraction): Promise<HandlerResult> {
    if (i.data.component_type !== ComponentType.Button) return reply(renderNotice('This control is not supported.'));
    // "Compare" on an alert message: the card for the two products, in the channel
    const pair = parseAlertCompareId(i.data.custom_id);
    if (pair) return run(i, { command: 'compare', options: {}, pins: { first: pair[0], second: pair[1] } }, false);
    const decoded = ids.decode(i.data.custom_id);
    if (!decoded) return reply(renderNotice('This button is not one of ours anymore. Run the command again.'));
    if (decoded.expired) return reply(renderNotice(EXPIRED));
    const { kind, payload } = decoded;
    let list: string[];
    switch (kind) {
      case 'pick': {
        const inv = decodeInvocation(payload, optionType);
        const onPrompt = ((i.message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
        // subscription answers are private: the prompt turns into the answer
        if (inv && subscriptionCommand(inv.command)) return runSubscription(i, inv, onPrompt);
        const def = inv ? chatCommand(inv.command) : undefined;
        if (!inv || !def) return reply(renderNotice(EXPIRED));
        // the prompt turns into a confirmation without buttons (a second click cannot run the command
        // again); the answer arrives as a follow-up: public for a card, private for errors and "did you mean"
        const name = await pickedName(i, inv);
        const data: DiscordMessage = {
          content: `✓ ${safe(name, DISCORD_LIMITS.content - 40)} — posting the answer…`,
          embeds: [],
          components: [],
          allowed_mentions: { parse: [] },
        };
        return { response: { type: InteractionResponseType.UpdateMessage, data }, followUp: postLater(i, startCommand(def, inv, false)) };
      }
      case 'alt': {
        list = decodeIds(payload);
        if (list.length !== 1) return reply(renderNotice(EXPIRED));
        return run(i, { command: 'alternatives', options: {}, pins: { product: list[0]! } }, true);
      }
      case 'sub': {
        list = decodeIds(payload);
        if (list.length !== 1) return reply(renderNotice(EXPIRED));
        return runSubscription(i, { command: 'subscribe', options: { target: `product:${list[0]}` }, pins: {} });
      }
      case 'cmp': {
        list = decodeIds(payload);
        if (list.length < 2) return reply(renderNotice(EXPIRED));
        return run(i, { command: 'compare', options: {}, pins: { first: list[0]!, second: list[1]! } }, false);
      }
      case 'caps': {
        const startedAt = performance.now();
        const m = /^(\d+):(.*)$/s.exec(payload);
        if (!m) return reply(renderNotice(EXPIRED));
        list = decodeIds(m[2]!);
        const found = await core.catalog.getMany(list);
        const byId = new Map(found.map((p) => [p.id, p]));
        const owners = list.map((id) => byId.get(id)).filter((p) => p !== undefined);
        if (owners.length === 0) return reply(renderNotice('Those products are no longer in the catalog. Run the command again.'));
        const msg = renderCapabilities(owners, Number(m[1]), { ids });
        count('capabilities', 'ok', startedAt);
        const onOwnPage = ((i.message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
        if (onOwnPage) {
          const { flags: _flags, ...data } = msg;
          return { response: { type: InteractionResponseType.UpdateMessage, data } };
        }
        return reply(msg);
      }
    }
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

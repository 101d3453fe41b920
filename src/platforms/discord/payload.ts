/**
 * The shapes of the interactions the handler accepts, checked with zod before it reads one,
 * whether it came over HTTP or the gateway. Discord's own limits (DISCORD_LIMITS) bound every
 * list and string, so a payload of the wrong shape or size is refused before any work.
 */
import { InteractionType } from 'discord.js';
import { z } from 'zod';
import { DISCORD_LIMITS } from './limits.js';

const L = DISCORD_LIMITS;

/** ids and tokens go into REST paths (/webhooks/<application>/<token>): URL-safe characters only, never a path of their own */
const snowflake = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be an id');
const token = z.string().regex(/^(?!\.+$)[\w.~=-]{1,1000}$/, 'must be an interaction token');
const name = z.string().min(1).max(L.commandName);
const optionValue = z.union([z.string().max(L.optionValue), z.number().finite(), z.boolean()]);

/** options nest at most DISCORD_LIMITS.optionDepth deep: group > subcommand > option */
const leafOption = z.looseObject({
  name,
  type: z.number().int().min(1).max(11),
  value: optionValue.optional(),
  focused: z.boolean().optional(),
  options: z.never().optional(),
});
const subcommandOption = leafOption.extend({ options: z.array(leafOption).max(L.options).optional() });
const groupOption = leafOption.extend({ options: z.array(subcommandOption).max(L.options).optional() });

const user = z.looseObject({ id: snowflake });
const common = {
  id: snowflake,
  application_id: snowflake.optional(),
  token,
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  channel: z.looseObject({ id: snowflake }).optional(),
  member: z.looseObject({ user, permissions: z.string().max(40).optional() }).optional(),
  user: user.optional(),
};

const commandData = z.looseObject({
  name,
  type: z.number().int().min(1).max(10).optional(),
  options: z.array(groupOption).max(L.options).optional(),
});

const messageWithComponents = z.looseObject({
  flags: z.number().int().optional(),
  components: z
    .array(
      z.looseObject({
        components: z
          .array(z.looseObject({ custom_id: z.string().max(L.customId).optional(), label: z.string().max(L.buttonLabel).optional() }))
          .max(L.buttonsPerRow * 5)
          .optional(),
      }),
    )
    .max(L.rows * 2)
    .optional(),
});

const interactionSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal(InteractionType.Ping), id: snowflake }),
  z.looseObject({ type: z.literal(InteractionType.ApplicationCommand), ...common, data: commandData }),
  z.looseObject({ type: z.literal(InteractionType.ApplicationCommandAutocomplete), ...common, data: commandData }),
  z.looseObject({
    type: z.literal(InteractionType.MessageComponent),
    ...common,
    data: z.looseObject({
      custom_id: z.string().min(1).max(L.customId),
      component_type: z.number().int(),
      values: z.array(z.string().max(L.choiceValue)).max(L.choices).optional(),
    }),
    message: messageWithComponents.optional(),
  }),
  z.looseObject({ type: z.literal(InteractionType.ModalSubmit), ...common, data: z.looseObject({ custom_id: z.string().min(1).max(L.customId) }) }),
]);

/** true when the interaction's id and token can go into a REST path (the gateway's callback route) */
export function hasRoutableIds(payload: unknown): boolean {
  const p = payload as { id?: unknown; token?: unknown } | null;
  return snowflake.safeParse(p?.id).success && token.safeParse(p?.token).success;
}

export type InteractionCheck = { ok: true } | { ok: false; problem: string };

/** Checks an interaction's shape; the problem names the first field that is wrong (never its value). */
export function checkInteraction(payload: unknown): InteractionCheck {
  const r = interactionSchema.safeParse(payload);
  if (r.success) return { ok: true };
  const issue = r.error.issues[0]!;
  return { ok: false, problem: `${issue.path.join('.') || 'interaction'}: ${issue.message}`.slice(0, 200) };
}

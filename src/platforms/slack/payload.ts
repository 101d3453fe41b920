/**
 * The shapes of the Slack requests the bot accepts, checked with zod after the signature and
 * before bolt or a listener sees the body. A signed request of any other shape is answered 400:
 * bolt assumes the documented shapes and would otherwise fail on, say, `"user": null`.
 *
 * Routing follows bolt's own order (an `event` key makes any body an event, then `command`,
 * then `name` or block_suggestion, then `actions`...), so a body is checked as what bolt will
 * treat it as, not as what its `type` says.
 */
import { z } from 'zod';

/** Sizes of the fields read from Slack payloads (Slack's own are smaller). */
export const SLACK_PAYLOAD_LIMITS = {
  id: 64,
  /** action_id, block_id, callback_id */
  actionId: 255,
  /** a button's value (Slack allows 2,000) */
  value: 2_000,
  /** an option's value in a select */
  optionValue: 150,
  /** actions in one block_actions payload */
  actions: 25,
  url: 2_000,
  /** text of a slash command or an event (the body limit bounds it anyway) */
  text: 40_000,
  /** authorizations listed with an event */
  authorizations: 10,
} as const;

const L = SLACK_PAYLOAD_LIMITS;

/** Slack ids (U…, C…, T…) are sent back to the Web API in form bodies and URLs: letters, digits and a little punctuation only */
const id = z.string().regex(/^[A-Za-z0-9_.-]+$/, 'must be a Slack id').max(L.id);
/** message timestamps ("1700000000.000100"), sent back as thread_ts */
const ts = z.string().regex(/^\d{1,12}(?:\.\d{1,9})?$/, 'must be a Slack timestamp');
const shortText = z.string().max(L.actionId);
const httpUrl = z
  .string()
  .max(L.url)
  .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL');

const user = z.looseObject({ id, team_id: id.optional() });
/** org-wide installs send `team: null` */
const team = z.looseObject({ id, enterprise_id: id.optional() }).nullable().optional();
const enterprise = z.looseObject({ id }).nullable().optional();
const channel = z.looseObject({ id }).optional();
const container = z.looseObject({ type: shortText.optional(), is_ephemeral: z.boolean().optional() }).optional();
const message = z.looseObject({ ts: ts.optional(), thread_ts: ts.optional() }).optional();
const view = z.looseObject({ id, type: shortText, app_installed_team_id: id.optional() });

const interactive = {
  user,
  team,
  enterprise,
  api_app_id: id.optional(),
  is_enterprise_install: z.boolean().optional(),
  response_url: httpUrl.optional(),
  trigger_id: shortText.optional(),
};

const action = z.looseObject({
  action_id: z.string().min(1).max(L.actionId),
  block_id: shortText.optional(),
  type: shortText,
  value: z.string().max(L.value).optional(),
  selected_option: z.looseObject({ value: z.string().max(L.optionValue) }).nullable().optional(),
});

export const blockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  ...interactive,
  channel,
  container,
  message,
  view: view.optional(),
  actions: z.array(action).min(1).max(L.actions),
});

export const blockSuggestionSchema = z.looseObject({
  type: z.literal('block_suggestion'),
  ...interactive,
  channel,
  container,
  view: view.optional(),
  action_id: z.string().min(1).max(L.actionId),
  block_id: shortText.optional(),
  value: z.string().max(L.value).default(''),
});

export const viewActionSchema = z.looseObject({
  type: z.enum(['view_submission', 'view_closed']),
  ...interactive,
  view: view.extend({ callback_id: shortText.optional(), state: z.looseObject({ values: z.record(z.string(), z.unknown()) }).optional() }),
});

export const shortcutSchema = z.looseObject({
  type: z.enum(['shortcut', 'message_action']),
  ...interactive,
  callback_id: z.string().min(1).max(L.actionId),
  channel,
  message,
});

export const slashCommandSchema = z.looseObject({
  command: z.string().regex(/^\/[\w-]{1,32}$/),
  text: z.string().max(L.text).default(''),
  user_id: id,
  channel_id: id,
  team_id: id.optional(),
  enterprise_id: id.optional(),
  response_url: httpUrl,
  trigger_id: shortText.optional(),
  api_app_id: id.optional(),
});

/** what bolt reads of every event: user, channel, item and subteam must be usable where present */
const eventSchema = z
  .looseObject({
    type: z.string().min(1).max(100),
    user: z.union([id, z.looseObject({ id })]).optional(),
    channel: z.union([id, z.looseObject({ id: id.optional() })]).optional(),
    channel_id: id.optional(),
    item: z.looseObject({}).optional(),
    subteam: z.looseObject({}).optional(),
    text: z.string().max(L.text).optional(),
    ts: ts.optional(),
    thread_ts: ts.optional(),
    event_ts: ts.optional(),
    tab: shortText.optional(),
  })
  .superRefine((e, ctx) => {
    // the events the bot listens to, with the fields its listeners read
    if (e.type === 'app_mention' && (typeof e.channel !== 'string' || e.ts === undefined))
      ctx.addIssue({ code: 'custom', message: 'app_mention needs channel and ts' });
    if (e.type === 'app_home_opened' && typeof e.user !== 'string') ctx.addIssue({ code: 'custom', message: 'app_home_opened needs user' });
  });

export const eventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  event: eventSchema,
  event_id: shortText.optional(),
  team_id: id.optional(),
  enterprise_id: id.nullable().optional(),
  api_app_id: id.optional(),
  authorizations: z
    .array(
      z.looseObject({
        team_id: id.nullable().optional(),
        enterprise_id: id.nullable().optional(),
        user_id: id.optional(),
        is_enterprise_install: z.boolean().optional(),
      }),
    )
    .max(L.authorizations)
    .optional(),
});

const urlVerificationSchema = z.looseObject({ type: z.literal('url_verification'), challenge: z.string().max(500) });

export type SlackBodyKind =
  /** answered here: url_verification (with its challenge), ssl_check, app_rate_limited */
  | { kind: 'answer'; response: unknown }
  | { kind: 'command' }
  | { kind: 'event' }
  /** block_actions, view and shortcut payloads */
  | { kind: 'interactive' }
  /** block_suggestion: a read-only typeahead */
  | { kind: 'options' };

export type SlackBodyCheck = ({ ok: true } & SlackBodyKind) | { ok: false; problem: string };

function problem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`.slice(0, 200);
}

function check(schema: z.ZodType, body: unknown, kind: SlackBodyKind): SlackBodyCheck {
  const r = schema.safeParse(body);
  return r.success ? { ok: true, ...kind } : { ok: false, problem: problem(r.error) };
}

/**
 * Checks a parsed Slack body against the shapes the bot accepts and says what it is. Defaults
 * that zod fills in (a missing slash command `text`) are not written back: bolt sees the body
 * as Slack sent it, having been shown to be safe to read.
 */
export function checkSlackBody(body: unknown): SlackBodyCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, problem: 'body: not an object' };
  const b = body as Record<string, unknown>;
  if (b.ssl_check !== undefined) return { ok: true, kind: 'answer', response: undefined };
  if (b.type === 'url_verification') {
    const r = urlVerificationSchema.safeParse(b);
    return r.success ? { ok: true, kind: 'answer', response: { challenge: r.data.challenge } } : { ok: false, problem: problem(r.error) };
  }
  if (b.type === 'app_rate_limited' && b.event === undefined) return { ok: true, kind: 'answer', response: undefined };
  // bolt's routing order
  if (b.event !== undefined) return check(eventCallbackSchema, b, { kind: 'event' });
  if (b.command !== undefined) return check(slashCommandSchema, b, { kind: 'command' });
  if (b.name !== undefined || b.type === 'block_suggestion') return check(blockSuggestionSchema, b, { kind: 'options' });
  if (b.actions !== undefined || b.type === 'dialog_submission') return check(blockActionsSchema, b, { kind: 'interactive' });
  if (b.type === 'shortcut' || b.type === 'message_action') return check(shortcutSchema, b, { kind: 'interactive' });
  if (b.type === 'view_submission' || b.type === 'view_closed') return check(viewActionSchema, b, { kind: 'interactive' });
  return { ok: false, problem: `type: not a request this app handles` };
}

/**
 * What a Slack button or menu does, carried in its `value` (up to 2,000 characters, so no
 * server-side state is needed): run a chat command with given options, or show capabilities.
 * Values come back from Slack in signed requests, but they are still validated on the way in.
 */
import { z } from 'zod';
import { COMMAND_LIMITS } from '../../../commands/types.js';

/** action_id prefixes; every element in one message gets a unique suffix (":0", ":1", ...). */
export const SLACK_ACTIONS = {
  /** run a command: did-you-mean choices, "Alternatives to X", "Compare" */
  run: 'mg_run',
  /** show the full capability lists of the products in the value */
  caps: 'mg_caps',
  /** static menu of products (value of the selected option is a product id) */
  open: 'mg_open',
  /** typeahead (external_select) in the Home tab, answered by the resolver */
  lookup: 'mg_lookup',
  /** manage this channel's alert subscriptions: "Subscribe to X" on cards, did-you-mean choices of /subscribe and /unsubscribe */
  sub: 'mg_sub',
  /** "Open full comparison": a link button to the web page (Slack opens the url; the click is only acknowledged) */
  page: 'mg_page',
} as const;

export const actionPattern = (prefix: string): RegExp => new RegExp(`^${prefix}(?::\\d+)?$`);

export type ActionPayload =
  /** r: the click completes the message it sits on (a did-you-mean choice), so it replaces it */
  | { k: 'run'; c: string; o: Record<string, string | number | boolean>; r?: boolean }
  | { k: 'caps'; ids: string[] }
  /** a subscription command with its options (the channel, workspace and user come from the click) */
  | { k: 'sub'; c: 'subscribe' | 'unsubscribe'; o: Record<string, string | number | boolean>; r?: boolean };

const optionValue = z.union([z.string().max(COMMAND_LIMITS.nameLength), z.number(), z.boolean()]);
const payloadSchema = z.discriminatedUnion('k', [
  z.object({ k: z.literal('run'), c: z.string().min(1).max(40), o: z.record(z.string().max(40), optionValue), r: z.boolean().optional() }),
  z.object({ k: z.literal('caps'), ids: z.array(z.string().min(1).max(COMMAND_LIMITS.nameLength)).min(1).max(3) }),
  z.object({
    k: z.literal('sub'),
    c: z.enum(['subscribe', 'unsubscribe']),
    o: z.record(z.string().max(40), optionValue),
    r: z.boolean().optional(),
  }),
]);

/** Options kept in a run payload: defined scalars only, strings cut to the name limit. */
export function runPayload(command: string, options: Record<string, unknown>, replace = false): ActionPayload {
  const o: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(options)) {
    if (typeof v === 'string' && v.trim() !== '') o[k] = v.slice(0, COMMAND_LIMITS.nameLength);
    else if (typeof v === 'number' || typeof v === 'boolean') o[k] = v;
  }
  return replace ? { k: 'run', c: command, o, r: true } : { k: 'run', c: command, o };
}

export function encodeAction(payload: ActionPayload): string {
  return JSON.stringify(payload);
}

export function decodeAction(value: string | undefined | null): ActionPayload | null {
  if (!value) return null;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(value));
    return parsed.success ? (parsed.data as ActionPayload) : null;
  } catch {
    return null;
  }
}

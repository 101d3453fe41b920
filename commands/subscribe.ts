import { z } from 'zod';
import type { Core } from '../src/core/app.js';
import { ALERT_DEFAULTS, ALERT_LIMITS } from '../src/core/alerts/config.js';
import {
  isValidTimeZone,
  parseCooldown,
  parseMinChange,
  parseQuietHours,
  parseTargetText,
  resolveCategory,
  TARGET_SYNTAX,
  targetLabel,
} from '../src/core/alerts/target.js';
import type { SubscriptionOptions, Target } from '../src/core/alerts/types.js';
import type { AlertsCommandView, ErrorView, ResolutionView, SubscribeView } from '../src/core/views.js';
import { chatWhere, isError, requireSubscriptions, subscriptionItem } from './alerts-shared.js';
import type { CommandDef } from './types.js';

export interface SubscribeInput {
  target: string;
  minChange?: string;
  mode?: 'instant' | 'daily';
  quietHours?: string;
  timezone?: string;
  cooldown?: string;
  confirm?: boolean;
}

const bad = (message: string): ErrorView => ({ kind: 'error', code: 'bad_input', message });

/** Resolves typed target text against the catalog: a product name, a category, or a top N. */
export async function resolveTarget(core: Core, text: string): Promise<{ target: Target; label: string } | ResolutionView | ErrorView> {
  const parsed = parseTargetText(text);
  if (!parsed.ok) return bad(parsed.message);
  const q = parsed.value;
  if (q.kind === 'product') {
    // an exact product id (as "Subscribe" buttons send it) is taken as chosen by the core, without matching
    const r = await core.resolveName('target', q.query);
    if (!r.ok) return r.view;
    const target: Target = { kind: 'product', productId: r.product.id };
    return { target, label: targetLabel(target, r.product.name) };
  }
  const categories = [...new Set((await core.products()).map((p) => p.category))].sort();
  let category: string | null = null;
  if (q.category !== null) {
    category = resolveCategory(categories, q.category);
    if (!category) return bad(`No category matches "${q.category.slice(0, 60)}". Categories: ${categories.join(', ')}.`);
  }
  const target: Target = q.kind === 'category' ? { kind: 'category', category: category! } : { kind: 'top', n: q.n, category };
  return { target, label: targetLabel(target) };
}

export function parseOptions(input: Omit<SubscribeInput, 'target'>): SubscriptionOptions | ErrorView {
  const opts: SubscriptionOptions = {
    minChange: ALERT_DEFAULTS.minChange,
    minChangeUnit: ALERT_DEFAULTS.minChangeUnit,
    mode: input.mode ?? ALERT_DEFAULTS.mode,
    quietHours: null,
    timezone: input.timezone ?? ALERT_DEFAULTS.timezone,
    cooldownMinutes: ALERT_DEFAULTS.cooldownMinutes,
    confirm: input.confirm ?? ALERT_DEFAULTS.confirm,
  };
  if (input.minChange !== undefined) {
    const m = parseMinChange(input.minChange);
    if (!m.ok) return bad(m.message);
    opts.minChange = m.value.value;
    opts.minChangeUnit = m.value.unit;
  }
  if (input.quietHours !== undefined) {
    const q = parseQuietHours(input.quietHours);
    if (!q.ok) return bad(q.message);
    opts.quietHours = q.value;
  }
  if (input.cooldown !== undefined) {
    const c = parseCooldown(input.cooldown);
    if (!c.ok) return bad(c.message);
    opts.cooldownMinutes = c.value;
  }
  if (!isValidTimeZone(opts.timezone)) return bad(`Unknown time zone "${opts.timezone.slice(0, 60)}"; use a name such as Europe/Berlin or UTC.`);
  return opts;
}

export const subscribe: CommandDef<SubscribeInput, AlertsCommandView> = {
  name: 'subscribe',
  description: 'Post rank-change alerts for a product, a category or a top N in this channel',
  usage: '/subscribe <product | category:<name> | top:<N>[:<category>]> [min-change] [mode]',
  requiresManage: true,
  options: [
    { name: 'target', description: `What to watch: ${TARGET_SYNTAX}`, type: 'string', required: true, autocomplete: true, maxLength: ALERT_LIMITS.targetLength },
    { name: 'min-change', description: 'Smallest change that alerts: positions ("2") or points ("5pt")', type: 'string', maxLength: 20 },
    {
      name: 'mode',
      description: 'Alert at once, or one digest a day',
      type: 'string',
      choices: [
        { name: 'Instant', value: 'instant' },
        { name: 'Daily digest', value: 'daily' },
      ],
    },
    { name: 'quiet-hours', description: 'No alerts during these hours, e.g. 22:00-07:00', type: 'string', maxLength: 20 },
    { name: 'timezone', description: 'Time zone for quiet hours and the digest, e.g. Europe/Berlin', type: 'string', maxLength: 64 },
    { name: 'cooldown', description: 'Wait this long before alerting about the same product again, e.g. 6h', type: 'string', maxLength: 20 },
    { name: 'confirm', description: 'Alert only when a change holds on the next scoring run too', type: 'boolean' },
  ],
  schema: z
    .object({
      target: z.string().max(1000),
      'min-change': z.string().trim().optional(),
      mode: z.enum(['instant', 'daily']).optional(),
      'quiet-hours': z.string().trim().optional(),
      timezone: z.string().trim().optional(),
      cooldown: z.string().trim().optional(),
      confirm: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).optional(),
    })
    .transform(
      (o): SubscribeInput => ({
        target: o.target,
        minChange: o['min-change'],
        mode: o.mode,
        quietHours: o['quiet-hours'],
        timezone: o.timezone,
        cooldown: o.cooldown,
        confirm: o.confirm,
      }),
    ),
  complete: async (option, query, core, _chat, limits) => (option === 'target' ? targetChoices(core, query, limits.count) : []),
  async execute(input, core, chat): Promise<AlertsCommandView> {
    const where = chatWhere(chat, true);
    if (isError(where)) return where;
    const repo = requireSubscriptions(core);
    if (isError(repo)) return repo;
    if ((await core.latestScores()).size === 0)
      return { kind: 'error', code: 'not_ready', message: 'The catalog has not been scored yet; try again after the first scoring run.' };
    const options = parseOptions(input);
    if (isError(options)) return options;
    const resolved = await resolveTarget(core, input.target);
    if ('kind' in resolved) return resolved;
    const ref = { platform: where.platform, workspaceId: where.workspace, channelId: where.channel! };
    const existing = await repo.list(ref);
    const target = resolved.target;
    const same = existing.find((s) => JSON.stringify(s.target) === JSON.stringify(target));
    if (!same && existing.length >= ALERT_LIMITS.perChannel)
      return bad(`This channel already has ${existing.length} subscriptions, the most allowed. Remove one with /unsubscribe first.`);
    const { subscription, created } = await repo.upsert(
      { ...ref, target, targetLabel: resolved.label, options, createdBy: where.user },
      core.now(),
    );
    const item = subscriptionItem(subscription);
    const what =
      target.kind === 'product'
        ? `${resolved.label} moves ${item.minChange} or its price changes`
        : target.kind === 'category'
          ? `products in ${resolved.label} move ${item.minChange}, or a new one appears`
          : `products enter, leave or move ${item.minChange} in the top ${target.n}${target.category === null ? ' overall' : ` of ${target.category}`}`;
    const when = options.mode === 'daily' ? 'in one daily digest' : 'as soon as a scoring run finds it';
    const view: SubscribeView = {
      kind: 'subscribed',
      created,
      subscription: item,
      message: `${created ? 'Subscribed' : 'Updated the subscription'}: this channel hears when ${what}, ${when}.`,
    };
    return view;
  },
};

/** Autocomplete for the target option: matching products, then categories and top-N forms. */
export async function targetChoices(core: Core, query: string, limit: number): Promise<Array<{ name: string; value: string }>> {
  const q = query.trim();
  const out: Array<{ name: string; value: string }> = [];
  const lower = q.toLowerCase();
  if (/^(top|cat|category)\b/i.test(q) || q === '') {
    const categories = [...new Set((await core.products()).map((p) => p.category))].sort();
    const rest = lower.replace(/^(top\s*:?\s*\d*\s*:?\s*|category\s*:?\s*|cat\s*:?\s*)/, '');
    const n = /^top\s*:?\s*(\d+)/i.exec(q)?.[1] ?? '10';
    if (lower.startsWith('top') || q === '') out.push({ name: `Top ${n} overall`, value: `top:${n}` });
    for (const c of categories.filter((c) => c.toLowerCase().includes(rest))) {
      if (lower.startsWith('top')) out.push({ name: `Top ${n} in ${c}`, value: `top:${n}:${c}` });
      else out.push({ name: `Category: ${c}`, value: `category:${c}` });
    }
  }
  if (q && !/^(top\s*:?\s*\d|cat\s*:|category\s*:)/i.test(q)) {
    const found = (await core.resolver()).autocomplete(q, limit);
    const names = found.map((c) => c.name.toLowerCase());
    for (const c of found) {
      // the value is the exact product (no second resolution); products sharing a name show their id
      const dup = names.filter((n) => n === c.name.toLowerCase()).length > 1;
      const exact = `product:${c.id}`;
      out.push({ name: dup ? `${c.name} · ${c.id}` : c.name, value: exact.length <= 100 ? exact : c.name });
    }
  }
  return out.slice(0, limit).map((c) => ({ name: c.name.slice(0, 100), value: c.value.slice(0, 100) }));
}

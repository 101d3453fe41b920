/**
 * Parsing of what people type when subscribing: targets ("claude", "category:Text models",
 * "top:10", "top:5:Coding") and options (minimum change, quiet hours, cooldown, time zone).
 */
import { ALERT_LIMITS } from './config.js';
import type { MinChangeUnit, QuietHours, Target } from './types.js';

/** A target as typed: products are still names, to be resolved against the catalog. */
export type TargetQuery =
  | { kind: 'product'; query: string }
  | { kind: 'category'; category: string }
  | { kind: 'top'; n: number; category: string | null };

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

export const TARGET_SYNTAX = '<product> | category:<name> | top:<N>[:<category>]';

/** Parses typed target text. */
export function parseTargetText(text: string): Parsed<TargetQuery> {
  const t = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, ALERT_LIMITS.targetLength);
  if (!t) return fail(`Give a target: ${TARGET_SYNTAX}.`);
  const top = /^top\s*[:\s]?\s*(\d+)(?:\s*[:\s]\s*(?:in\s+)?(.*))?$/i.exec(t);
  if (top) {
    const n = Number(top[1]);
    if (!Number.isInteger(n) || n < 1 || n > ALERT_LIMITS.topMax) return fail(`N in top:<N> must be between 1 and ${ALERT_LIMITS.topMax}.`);
    const category = top[2]?.trim() || null;
    return ok({ kind: 'top', n, category });
  }
  if (/^top\s*[:\s]/i.test(t)) return fail(`Write the top target as top:<N> or top:<N>:<category>, e.g. top:10.`);
  const cat = /^(?:category|cat)\s*:\s*(.*)$/i.exec(t);
  if (cat) {
    const category = cat[1]!.trim();
    if (!category) return fail('Name the category, e.g. category:Text models.');
    return ok({ kind: 'category', category });
  }
  const product = /^product\s*:\s*(.*)$/i.exec(t);
  const query = (product ? product[1]! : t).trim();
  if (!query) return fail('Name the product, e.g. claude sonnet.');
  return ok({ kind: 'product', query });
}

/** The canonical, stored form of a resolved target. */
export function formatTarget(t: Target): string {
  switch (t.kind) {
    case 'product':
      return `product:${t.productId}`;
    case 'category':
      return `category:${t.category}`;
    case 'top':
      return t.category === null ? `top:${t.n}` : `top:${t.n}:${t.category}`;
  }
}

/** Reads a canonical target back. */
export function parseCanonicalTarget(s: string): Target {
  const i = s.indexOf(':');
  const kind = s.slice(0, i);
  const rest = s.slice(i + 1);
  if (kind === 'product') return { kind: 'product', productId: rest };
  if (kind === 'category') return { kind: 'category', category: rest };
  if (kind === 'top') {
    const j = rest.indexOf(':');
    return j < 0 ? { kind: 'top', n: Number(rest), category: null } : { kind: 'top', n: Number(rest.slice(0, j)), category: rest.slice(j + 1) };
  }
  throw new Error(`not a canonical target: ${s}`);
}

/** How a target reads in lists and messages. */
export function targetLabel(t: Target, productName?: string): string {
  switch (t.kind) {
    case 'product':
      return productName ?? t.productId;
    case 'category':
      return t.category;
    case 'top':
      return t.category === null ? `Top ${t.n} overall` : `Top ${t.n} in ${t.category}`;
  }
}

const normCat = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Finds a category by loose name: exact, then prefix, then substring (ignoring case and punctuation). */
export function resolveCategory(categories: readonly string[], query: string): string | null {
  const q = normCat(query);
  if (!q) return null;
  const sorted = [...new Set(categories)].sort();
  return (
    sorted.find((c) => normCat(c) === q) ?? sorted.find((c) => normCat(c).startsWith(q)) ?? sorted.find((c) => normCat(c).includes(q)) ?? null
  );
}

/** "3" or "3 positions" (positions), "2.5pt", "5 points" (UnfragileRank points). */
export function parseMinChange(text: string): Parsed<{ value: number; unit: MinChangeUnit }> {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(p|pt|pts|point|points|pos|position|positions)?\s*$/i.exec(text);
  if (!m) return fail('min-change is a number of positions ("2") or points ("5pt").');
  const value = Number(m[1]);
  const u = (m[2] ?? 'pos').toLowerCase();
  const unit: MinChangeUnit = u.startsWith('pos') ? 'positions' : 'points';
  if (unit === 'positions' && !Number.isInteger(value)) return fail('min-change in positions must be a whole number.');
  if (value <= 0 || value > ALERT_LIMITS.minChangeMax) return fail(`min-change must be above 0 and at most ${ALERT_LIMITS.minChangeMax}.`);
  return ok({ value, unit });
}

function hhmm(s: string): number | null {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(s.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? 0);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/** "22:00-07:00", "22-7"; "off" or "none" for no quiet hours. */
export function parseQuietHours(text: string): Parsed<QuietHours | null> {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === 'none' || t === '') return ok(null);
  const parts = t.split(/\s*(?:-|–|to)\s*/);
  if (parts.length !== 2) return fail('quiet hours look like 22:00-07:00.');
  const start = hhmm(parts[0]!);
  const end = hhmm(parts[1]!);
  if (start === null || end === null) return fail('quiet hours look like 22:00-07:00 (24-hour clock).');
  if (start === end) return fail('quiet hours must start and end at different times.');
  return ok({ start, end });
}

export function formatQuietHours(q: QuietHours): string {
  const f = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${f(q.start)}-${f(q.end)}`;
}

/** "0", "90m", "6h", "1d" into minutes. */
export function parseCooldown(text: string): Parsed<number> {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?)?\s*$/i.exec(text);
  if (!m) return fail('cooldown is a duration such as 30m, 6h or 1d.');
  const n = Number(m[1]);
  const u = (m[2] ?? 'm').toLowerCase()[0];
  const minutes = Math.round(n * (u === 'd' ? 1440 : u === 'h' ? 60 : 1));
  if (minutes > ALERT_LIMITS.cooldownMaxMinutes) return fail(`cooldown can be at most ${ALERT_LIMITS.cooldownMaxMinutes / 1440} days.`);
  return ok(minutes);
}

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A stored subscription as the catalog import sees it: where it lives and what it follows. */
export interface StoredTarget {
  id: number;
  platform: string;
  workspaceId: string;
  channelId: string;
  /** canonical target text (`formatTarget`) */
  target: string;
}

export interface TargetRedirects {
  /** subscriptions to point at another product: new canonical target and label */
  update: Array<{ id: number; target: string; targetLabel: string }>;
  /** subscriptions the redirect would duplicate (the channel already follows the product): removed */
  remove: number[];
  /** subscriptions whose product was merged nowhere, or whose category no product is in any more: kept, and reported */
  orphaned: number[];
}

/**
 * What a catalog import does to product subscriptions: a product that was merged into another
 * (the build's merge records, chains followed) takes its subscribers along, unless the channel
 * already follows the product it went into (then the older subscription stays); a product that
 * is simply gone, or a category no product is in any more, leaves its subscriptions as they are,
 * to be reported (no new category is guessed). Pure.
 */
export function planTargetRedirects(
  subs: readonly StoredTarget[],
  products: ReadonlyMap<string, { name: string; category: string }>,
  merges: ReadonlyArray<{ from: string; into: string }>,
): TargetRedirects {
  const categories = new Set([...products.values()].map((p) => p.category));
  const into = new Map(merges.map((m) => [m.from, m.into]));
  const finalOf = (id: string): string | null => {
    let at = id;
    for (let hops = 0; hops <= into.size; hops++) {
      if (products.has(at)) return at;
      const next = into.get(at);
      if (next === undefined) return null;
      at = next;
    }
    return null;
  };
  const channel = (s: StoredTarget) => `${s.platform}\u0000${s.workspaceId}\u0000${s.channelId}`;
  const taken = new Set(subs.map((s) => `${channel(s)}\u0000${s.target}`));
  const out: TargetRedirects = { update: [], remove: [], orphaned: [] };
  for (const s of [...subs].sort((a, b) => a.id - b.id)) {
    let t: Target;
    try {
      t = parseCanonicalTarget(s.target);
    } catch {
      continue;
    }
    if (t.kind !== 'product') {
      if (t.category !== null && !categories.has(t.category)) out.orphaned.push(s.id);
      continue;
    }
    if (products.has(t.productId)) continue;
    const to = finalOf(t.productId);
    if (to === null) {
      out.orphaned.push(s.id);
      continue;
    }
    const target = formatTarget({ kind: 'product', productId: to });
    const key = `${channel(s)}\u0000${target}`;
    if (taken.has(key)) {
      out.remove.push(s.id);
      continue;
    }
    taken.add(key);
    out.update.push({ id: s.id, target, targetLabel: targetLabel({ kind: 'product', productId: to }, products.get(to)!.name) });
  }
  return out;
}

/**
 * Alert wording shared by the Discord and Slack renderers and the console:
 * "Claude Sonnet 4.5 moved #5 → #3 in Text models · UnfragileRank 71 → 76".
 * Catalog text is returned raw; renderers escape it for their platform.
 */
import { perMillion, pricingLabel, usd } from '../format.js';
import type { AlertChange, AlertPayload, PriceSnap, ProductRef, ProductSnap } from './types.js';

export interface AlertLine {
  productId: string;
  /** product name (raw catalog text) */
  name: string;
  /** what happened, following the name (contains raw category names) */
  text: string;
}

export interface ComparePair {
  a: ProductRef;
  b: ProductRef;
}

/** One channel message: the changes of one or more subscriptions, from one run or one day. */
export interface AlertMessage {
  mode: 'instant' | 'daily';
  /** "Rank changes" or "Daily digest" */
  title: string;
  /** labels of the subscriptions that contributed, e.g. "Text models", "Top 10 overall" */
  targets: string[];
  lines: AlertLine[];
  /** changes not listed (left out when the rows were written, or merged away) */
  omitted: number;
  /** "Compare" buttons: a product and the one it overtook (or was overtaken by) */
  compares: ComparePair[];
  runIds: number[];
  /** ISO time of the newest run */
  at: string;
}


function scorePair(b: number, a: number): [string, string] {
  const rb = Math.round(b);
  const ra = Math.round(a);
  if (rb !== ra) return [String(rb), String(ra)];
  return [b.toFixed(1), a.toFixed(1)];
}

function perM(v: number | null): string {
  return v === null ? 'unknown' : perMillion(v);
}

function same(a: number | null, b: number | null): boolean {
  return a === b || (a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
}

export function priceChangeText(b: PriceSnap, a: PriceSnap): string {
  const parts: string[] = [];
  if (b.model !== a.model) parts.push(`${pricingLabel(b.model)} → ${pricingLabel(a.model)}`);
  if (!same(b.promptPerToken, a.promptPerToken)) parts.push(`input ${perM(b.promptPerToken)} → ${perM(a.promptPerToken)} per 1M tokens`);
  if (!same(b.completionPerToken, a.completionPerToken))
    parts.push(`output ${perM(b.completionPerToken)} → ${perM(a.completionPerToken)} per 1M tokens`);
  if (parts.length === 0 && (!same(b.startingAmount, a.startingAmount) || b.startingUnit !== a.startingUnit)) {
    const s = (p: PriceSnap) => (p.startingAmount === null ? 'unknown' : `${usd(p.startingAmount)}${p.startingUnit ? ` ${p.startingUnit}` : ''}`);
    parts.push(`from ${s(b)} → ${s(a)}`);
  }
  return parts.length ? `price ${parts.join(', ')}` : '';
}

function topPos(s: ProductSnap | null, category: string | null): number | null {
  if (!s) return null;
  if (category === null) return s.overall;
  return s.category === category ? s.categoryPos : null;
}

/** The sentence for one change; empty text when, after merging, nothing is left to say. */
export function changeLine(c: AlertChange): AlertLine {
  const b = c.before;
  const a = c.after;
  const phrases: string[] = [];
  const has = (k: AlertChange['kinds'][number]) => c.kinds.includes(k);
  if (has('new_in_category') && a) phrases.push(`is new in ${a.category} at #${a.categoryPos}`);
  let topScope: string | null | undefined;
  if (c.top && (has('entered_top') || has('left_top'))) {
    const scope = c.top.category === null ? ' overall' : ` in ${c.top.category}`;
    const pb = topPos(b, c.top.category);
    const pa = topPos(a, c.top.category);
    const before = phrases.length;
    if (has('entered_top') && pa !== null && pa <= c.top.n) phrases.push(`entered the top ${c.top.n}${scope} at #${pa}${pb !== null ? ` (from #${pb})` : ''}`);
    if (has('left_top') && (pa === null || pa > c.top.n)) phrases.push(`left the top ${c.top.n}${scope}${pa !== null ? ` (#${pb} → #${pa})` : ''}`);
    if (phrases.length > before) topScope = c.top.category;
  }
  const catMoved = has('moved_category') && b && a && b.category === a.category && b.categoryPos !== a.categoryPos;
  const allMoved = has('moved_overall') && b && a && b.overall !== a.overall;
  // a top-N phrase already gives the move in its own scope
  const showCat = catMoved && !(topScope !== undefined && topScope === a!.category);
  const showAll = allMoved && topScope !== null;
  if (showCat) phrases.push(`moved #${b!.categoryPos} → #${a!.categoryPos} in ${a!.category}${showAll ? ` (#${b!.overall} → #${a!.overall} overall)` : ''}`);
  else if (showAll) phrases.push(topScope !== undefined ? `#${b!.overall} → #${a!.overall} overall` : `moved #${b!.overall} → #${a!.overall} overall`);
  if (has('price') && b?.price && a?.price) {
    const p = priceChangeText(b.price, a.price);
    if (p) phrases.push(p);
  }
  const scoreChanged = b && a && Math.abs(a.score - b.score) >= 0.05;
  if (phrases.length === 0 && !(has('score') && scoreChanged)) return { productId: c.productId, name: c.name, text: '' };
  if (b && a && scoreChanged) {
    const [sb, sa] = scorePair(b.score, a.score);
    phrases.push(`UnfragileRank ${sb} → ${sa}${phrases.length === 0 ? ` (#${a.categoryPos} in ${a.category})` : ''}`);
  } else if (a) phrases.push(`UnfragileRank ${Math.round(a.score)}`);
  return { productId: c.productId, name: c.name, text: phrases.join(' · ') };
}


/** Several changes of one product (from several subscriptions or runs) become one: earliest before, latest after, all kinds. */
function merge(changes: Array<{ change: AlertChange; runId: number }>): AlertChange[] {
  const byKey = new Map<string, { change: AlertChange; firstRun: number; lastRun: number }>();
  for (const { change, runId } of changes) {
    const key = change.productId;
    const cur = byKey.get(key);
    if (!cur) {
      byKey.set(key, { change: { ...change, kinds: [...change.kinds] }, firstRun: runId, lastRun: runId });
      continue;
    }
    const m = cur.change;
    for (const k of change.kinds) if (!m.kinds.includes(k)) m.kinds.push(k);
    if (runId < cur.firstRun) {
      m.before = change.before;
      cur.firstRun = runId;
    }
    if (runId >= cur.lastRun) {
      m.after = change.after;
      m.name = change.name;
      m.category = change.category;
      cur.lastRun = runId;
    }
    m.top ??= change.top;
    m.overtook ??= change.overtook;
    m.overtakenBy ??= change.overtakenBy;
  }
  return [...byKey.values()].map((v) => v.change);
}

/** Builds the message for one group of outbox rows (one channel; one run, or one day for digests). */
export function buildAlertMessage(payloads: AlertPayload[]): AlertMessage {
  const sorted = [...payloads].sort((x, y) => x.runId - y.runId || x.subscriptionId - y.subscriptionId);
  const mode = sorted.some((p) => p.mode === 'daily') ? 'daily' : 'instant';
  const targets = [...new Set(sorted.map((p) => p.targetLabel))];
  const merged = merge(sorted.flatMap((p) => p.changes.map((change) => ({ change, runId: p.runId }))));
  const lines: AlertLine[] = [];
  const seen = new Set<string>();
  for (const c of merged) {
    const line = changeLine(c);
    const key = `${line.name}\u0000${line.text}`;
    if (!line.text) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(line);
  }
  const compares: ComparePair[] = [];
  const pairSeen = new Set<string>();
  for (const c of merged) {
    const other = c.overtook ?? c.overtakenBy;
    if (!other) continue;
    const key = [c.productId, other.id].sort().join('\u0000');
    if (pairSeen.has(key)) continue;
    pairSeen.add(key);
    compares.push({ a: { id: c.productId, name: c.name }, b: other });
  }
  return {
    mode,
    title: mode === 'daily' ? 'Daily digest' : 'Rank changes',
    targets,
    lines,
    omitted: sorted.reduce((n, p) => n + p.omitted, 0),
    compares,
    runIds: [...new Set(sorted.map((p) => p.runId))],
    at: sorted.length ? sorted[sorted.length - 1]!.at : new Date(0).toISOString(),
  };
}

/** One plain line per change: for logs, the CLI and `last alert` summaries. */
export function plainLines(m: AlertMessage): string[] {
  return m.lines.map((l) => `${l.name} ${l.text}`);
}

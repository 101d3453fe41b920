/**
 * Wording and number formats shared by every renderer, so the console, Discord and Slack
 * say the same thing the same way.
 */
import { PER_MTOK, type Offer, type PricingModel, type ProductType, type SignalName, type StartingPrice } from './domain.js';
import type { OfferView, Position, PricingView, SearchUnderstanding } from './views.js';
import type { VerdictCall } from './scoring/verdict.js';

export const SIGNAL_LABELS: Record<SignalName, string> = {
  adoption: 'Adoption',
  quality: 'Quality',
  ecosystem: 'Ecosystem',
  matchGraph: 'Match Graph',
};

export const NONE = '—';

const TYPE_LABELS: Record<ProductType, string> = { model: 'Model', product: 'Product', router: 'Router' };

export function typeLabel(t: ProductType): string {
  return TYPE_LABELS[t];
}

const PRICING_LABELS: Record<PricingModel, string> = {
  free: 'Free',
  freemium: 'Freemium',
  'free-trial': 'Free trial',
  paid: 'Paid',
  'usage-based': 'Usage-based',
  'open-source': 'Open source',
};

export function pricingLabel(m: PricingModel | null): string {
  return m === null ? 'Unknown' : PRICING_LABELS[m];
}

const FACT_LABELS: Record<string, string> = {
  vendor: 'Vendor',
  pricing: 'Pricing',
  poweredBy: 'Powered by',
  rivals: 'Rivals',
  repository: 'Repository',
  openSource: 'Open source',
  capabilities: 'Capabilities',
  renamed: 'Renamed',
  usage: 'Usage',
  description: 'Description',
};

/** What a sourced fact is about, in words: "poweredBy" -> "Powered by". */
export function factLabel(field: string): string {
  return FACT_LABELS[field] ?? field;
}

/** Pricing models under which someone can use the product without paying, indefinitely. */
export const NO_COST_PRICING: ReadonlySet<PricingModel> = new Set(['free', 'freemium', 'open-source']);

/** Pricing models from cheapest to dearest: free and open source, then freemium, then paid in any form. */
export const PRICE_TIER: Readonly<Record<PricingModel, number>> = { free: 0, 'open-source': 0, freemium: 1, 'usage-based': 2, 'free-trial': 2, paid: 2 };

/** $2.70e-8 for tiny amounts, $0.027, $1.25, $20 otherwise. */
export function usd(amount: number): string {
  if (amount === 0) return '$0';
  if (Math.abs(amount) < 0.001) return `$${amount.toExponential(2)}`;
  if (Math.abs(amount) < 1) return `$${Number(amount.toPrecision(3))}`;
  return `$${amount.toFixed(2).replace(/\.00$/, '')}`;
}

/** USD per token -> USD per 1M tokens, rounded to a millionth of a dollar (the number views carry). */
export function perMTok(perToken: number): number {
  return Math.round(perToken * PER_MTOK * 1e6) / 1e6;
}

export function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * The one way a price per 1M tokens is written, from the amount in USD per 1M tokens:
 * "$0", "$0.00005", "$0.027", "$0.50", "$2.50", "$15", "$1,250".
 */
export function usdPerMillion(amount: number): string {
  const v = Math.round(amount * 1e9) / 1e9;
  if (v === 0) return '$0';
  if (v >= 100) return `$${String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
  if (v >= 0.1) return `$${v.toFixed(2).replace(/\.00$/, '')}`;
  if (v < 0.0001) return `$${trimZeros(v.toFixed(7))}`;
  return `$${trimZeros(v.toPrecision(2))}`;
}

/** USD per token, written per 1M tokens: perMillion(2.5e-6) is "$2.50". */
export function perMillion(perToken: number): string {
  return usdPerMillion(perToken * PER_MTOK);
}

export function startingPriceLabel(p: StartingPrice | null): string {
  return p ? `${usd(p.amount)} ${p.unit}` : NONE;
}

/**
 * A plan's unit without its remarks, for one line of a list or a reason: "per month (Standard; $6.99 first month)"
 * is "per month". The card and the product page keep the remarks.
 */
export function briefUnit(unit: string): string {
  return unit.replace(/\s*\([^()]*\)/g, '').trim() || unit;
}

/** "$0.15 in / $0.60 out" (USD per 1M tokens), or null when neither price is known. */
function inOutLabel(prompt: number | null, completion: number | null): string | null {
  if (prompt === null && completion === null) return null;
  const part = (v: number | null) => (v === null ? '?' : usdPerMillion(v));
  return `${part(prompt)} in / ${part(completion)} out`;
}

/** "$0.15 in / $0.60 out" under a "Per 1M tokens" label, or NONE. */
export function perMTokValue(p: PricingView): string {
  return inOutLabel(p.promptPerMTok, p.completionPerMTok) ?? NONE;
}

/** "$0.15 in / $0.60 out per 1M tokens", or NONE. */
export function perMTokLabel(p: PricingView): string {
  const prices = perMTokValue(p);
  return prices === NONE ? NONE : `${prices} per 1M tokens`;
}

const OFFER_LABELS: Record<Offer['kind'], string> = { free: 'Free copy', alias: 'Alias', snapshot: 'Snapshot', variant: 'Variant' };

/** "Free copy: openai/gpt-oss-120b:free $0 in / $0 out" (prices per 1M tokens; see offersHeading). */
export function offerLabel(o: OfferView): string {
  const prices = inOutLabel(o.promptPerMTok, o.completionPerMTok);
  return `${OFFER_LABELS[o.kind]}: ${o.id}${prices === null ? '' : ` ${prices}`}`;
}

/** Heading above a list of offerLabel lines. */
export function offersHeading(n: number): string {
  return `Offers (${n}, USD per 1M tokens)`;
}

/** What a signal with no evidence shows, everywhere: never 0, which would read as "measured and bad". */
export const NO_DATA = 'no data';

/** Marks a signal value that rests on thin evidence (see ProductCardView.thin). */
export const THIN = 'thin';

export function signalLabel(value: number | null, thin = false): string {
  return value === null ? NO_DATA : thin ? `${value} (${THIN})` : String(value);
}

/** The line that explains the mark, for renderers that show it. */
export const THIN_NOTE = `(${THIN}): a value resting on little evidence; it counts for little in the rank and does not decide the verdict.`;

/** The note that explains the mark, once, when any of the items shown has a thin signal; none otherwise. */
export function thinNotes(items: ReadonlyArray<{ thin?: readonly string[] }>): string[] {
  return items.some((x) => x.thin?.length) ? [THIN_NOTE] : [];
}

/** A card's signal as shown: its value, marked when thin. */
export function cardSignalLabel(card: { signals: Record<string, number | null>; thin?: readonly string[] }, signal: string): string {
  return signalLabel(card.signals[signal] ?? null, card.thin?.includes(signal) ?? false);
}

/** "72/100 · confidence 80%", or "no data" */
export function signalDetailLabel(value: number | null, confidence: number): string {
  return value === null ? NO_DATA : `${value}/100 · confidence ${Math.round(confidence * 100)}%`;
}

export function rankLabel(rank: number): string {
  return `${rank}/100`;
}

/** ", tied with 3 others" when equal scores share the position; empty otherwise */
export function tieLabel(others: number | undefined): string {
  if (!others) return '';
  return others === 1 ? ' (tied with 1 other)' : ` (tied with ${others.toLocaleString('en-US')} others)`;
}

/** "#2 of 51 in Chatbots", with the tie when the position is shared */
export function categoryPositionLabel(pos: Position, category: string): string {
  if (!pos.ofCategory) return NONE;
  return `#${pos.category} of ${pos.ofCategory} in ${category}${tieLabel(pos.tiedCategory)}`;
}

/** "#82 of 1323", with the tie when the position is shared */
export function overallPositionLabel(pos: Position): string {
  if (!pos.ofOverall) return NONE;
  return `#${pos.overall} of ${pos.ofOverall}${tieLabel(pos.tiedOverall)}`;
}

export function positionLabel(pos: Position, category: string): string {
  if (!pos.ofCategory) return NONE;
  return `${categoryPositionLabel(pos, category)} · ${overallPositionLabel(pos)} overall`;
}

export function capabilitiesCountLabel(n: number): string {
  return `${n} decomposed`;
}

export function footerLabel(asOf: string | null, sources: string[], maxSources = 6): string {
  const list = sources.length > maxSources ? `${sources.slice(0, maxSources).join(', ')} +${sources.length - maxSources} more` : sources.join(', ');
  return `data as of ${asOf ?? 'unknown'}${list ? ` · ${list}` : ''}`;
}

export function compactNumber(n: number): string {
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(n);
}

export function tokensLabel(n: number | null): string {
  return n === null ? NONE : `${compactNumber(n)} tokens`;
}

/** The index to cut at so the cut does not fall between the two halves of a surrogate pair. */
function cutIndex(text: string, at: number): number {
  const c = text.charCodeAt(at - 1);
  return at > 0 && c >= 0xd800 && c <= 0xdbff ? at - 1 : at;
}

/** Cuts text to max characters (UTF-16 units, as platforms count), ending with an ellipsis when cut; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, cutIndex(text, Math.max(0, max)));
  return `${text.slice(0, cutIndex(text, max - 1)).trimEnd()}…`;
}

/** 128000 -> "128K", 1048576 -> "1.05M", 8192 -> "8.2K" */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${trimZeros((n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 2))}M`;
  if (n >= 1_000) return `${trimZeros((n / 1_000).toFixed(n % 1_000 === 0 || n >= 100_000 ? 0 : 1))}K`;
  return String(n);
}

/** The filters a search applied, in words: ["models only", "context of at least 1M tokens"]. */
export function searchFilterWords(u: SearchUnderstanding): string[] {
  const parts: string[] = [];
  if (u.type) parts.push(`${u.type}s only`);
  if (u.free) parts.push('free, freemium or open source');
  if (u.maxPricePerMTok !== null) parts.push(`at most ${usdPerMillion(u.maxPricePerMTok)} per 1M input tokens`);
  if (u.minContext !== null) parts.push(`context of at least ${formatTokens(u.minContext)} tokens`);
  return parts;
}

/** How a search was read: 'Speech to text ("transcribe") · words: meetings · models only' */
export function understandingLabel(u: SearchUnderstanding): string {
  const parts: string[] = [];
  if (u.capabilities.length) parts.push(u.capabilities.map((c) => `${c.label} ("${c.phrase}")`).join(', '));
  if (u.words.length) parts.push(`words: ${u.words.join(', ')}`);
  parts.push(...searchFilterWords(u));
  if (u.cheapest) parts.push('cheapest first');
  return parts.join(' · ');
}

/** "no longer offered (since 2021-01-31)", "no longer offered (since 2024-01; followed by X)": a DiscontinuedRecord in words */
export function discontinuedWords(d: { since: string | null; successor: string | null }): string {
  const more = [d.since && `since ${d.since}`, d.successor && `followed by ${d.successor}`].filter(Boolean);
  return `no longer offered${more.length ? ` (${more.join('; ')})` : ''}`;
}

const CALL_LABELS: Record<VerdictCall, string | null> = {
  clear: null,
  'too-close': 'too close to call',
  'no-clear-call': 'no clear call',
  'not-enough-evidence': 'not enough evidence',
};

/** A verdict that names no winner, in words for a heading ("too close to call"); null when it names one. */
export function callLabel(call: VerdictCall): string | null {
  return CALL_LABELS[call];
}

/**
 * Pricing semantics: which of the six pricing models (src/core/domain.ts PRICING_MODELS) a source row means,
 * and the starting price it states. Every rule lives here, in order, so one table decides and one test checks it
 * (docs/catalog.md explains them in words).
 *
 * - Product lists: an awesome list's `open_source` flag, then AutoVenture's label ("Free" / "Free Trial") read
 *   together with its description ("free tier available", "free trial", "credits", "paid plans from $X/month").
 * - OpenRouter models: a per-token price is usage-based (you pay for what you use, no subscription); 0/0 is free;
 *   a price written in the description ("$0.08 per song") wins over a raw 0; a variable price (-1, routers) is
 *   usage-based with no starting price.
 */
import type { PricingModel, StartingPrice } from '../core/domain.js';

export interface DerivedPricing {
  model: PricingModel | null;
  startingPrice: StartingPrice | null;
  /** a permanent free plan is stated (undefined: the row does not say) */
  freeTier?: boolean;
  /** a time-limited trial or one-off starter credits are stated */
  freeTrial?: boolean;
  /** id of the rule that decided the model */
  rule: string;
}

/** Units a price in a description may be quoted in, as written -> as shown ("per month"). */
const PRICE_UNITS: Record<string, string> = {
  month: 'month',
  mo: 'month',
  year: 'year',
  yr: 'year',
  week: 'week',
  day: 'day',
  user: 'user',
  seat: 'seat',
  minute: 'minute',
  min: 'minute',
  hour: 'hour',
  second: 'second',
  song: 'song',
  clip: 'clip',
  image: 'image',
  video: 'video',
  request: 'request',
  page: 'page',
  credit: 'credit',
};

const PRICE_IN_TEXT = new RegExp(
  String.raw`\$\s?(\d+(?:\.\d+)?)\s*(?:\/\s*|per\s+|a\s+)(${Object.keys(PRICE_UNITS).join('|')})s?\b`,
  'gi',
);

/** The lowest price a description states with a unit ("$0.08 per song", "$12/mo"), or null. */
export function priceInText(text: string): StartingPrice | null {
  let best: StartingPrice | null = null;
  for (const m of text.matchAll(PRICE_IN_TEXT)) {
    const amount = Number(m[1]);
    if (!(amount > 0)) continue;
    const unit = `per ${PRICE_UNITS[m[2]!.toLowerCase()]}`;
    if (!best || amount < best.amount) best = { amount, unit };
  }
  return best;
}

/** The listing says the product itself is open source ("Open-source X", "Free open-source X", "... Open source."). */
const OPEN_SOURCE_TEXT = /(?:^|[.;!]\s+)(?:free\s+|an?\s+)?open[- ]source\b(?!\s+models?\b)|\bopen[- ]source\s+(?:core|[\w.-]+-licensed)\b/i;
const FREEMIUM_WORD = /\bfreemium\b/i;
/** "free tier", "free plan", "free Basic plan", "free developer tier", "free version" */
const FREE_PLAN = /\bfree\s+(?:[\w-]+\s+){0,2}(?:tier|plan|version|edition)s?\b/i;
/** a free allowance that renews: "daily credits", "10,000 characters/month free", "3 videos per month" */
const RECURRING_ALLOWANCE = /\b(?:daily|monthly|per (?:day|month)|a day|each (?:day|month)|every day)\b|\/\s?(?:month|mo|day)\b/i;
const PAID_PLANS = /\bpaid\s+(?:plans?|tiers?|subscriptions?|features|certificates|upgrades?)\b|\bpro\s+(?:plan|features|version|available|tier)\b|\bwith pro\b|\bpremium\b|\bupgrade/i;
/** a trial or one-off credits: "free trial", "14-day trial", "new users get free credits", "first six songs are free" */
const TRIAL_OR_ONE_OFF =
  /\btrial\b|\bnew (?:users|accounts)\b|\bon sign-?up\b|\bsign-?up (?:bonus|credits)\b|\bstarter credits\b|\bcredits? to (?:try|start)\b|\bfirst\s+(?:\w+\s+){1,2}(?:are\s+)?free\b|\blifetime\b/i;
/** "credits", but not "no credit card required" */
const CREDITS = /\bcredits?\b(?!\s+cards?)/i;

export type ListPricingLabel = 'Free' | 'Free Trial';

export interface ListPricingInput {
  /** AutoVenture's label, or null when no AutoVenture row describes the product */
  label: ListPricingLabel | null;
  /** AutoVenture's description (the only list text that talks about pricing) */
  description: string;
  /** an awesome list marks the product open source */
  openSourceFlag: boolean;
}

interface ListRule {
  id: string;
  /** what the rule reads, in words (docs/catalog.md repeats these) */
  reads: string;
  when: (r: ListPricingInput) => boolean;
  model: PricingModel;
}

/** First matching rule decides. */
export const LIST_PRICING_RULES: readonly ListRule[] = [
  { id: 'open-source-flag', reads: 'an awesome list marks it open source', when: (r) => r.openSourceFlag, model: 'open-source' },
  { id: 'open-source-text', reads: 'the listing calls the product open source', when: (r) => OPEN_SOURCE_TEXT.test(r.description), model: 'open-source' },
  { id: 'freemium-word', reads: '"freemium"', when: (r) => FREEMIUM_WORD.test(r.description), model: 'freemium' },
  { id: 'trial-label', reads: 'AutoVenture label "Free Trial"', when: (r) => r.label === 'Free Trial', model: 'free-trial' },
  { id: 'free-plan', reads: '"free tier", "free plan", "free version"', when: (r) => FREE_PLAN.test(r.description), model: 'freemium' },
  { id: 'recurring-allowance', reads: 'a free allowance that renews ("daily credits", "per month")', when: (r) => RECURRING_ALLOWANCE.test(r.description), model: 'freemium' },
  { id: 'paid-plans', reads: '"paid plans", "Pro plan", "premium", "upgrade"', when: (r) => PAID_PLANS.test(r.description), model: 'freemium' },
  { id: 'trial-text', reads: '"trial", "new users get credits", "first N are free"', when: (r) => TRIAL_OR_ONE_OFF.test(r.description), model: 'free-trial' },
  { id: 'credits', reads: '"credits" (more can be bought)', when: (r) => CREDITS.test(r.description), model: 'freemium' },
  { id: 'free-label', reads: 'AutoVenture label "Free" and nothing above', when: (r) => r.label === 'Free', model: 'free' },
];

/** Pricing of a product from the lists; null model when no list says anything about its price. */
export function listPricing(r: ListPricingInput): DerivedPricing {
  const rule = LIST_PRICING_RULES.find((x) => x.when(r));
  if (!rule) return { model: null, startingPrice: null, rule: 'none' };
  const out: DerivedPricing = { model: rule.model, startingPrice: r.label ? priceInText(r.description) : null, rule: rule.id };
  if (rule.model === 'free' || rule.model === 'freemium' || FREE_PLAN.test(r.description)) out.freeTier = true;
  if (r.label === 'Free Trial' || TRIAL_OR_ONE_OFF.test(r.description)) out.freeTrial = true;
  return out;
}

/**
 * Pricing of an OpenRouter model from its per-token prices (USD per token; null = variable) and description.
 * Per-token billing is usage-based: there is no plan to subscribe to, you pay for the tokens you use.
 */
export function modelPricing(prompt: number | null, completion: number | null, description: string): DerivedPricing {
  if (prompt === null || completion === null) return { model: 'usage-based', startingPrice: null, rule: 'variable-price' };
  if (prompt === 0 && completion === 0) {
    const stated = priceInText(description);
    if (stated) return { model: 'usage-based', startingPrice: stated, freeTier: false, rule: 'description-price' };
    return { model: 'free', startingPrice: null, freeTier: true, rule: 'zero-price' };
  }
  const startingPrice: StartingPrice | null =
    prompt > 0 ? { amount: prompt, unit: 'per prompt token' } : completion > 0 ? { amount: completion, unit: 'per completion token' } : null;
  return { model: 'usage-based', startingPrice, rule: 'token-price' };
}

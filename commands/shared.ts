import { z } from 'zod';
import type { Core } from '../src/core/app.js';
import type { Product, SignalName } from '../src/core/domain.js';
import { PER_MTOK, SIGNALS } from '../src/core/domain.js';
import { sanitizeText } from '../src/core/text.js';
import type { ProductScore } from '../src/core/scoring/types.js';
import type { ErrorView, PricingView, ProductCardView } from '../src/core/views.js';
import { COMMAND_LIMITS, type OptionDef } from './types.js';

/** A user-typed product name: sanitised (bidi controls, zero-width characters), control characters removed, trimmed, cut to the limit. */
export const nameSchema = z
  .string()
  .transform((s) => sanitizeText(sanitizeText(s).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, COMMAND_LIMITS.nameLength)));

export const typeSchema = z.enum(['model', 'product']);

/** The "only models or only products" option several commands share. */
export const TYPE_OPTION: OptionDef = {
  name: 'type',
  description: 'Only models or only products',
  type: 'string',
  choices: [
    { name: 'Models', value: 'model' },
    { name: 'Products', value: 'product' },
  ],
};


export function pricingView(p: Product): PricingView {
  const perM = (v: number | null) => (v === null ? null : Math.round(v * PER_MTOK * 1e6) / 1e6);
  return {
    model: p.pricing.model,
    startingPrice: p.pricing.startingPrice,
    promptPerMTok: perM(p.pricing.promptPerToken),
    completionPerMTok: perM(p.pricing.completionPerToken),
  };
}

export function signalValues(score: ProductScore | undefined): Record<SignalName, number> {
  const out = {} as Record<SignalName, number>;
  for (const s of SIGNALS) out[s] = Math.round(score?.signals[s].value ?? 0);
  return out;
}

export function cardView(p: Product, score: ProductScore | undefined): ProductCardView {
  return {
    id: p.id,
    name: p.name,
    type: p.type,
    vendor: p.vendor,
    category: p.category,
    url: p.url,
    rank: Math.round(score?.score ?? 0),
    position: score?.position ?? { overall: 0, ofOverall: 0, category: 0, ofCategory: 0 },
    signals: signalValues(score),
    pricing: pricingView(p),
    capabilities: p.capabilities,
  };
}

/**
 * The "data as of · sources" footer. With products given, only the sources that contributed
 * to them are named, and the date is the newest of those sources.
 */
export async function sourcesLine(core: Core, products?: Product[]): Promise<{ asOf: string | null; sources: string[] }> {
  const meta = await core.meta();
  if (!products) return { asOf: meta.asOf, sources: meta.sources.map((s) => s.name) };
  const used = new Set(products.flatMap((p) => p.provenance.sources));
  const list = meta.sources.filter((s) => used.has(s.id));
  if (list.length === 0) return { asOf: meta.asOf, sources: meta.sources.map((s) => s.name) };
  const asOf = list.reduce((max, s) => (s.date > max ? s.date : max), list[0]!.date);
  return { asOf, sources: list.map((s) => s.name) };
}

export function notReady(): ErrorView {
  return {
    kind: 'error',
    code: 'not_ready',
    message: 'The catalog has not been scored yet. Run `npm run cli -- catalog import` and try again.',
  };
}

/** Price used to compare products: per-token prompt price for models, pricing tier otherwise. */
export function priceKey(p: Product): { tier: number; perToken: number | null } {
  const tier = p.pricing.model === 'free' ? 0 : p.pricing.model === 'freemium' ? 1 : p.pricing.model === 'paid' ? 2 : -1;
  return { tier, perToken: p.pricing.promptPerToken };
}

/** true when a is known to cost less than b */
export function isCheaper(a: Product, b: Product): boolean {
  const ka = priceKey(a);
  const kb = priceKey(b);
  if (ka.perToken !== null && kb.perToken !== null) return ka.perToken < kb.perToken;
  if (ka.tier >= 0 && kb.tier >= 0) return ka.tier < kb.tier;
  return false;
}

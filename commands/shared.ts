import { z } from 'zod';
import type { Core } from '../src/core/app.js';
import type { Product, SignalName } from '../src/core/domain.js';
import { SIGNALS } from '../src/core/domain.js';
import { SCORING_CONFIG } from '../src/core/scoring/config.js';
import { perMTok } from '../src/core/format.js';
import { sanitizeText } from '../src/core/text.js';
import type { ProductScore } from '../src/core/scoring/types.js';
import type { ErrorView, OfferView, PricingView, ProductCardView } from '../src/core/views.js';
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


const perM = (v: number | null) => (v === null ? null : perMTok(v));

export function offerViews(p: Product): OfferView[] {
  return p.offers.map((o) => ({ id: o.id, name: o.name, kind: o.kind, promptPerMTok: perM(o.promptPerToken), completionPerMTok: perM(o.completionPerToken) }));
}

export function pricingView(p: Product): PricingView {
  return {
    model: p.pricing.model,
    startingPrice: p.pricing.startingPrice,
    promptPerMTok: perM(p.pricing.promptPerToken),
    completionPerMTok: perM(p.pricing.completionPerToken),
  };
}

/** The model a product's Quality comes from: the best-scoring model on quality among those it runs. */
export function qualitySourceModel(p: Product, scores: Map<string, ProductScore>, products: readonly Product[]): Product | null {
  if (p.type !== 'product' || p.poweredBy.length === 0) return null;
  const byId = new Map(products.map((x) => [x.id, x]));
  let best: Product | null = null;
  let bestQ = -1;
  for (const m of p.poweredBy) {
    const q = scores.get(m.modelId)?.signals.quality.value;
    const model = byId.get(m.modelId);
    if (model && q !== undefined && q !== null && q > bestQ) {
      best = model;
      bestQ = q;
    }
  }
  return best;
}

export function signalValues(score: ProductScore | undefined): Record<SignalName, number | null> {
  const out = {} as Record<SignalName, number | null>;
  for (const s of SIGNALS) {
    const v = score?.signals[s].value ?? null;
    out[s] = v === null ? null : Math.round(v);
  }
  return out;
}

/** Signals with a value whose confidence is too low to decide anything. */
export function thinSignals(score: ProductScore | undefined): SignalName[] {
  if (!score) return [];
  return SIGNALS.filter((s) => score.signals[s].value !== null && score.signals[s].confidence < SCORING_CONFIG.verdict.minDecisiveConfidence);
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
    thin: thinSignals(score),
    pricing: pricingView(p),
    capabilities: p.capabilities,
    offers: offerViews(p),
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

/** Price comparison lives with the alternatives ranking; re-exported for the commands. */
export { cheaperBy, isCheaper, priceKey } from '../src/core/alternatives.js';

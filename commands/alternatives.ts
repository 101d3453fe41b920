import { z } from 'zod';
import { tagsFor } from '../src/core/capabilities.js';
import type { Product, ProductType } from '../src/core/domain.js';
import type { AlternativesView, View } from '../src/core/views.js';
import { isCheaper, nameSchema, notReady, pricingView, sourcesLine, typeSchema, TYPE_OPTION } from './shared.js';
import { COMMAND_LIMITS, type CommandDef } from './types.js';

export interface AlternativesInput {
  product: string;
  cheaper: boolean;
  type: ProductType | null;
  limit: number;
}

const schema = z
  .object({
    product: nameSchema,
    cheaper: z.boolean().optional(),
    type: typeSchema.optional(),
    limit: z.coerce.number().int().min(1).max(COMMAND_LIMITS.alternativesMax).optional(),
  })
  .transform(
    (o): AlternativesInput => ({
      product: o.product,
      cheaper: o.cheaper ?? false,
      type: o.type ?? null,
      limit: o.limit ?? COMMAND_LIMITS.alternativesDefault,
    }),
  );

/** How much each kind of evidence counts toward an alternative's relevance. */
export const ALTERNATIVE_WEIGHTS = {
  /** per match event with the target, capped by log */
  oftenCompared: 3,
  /** Jaccard overlap of capability tags, 0-1 */
  similarity: 4,
  sameCategory: 1.5,
  /** UnfragileRank / 100 */
  rank: 1,
  /** minimum tag overlap for "similar capabilities" */
  similarMin: 0.5,
} as const;

const tagCache = new WeakMap<Product, Set<string>>();
function tags(p: Product): Set<string> {
  let s = tagCache.get(p);
  if (!s) {
    s = new Set(tagsFor(p));
    tagCache.set(p, s);
  }
  return s;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export const alternatives: CommandDef<AlternativesInput> = {
  name: 'alternatives',
  description: 'Find alternatives to an AI model or product, with the reason for each',
  usage: '/alternatives <product> [cheaper] [type]',
  options: [
    { name: 'product', description: 'Model or product to replace', type: 'string', required: true, autocomplete: true, maxLength: 100 },
    { name: 'cheaper', description: 'Only show cheaper alternatives', type: 'boolean' },
    TYPE_OPTION,
    { name: 'limit', description: 'How many to show', type: 'integer', min: 1, max: COMMAND_LIMITS.alternativesMax },
  ],
  schema,
  async execute(input, core): Promise<View> {
    const r = await core.resolveName('product', input.product);
    if (!r.ok) return r.view;
    const target = r.product;
    const [all, scores] = await Promise.all([core.products(), core.latestScores()]);
    if (scores.size === 0) return notReady();
    const neighbours = new Map((await core.matches.neighbours(target.id, 200)).map((n) => [n.id, n.count]));
    const targetTags = tags(target);
    const targetRank = scores.get(target.id)?.score ?? 0;
    // ranks are shown rounded: "higher rank" only when the shown numbers differ
    const shownTargetRank = Math.round(targetRank);
    const W = ALTERNATIVE_WEIGHTS;

    const ranked: Array<{ p: Product; relevance: number; reasons: string[]; rank: number }> = [];
    for (const p of all) {
      if (p.id === target.id) continue;
      if (input.type && p.type !== input.type) continue;
      const cheaper = isCheaper(p, target);
      if (input.cheaper && !cheaper) continue;
      const compared = neighbours.get(p.id) ?? 0;
      const sim = jaccard(targetTags, tags(p));
      const sameCategory = p.category === target.category;
      if (compared === 0 && !sameCategory && sim < W.similarMin) continue;
      const rank = scores.get(p.id)?.score ?? 0;
      const relevance =
        W.oftenCompared * Math.log2(1 + compared) + W.similarity * sim + (sameCategory ? W.sameCategory : 0) + (W.rank * rank) / 100;
      const reasons: string[] = [];
      if (compared >= COMMAND_LIMITS.oftenComparedMin) reasons.push(`often compared (${compared}×)`);
      if (cheaper) reasons.push('cheaper');
      if (Math.round(rank) > shownTargetRank) reasons.push(`higher rank (${Math.round(rank)} vs ${shownTargetRank})`);
      if (sim >= W.similarMin) reasons.push('similar capabilities');
      else if (sameCategory) reasons.push(`same category (${p.category})`);
      ranked.push({ p, relevance, reasons, rank });
    }
    ranked.sort((a, b) => b.relevance - a.relevance || b.rank - a.rank || (a.p.id < b.p.id ? -1 : 1));
    const { asOf, sources } = await sourcesLine(core);
    const view: AlternativesView = {
      kind: 'alternatives',
      product: { id: target.id, name: target.name, rank: shownTargetRank },
      filters: { cheaper: input.cheaper, type: input.type },
      alternatives: ranked.slice(0, input.limit).map((x) => ({
        id: x.p.id,
        name: x.p.name,
        type: x.p.type,
        rank: Math.round(x.rank),
        pricing: pricingView(x.p),
        reasons: x.reasons,
      })),
      asOf,
      sources,
    };
    return view;
  },
};

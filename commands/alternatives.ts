import { z } from 'zod';
import { collectionsFromEvidence, prepareAlternatives, rankAlternatives } from '../src/core/alternatives.js';
import type { Core } from '../src/core/app.js';
import type { Product, ProductType } from '../src/core/domain.js';
import type { AlternativesView, View } from '../src/core/views.js';
import { nameSchema, notReady, pricingView, sourcesLine, typeSchema, TYPE_OPTION } from './shared.js';
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

/** OSS Insight collection memberships per catalog (the product list is cached until the next import). */
const collectionsCache = new WeakMap<readonly Product[], Promise<Map<string, string[]>>>();

function collectionsOf(products: readonly Product[], core: Core): Promise<Map<string, string[]>> {
  let c = collectionsCache.get(products);
  if (!c) {
    c = core.catalog.evidence().then(collectionsFromEvidence);
    collectionsCache.set(products, c);
  }
  return c;
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
    const [compared, collections] = await Promise.all([
      core.matches.neighbours(target.id, COMMAND_LIMITS.alternativesNeighbours),
      collectionsOf(all, core),
    ]);
    await prepareAlternatives(all, collections);
    const ranks = new Map([...scores].map(([id, s]) => [id, s.score]));
    const result = rankAlternatives({
      target,
      products: all,
      ranks,
      compared: new Map(compared.map((n) => [n.id, n.count])),
      collections,
      cheaper: input.cheaper,
      type: input.type,
      limit: input.limit,
      comparedMin: COMMAND_LIMITS.oftenComparedMin,
    });
    const { asOf, sources } = await sourcesLine(core);
    const view: AlternativesView = {
      kind: 'alternatives',
      product: { id: target.id, name: target.name, rank: Math.round(ranks.get(target.id) ?? 0), job: result.job?.label ?? null },
      filters: { cheaper: input.cheaper, type: input.type },
      alternatives: result.alternatives.map((x) => ({
        id: x.product.id,
        name: x.product.name,
        type: x.product.type,
        rank: Math.round(x.rank),
        pricing: pricingView(x.product),
        reasons: x.reasons,
      })),
      asOf,
      sources,
    };
    return view;
  },
};

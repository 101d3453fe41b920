import { z } from 'zod';
import { CAPABILITY_TAGS, capabilityLabel, tagsFor } from '../src/core/capabilities.js';
import type { Product } from '../src/core/domain.js';
import { SCORING_CONFIG } from '../src/core/scoring/config.js';
import { viewLinks } from '../src/core/links.js';
import { leaders, verdict } from '../src/core/scoring/verdict.js';
import type { CapabilityMatrixRow, ErrorView, View } from '../src/core/views.js';
import { cardView, nameSchema, notReady, qualitySourceModel, sourcesLine } from './shared.js';
import type { CommandDef } from './types.js';

export interface CompareInput {
  names: string[];
  /** false: a look at the comparison (a web page view), not counted in the match graph; default true */
  record?: boolean;
}

const schema = z
  .object({ first: nameSchema, second: nameSchema, third: nameSchema.optional() })
  .transform((o): CompareInput => ({ names: [o.first, o.second, ...(o.third ? [o.third] : [])] }));

/** Tags held by at least one product, in taxonomy order, with who has them. */
export function capabilityMatrix(products: Product[]): CapabilityMatrixRow[] {
  const tagSets = products.map((p) => new Set(tagsFor(p)));
  const seen = new Set<string>();
  for (const s of tagSets) for (const t of s) seen.add(t);
  const rows: CapabilityMatrixRow[] = [];
  for (const tag of [...seen]) {
    const has: Record<string, boolean> = {};
    products.forEach((p, i) => (has[p.id] = tagSets[i]!.has(tag)));
    rows.push({ tag, label: capabilityLabel(tag), has });
  }
  // shared first, then in taxonomy order
  const order = new Map<string, number>(CAPABILITY_TAGS.map((t, i) => [t.tag, i]));
  const sharedCount = (r: CapabilityMatrixRow) => Object.values(r.has).filter(Boolean).length;
  return rows.sort((a, b) => sharedCount(b) - sharedCount(a) || (order.get(a.tag) ?? order.size) - (order.get(b.tag) ?? order.size));
}

export const compare: CommandDef<CompareInput> = {
  name: 'compare',
  description: 'Compare two or three AI models or products side by side',
  usage: '/compare <first> vs <second> [vs <third>]',
  options: [
    { name: 'first', description: 'First model or product', type: 'string', required: true, autocomplete: true, maxLength: 100 },
    { name: 'second', description: 'Second model or product', type: 'string', required: true, autocomplete: true, maxLength: 100 },
    { name: 'third', description: 'Optional third model or product', type: 'string', autocomplete: true, maxLength: 100 },
  ],
  schema,
  async execute(input, core): Promise<View> {
    const fields = ['first', 'second', 'third'];
    const products: Product[] = [];
    for (const [i, name] of input.names.entries()) {
      const r = await core.resolveName(fields[i]!, name);
      if (!r.ok) return r.view;
      products.push(r.product);
    }
    const ids = new Set(products.map((p) => p.id));
    if (ids.size < products.length) {
      const dup = products.find((p, i) => products.findIndex((q) => q.id === p.id) !== i)!;
      const err: ErrorView = {
        kind: 'error',
        code: 'bad_input',
        message: `Those names all point to ${dup.name}. Pick different products to compare.`,
      };
      return err;
    }
    const scores = await core.latestScores();
    if (scores.size === 0) return notReady();

    // times matched before this comparison; then record it
    let timesMatched = 0;
    for (let i = 0; i < products.length; i++)
      for (let j = i + 1; j < products.length; j++)
        timesMatched += await core.matches.timesMatched(products[i]!.id, products[j]!.id);
    if (input.record !== false)
      for (let i = 0; i < products.length; i++)
        for (let j = i + 1; j < products.length; j++)
          await core.matches.record(products[i]!.id, products[j]!.id, 'compare', core.now());

    const cards = products.map((p) => cardView(p, scores.get(p.id)));
    const all = products.some((p) => p.poweredBy.length > 0) ? await core.products() : [];
    const scored = products
      .map((p) => ({ id: p.id, name: p.name, score: scores.get(p.id)!, runs: qualitySourceModel(p, scores, all)?.name ?? null }))
      .filter((x) => x.score);
    const v = verdict(scored, SCORING_CONFIG);
    const lead = leaders(
      scored.map((x) => x.score),
      SCORING_CONFIG,
    );
    const { asOf, sources } = await sourcesLine(core, products);
    return {
      kind: 'compare',
      title: products.map((p) => p.name).join(' vs '),
      summary: v.summary,
      products: cards,
      timesMatched,
      leaders: lead,
      tooClose: v.tooClose,
      call: v.call,
      verdict: v.verdict,
      capabilityMatrix: capabilityMatrix(products),
      asOf,
      sources,
      links: viewLinks(core.publicUrl, products.map((p) => p.id)),
    };
  },
};

import { z } from 'zod';
import type { Core } from '../src/core/app.js';
import type { ProductType } from '../src/core/domain.js';
import { resolveCategory } from '../src/core/alerts/target.js';
import { SCORING_CONFIG } from '../src/core/scoring/config.js';
import { truncate } from '../src/core/format.js';
import { parseSearchQuery, typeWord } from '../src/core/search.js';
import type { ProductScore } from '../src/core/scoring/types.js';
import type { ErrorView, SearchView, TopView, View } from '../src/core/views.js';
import { search } from './search.js';
import { notReady, signalValues, sourcesLine, thinSignals, typeSchema, TYPE_OPTION } from './shared.js';
import { COMMAND_LIMITS, type CommandDef } from './types.js';

export interface TopInput {
  category: string | null;
  type: ProductType | null;
  limit: number;
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

export const top: CommandDef<TopInput> = {
  name: 'top',
  description: 'Leaderboard by UnfragileRank, overall or in one category',
  usage: '/top [category] [type] [limit]',
  options: [
    { name: 'category', description: 'Category, e.g. "Text models" or "Coding"', type: 'string', autocomplete: true, maxLength: 100 },
    TYPE_OPTION,
    { name: 'limit', description: 'How many rows', type: 'integer', min: 1, max: COMMAND_LIMITS.topMax },
  ],
  /** the category option suggests categories, not product names */
  async complete(option, query, core, _chat, limits) {
    if (option !== 'category') return [];
    const cats = await categoryChoices(await core.products(), query, limits.count);
    return cats.map((c) => ({ name: c, value: c.slice(0, limits.valueLength) }));
  },
  schema: z
    .object({
      category: z.string().trim().max(COMMAND_LIMITS.nameLength).optional(),
      type: typeSchema.optional(),
      limit: z.coerce.number().int().min(1).max(COMMAND_LIMITS.topMax).optional(),
    })
    .transform((o): TopInput => ({ category: o.category || null, type: o.type ?? null, limit: o.limit ?? COMMAND_LIMITS.topDefault })),
  async execute(input, core): Promise<View> {
    const [products, scores] = await Promise.all([core.products(), core.latestScores()]);
    if (scores.size === 0) return notReady();
    let category: string | null = null;
    // "/top models", "/top tools" typed in the category option: a type, unless a category has exactly that name
    const asType = input.category && !products.some((p) => norm(p.category) === norm(input.category!)) ? typeWord(input.category) : null;
    if (asType) input = { ...input, category: null, type: input.type ?? asType };
    if (input.category) {
      const cats = [...new Set(products.map((p) => p.category))].sort();
      category = resolveCategory(cats, input.category);
      if (!category) {
        // "legal", "customer support": what a product does is a search, not a category; answer it as one, and say so
        const found = await asSearch(input, core, (q) => `No category is called "${q}": these are the entries that do it, by relevance and rank.`);
        if (found) return found;
        const err: ErrorView = {
          kind: 'error',
          code: 'bad_input',
          message: `No category matches "${input.category.slice(0, 60)}". Categories: ${cats.join(', ')}.`,
        };
        return err;
      }
    }
    const rows = products
      .filter((p) => (!category || p.category === category) && (!input.type || p.type === input.type))
      .map((p) => ({ p, s: scores.get(p.id) }))
      .filter((x) => x.s)
      .sort((a, b) => b.s!.score - a.s!.score || (a.p.id < b.p.id ? -1 : 1));
    if (rows.length === 0 && category && input.type) {
      // "/top coding models": Coding is a category of products; the models that code are found by what they do
      const found = await asSearch(input, core, () => `No ${input.type}s are in the ${category} category: these are the ${input.type}s that do it, by relevance and rank.`);
      if (found) return found;
    }
    const { asOf, sources } = await sourcesLine(core);
    const view: TopView = {
      kind: 'top',
      category,
      type: input.type,
      total: rows.length,
      notes: tieNotes(rows, input.limit),
      rows: rows.slice(0, input.limit).map((x, i) => ({
        position: sharedPosition(rows, i),
        id: x.p.id,
        name: x.p.name,
        type: x.p.type,
        category: x.p.category,
        rank: Math.round(x.s!.score),
        signals: signalValues(x.s),
        thin: thinSignals(x.s),
      })),
      asOf,
      sources,
    };
    return view;
  },
};

/**
 * /top answered as a search for what its category words say a product does, with the note the caller words; null when
 * the words name no capability.
 */
async function asSearch(input: TopInput, core: Core, note: (query: string) => string): Promise<SearchView | null> {
  if (!input.category || parseSearchQuery(input.category).capabilities.length === 0) return null;
  const limit = Math.min(input.limit, COMMAND_LIMITS.searchMax);
  // through the search's own schema, so its query is cleaned as a typed /search is
  const found = await search.execute(search.schema.parse({ query: input.category, type: input.type ?? undefined, limit }), core, null);
  if (found.kind !== 'search') return null;
  found.notes.unshift(note(truncate(found.query, 60)));
  return found;
}

/** 1-based position of row i in a list sorted by score: equal scores share a position (1, 2, 2, 4). */
function sharedPosition(rows: Array<{ s?: { score: number } }>, i: number): number {
  let j = i;
  while (j > 0 && rows[j - 1].s!.score === rows[i].s!.score) j--;
  return j + 1;
}

/** Ties this many products wide or wider get a note under the list. */
export const TOP_TIE_NOTE_MIN = 3;

/**
 * Notes for the ties the shown rows are part of (at most two): how many products share the
 * position and score, whether they rest mostly on the prior, and that their order is by id.
 */
function tieNotes(rows: Array<{ s?: ProductScore }>, limit: number): string[] {
  const notes: string[] = [];
  const shown = Math.min(limit, rows.length);
  for (let i = 0; i < shown && notes.length < 2; ) {
    let end = i + 1;
    while (end < rows.length && rows[end].s!.score === rows[i].s!.score) end++;
    const width = end - i;
    if (width >= TOP_TIE_NOTE_MIN) {
      const thin = rows.slice(i, end).every((r) => r.s!.priorShare >= SCORING_CONFIG.verdict.mostlyPrior);
      notes.push(
        `#${i + 1} is a ${width}-way tie at ${rows[i].s!.score.toFixed(1)}/100${thin ? ', on evidence too thin to tell them apart (their scores rest mostly on the prior)' : ''}; tied rows are listed by id, not by merit.`,
      );
    }
    i = end;
  }
  return notes;
}

/** Category names for autocomplete. */
export async function categoryChoices(products: Array<{ category: string }>, query: string, limit: number): Promise<string[]> {
  const q = norm(query);
  return [...new Set(products.map((p) => p.category))]
    .filter((c) => norm(c).includes(q))
    .sort()
    .slice(0, limit);
}

import { z } from 'zod';
import type { ProductType } from '../src/core/domain.js';
import { searchFilterWords, truncate } from '../src/core/format.js';
import { nearestCapabilities, parseSearchQuery, rankSearch, SEARCH_LIMITS, textQuery, type ParsedQuery } from '../src/core/search.js';
import { sanitizeText } from '../src/core/text.js';
import type { SearchUnderstanding, SearchView, View } from '../src/core/views.js';
import { notReady, pricingView, sourcesLine, typeSchema, TYPE_OPTION } from './shared.js';
import { COMMAND_LIMITS, type CommandDef } from './types.js';

export interface SearchInput {
  query: string;
  type: ProductType | null;
  free: boolean;
  /** USD per 1M input tokens */
  maxPrice: number | null;
  limit: number;
}

/** "$0.50", "0.5" -> 0.5 */
const priceSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().replace(/^\$\s*/, '') : v),
  z.coerce.number().min(0).max(COMMAND_LIMITS.searchMaxPrice),
);

const schema = z
  .object({
    // any length (within COMMAND_LIMITS.textLength): the search cuts it to its own limit and says so
    query: z.string().transform(sanitizeText),
    type: typeSchema.optional(),
    free: z.boolean().optional(),
    'max-price': priceSchema.optional(),
    limit: z.coerce.number().int().min(1).max(COMMAND_LIMITS.searchMax).optional(),
  })
  .transform(
    (o): SearchInput => ({
      query: o.query,
      type: o.type ?? null,
      free: o.free ?? false,
      maxPrice: o['max-price'] ?? null,
      limit: o.limit ?? COMMAND_LIMITS.searchDefault,
    }),
  );

/** Example searches offered when a query gives nothing to go on. */
export const SEARCH_EXAMPLES = ['transcribe meetings', 'image generation free', 'coding assistant', 'open weights model with long context', 'text to speech'];

const QUOTED_QUERY_CHARS = 60;

function listWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function filtersText(u: SearchUnderstanding): string {
  return searchFilterWords(u).join(', ');
}

function understanding(q: ParsedQuery, input: SearchInput): SearchUnderstanding {
  return {
    capabilities: q.capabilities.map((c) => ({ tag: c.tag, label: c.label, phrase: c.phrase })),
    words: q.terms,
    type: input.type ?? q.type,
    free: input.free,
    maxPricePerMTok: input.maxPrice,
    cheapest: q.cheap,
    minContext: q.minContext,
  };
}

export const search: CommandDef<SearchInput> = {
  name: 'search',
  description: 'Find AI models and products by what they do, e.g. "transcribe meetings"',
  usage: '/search <what it should do> [type] [free] [max-price] [limit]',
  options: [
    { name: 'query', description: 'What the product should do, e.g. "text to speech" or "coding assistant"', type: 'string', required: true, maxLength: SEARCH_LIMITS.queryChars },
    TYPE_OPTION,
    { name: 'free', description: 'Only free, freemium, open-source or free-tier entries', type: 'boolean' },
    { name: 'max-price', description: 'Highest price in USD per 1M input tokens (entries without a price are left out)', type: 'number', min: 0, max: COMMAND_LIMITS.searchMaxPrice },
    { name: 'limit', description: 'How many results', type: 'integer', min: 1, max: COMMAND_LIMITS.searchMax },
  ],
  schema,
  async execute(input, core): Promise<View> {
    const parsed = parseSearchQuery(input.query);
    const [products, scores] = await Promise.all([core.products(), core.latestScores()]);
    if (scores.size === 0) return notReady();
    const understood = understanding(parsed, input);
    const shown = truncate(parsed.text, QUOTED_QUERY_CHARS);
    const notes: string[] = [];
    if (parsed.truncated) notes.push(`Only the first ${SEARCH_LIMITS.queryChars} characters of the query were used.`);
    const { asOf, sources } = await sourcesLine(core);
    const view: SearchView = { kind: 'search', query: parsed.text, understood, results: [], total: 0, suggestions: [], notes, asOf, sources };

    if (parsed.empty) {
      view.suggestions = nearestCapabilities(parsed.text);
      const examples = SEARCH_EXAMPLES.slice(0, 3).map((e) => `"${e}"`).join(', ');
      notes.push(
        shown
          ? `Nothing to search for in "${shown}". Describe what it should do, for example ${examples}.`
          : `Describe what it should do, for example ${examples}.`,
      );
      return view;
    }

    const hits = parsed.terms.length || parsed.phraseWords.length ? await core.catalog.searchText(textQuery(parsed)) : [];
    const out = rankSearch({
      query: parsed,
      filters: { type: input.type, free: input.free, maxPricePerMTok: input.maxPrice },
      products,
      scores,
      hits,
      limit: input.limit,
    });
    view.total = out.total;
    view.results = out.results.map((r) => ({
      id: r.product.id,
      name: r.product.name,
      type: r.product.type,
      category: r.product.category,
      rank: r.rank,
      relevance: r.score,
      pricing: pricingView(r.product),
      matched: r.matched,
    }));

    if (out.partial) {
      notes.push(
        `Nothing${filtersText(understood) ? ' within these filters' : ''} has all of ${listWords(parsed.capabilities.map((c) => c.label))}; showing what has ${out.partial.matched} of the ${out.partial.of}.`,
      );
    }
    if (out.total === 0) {
      const asked = new Set<string>(parsed.capabilities.map((c) => c.tag));
      view.suggestions = nearestCapabilities(parsed.text).filter((s) => !asked.has(s.tag));
      const filters = filtersText(understood);
      const base = `Nothing matched "${shown}"${filters ? ` with these filters (${filters})` : ''}.`;
      const hint = view.suggestions.length
        ? ` Nearest capabilities: ${view.suggestions.map((s) => s.label).join(', ')}.`
        : filters
          ? ' Try again without the filters.'
          : ` Try describing what it should do, for example "${SEARCH_EXAMPLES[0]}".`;
      notes.push(base + hint);
    }
    return view;
  },
};

/**
 * Search by what a product does: reading a query (capability phrases, a type word, free-text
 * words), and ranking the catalog for it by capability match, full-text relevance and
 * UnfragileRank. Pure: the full-text hits come from the store (CatalogRepo.searchText).
 */
import {
  CAPABILITY_SATISFIED_BY,
  CAPABILITY_SYNONYMS,
  CAPABILITY_TAGS,
  capabilityLabel,
  tagsFor,
  textTags,
  type CapabilityTag,
} from './capabilities.js';
import type { Product, ProductType } from './domain.js';
import { formatTokens, NO_COST_PRICING, perMillion, PRICE_TIER, pricingLabel } from './format.js';
import { SEARCH_FIELDS, type SearchField, type TextHit, type TextQuery } from './ports.js';
import { boundedDistance } from './resolve/distance.js';
import type { ProductScore } from './scoring/types.js';
import { PER_MTOK } from './domain.js';

/** Bounds of a search. */
export const SEARCH_LIMITS = {
  /** a longer query is cut to this many characters (and the answer says so) */
  queryChars: 300,
  /** free-text words sent to the full-text index */
  terms: 12,
  /** a longer word is cut to this many characters */
  termChars: 40,
  /** a free-text word this long may also match the start of a word in a name or alias ("whisp" finds Whisper) */
  namePrefixMin: 3,
  /** a synonym's "word*" this long is searched as text by its start ("transcri*"); shorter ones by the word typed */
  stemMin: 4,
  /** full-text hits ranked per query */
  textCandidates: 400,
  /** distinct words quoted per field in a result's "why" */
  matchedWords: 3,
  /** nearest capabilities suggested when nothing matched */
  suggestions: 3,
} as const;

/** How a search ranks: every weight of the ranking in one place. */
export const SEARCH_WEIGHTS = {
  /** bm25 weight of a match in each indexed field */
  fields: { name: 10, aliases: 8, vendor: 3, category: 4, capabilities: 3, description: 1 } satisfies Record<SearchField, number>,
  /**
   * The score of a result, each part 0-1: how well it has the capabilities asked for, how well
   * its text matches the free words, how many of the capability phrase's words its own text uses,
   * its UnfragileRank (as a percentile among entries of its type, since models and products are
   * scored on different evidence), and whether it is the kind of entry the query prefers. When
   * the query asks for cheap entries ("cheapest", "affordable"), price is one more part: the
   * entry's place among the candidates from the most expensive (0) to the cheapest (1); when the
   * query also names capabilities, every candidate has them and price orders the list outright.
   */
  blend: { capability: 0.5, text: 0.35, explicit: 0.1, rank: 0.15, preferredType: 0.05, price: 0.4 },
  /** text relevance: share of the words found, bm25 relative to the best hit, share of the words found in the name */
  text: { coverage: 0.4, bm25: 0.35, name: 0.25 },
  /** a capability the product lists among its decomposed capabilities counts 1; one only derived from its text counts this much */
  unlistedCapability: 0.7,
  /** least label similarity (0-1) for a capability to be suggested */
  suggestion: 0.7,
  /** label similarity: the mean best similarity of the phrase's words, and of the words in order */
  suggestionParts: { words: 0.8, order: 0.2 },
} as const;

/** Words that restrict a search to one kind of entry ("open weights model with long context"). */
const TYPE_WORDS: Record<string, ProductType> = { model: 'model', models: 'model', llm: 'model', llms: 'model' };

/** Words that ask for products as a whole, not for a kind of product ("/top tools", "/top coding apps"). */
const PRODUCT_TYPE_WORDS = new Set(['product', 'products', 'tool', 'tools', 'app', 'apps']);

/**
 * A word that names a type rather than a category ("models", "LLMs", "tools", "apps"), as people type it after
 * /top; null for anything else. "image models" is not one word: models have categories of their own.
 */
export function typeWord(word: string): 'model' | 'product' | null {
  const w = word.trim().toLowerCase();
  if (TYPE_WORDS[w] === 'model') return 'model';
  return PRODUCT_TYPE_WORDS.has(w) ? 'product' : null;
}

/**
 * Words that make "model" or "LLM" the object of a tool rather than what is sought: "run LLMs",
 * "deploy models", "LLM framework", "monitor LLM apps" ask for products that do that.
 */
const TOOLING_WORDS = new Set(
  'run running runs runner runners runtime runtimes engine engines server servers inference host hosting serve serving deploy deploying deployment build building monitor monitoring observability evaluate evaluating evaluation evals orchestrate orchestration framework frameworks gateway proxy tune tuning finetune finetuning'.split(
    ' ',
  ),
);

/** Words that make a search prefer products without excluding models ("coding assistant", "tools for ..."). */
const PRODUCT_WORDS = new Set(
  'tool tools app apps application applications assistant assistants software platform platforms service services product products extension extensions plugin plugins'.split(
    ' ',
  ),
);

/** Words that ask for the cheapest entries first ("cheap model with long context"). */
const CHEAP_WORDS = new Set(['cheap', 'cheaper', 'cheapest', 'affordable', 'inexpensive', 'budget', 'lowcost']);

/** Words that, next to a size ("1m context", "200k tokens", "context of 1 million"), make it a context length. */
const CONTEXT_WORDS = new Set(['context', 'ctx', 'window', 'token', 'tokens']);
const SIZE_UNITS: Record<string, number> = { k: 1_000, thousand: 1_000, m: 1_000_000, mil: 1_000_000, million: 1_000_000 };

/**
 * A context length the query asks for at least ("cheapest model with 1m context": 1,000,000) and the
 * positions of the words that said it; null when the query names none. A size needs a context word
 * right after it ("1m context", "128k tokens") or right before it ("context of 1m", "context 200k").
 */
function contextSize(tokens: string[]): { min: number; at: Set<number> } | null {
  for (let i = 0; i < tokens.length; i++) {
    let n: number | null = null;
    let span = 1;
    const joined = /^(\d{1,4})(k|m)$/.exec(tokens[i]!);
    if (joined) n = Number(joined[1]) * SIZE_UNITS[joined[2]!]!;
    else if (/^\d{1,4}$/.test(tokens[i]!) && SIZE_UNITS[tokens[i + 1] ?? '']) {
      n = Number(tokens[i]) * SIZE_UNITS[tokens[i + 1]!]!;
      span = 2;
    }
    if (n === null || n === 0) continue;
    const at = new Set<number>();
    for (let k = i; k < i + span; k++) at.add(k);
    let after = i + span;
    while (CONTEXT_WORDS.has(tokens[after] ?? '')) at.add(after++);
    let before = tokens[i - 1] === 'of' ? i - 2 : i - 1;
    if (CONTEXT_WORDS.has(tokens[before] ?? '')) {
      if (before === i - 2) at.add(i - 1);
      while (CONTEXT_WORDS.has(tokens[before] ?? '')) at.add(before--);
    }
    if (at.size > span) return { min: n, at };
  }
  return null;
}

/** Product words that keep their meaning inside a capability phrase. */
const ASSISTANT_WORDS = new Set(['assistant', 'assistants']);

/** Words that carry no meaning for a search. */
const STOPWORDS = new Set(
  (
    'a an the and or but not no of for to in on at by with without from into via as is are be been being was were it its this that these those ' +
    'which who whom what whats where when how why can could would should will shall may might must do does did done i me my we us our you your ' +
    'they them their he she his her any some something anything everything thing things stuff one ones all more most less very really just also ' +
    'please pls plz want wants need needs needed looking look find finding show give get got recommend suggest help helps helping let lets ' +
    'use uses using used like such good great best better top nice cool ai tool tools app apps application applications product products ' +
    'service services software platform platforms solution solutions option options alternative alternatives thats there here than then so ' +
    'generate generates generating generation generator generators create creates creating creation make makes making maker makers support ' +
    'supports supporting supported able allow allows other else new way ways'
  ).split(' '),
);

const CONTROL = /[\u0000-\u001f\u007f-\u009f]+/g;
const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const DIGIT = /\p{N}/u;

/** Lower-cased words of a text, diacritics folded, everything but letters and digits a separator. */
export function searchWords(text: string): string[] {
  const t = text.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NON_WORD, ' ').trim();
  return t === '' ? [] : t.split(' ');
}

// ---------------------------------------------------------------------------------------------
// capability phrases

interface PhraseWord {
  text: string;
  prefix: boolean;
}

interface Phrase {
  tag: CapabilityTag;
  words: PhraseWord[];
  /** characters that must match literally: the more, the more specific */
  literal: number;
}

function compilePhrase(tag: CapabilityTag, source: string): Phrase {
  const words = source
    .split(' ')
    .filter(Boolean)
    .map((w) => (w.endsWith('*') ? { text: w.slice(0, -1), prefix: true } : { text: w, prefix: false }));
  return { tag, words, literal: words.reduce((n, w) => n + w.text.length + (w.prefix ? 0 : 1), 0) };
}

/** Every synonym and label, longest and most specific first. */
const PHRASES: Phrase[] = CAPABILITY_TAGS.flatMap(({ tag, label }) => [
  compilePhrase(tag, searchWords(label).join(' ')),
  ...CAPABILITY_SYNONYMS[tag].map((s) => compilePhrase(tag, s)),
]).sort((a, b) => b.words.length - a.words.length || b.literal - a.literal);

/** Every literal word of the phrases ("generation" is a stopword for text search, not for telling capabilities apart). */
const PHRASE_VOCABULARY = new Set(PHRASES.flatMap((p) => p.words.filter((w) => !w.prefix).map((w) => w.text)));

function wordMatches(w: PhraseWord, token: string): boolean {
  return w.prefix ? token.startsWith(w.text) : token === w.text;
}

function phraseAt(tokens: string[], i: number): Phrase | null {
  for (const p of PHRASES) {
    if (i + p.words.length > tokens.length) continue;
    if (p.words.every((w, k) => wordMatches(w, tokens[i + k]!))) return p;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// reading a query

export interface QueryCapability {
  tag: CapabilityTag;
  label: string;
  /** the words of the query read as this capability */
  phrase: string;
}

export interface ParsedQuery {
  /** the query as used: control characters removed, spaces collapsed, cut to SEARCH_LIMITS.queryChars */
  text: string;
  truncated: boolean;
  capabilities: QueryCapability[];
  /** free-text words for the full-text index */
  terms: string[];
  /**
   * the meaningful words of the capability phrases ("speech", "text"; "transcri" for "transcribing",
   * from the synonym "transcri*"): searched as text too, so entries whose own text says it rank above
   * those that only carry the tag
   */
  phraseWords: string[];
  /** the phrase words that stand for any word starting with them */
  phraseStems: string[];
  /** "model" when the query says model(s) or LLM(s): only models qualify */
  type: ProductType | null;
  /** "product" when the query says tool, app, assistant...: products rank a little higher */
  prefers: ProductType | null;
  /** the query asks for cheap entries ("cheapest", "affordable"): price joins the ranking */
  cheap: boolean;
  /** the least context length the query asks for ("with 1m context"), in tokens; only entries with as much qualify */
  minContext: number | null;
  /** true when nothing in the query can be searched for */
  empty: boolean;
}

function cutQuery(text: string): { text: string; truncated: boolean } {
  const cleaned = text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned.length <= SEARCH_LIMITS.queryChars) return { text: cleaned, truncated: false };
  let cut = cleaned.slice(0, SEARCH_LIMITS.queryChars);
  // never leave half of a surrogate pair
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return { text: cut.trimEnd(), truncated: true };
}

/**
 * Splits a query into capability tags (by the synonym table, longest phrase first), type words
 * and the remaining meaningful words. Nothing of the user's text reaches the full-text index
 * except these plain words.
 */
export function parseSearchQuery(raw: string): ParsedQuery {
  const { text, truncated } = cutQuery(raw);
  const tokens = searchWords(text);
  const capabilities: QueryCapability[] = [];
  const terms: string[] = [];
  const phraseWords: string[] = [];
  const phraseStems: string[] = [];
  const keep = (list: string[], w: string) => {
    const word = w.slice(0, SEARCH_LIMITS.termChars);
    if (!list.includes(word)) list.push(word);
  };
  let productWord = false;
  let cheap = false;
  // "run LLMs locally", "LLM framework": the model is what the tool works on, so products are sought
  // and "LLM" is searched as a word
  const tooling = tokens.some((t) => TOOLING_WORDS.has(t));
  const context = contextSize(tokens);
  for (let i = 0; i < tokens.length; ) {
    if (context?.at.has(i)) {
      i++;
      continue;
    }
    const phrase = phraseAt(tokens, i);
    // a second phrase of a capability already read ("presentation slides": both say Design) adds no capability;
    // its words narrow the search as plain words instead, so "slides" ranks slide tools above other design tools
    if (phrase && capabilities.some((c) => c.tag === phrase.tag)) {
      for (const w of tokens.slice(i, i + phrase.words.length)) {
        if (w.length < 2 || STOPWORDS.has(w) || TYPE_WORDS[w] || PRODUCT_WORDS.has(w)) continue;
        if (terms.length < SEARCH_LIMITS.terms) keep(terms, w);
      }
      i += phrase.words.length;
      continue;
    }
    if (phrase) {
      const words = tokens.slice(i, i + phrase.words.length);
      capabilities.push({ tag: phrase.tag, label: capabilityLabel(phrase.tag), phrase: words.join(' ') });
      words.forEach((w, k) => {
        if (w.length < 2 || STOPWORDS.has(w) || TYPE_WORDS[w]) return;
        const pw = phrase.words[k]!;
        if (pw.prefix && pw.text.length >= SEARCH_LIMITS.stemMin) {
          keep(phraseWords, pw.text);
          keep(phraseStems, pw.text);
        } else keep(phraseWords, w);
      });
      // "coding assistant" names an app; the "tool" of "tool calling" does not
      if (words.some((w) => ASSISTANT_WORDS.has(w))) productWord = true;
      i += phrase.words.length;
      continue;
    }
    const token = tokens[i]!;
    i++;
    if (PRODUCT_WORDS.has(token)) productWord = true;
    if (CHEAP_WORDS.has(token)) {
      cheap = true;
      continue;
    }
    if ((TYPE_WORDS[token] && !tooling) || STOPWORDS.has(token) || PRODUCT_WORDS.has(token)) continue;
    if (token.length < 2 && !DIGIT.test(token)) continue;
    if (terms.length < SEARCH_LIMITS.terms) keep(terms, token);
  }
  // type words count wherever they stand, inside a capability phrase too ("open source models")
  const type = tooling ? null : (tokens.map((t) => TYPE_WORDS[t]).find((t) => t !== undefined) ?? null);
  const prefers = type === null && (productWord || (tooling && tokens.some((t) => TYPE_WORDS[t]))) ? 'product' : null;
  const minContext = context?.min ?? null;
  return {
    text,
    truncated,
    capabilities,
    terms,
    phraseWords,
    phraseStems,
    type,
    prefers,
    cheap,
    minContext,
    empty: capabilities.length === 0 && terms.length === 0 && minContext === null,
  };
}

/**
 * "claude vs chatgpt for coding": the purpose after the last name of a comparison is not part of it when it names
 * a capability ("for coding", "for image generation"); a name that is "X for Y" otherwise stays whole ("ChatGPT for Sheets").
 */
export function withoutPurpose(name: string): string {
  const m = /^(.+?)\s+for\s+((?:\S+\s*){1,3})$/i.exec(name);
  return m && parseSearchQuery(m[2]!).capabilities.length > 0 ? m[1]! : name;
}

/** The full-text part of a parsed query, for CatalogRepo.searchText: the free words (also as name prefixes), then the phrase words. */
export function textQuery(q: ParsedQuery): TextQuery {
  const terms: TextQuery['terms'] = q.terms.map((word) => ({ word, namePrefix: word.length >= SEARCH_LIMITS.namePrefixMin }));
  for (const word of q.phraseWords)
    if (!q.terms.includes(word) && terms.length < SEARCH_LIMITS.terms) terms.push({ word, namePrefix: false, prefix: q.phraseStems.includes(word) });
  return { terms, weights: { ...SEARCH_WEIGHTS.fields }, limit: SEARCH_LIMITS.textCandidates };
}

// ---------------------------------------------------------------------------------------------
// capability index and rank percentiles

interface TagInfo {
  tags: Set<string>;
  /** tags of the product's decomposed capabilities */
  listed: Set<string>;
  /** tags its own name and description state in their tagging words */
  said: Set<string>;
}

const indexes = new WeakMap<readonly Product[], Map<string, TagInfo>>();

/** Tags of every product, computed once per product list (the core caches the list until the next import). */
export function capabilityIndex(products: readonly Product[]): Map<string, TagInfo> {
  let index = indexes.get(products);
  if (!index) {
    index = new Map();
    for (const p of products) {
      const listed = new Set(p.capabilities.map((c) => c.tag).filter((t): t is string => Boolean(t)));
      index.set(p.id, { tags: new Set(tagsFor(p)), listed, said: new Set(textTags(p)) });
    }
    indexes.set(products, index);
  }
  return index;
}

const percentiles = new WeakMap<Map<string, ProductScore>, Map<string, number>>();

/**
 * UnfragileRank as a percentile (0-1) among the scored entries of the same type; tied scores
 * share the middle of their span. Computed once per scoring run (the core caches the map).
 */
export function rankPercentiles(scores: Map<string, ProductScore>): Map<string, number> {
  let out = percentiles.get(scores);
  if (out) return out;
  out = new Map();
  const byType = new Map<string, ProductScore[]>();
  for (const s of scores.values()) {
    const list = byType.get(s.type);
    if (list) list.push(s);
    else byType.set(s.type, [s]);
  }
  for (const list of byType.values()) {
    list.sort((a, b) => a.score - b.score);
    const n = list.length;
    for (let i = 0; i < n; ) {
      let j = i;
      while (j + 1 < n && list[j + 1]!.score === list[i]!.score) j++;
      const p = n === 1 ? 1 : (i + j) / 2 / (n - 1);
      for (let k = i; k <= j; k++) out.set(list[k]!.productId, p);
      i = j + 1;
    }
  }
  percentiles.set(scores, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// ranking

export interface SearchFilters {
  /** the type option; when null the query's type word (if any) applies */
  type: ProductType | null;
  /** only entries usable at no cost: free, freemium, open source, or with a free tier */
  free: boolean;
  /** USD per 1M input tokens; entries without a known input price are left out */
  maxPricePerMTok: number | null;
}

export interface SearchResult {
  product: Product;
  /** ordering score, 0-1 */
  score: number;
  /** UnfragileRank 0-100 */
  rank: number;
  /** why it matched, in words */
  matched: string[];
}

export interface SearchOutcome {
  results: SearchResult[];
  /** every entry that matched, before the limit */
  total: number;
  /** the type that applied (from the option or the query) */
  type: ProductType | null;
  /** set when no entry has every capability of the query: the results have `matched` of the `of` */
  partial: { matched: number; of: number } | null;
}

interface CapabilityMatch {
  tag: CapabilityTag;
  /** the product's tag that satisfies it (the same tag, or one implying it) */
  via: string;
  strength: number;
}

function capabilityMatches(info: TagInfo, wanted: CapabilityTag[]): CapabilityMatch[] {
  const out: CapabilityMatch[] = [];
  const strength = (t: string) => (info.listed.has(t) ? 1 : SEARCH_WEIGHTS.unlistedCapability);
  for (const tag of wanted) {
    if (info.tags.has(tag)) {
      out.push({ tag, via: tag, strength: strength(tag) });
      continue;
    }
    const via = (CAPABILITY_SATISFIED_BY[tag] ?? []).find((t) => info.tags.has(t));
    if (via) out.push({ tag, via, strength: strength(via) });
  }
  return out;
}

const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'ers', 'er', 'ies', 'es', 'ed', 's'];

function stem(w: string): string {
  for (const s of SUFFIXES) if (w.length - s.length >= 3 && w.endsWith(s)) return w.slice(0, -s.length);
  return w;
}

/** A query word and a matched word of the text are the same word (the index stems; this approximates it). */
function sameWord(term: string, word: string): boolean {
  if (word.startsWith(term)) return true;
  const st = stem(term);
  return st === stem(word) || (st.length >= 4 && word.startsWith(st));
}

const fold = (w: string) => searchWords(w).join(' ');

/** The folded words that matched in the given fields. */
function matchedIn(hit: TextHit | undefined, fields: readonly SearchField[]): string[] {
  if (!hit) return [];
  return fields.flatMap((f) => (hit.fields[f] ?? []).map(fold));
}

/** Stricter for names: the typed word starts the name's word, or both stem alike ("meetings" is not "MeetGeek"). */
function sameNameWord(term: string, word: string): boolean {
  return word.startsWith(term) || stem(term) === stem(word);
}

function share(words: string[], found: string[], same: (t: string, w: string) => boolean = sameWord): number {
  return words.length === 0 ? 0 : words.filter((t) => found.some((w) => same(t, w))).length / words.length;
}

const NAME_FIELDS: readonly SearchField[] = ['name', 'aliases'];
/** fields where a capability phrase's words show the entry's own text describes it (capability labels would say it of every holder) */
const OWN_TEXT_FIELDS: readonly SearchField[] = ['name', 'aliases', 'category', 'description'];

function textScore(hit: TextHit | undefined, terms: string[], best: number): number {
  if (!hit || terms.length === 0) return 0;
  const W = SEARCH_WEIGHTS.text;
  return (
    W.coverage * share(terms, matchedIn(hit, SEARCH_FIELDS)) +
    (best > 0 ? (W.bm25 * hit.score) / best : 0) +
    W.name * share(terms, matchedIn(hit, NAME_FIELDS), sameNameWord)
  );
}

const FIELD_WHY: Record<SearchField, string> = {
  name: 'name matches',
  aliases: 'also known as',
  vendor: 'vendor matches',
  category: 'category matches',
  capabilities: 'capabilities mention',
  description: 'description mentions',
};

function quoteWords(words: string[]): string {
  const seen: string[] = [];
  for (const w of words) {
    const lw = w.toLowerCase();
    if (!seen.includes(lw)) seen.push(lw);
  }
  return seen
    .slice(0, SEARCH_LIMITS.matchedWords)
    .map((w) => `'${w}'`)
    .join(', ');
}

/** tolerance for float noise when comparing a per-token price with a per-1M limit */
const PRICE_EPSILON = 1e-9;

function why(p: Product, caps: CapabilityMatch[], hit: TextHit | undefined, query: ParsedQuery, filters: SearchFilters): string[] {
  const { terms, cheap } = query;
  const out = caps.map((c) => (c.via === c.tag ? `capability: ${capabilityLabel(c.tag)}` : `capability: ${capabilityLabel(c.tag)} (${capabilityLabel(c.via)})`));
  if (hit) {
    const inName = new Set((hit.fields.name ?? []).map(fold));
    for (const f of SEARCH_FIELDS) {
      let words = hit.fields[f] ?? [];
      // capability labels matching a capability phrase repeat the line above; only free words count there
      if (f === 'capabilities') words = words.filter((w) => terms.some((t) => sameWord(t, fold(w))));
      // an alias that is the name again says nothing new
      if (f === 'aliases') words = words.filter((w) => !inName.has(fold(w)));
      if (words.length) out.push(`${FIELD_WHY[f]} ${quoteWords(words)}`);
    }
  }
  if (filters.free && !caps.some((c) => c.tag === 'free-tier')) {
    out.push(p.pricing.model !== null && NO_COST_PRICING.has(p.pricing.model) ? `pricing: ${pricingLabel(p.pricing.model)}` : 'pricing: free tier');
  }
  if (query.minContext !== null && p.contextLength !== null) out.push(`${formatTokens(p.contextLength)}-token context`);
  if ((filters.maxPricePerMTok !== null || cheap) && p.pricing.promptPerToken !== null) out.push(`${perMillion(p.pricing.promptPerToken)} per 1M input tokens`);
  else if (cheap && p.pricing.model !== null && !(filters.free && NO_COST_PRICING.has(p.pricing.model))) out.push(`pricing: ${pricingLabel(p.pricing.model)}`);
  return out;
}

/**
 * The share of the given capabilities that the entry's own name or description states in any of the words that
 * tag it ("voiceovers", "voice generator" for text to speech), so a listing is not ranked below another only for
 * not using the label's words.
 */
function saysInOwnWords(info: TagInfo, tags: readonly string[]): number {
  if (tags.length === 0) return 0;
  return tags.filter((t) => info.said.has(t)).length / tags.length;
}

/**
 * Each entry's cheapness among the given ones, 0-1: 1 for the cheapest, 0 for the most expensive
 * or unknown. Pricing model first (free before freemium before paid), then the per-token price;
 * equal prices share a value.
 */
function priceShares(products: readonly Product[]): Map<string, number> {
  const key = (p: Product): [number, number] => [
    p.pricing.model === null ? Number.POSITIVE_INFINITY : PRICE_TIER[p.pricing.model],
    p.pricing.promptPerToken ?? Number.POSITIVE_INFINITY,
  ];
  const known = products.filter((p) => p.pricing.model !== null || p.pricing.promptPerToken !== null).map((p) => ({ id: p.id, k: key(p) }));
  known.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1]);
  const out = new Map<string, number>(products.map((p) => [p.id, 0]));
  for (let i = 0; i < known.length; ) {
    let j = i;
    while (j + 1 < known.length && known[j + 1]!.k[0] === known[i]!.k[0] && known[j + 1]!.k[1] === known[i]!.k[1]) j++;
    const share = known.length === 1 ? 1 : 1 - (i + j) / 2 / (known.length - 1);
    for (let m = i; m <= j; m++) out.set(known[m]!.id, share);
    i = j + 1;
  }
  return out;
}

export interface RankInput {
  query: ParsedQuery;
  filters: SearchFilters;
  products: readonly Product[];
  scores: Map<string, ProductScore>;
  /** full-text hits for textQuery(query) */
  hits: TextHit[];
  limit: number;
}

/**
 * Ranks the catalog for a parsed query. With capabilities in the query, only entries having
 * all of them qualify (or, when none has all, those having the most); the words then order
 * them. Without capabilities, the full-text hits are the candidates. Filters apply to both.
 */
export function rankSearch(input: RankInput): SearchOutcome {
  const { query, filters, products, scores, hits } = input;
  const index = capabilityIndex(products);
  const percentile = rankPercentiles(scores);
  const hitById = new Map(hits.map((h) => [h.id, h]));
  const best = hits.reduce((m, h) => Math.max(m, h.score), 0);
  const type = filters.type ?? query.type;
  const wanted = query.capabilities.map((c) => c.tag);

  const eligible = (p: Product, info: TagInfo): boolean => {
    if (type && p.type !== type) return false;
    if (query.minContext !== null && (p.contextLength ?? 0) < query.minContext) return false;
    if (filters.free && !info.tags.has('free-tier')) return false;
    if (filters.maxPricePerMTok !== null) {
      const price = p.pricing.promptPerToken;
      if (price === null || price * PER_MTOK > filters.maxPricePerMTok + PRICE_EPSILON) return false;
    }
    return true;
  };

  let pool: Array<{ p: Product; caps: CapabilityMatch[] }> = [];
  let partial: SearchOutcome['partial'] = null;
  if (wanted.length > 0) {
    let most = 0;
    for (const p of products) {
      const info = index.get(p.id)!;
      if (!eligible(p, info)) continue;
      const caps = capabilityMatches(info, wanted);
      if (caps.length === 0 || caps.length < most) continue;
      if (caps.length > most) {
        most = caps.length;
        pool = [];
      }
      pool.push({ p, caps });
    }
    if (most > 0 && most < wanted.length) partial = { matched: most, of: wanted.length };
  } else if (query.terms.length > 0) {
    for (const p of products) if (hitById.has(p.id) && eligible(p, index.get(p.id)!)) pool.push({ p, caps: [] });
  } else if (query.minContext !== null) {
    // "model with 1m context": the context length is the whole ask, so every entry with as much is a candidate
    for (const p of products) if (eligible(p, index.get(p.id)!)) pool.push({ p, caps: [] });
  }

  // a capability asked for by its own label ("text to speech") is stated as well in any of the words that tag it;
  // one asked for by a narrower phrase ("help desk" for customer support) keeps its words
  const byLabel = query.capabilities.filter((c) => searchWords(c.label).join(' ') === searchWords(c.phrase).join(' ')).map((c) => c.tag);
  const W = SEARCH_WEIGHTS.blend;
  const cheapness = query.cheap ? priceShares(pool.map((x) => x.p)) : null;
  const scored = pool.map(({ p, caps }) => {
    const hit = hitById.get(p.id);
    const capability = wanted.length ? caps.reduce((n, c) => n + c.strength, 0) / wanted.length : 0;
    const score =
      W.capability * capability +
      W.text * textScore(hit, query.terms, best) +
      W.explicit * Math.max(share(query.phraseWords, matchedIn(hit, OWN_TEXT_FIELDS)), saysInOwnWords(index.get(p.id)!, byLabel)) +
      W.rank * (percentile.get(p.id) ?? 0) +
      (query.prefers === p.type ? W.preferredType : 0) +
      (cheapness ? W.price * cheapness.get(p.id)! : 0);
    return { p, caps, hit, rank: scores.get(p.id)?.score ?? 0, score };
  });
  // "cheapest ..." with capabilities, or with nothing but filters ("cheapest model with 1m context"): every
  // candidate has what was asked, so the kind of entry the query prefers ("assistant", "tool": products) and
  // then price order them (unknown prices last)
  const preferred = (p: Product) => (query.prefers === p.type ? 1 : 0);
  const byPrice =
    cheapness && (wanted.length > 0 || query.terms.length === 0)
      ? (a: { p: Product }, b: { p: Product }) => preferred(b.p) - preferred(a.p) || cheapness.get(b.p.id)! - cheapness.get(a.p.id)!
      : () => 0;
  scored.sort((a, b) => byPrice(a, b) || b.score - a.score || b.rank - a.rank || (a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0));
  return {
    results: scored.slice(0, input.limit).map((x) => ({
      product: x.p,
      score: Math.round(x.score * 1000) / 1000,
      rank: Math.round(x.rank),
      matched: why(x.p, x.caps, x.hit, query, filters),
    })),
    total: scored.length,
    type,
    partial,
  };
}

// ---------------------------------------------------------------------------------------------
// suggestions

function similarity(a: string, b: string): number {
  const len = Math.max(a.length, b.length);
  if (len === 0) return 0;
  const max = Math.floor(len / 2);
  const d = boundedDistance(a, b, max);
  return d > max ? 0 : 1 - d / len;
}

function wordSimilarity(query: string, w: PhraseWord): number {
  if (!w.prefix) return similarity(query, w.text);
  // a prefix word is compared with the start of the query word, give or take a letter
  let best = 0;
  for (const n of [w.text.length - 1, w.text.length, w.text.length + 1]) if (n > 0) best = Math.max(best, similarity(query.slice(0, n), w.text));
  return best;
}

/**
 * The capabilities whose label or synonyms look most like the query (typos included), best
 * first: each phrase scores the mean, over its words, of the best-matching query word.
 */
export function nearestCapabilities(text: string, n: number = SEARCH_LIMITS.suggestions): Array<{ tag: CapabilityTag; label: string }> {
  const words = searchWords(cutQuery(text).text)
    .filter((w) => w.length >= 3 && (!STOPWORDS.has(w) || PHRASE_VOCABULARY.has(w)))
    .slice(0, SEARCH_LIMITS.terms);
  if (words.length === 0) return [];
  const whole = words.join(' ');
  const W = SEARCH_WEIGHTS.suggestionParts;
  const bestByTag = new Map<CapabilityTag, number>();
  for (const p of PHRASES) {
    const meaningful = p.words.filter((w) => w.text.length >= 3);
    if (meaningful.length === 0) continue;
    const byWord = meaningful.reduce((sum, w) => sum + Math.max(...words.map((q) => wordSimilarity(q, w))), 0) / meaningful.length;
    // word order tells "text to speech" from "speech to text"
    const order = similarity(whole, meaningful.map((w) => w.text).join(' '));
    const s = W.words * byWord + W.order * order;
    if (s > (bestByTag.get(p.tag) ?? 0)) bestByTag.set(p.tag, s);
  }
  const order = new Map(CAPABILITY_TAGS.map((t, i) => [t.tag, i]));
  return [...bestByTag]
    .filter(([, s]) => s >= SEARCH_WEIGHTS.suggestion)
    .sort((a, b) => b[1] - a[1] || order.get(a[0])! - order.get(b[0])!)
    .slice(0, n)
    .map(([tag]) => ({ tag, label: capabilityLabel(tag) }));
}

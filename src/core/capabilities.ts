/**
 * Capability tagging and derivation (the taxonomy itself is data/capabilities.json, read by
 * capability-taxonomy.ts). Pure: products in, products with capabilities out.
 * Every "unique" and "vs alternatives" line is computed from the catalog it is given, so the
 * same catalog always yields the same text (ties are broken by id).
 */
import type { Capability, Product, ProductType } from './domain.js';
import { PRODUCT_TYPES } from './domain.js';
import {
  CAPABILITY_SENTENCE,
  CAPABILITY_SYNONYMS,
  CAPABILITY_TAGS,
  capabilityLabel,
  isCapabilityTag,
  requireTags,
  TAG_INDEX,
  TAGGING_PATTERNS,
  type CapabilityTag,
} from './capability-taxonomy.js';
import { NO_COST_PRICING, perMillion, pricingLabel } from './format.js';
import { formatCount } from './scoring/format.js';

export { formatCount };

export { CAPABILITY_SYNONYMS, CAPABILITY_TAGS, capabilityLabel, isCapabilityTag, type CapabilityTag };

/** Models and routers are described by their API facts (modalities, parameters, prices); products by their listings. */
function servedByApi(type: ProductType): boolean {
  return type !== 'product';
}

/**
 * When a search asks for the key, a product with one of these tags has it too: speech-to-text,
 * text-to-speech and music are audio work; open weights are an open release.
 */
export const CAPABILITY_SATISFIED_BY: Partial<Record<CapabilityTag, readonly CapabilityTag[]>> = {
  audio: ['speech-to-text', 'text-to-speech', 'music'],
  'open-source': ['open-weights'],
};

/** Context length from which a model counts as long-context. */
export const LONG_CONTEXT_TOKENS = 128_000;

// ---------------------------------------------------------------------------------------------
// formatting


function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** 128000 -> "128K", 1048576 -> "1.05M", 8192 -> "8.2K" */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${trimZeros((n / 1_000_000).toFixed(n % 1_000_000 === 0 ? 0 : 2))}M`;
  if (n >= 1_000) return `${trimZeros((n / 1_000).toFixed(n % 1_000 === 0 || n >= 100_000 ? 0 : 1))}K`;
  return String(n);
}



function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

/** how much larger a is than b (a >= b): "17x", "2.4x" or "8%" */
function ratio(a: number, b: number): string {
  const r = a / b;
  if (r < 1.1) return `${Math.max(1, Math.round((r - 1) * 100))}%`;
  return r >= 10 ? `${Math.round(r)}x` : `${trimZeros(r.toFixed(1))}x`;
}

function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function firstSentence(text: string, max = 160): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(t);
  let s = m ? m[1] : t;
  if (s.length > max) s = `${s.slice(0, max - 1).replace(/\s+\S*$/, '')}...`;
  return s;
}

// ---------------------------------------------------------------------------------------------
// tags

const KEYWORDS = TAGGING_PATTERNS;

const MODEL_KEYWORD_TAGS = new Set<CapabilityTag>(requireTags('MODEL_KEYWORD_TAGS', ['summarization', 'multilingual', 'code', 'search-retrieval', 'agents']));

const CATEGORY_TAG: Record<string, CapabilityTag> = {
  chatbots: 'chat',
  coding: 'code',
  agents: 'agents',
  image: 'image-generation',
  video: 'video',
  audio: 'audio',
  writing: 'writing',
  search: 'search-retrieval',
  productivity: 'productivity',
  automation: 'automation',
  design: 'design',
  research: 'research',
  marketing: 'marketing',
  business: 'business',
  education: 'education',
};
requireTags('CATEGORY_TAG', Object.values(CATEGORY_TAG));

/**
 * Jobs of a category narrower than its default tag: an Image listing that only says it removes objects or
 * backgrounds is an image editor, not an image generator.
 */
const CATEGORY_NARROWER: Partial<Record<CapabilityTag, CapabilityTag[]>> = {
  'image-generation': ['image-editing'],
};

const MODEL_ORDER: readonly CapabilityTag[] = requireTags('MODEL_ORDER', [
  'image-generation', 'image-editing', 'text-to-speech', 'speech-to-text', 'music', 'video', 'embeddings',
  'code', 'chat', 'reasoning', 'vision-input', 'tool-calling', 'long-context', 'search-retrieval', 'agents',
  'structured-output', 'multilingual', 'summarization', 'open-weights', 'free-tier', 'self-hostable', 'text-generation', 'audio',
]);

const PRODUCT_ORDER: readonly CapabilityTag[] = requireTags('PRODUCT_ORDER', [
  'chat', 'code', 'agents', 'image-generation', 'image-editing', 'video', 'music', 'text-to-speech', 'speech-to-text', 'audio',
  'search-retrieval', 'writing', 'summarization', 'research', 'data-analysis', 'design', 'marketing', 'business', 'education', 'automation', 'productivity',
  'multilingual', 'vision-input', 'reasoning', 'text-generation', 'embeddings', 'open-source', 'self-hostable', 'free-tier',
  'open-weights', 'tool-calling', 'structured-output', 'long-context',
]);

const MAX_MODEL_CAPABILITIES = 6;
const MAX_PRODUCT_CAPABILITIES = 5;

function searchText(p: Product): string {
  return `${p.name} ${servedByApi(p.type) ? p.id : ''} ${p.description}`.toLowerCase();
}

/** Capability tags that apply to a product (taxonomy order), from its modalities, parameters, context, features, price and text. */
export function tagsFor(p: Product): string[] {
  return tagsOf(p);
}

function tagsOf(p: Product): CapabilityTag[] {
  const tags = new Set<CapabilityTag>();
  const text = searchText(p);
  const f = p.features;
  const free = (p.pricing.model !== null && NO_COST_PRICING.has(p.pricing.model)) || f.freeTier === true;
  if (servedByApi(p.type)) {
    const input = p.inputModalities;
    const output = p.outputModalities;
    const params = new Set(p.supportedParameters);
    const embeds = output.includes('embeddings') || /\bembed/.test(p.id);
    if (embeds) tags.add('embeddings');
    const music = /\bmusic|\bsongs?\b|\blyria\b/.test(text);
    if (output.includes('text') && !embeds) {
      tags.add('text-generation');
      // a music generator's text output comes with its songs; it is not a chat model
      if (input.includes('text') && !(music && output.includes('audio'))) tags.add('chat');
    }
    if (f.reasoning || params.has('reasoning')) tags.add('reasoning');
    if ((p.contextLength ?? 0) >= LONG_CONTEXT_TOKENS) tags.add('long-context');
    if (f.toolCalling || params.has('tools')) tags.add('tool-calling');
    if (f.structuredOutput || params.has('structured_outputs')) tags.add('structured-output');
    if (input.includes('image') || f.vision) tags.add('vision-input');
    if (output.includes('image')) tags.add('image-generation');
    if (output.includes('image') && input.includes('image')) tags.add('image-editing');
    if ((input.includes('audio') || f.audioInput) && output.includes('text')) tags.add('speech-to-text');
    if ((output.includes('audio') || f.audioOutput) && !music) tags.add('text-to-speech');
    if (music && output.includes('audio')) tags.add('music');
    if (input.includes('audio') || output.includes('audio')) tags.add('audio');
    if (input.includes('video') || output.includes('video')) tags.add('video');
    if (f.webSearch || params.has('web_search_options')) tags.add('search-retrieval');
    if (f.openWeights) {
      tags.add('open-weights');
      tags.add('self-hostable');
    }
    for (const [tag, re] of KEYWORDS) if (MODEL_KEYWORD_TAGS.has(tag) && re.test(text)) tags.add(tag);
    if (tags.has('music')) tags.add('audio');
  } else {
    for (const [tag, re] of KEYWORDS) if (re.test(text)) tags.add(tag);
    // the category names a default; a listing that names a narrower job of that category keeps only that job
    const fromCategory = CATEGORY_TAG[p.category.toLowerCase()];
    const narrower = fromCategory ? (CATEGORY_NARROWER[fromCategory] ?? []) : [];
    if (fromCategory && !narrower.some((t) => tags.has(t) && !tags.has(fromCategory))) tags.add(fromCategory);
    if (tags.has('chat') || tags.has('writing')) tags.add('text-generation');
    if (f.openSource) {
      tags.add('open-source');
      tags.add('self-hostable');
    }
    if (f.openWeights) tags.add('open-weights');
    if (/self-host|on-device|offline|run (it |them |models )?locally|local (llms?|models?)/.test(text)) tags.add('self-hostable');
    if (p.inputModalities.includes('image')) tags.add('vision-input');
  }
  if (free) tags.add('free-tier');
  for (const c of p.capabilities) if (c.tag && isCapabilityTag(c.tag)) tags.add(c.tag);
  if (tags.size === 0) tags.add(servedByApi(p.type) ? 'text-generation' : 'productivity');
  return [...tags].sort((a, b) => (TAG_INDEX.get(a) ?? 0) - (TAG_INDEX.get(b) ?? 0));
}

// ---------------------------------------------------------------------------------------------
// derivation

interface Item {
  p: Product;
  index: number;
  tags: CapabilityTag[];
  tagSet: Set<CapabilityTag>;
  /** USD per prompt token when > 0 */
  price: number | null;
  /** USD per completion token when > 0 */
  completion: number | null;
  context: number | null;
  providers: number;
  sources: number;
  /** ordering value inside groups: price for models, breadth of sources for products */
  order: number;
  /** distance scale of `order`: log price for models, the order itself for products */
  scale: number;
  /** the same model under another route or snapshot shares this key */
  variant: string;
}

type Metric = 'price' | 'completion' | 'context' | 'providers' | 'sources';

interface RankInfo {
  rank: number;
  tied: number;
  of: number;
}

function metricsFor(type: ProductType, tag: CapabilityTag): Metric[] {
  if (type === 'product') return ['sources'];
  return tag === 'reasoning' ? ['completion', 'context', 'providers'] : ['price', 'context', 'providers'];
}

function metricValue(it: Item, m: Metric): number | null {
  switch (m) {
    case 'price':
      return it.price;
    case 'completion':
      return it.completion;
    case 'context':
      return it.context;
    case 'providers':
      return it.providers > 0 ? it.providers : null;
    case 'sources':
      return it.sources > 0 ? it.sources : null;
  }
}

function byId(a: Item, b: Item): number {
  return a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0;
}

function variantKey(id: string): string {
  return id
    .toLowerCase()
    .replace(/^~/, '')
    .replace(/:[a-z-]+$/, '')
    .replace(/-(19|20)\d{2}-?\d{2}-?\d{2}$/, '')
    .replace(/-(preview|latest)$/, '');
}

const GROUP_PHRASES: Partial<Record<CapabilityTag, (noun: string) => string>> = {
  'long-context': (n) => `${n} with at least ${formatTokens(LONG_CONTEXT_TOKENS)} context`,
  'open-weights': (n) => `open-weight ${n}`,
  'open-source': (n) => `open-source ${n}`,
  'free-tier': (n) => `${n} with a free tier`,
  'vision-input': (n) => `${n} that accept images`,
  'self-hostable': (n) => `self-hostable ${n}`,
  'text-generation': (n) => `text-generating ${n}`,
  chat: (n) => `chat ${n}`,
  code: (n) => `coding ${n}`,
  reasoning: (n) => `reasoning ${n}`,
  multilingual: (n) => `multilingual ${n}`,
  summarization: (n) => `${n} suited to summarization`,
  writing: (n) => `writing ${n}`,
  'tool-calling': (n) => `${n} with tool calling`,
  'structured-output': (n) => `${n} with structured output`,
  'image-generation': (n) => `image-generating ${n}`,
  'image-editing': (n) => `image-editing ${n}`,
  'speech-to-text': (n) => `speech-to-text ${n}`,
  'text-to-speech': (n) => `text-to-speech ${n}`,
  audio: (n) => `audio ${n}`,
  music: (n) => `music ${n}`,
  video: (n) => `video ${n}`,
  embeddings: (n) => `embedding ${n}`,
  'search-retrieval': (n) => `search and retrieval ${n}`,
  agents: (n) => `agent ${n}`,
  automation: (n) => `automation ${n}`,
  productivity: (n) => `productivity ${n}`,
  design: (n) => `design ${n}`,
  research: (n) => `research ${n}`,
  'data-analysis': (n) => `data-analysis ${n}`,
  marketing: (n) => `marketing ${n}`,
  business: (n) => `business-operations ${n}`,
  education: (n) => `education ${n}`,
};

function groupPhrase(type: ProductType, tag: CapabilityTag, n: number): string {
  const noun = `${type}${n === 1 ? '' : 's'}`;
  const f = GROUP_PHRASES[tag];
  return f ? f(noun) : `${noun} with ${capabilityLabel(tag).toLowerCase()}`;
}

function metricFact(it: Item, m: Metric): string {
  switch (m) {
    case 'price':
      return `${perMillion(it.price!)} per 1M input tokens`;
    case 'completion':
      return `${perMillion(it.completion!)} per 1M output tokens`;
    case 'context':
      return `${formatTokens(it.context!)} tokens`;
    case 'providers':
      return `${it.providers} providers`;
    case 'sources':
      return `${it.sources} sources`;
  }
}

const METRIC_WORDS: Record<Metric, { sup: string; noun: string; share: string }> = {
  price: { sup: 'lowest', noun: 'prompt price', share: 'cheapest' },
  completion: { sup: 'lowest', noun: 'output-token price', share: 'cheapest on output tokens' },
  context: { sup: 'largest', noun: 'context window', share: 'top by context window' },
  providers: { sup: 'most', noun: 'serving providers', share: 'top by number of serving providers' },
  sources: { sup: 'most', noun: 'data sources backing it', share: 'top by number of data sources' },
};

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function rankLine(m: Metric, r: RankInfo, phrase: string, fact: string): string {
  const w = METRIC_WORDS[m];
  const place = r.rank === 1 ? w.sup : `${ordinal(r.rank)}-${w.sup}`;
  return capitalise(`${r.tied > 1 ? 'joint ' : ''}${place} ${w.noun} among ${formatCount(r.of)} ${phrase} (${fact})`);
}

function shareLine(m: Metric, r: RankInfo, phrase: string, fact: string): string {
  const pct = Math.max(1, Math.ceil((r.rank / r.of) * 100));
  const w = METRIC_WORDS[m];
  return m === 'price' || m === 'completion'
    ? `Among the ${w.share.replace('cheapest', `cheapest ${pct}%`)} of ${formatCount(r.of)} ${phrase} (${fact})`
    : `In the top ${pct}% of ${formatCount(r.of)} ${phrase} ${w.share.replace('top ', '')} (${fact})`;
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const METRICS: Metric[] = ['price', 'completion', 'context', 'providers', 'sources'];
const TAG_COUNT = CAPABILITY_TAGS.length;

/** index of the (type, tag) peer group */
function groupIndex(type: ProductType, tag: CapabilityTag): number {
  return PRODUCT_TYPES.indexOf(type) * TAG_COUNT + TAG_INDEX.get(tag)!;
}

class Catalog {
  readonly items: Item[];
  /** members of each (type, tag) group */
  private readonly groups: Item[][] = Array.from({ length: PRODUCT_TYPES.length * TAG_COUNT }, () => []);
  /** per metric, per group: members that have the metric, best first, then by id */
  private readonly sortedBy = new Map<Metric, Item[][]>();
  private readonly medians = new Map<number, number | null>();
  /** per metric: value by item index (valid for items that have the metric) */
  private readonly values = new Map<Metric, Float64Array>();
  /** co-occurrence counts of tag pairs per type, indexed [group][other tag] */
  private readonly pairs = new Int32Array(PRODUCT_TYPES.length * TAG_COUNT * TAG_COUNT);
  /** per (type, category, tag signature): items sorted by order then id */
  private readonly bySignature = new Map<string, Item[]>();
  /** per (type, category): items sorted by order then id */
  private readonly byCategory = new Map<string, Item[]>();
  private readonly byProductId = new Map<string, Item>();

  constructor(products: Product[]) {
    this.items = products.map((p, index) => {
      const tags = tagsOf(p);
      const price = p.pricing.promptPerToken !== null && p.pricing.promptPerToken > 0 ? p.pricing.promptPerToken : null;
      const completion = p.pricing.completionPerToken !== null && p.pricing.completionPerToken > 0 ? p.pricing.completionPerToken : null;
      const sources = p.provenance.sources.length;
      return {
        p,
        index,
        tags,
        tagSet: new Set(tags),
        price,
        completion,
        context: p.contextLength && p.contextLength > 0 ? p.contextLength : null,
        providers: p.providers.length,
        sources,
        order: servedByApi(p.type) ? (price ?? Number.POSITIVE_INFINITY) : -sources,
        scale: servedByApi(p.type) ? (price === null ? Number.POSITIVE_INFINITY : Math.log(price)) : -sources,
        variant: servedByApi(p.type) ? variantKey(p.id) : p.id,
      };
    });
    for (const it of this.items) this.byProductId.set(it.p.id, it);
    for (const it of this.items) {
      for (const t of it.tags) {
        const g = groupIndex(it.p.type, t);
        this.groups[g].push(it);
        const base = g * TAG_COUNT;
        for (const s of it.tags) if (s !== t) this.pairs[base + TAG_INDEX.get(s)!]++;
      }
      push(this.bySignature, signatureKey(it.p.type, it.p.category, it.tags), it);
      push(this.byCategory, `${it.p.type}|${it.p.category}`, it);
    }
    const byOrder = (a: Item, b: Item) => a.order - b.order || byId(a, b);
    for (const list of this.bySignature.values()) list.sort(byOrder);
    for (const list of this.byCategory.values()) list.sort(byOrder);
  }

  size(type: ProductType, tag: CapabilityTag): number {
    return this.groups[groupIndex(type, tag)].length;
  }

  pairCount(type: ProductType, tag: CapabilityTag, other: CapabilityTag): number {
    return this.pairs[groupIndex(type, tag) * TAG_COUNT + TAG_INDEX.get(other)!];
  }

  /**
   * Group members that have metric `m`, best first, then by id. Every group's list comes from one sort
   * of the whole catalog per metric, so the cost is O(n log n) per metric, not per group.
   */
  private sorted(type: ProductType, tag: CapabilityTag, m: Metric): Item[] {
    let perGroup = this.sortedBy.get(m);
    if (!perGroup) {
      perGroup = Array.from({ length: PRODUCT_TYPES.length * TAG_COUNT }, () => []);
      const all = this.items.filter((it) => metricValue(it, m) !== null);
      const values = new Float64Array(this.items.length);
      for (const it of all) values[it.index] = metricValue(it, m)!;
      this.values.set(m, values);
      const sign = m === 'price' || m === 'completion' ? 1 : -1;
      all.sort((a, b) => sign * (values[a.index] - values[b.index]) || byId(a, b));
      for (const it of all) for (const t of it.tags) perGroup[groupIndex(it.p.type, t)].push(it);
      this.sortedBy.set(m, perGroup);
    }
    return perGroup[groupIndex(type, tag)];
  }

  /** 1-based rank of `it` in its (type, tag) group on metric `m`, with the size of its tie; by binary search. */
  rank(it: Item, tag: CapabilityTag, m: Metric): RankInfo | null {
    const v = metricValue(it, m);
    if (v === null) return null;
    const list = this.sorted(it.p.type, tag, m);
    const values = this.values.get(m) as Float64Array;
    const sign = m === 'price' || m === 'completion' ? 1 : -1;
    const key = sign * v;
    // first position whose value is not better than v, and first whose value is worse
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sign * values[list[mid].index] < key) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sign * values[list[mid].index] <= key) lo = mid + 1;
      else hi = mid;
    }
    return { rank: first + 1, tied: lo - first, of: list.length };
  }

  medianOf(type: ProductType, tag: CapabilityTag, m: Metric): number | null {
    const key = groupIndex(type, tag) * METRICS.length + METRICS.indexOf(m);
    if (this.medians.has(key)) return this.medians.get(key)!;
    const values = this.sorted(type, tag, m).map((it) => metricValue(it, m)!);
    const value = values.length ? median(values.sort((a, b) => a - b)) : null;
    this.medians.set(key, value);
    return value;
  }

  /**
   * The rivals a product is named against on a sourced page come first (the same rivals
   * /alternatives puts first), then nearest peers: same type and category, the most shared tags,
   * then closest in price (models) or breadth of sources (products), then id. Other routes or
   * snapshots of the same model are skipped.
   */
  alternatives(it: Item, limit = 2): Item[] {
    const picked: Item[] = [];
    const seen = new Set<number>([it.index]);
    const ok = (c: Item) => !seen.has(c.index) && c.variant !== it.variant && !c.p.id.startsWith('~');
    const take = (cands: Item[]) => {
      for (const c of cands) {
        if (picked.length >= limit) return;
        if (!ok(c)) continue;
        seen.add(c.index);
        picked.push(c);
      }
    };
    take(it.p.rivals.map((r) => this.byProductId.get(r.id)).filter((c): c is Item => c !== undefined && c.p.type === it.p.type));
    const { type, category } = it.p;
    const near = (list: Item[] | undefined) => nearest(list ?? [], it, limit, ok);
    take(near(this.bySignature.get(signatureKey(type, category, it.tags))));
    if (picked.length < limit) {
      const cands: Array<{ item: Item; overlap: number; dist: number }> = [];
      const consider = (tags: readonly CapabilityTag[], overlap: number) => {
        for (const c of near(this.bySignature.get(signatureKey(type, category, tags)))) cands.push({ item: c, overlap, dist: distance(it, c) });
      };
      for (let i = 0; i < it.tags.length; i++) consider([...it.tags.slice(0, i), ...it.tags.slice(i + 1)], it.tags.length - 1);
      for (const t of CAPABILITY_TAGS) {
        if (it.tagSet.has(t.tag)) continue;
        consider([...it.tags, t.tag].sort((a, b) => TAG_INDEX.get(a)! - TAG_INDEX.get(b)!), it.tags.length);
      }
      cands.sort((a, b) => b.overlap - a.overlap || a.dist - b.dist || byId(a.item, b.item));
      take(cands.map((c) => c.item));
    }
    if (picked.length < limit) take(near(this.byCategory.get(`${type}|${category}`)));
    return picked;
  }
}

function signatureKey(type: ProductType, category: string, tags: readonly string[]): string {
  return `${type}|${category}|${tags.join(',')}`;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function distance(a: Item, b: Item): number {
  const fa = a.scale !== Number.POSITIVE_INFINITY;
  const fb = b.scale !== Number.POSITIVE_INFINITY;
  if (fa && fb) return Math.abs(a.scale - b.scale);
  return fa === fb ? 0 : Number.MAX_SAFE_INTEGER;
}

/** Up to `limit` acceptable items of a list sorted by (order, id), closest to `it` in order, ties by id. */
function nearest(list: Item[], it: Item, limit: number, ok: (c: Item) => boolean): Item[] {
  if (list.length === 0) return [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = list[mid];
    if (c.order < it.order || (c.order === it.order && c.p.id < it.p.id)) lo = mid + 1;
    else hi = mid;
  }
  const out: Item[] = [];
  let left = lo - 1;
  let right = lo;
  let steps = 0;
  while (out.length < limit && (left >= 0 || right < list.length) && steps++ < 64) {
    const l = left >= 0 ? list[left] : null;
    const r = right < list.length ? list[right] : null;
    let pick: Item;
    if (l && r) {
      const dl = distance(it, l);
      const dr = distance(it, r);
      pick = dl < dr || (dl === dr && l.p.id < r.p.id) ? l : r;
    } else pick = (l ?? r)!;
    if (pick === l) left--;
    else right++;
    if (ok(pick)) out.push(pick);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// text

function modalityList(mods: string[]): string {
  return listNames(mods.length ? mods : ['text']);
}

function modelTitle(it: Item, tag: CapabilityTag): string {
  const p = it.p;
  switch (tag) {
    case 'long-context':
      return `Long-context input (${formatTokens(p.contextLength!)} tokens)`;
    case 'chat':
      return 'Instruction-following chat';
    case 'code':
      return 'Code generation and editing';
    case 'reasoning':
      return 'Step-by-step reasoning mode';
    case 'tool-calling':
      return 'Function and tool calling';
    case 'structured-output':
      return 'JSON-schema structured output';
    case 'free-tier':
      return p.pricing.model === 'free' ? 'Free to call' : 'Free variant available';
    default:
      return capabilityLabel(tag);
  }
}

function modelDescription(it: Item, tag: CapabilityTag): string {
  const p = it.p;
  const ctx = p.contextLength ? `${formatTokens(p.contextLength)}-token` : 'its';
  const served = p.providers.length > 1 ? `; ${p.providers.length} providers serve it` : '';
  switch (tag) {
    case 'text-generation':
      return `Generates text from ${modalityList(p.inputModalities)} input within a ${ctx} context window, through OpenRouter's API${served}.`;
    case 'chat':
      return `Follows natural-language instructions and keeps track of multi-turn conversations, taking ${modalityList(p.inputModalities)} input and answering in ${modalityList(p.outputModalities)}${served}.`;
    case 'summarization':
      return `Condenses long passages into shorter summaries, guided by the instructions in the prompt, within a ${ctx} context window.`;
    case 'multilingual':
      return 'Reads and writes in several languages, so the same endpoint can answer, translate and analyse non-English text.';
    case 'code':
      return 'Writes, explains and edits source code from natural-language requests; its description singles out programming work.';
    case 'reasoning':
      return 'Can think through a problem in intermediate reasoning tokens before answering (the "reasoning" parameter), trading latency and output tokens for accuracy on multi-step tasks.';
    case 'long-context':
      return `Takes up to ${formatTokens(p.contextLength!)} tokens in one request, enough for long documents, transcripts or large parts of a codebase without chunking.`;
    case 'tool-calling':
      return 'Emits structured function calls (the tools and tool_choice parameters), so an application can run actions and feed their results back to the model.';
    case 'structured-output':
      return 'Can be held to a JSON schema (structured outputs / response_format), so replies parse reliably in downstream code.';
    case 'vision-input':
      return `Accepts images alongside text (${modalityList(p.inputModalities)} input) to describe photos, read screenshots and interpret charts.`;
    case 'image-generation':
      return `Returns images as output (${modalityList(p.outputModalities)}) from ${modalityList(p.inputModalities)} prompts.`;
    case 'image-editing':
      return 'Takes an input image together with instructions and returns a new image, for edits and variations.';
    case 'speech-to-text':
      return 'Accepts audio input and answers in text, for transcription and spoken-question answering.';
    case 'text-to-speech':
      return 'Produces audio output, for spoken replies or generated sound.';
    case 'audio':
      return `Works with audio (${modalityList(p.inputModalities)} in, ${modalityList(p.outputModalities)} out).`;
    case 'music':
      return `Generates music clips as audio output from ${modalityList(p.inputModalities)} prompts.`;
    case 'video':
      return `Handles video (${modalityList(p.inputModalities)} in, ${modalityList(p.outputModalities)} out), e.g. describing or answering questions about clips.`;
    case 'embeddings':
      return 'Turns text into embedding vectors for semantic search, clustering and retrieval.';
    case 'search-retrieval':
      return 'Can ground answers in web search or retrieved documents rather than relying on training data alone.';
    case 'agents':
      return 'Positioned for agent workflows: planning, calling tools and working through multi-step tasks with little supervision.';
    case 'open-weights':
      return 'Its weights are published, so it can be downloaded, inspected, fine-tuned and run outside any single vendor.';
    case 'self-hostable':
      return 'Because the weights are available, it can run on your own hardware or cloud, keeping data in house.';
    case 'free-tier':
      return p.pricing.model === 'free'
        ? 'Can be called at no cost on OpenRouter (rate-limited free route).'
        : 'A rate-limited free route of this model exists on OpenRouter alongside the paid one.';
    default:
      return `${capabilityLabel(tag)}.`;
  }
}

function productTitle(it: Item, tag: CapabilityTag): string {
  switch (tag) {
    case 'chat':
      return 'Conversational assistant';
    case 'code':
      return 'Coding assistance';
    case 'agents':
      return 'Autonomous agent workflows';
    case 'free-tier':
      return it.p.pricing.model === 'free' ? 'Free to use' : it.p.pricing.model === 'open-source' ? 'Open source, free to run' : 'Free tier';
    default:
      return capabilityLabel(tag);
  }
}

const PRODUCT_SENTENCE = CAPABILITY_SENTENCE;

function productDescription(it: Item, tag: CapabilityTag): string {
  const p = it.p;
  const base = PRODUCT_SENTENCE[tag];
  const kw = KEYWORDS.find(([t]) => t === tag)?.[1];
  if (kw) {
    const hit = p.description.split(/(?<=[.!?])\s+/).find((s) => kw.test(s.toLowerCase()));
    if (hit) return `${base} From its listing: "${firstSentence(hit, 200)}"`;
  }
  if (tag === 'free-tier' && p.pricing.model) return `${base} Pricing: ${pricingLabel(p.pricing.model).toLowerCase()}.`;
  const about = firstSentence(p.description, 200);
  return about ? `${base} From its listing: "${about}"` : base;
}

function rareCompanion(cat: Catalog, it: Item, tag: CapabilityTag): { tag: CapabilityTag; count: number } | null {
  let rare: { tag: CapabilityTag; count: number } | null = null;
  for (const s of it.tags) {
    if (s === tag) continue;
    const c = cat.pairCount(it.p.type, tag, s);
    if (c > 0 && (!rare || c < rare.count || (c === rare.count && TAG_INDEX.get(s)! < TAG_INDEX.get(rare.tag)!))) rare = { tag: s, count: c };
  }
  return rare;
}

function rarityLine(n: number, phrase: string, rare: { tag: CapabilityTag; count: number }): string {
  const label = capabilityLabel(rare.tag).toLowerCase();
  if (rare.count === 1) return `The only one of ${formatCount(n)} ${phrase} that also offers ${label}`;
  const only = rare.count <= Math.max(3, n * 0.1) ? 'only ' : '';
  return `One of ${only}${formatCount(rare.count)} of the ${formatCount(n)} ${phrase} that also offer ${label}`;
}

function uniqueLine(cat: Catalog, it: Item, tag: CapabilityTag): string {
  const type = it.p.type;
  const n = cat.size(type, tag);
  const phrase = groupPhrase(type, tag, n);
  if (n <= 1) return `The only ${groupPhrase(type, tag, 1)} in the catalog`;
  const rare = rareCompanion(cat, it, tag);
  const rareEnough = rare !== null && rare.count < n && rare.count <= Math.max(3, Math.ceil(n * 0.2));

  if (type === 'product' && rareEnough) return rarityLine(n, phrase, rare!);

  // a ranked fact: podium first, then a top-10% share
  const ranked: Array<{ m: Metric; r: RankInfo }> = [];
  for (const m of metricsFor(type, tag)) {
    const r = cat.rank(it, tag, m);
    if (r && r.of >= 2 && r.tied < r.of) ranked.push({ m, r });
  }
  const podium = ranked.filter((x) => x.r.rank <= 3).sort((a, b) => a.r.rank - b.r.rank)[0];
  if (podium && (servedByApi(type) || (podium.r.rank === 1 && podium.r.tied === 1))) {
    return rankLine(podium.m, podium.r, groupPhrase(type, tag, podium.r.of), metricFact(it, podium.m));
  }
  if (servedByApi(type)) {
    const share = ranked.filter((x) => x.r.rank / x.r.of <= 0.1).sort((a, b) => a.r.rank / a.r.of - b.r.rank / b.r.of)[0];
    if (share) return shareLine(share.m, share.r, groupPhrase(type, tag, share.r.of), metricFact(it, share.m));
    if (rareEnough) return rarityLine(n, phrase, rare!);
    const priceMetric: Metric = tag === 'reasoning' ? 'completion' : 'price';
    const value = metricValue(it, priceMetric);
    const med = cat.medianOf(type, tag, priceMetric);
    if (value !== null && med !== null && value < med) {
      const side = priceMetric === 'price' ? 'input' : 'output';
      return `${perMillion(value)} per 1M ${side} tokens, below the ${perMillion(med)} median of ${formatCount(n)} ${phrase}`;
    }
    const ctxMed = cat.medianOf(type, tag, 'context');
    if (it.context !== null && ctxMed !== null && it.context > ctxMed) {
      return `${formatTokens(it.context)}-token context window, above the ${formatTokens(Math.round(ctxMed))} median of ${formatCount(n)} ${phrase}`;
    }
  }
  if (rare && rare.count < n) return rarityLine(n, phrase, rare);
  return `One of ${formatCount(n)} ${phrase} in the catalog`;
}

function pricingWord(p: Product): string | null {
  return p.pricing.model === null ? null : pricingLabel(p.pricing.model).toLowerCase();
}

/** "OpenAI: GPT-4o" -> "GPT-4o" */
function shortName(p: Product): string {
  const i = p.name.indexOf(': ');
  return servedByApi(p.type) && i > 0 && i < 30 ? p.name.slice(i + 2) : p.name;
}

function priceComparison(a: number | null, b: number | null, side: 'input' | 'output'): string | null {
  if (a === null || b === null) return null;
  if (a === b) return `the same ${perMillion(a)} per 1M ${side} tokens`;
  const word = a < b ? 'cheaper' : 'pricier';
  const r = a < b ? ratio(b, a) : ratio(a, b);
  return `${r} ${word} per ${side} token at ${perMillion(a)} vs ${perMillion(b)} per 1M`;
}

function freeComparison(it: Item, alt: Item): string | null {
  const f1 = it.p.pricing.model === 'free';
  const f2 = alt.p.pricing.model === 'free';
  if (f1 && alt.price !== null) return `free vs ${perMillion(alt.price)} per 1M input tokens`;
  if (f2 && it.price !== null) return `${perMillion(it.price)} per 1M input tokens vs free`;
  return null;
}

function contextComparison(it: Item, alt: Item): string | null {
  if (!it.context || !alt.context) return null;
  return it.context === alt.context
    ? `the same ${formatTokens(it.context)}-token context`
    : `${formatTokens(it.context)} vs ${formatTokens(alt.context)} tokens of context`;
}

function modalityComparison(it: Item, alt: Item): string | null {
  const mine = new Set([...it.p.inputModalities, ...it.p.outputModalities]);
  const theirs = new Set([...alt.p.inputModalities, ...alt.p.outputModalities]);
  const extra = [...mine].filter((m) => !theirs.has(m));
  const missing = [...theirs].filter((m) => !mine.has(m));
  if (extra.length) return `also handles ${listNames(extra)}, which ${shortName(alt.p)} does not`;
  if (missing.length) return `${shortName(alt.p)} also handles ${listNames(missing)}`;
  return null;
}

function modelComparison(it: Item, alt: Item, tag: CapabilityTag): string {
  const label = capabilityLabel(tag).toLowerCase();
  const has = alt.tagSet.has(tag);
  const parts: Array<string | null> = [];
  if (!has) parts.push(`${shortName(alt.p)} lacks ${label}`);
  switch (tag) {
    case 'long-context':
    case 'summarization':
      parts.push(contextComparison(it, alt), priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt));
      break;
    case 'reasoning':
      parts.push(priceComparison(it.completion, alt.completion, 'output') ?? freeComparison(it, alt));
      break;
    case 'vision-input':
    case 'video':
    case 'audio':
    case 'speech-to-text':
    case 'text-to-speech':
    case 'image-generation':
    case 'image-editing':
    case 'music':
      parts.push(has ? modalityComparison(it, alt) : null, priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt));
      break;
    case 'tool-calling':
    case 'structured-output':
    case 'agents': {
      const other: CapabilityTag = tag === 'structured-output' ? 'tool-calling' : 'structured-output';
      if (has && it.tagSet.has(other) !== alt.tagSet.has(other)) {
        const name = shortName(alt.p);
        parts.push(it.tagSet.has(other) ? `${name} lacks ${capabilityLabel(other).toLowerCase()}` : `${name} adds ${capabilityLabel(other).toLowerCase()}`);
      }
      parts.push(priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt));
      break;
    }
    case 'open-weights':
    case 'self-hostable':
      if (has) parts.push('both have open weights');
      if (it.providers !== alt.providers) parts.push(`served by ${it.providers} vs ${alt.providers} providers`);
      break;
    case 'free-tier':
      parts.push(priceComparison(it.price, alt.price, 'input'));
      break;
    default:
      parts.push(priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt), contextComparison(it, alt));
  }
  const text = parts.filter((x): x is string => Boolean(x));
  if (text.length < 2) {
    const fillers = [
      priceComparison(it.price, alt.price, 'input') ?? freeComparison(it, alt),
      contextComparison(it, alt),
      it.providers !== alt.providers && it.providers > 0 && alt.providers > 0 ? `served by ${it.providers} vs ${alt.providers} providers` : null,
    ];
    for (const f of fillers) if (f && text.length < 2 && !text.includes(f)) text.push(f);
  }
  if (text.length === 0) text.push(has ? `both offer ${label}` : `${shortName(alt.p)} lacks ${label}`);
  return text.slice(0, 2).join(', ');
}

function productComparison(it: Item, alt: Item, tag: CapabilityTag): string {
  const label = capabilityLabel(tag).toLowerCase();
  const parts: string[] = [alt.tagSet.has(tag) ? `both cover ${label}` : `${alt.p.name} does not list ${label}`];
  const a = pricingWord(it.p);
  const b = pricingWord(alt.p);
  if (a && b && a !== b) parts.push(`${a} vs ${b}`);
  const os1 = it.tagSet.has('open-source');
  const os2 = alt.tagSet.has('open-source');
  if (os1 !== os2) parts.push(os1 ? `open source, ${alt.p.name} is not` : `${alt.p.name} is open source`);
  if (parts.length < 3) {
    const extra = it.tags.find((t) => t !== tag && !alt.tagSet.has(t) && t !== 'free-tier' && t !== 'open-source' && t !== 'self-hostable' && t !== 'text-generation');
    if (extra) parts.push(`adds ${capabilityLabel(extra).toLowerCase()}`);
  }
  if (parts.length < 3 && it.sources !== alt.sources) parts.push(`backed by ${it.sources} vs ${alt.sources} sources`);
  return parts.join(', ');
}

function vsLine(it: Item, alts: Item[], tag: CapabilityTag): string {
  if (alts.length === 0) {
    return `No other ${it.p.type} in ${it.p.category} to compare with in this catalog.`;
  }
  const cmp = servedByApi(it.p.type) ? modelComparison : productComparison;
  return `${alts.map((a) => `vs ${a.p.name} — ${cmp(it, a, tag)}`).join('; ')}.`;
}

function capabilityFor(cat: Catalog, it: Item, tag: CapabilityTag, alts: Item[]): Capability {
  const model = servedByApi(it.p.type);
  return {
    tag,
    title: model ? modelTitle(it, tag) : productTitle(it, tag),
    description: model ? modelDescription(it, tag) : productDescription(it, tag),
    unique: uniqueLine(cat, it, tag),
    vsAlternatives: vsLine(it, alts, tag),
  };
}

function chooseTags(it: Item): CapabilityTag[] {
  const order = servedByApi(it.p.type) ? MODEL_ORDER : PRODUCT_ORDER;
  const max = servedByApi(it.p.type) ? MAX_MODEL_CAPABILITIES : MAX_PRODUCT_CAPABILITIES;
  let tags = order.filter((t) => it.tagSet.has(t));
  if (tags.includes('open-weights') || tags.includes('open-source')) tags = tags.filter((t) => t !== 'self-hostable');
  if (tags.includes('chat') && tags.length > 3) tags = tags.filter((t) => t !== 'text-generation');
  if (tags.includes('music') || tags.includes('text-to-speech') || tags.includes('speech-to-text')) tags = tags.filter((t) => t !== 'audio');
  if (it.p.type === 'product') {
    const primary = CATEGORY_TAG[it.p.category.toLowerCase()];
    if (primary && tags.includes(primary)) tags = [primary, ...tags.filter((t) => t !== primary)];
  }
  return tags.slice(0, max);
}

/** True when a product arrives with capabilities written by hand, which are kept as they are. */
export function hasCuratedCapabilities(p: Product): boolean {
  return p.capabilities.length > 0;
}

/**
 * Fills `capabilities` for every product except those with hand-written ones. Returns new product
 * objects in the same order; the input is not modified.
 */
export function deriveCapabilities(products: Product[]): Product[] {
  const cat = new Catalog(products);
  return cat.items.map((it) => {
    if (hasCuratedCapabilities(it.p)) return { ...it.p };
    const alts = cat.alternatives(it, 2);
    const capabilities = chooseTags(it).map((tag) => capabilityFor(cat, it, tag, alts));
    return { ...it.p, capabilities };
  });
}

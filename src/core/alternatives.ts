/**
 * Alternatives ranked by what a user means: products that do the same job first (curated rivals
 * before everything), then UnfragileRank, then price. Every reason attached to an alternative is
 * computed from the data that placed it there, so it holds. Pure: catalog in, ranked list out.
 */
import { hostOf, lastSegment, modelKey, productNameKey, stripDateSuffix, urlKey } from '../importers/normalize.js';
import { CAPABILITY_TAGS, capabilityLabel, tagsFor } from './capabilities.js';
import { type Evidence, type Product, type ProductType } from './domain.js';
import { briefUnit, NO_COST_PRICING, perMillion, PRICE_TIER, pricingLabel, usd } from './format.js';
import { JOB_TAXONOMY, type JobRule, type JobTaxonomy } from './jobs.js';

export const ALTERNATIVES_CONFIG = {
  /** Jaccard overlap of job tags from which two products "share capabilities" without a common job */
  similarMin: 0.5,
  /** tags about price or distribution, not about the job: left out of the overlap */
  attributeTags: ['free-tier', 'open-source', 'open-weights', 'self-hostable'] as readonly string[],
  /**
   * A price counts as cheaper only when it is at most this share of the other (0.9: at least 10%
   * less): $7.99 against $8 a month is the same price to anyone choosing between them.
   */
  cheaperAtMost: 0.9,
  /**
   * Two models whose input prices are within this factor of each other are in the same price range: a
   * 1B model at $0.03 per 1M tokens is replaced by other cheap models, not by frontier models at $5.
   */
  priceRangeFactor: 4,
  /** capability labels named in one "shares ..." reason */
  maxSharedLabels: 3,
  /** hosts many unrelated products live on: a common host there says nothing about being the same product */
  sharedHosts: [
    'github.com', 'huggingface.co', 'gitlab.com', 'npmjs.com', 'pypi.org', 'medium.com', 'youtube.com', 'x.com', 'twitter.com', 'linkedin.com',
    'discord.gg', 'apps.apple.com', 'play.google.com', 'chrome.google.com', 'chromewebstore.google.com', 'producthunt.com', 'altern.ai',
    'theresanai.com', 'rentry.org', 'openrouter.ai', 'airtable.com', 'notion.site', 'vercel.app', 'github.io',
  ] as readonly string[],
  /** where collection memberships come from: the catalog build files them as this evidence */
  collectionEvidence: { source: 'github-ai-repos', prefix: 'OSS Insight collections: ', publisher: 'OSS Insight' },
  /** a collection named "<Name> Alternatives" lists alternatives to the product called <Name> */
  alternativesCollection: /^(.+?)\s+Alternatives$/i,
} as const;

/**
 * How closely an alternative fits, best first. Within one level the order is UnfragileRank, then
 * price (cheaper first), then capability overlap, then id.
 */
export const FIT = {
  /** named as a direct competitor in the product's own curated rival list, with its source page */
  rival: 5,
  /** its own curated rival list names the product */
  rivalOf: 4,
  /** same job, and compared with it or listed with it */
  jobAndEvidence: 3,
  /** same job (or, with no known job, same category and overlapping capabilities) */
  job: 2,
  /** compared with it or listed with it, doing a different or unknown job */
  evidence: 1,
  /** same category or overlapping capabilities, job unknown */
  related: 0,
} as const;
export type FitLevel = (typeof FIT)[keyof typeof FIT];

// ---------------------------------------------------------------------------------------------
// price

/** Cheapest first: what it costs to keep using the product beyond any trial. */

/** Price used to compare products: per-token prompt price for models, pricing tier otherwise (-1: unknown). */
export function priceKey(p: Product): { tier: number; perToken: number | null } {
  const tier = p.pricing.model === null ? -1 : PRICE_TIER[p.pricing.model];
  return { tier, perToken: p.pricing.promptPerToken };
}

function planLabel(p: Product): string {
  const base = pricingLabel(p.pricing.model);
  // a model is priced per token: "$0.13 per 1M input tokens", not its starting price of "$1.26e-7 per prompt token"
  if (p.pricing.promptPerToken !== null && p.pricing.promptPerToken > 0) return `${base} at ${perMillion(p.pricing.promptPerToken)} per 1M input tokens`;
  const sp = p.pricing.startingPrice;
  return sp && p.pricing.model !== 'free' ? `${base} from ${usd(sp.amount)} ${briefUnit(sp.unit)}` : base;
}

/**
 * When a is known to cost less than b, the two prices as shown ("$0.15 vs $2.50 per 1M input
 * tokens", "Free vs Freemium", "$10 vs $20 per month"); null when it is not, or not known. Open-source software
 * whose paid plan is a hosted extra is not beaten on price by a free tool.
 * Per-token prices decide when both have one; else the pricing tier; else, in the same tier, a
 * starting price in the very same unit. A price only a little lower (within
 * ALTERNATIVES_CONFIG.cheaperAtMost) is not cheaper.
 */
export function cheaperBy(a: Product, b: Product): string | null {
  const ka = priceKey(a);
  const kb = priceKey(b);
  if (ka.perToken !== null && kb.perToken !== null) {
    return clearlyLess(ka.perToken, kb.perToken) ? `${perMillion(ka.perToken)} vs ${perMillion(kb.perToken)} per 1M input tokens` : null;
  }
  if (ka.tier < 0 || kb.tier < 0) return null;
  const sa = a.pricing.startingPrice;
  const sb = b.pricing.startingPrice;
  // "per month (ChatGPT Plus)" and "per month" are the same unit: the remark names the plan
  const samePlanUnit = sa !== null && sb !== null && briefUnit(sa.unit) === briefUnit(sb.unit) && a.pricing.model !== 'free' && a.pricing.model !== 'open-source';
  if (ka.tier < kb.tier) {
    // a freemium plan at $20 is not cheaper than a paid plan at $20: its paid plans decide (its free tier is said apart)
    if (samePlanUnit) return clearlyLess(sa.amount, sb.amount) ? `${planLabel(a)} vs ${planLabel(b)}` : null;
    // nor is a free tool cheaper than open-source software with a paid hosted plan (Ollama: MIT, and a $20 cloud)
    return b.features.openSource === true ? null : `${planLabel(a)} vs ${planLabel(b)}`;
  }
  if (ka.tier === kb.tier && samePlanUnit && clearlyLess(sa.amount, sb.amount)) return `${usd(sa.amount)} vs ${usd(sb.amount)} ${briefUnit(sa.unit)}`;
  return null;
}

/**
 * When a can be used for free and b cannot, the two pricing labels ("Freemium from $20 per month vs
 * Paid from $20 per month"); null otherwise. Said when a is not cheaper outright.
 */
export function freeTierOver(a: Product, b: Product): string | null {
  const freeA = (a.pricing.model !== null && NO_COST_PRICING.has(a.pricing.model)) || a.features.freeTier === true;
  const freeB = (b.pricing.model !== null && NO_COST_PRICING.has(b.pricing.model)) || b.features.freeTier === true;
  if (!freeA || freeB || b.pricing.model === null) return null;
  // a usage-based or paid plan whose free tier the label does not show says it
  const shown = a.pricing.model !== null && NO_COST_PRICING.has(a.pricing.model) ? planLabel(a) : `${planLabel(a)} with a free tier`;
  return `${shown} vs ${planLabel(b)}`;
}

/** a is cheaper than b by enough to matter (ALTERNATIVES_CONFIG.cheaperAtMost) */
function clearlyLess(a: number, b: number): boolean {
  return a <= b * ALTERNATIVES_CONFIG.cheaperAtMost;
}

/** true when a is known to cost less than b */
export function isCheaper(a: Product, b: Product): boolean {
  return cheaperBy(a, b) !== null;
}

function priceOrder(p: Product): [number, number] {
  const k = priceKey(p);
  return [k.tier < 0 ? Number.POSITIVE_INFINITY : k.tier, k.perToken ?? Number.POSITIVE_INFINITY];
}

// ---------------------------------------------------------------------------------------------
// sameness: duplicates, "runs on", rivals

const nameKeyCache = new WeakMap<Product, Set<string>>();

/** A model id without vendor, date, ":free"-style suffix or "-latest"/"-preview": "openai/gpt-4o-2024-08-06" -> "gpt4o". */
function modelIdKey(id: string): string {
  let prev = '';
  let s = stripDateSuffix(modelKey(lastSegment(id)));
  while (s !== prev) {
    prev = s;
    s = stripDateSuffix(s.replace(/-(latest|preview|exp|experimental)$/, ''));
  }
  return s.replace(/-/g, '');
}

function nameKeys(p: Product): Set<string> {
  const cached = nameKeyCache.get(p);
  if (cached) return cached;
  const keys = new Set<string>();
  const add = (k: string) => {
    if (k.length >= 2) keys.add(k);
  };
  // a model's name drops signs that tell models apart ("Command R+"): its id says more
  if (p.type === 'product') for (const n of [p.name, ...p.aliases]) add(productNameKey(n));
  else add(modelIdKey(p.id));
  for (const o of p.offers) add(modelIdKey(o.id));
  nameKeyCache.set(p, keys);
  return keys;
}

function vendorsDiffer(a: Product, b: Product): boolean {
  return a.vendor !== null && b.vendor !== null && a.vendor.toLowerCase() !== b.vendor.toLowerCase();
}

const siteCache = new WeakMap<Product, { host: string; key: string } | null>();

function siteOf(p: Product): { host: string; key: string } | null {
  if (siteCache.has(p)) return siteCache.get(p)!;
  const host = p.url ? hostOf(p.url) : null;
  const key = p.url ? urlKey(p.url) : null;
  const shared = host !== null && ALTERNATIVES_CONFIG.sharedHosts.some((h) => host === h || host.endsWith(`.${h}`));
  const site = host && key && !shared ? { host, key } : null;
  siteCache.set(p, site);
  return site;
}

/** Same site: one page is the other's page or below it ("replit.com" and "replit.com/products/agent"). */
function sameSite(a: Product, b: Product): boolean {
  if (a.type !== b.type) return false;
  const sa = siteOf(a);
  const sb = siteOf(b);
  if (!sa || !sb || sa.host !== sb.host) return false;
  return sa.key === sb.key || sb.key.startsWith(`${sa.key}/`) || sa.key.startsWith(`${sb.key}/`);
}

/**
 * True when b is a on another listing: one is an offer or alias of the other, the names agree once
 * vendor prefixes, dates and suffixes such as "AI" or ":free" are set aside (and the vendors do not
 * disagree), or both point at the same page of the same site.
 */
export function isDuplicate(a: Product, b: Product): boolean {
  if (a.id === b.id) return true;
  if (a.offers.some((o) => o.id === b.id) || b.offers.some((o) => o.id === a.id)) return true;
  if (!vendorsDiffer(a, b)) {
    const ka = nameKeys(a);
    for (const k of nameKeys(b)) if (ka.has(k)) return true;
  }
  return sameSite(a, b);
}

/** True when one runs on the other (ChatGPT and the GPT model it is powered by). */
export function runsOn(a: Product, b: Product): boolean {
  return a.poweredBy.some((m) => m.modelId === b.id) || b.poweredBy.some((m) => m.modelId === a.id);
}

/** The curated source naming b as a's rival (or a as b's), a's own list first; own: found in a's list. */
export function rivalSource(a: Product, b: Product): { source: string; own: boolean } | null {
  const own = a.rivals.find((r) => r.id === b.id);
  if (own) return { source: own.source, own: true };
  const back = b.rivals.find((r) => r.id === a.id);
  return back ? { source: back.source, own: false } : null;
}

// ---------------------------------------------------------------------------------------------
// collections

/** Product id -> OSS Insight collections it is listed in, read from the catalog's evidence. */
export function collectionsFromEvidence(evidence: readonly Evidence[]): Map<string, string[]> {
  const { source, prefix } = ALTERNATIVES_CONFIG.collectionEvidence;
  const out = new Map<string, string[]>();
  for (const e of evidence) {
    if (e.source !== source || !e.detail?.startsWith(prefix)) continue;
    const names = e.detail
      .slice(prefix.length)
      .split(', ')
      .map((s) => s.trim())
      .filter(Boolean);
    out.set(e.productId, [...new Set([...(out.get(e.productId) ?? []), ...names])]);
  }
  return out;
}

function collectionReason(target: Product, p: Product, collections: ReadonlyMap<string, readonly string[]>, peers: ReadonlySet<string>): string | null {
  const { publisher } = ALTERNATIVES_CONFIG.collectionEvidence;
  const mine = collections.get(target.id) ?? [];
  const theirs = collections.get(p.id) ?? [];
  const targetKeys = nameKeys(target);
  const pKeys = nameKeys(p);
  const subjectIs = (name: string, keys: Set<string>): boolean => {
    const m = ALTERNATIVES_CONFIG.alternativesCollection.exec(name);
    return m !== null && keys.has(productNameKey(m[1]!));
  };
  for (const c of theirs) if (subjectIs(c, targetKeys)) return `listed in ${publisher}'s "${c}"`;
  for (const c of mine) if (subjectIs(c, pKeys)) return `${publisher}'s "${c}" lists ${target.name}`;
  const both = theirs.filter((c) => mine.includes(c));
  const alt = both.find((c) => ALTERNATIVES_CONFIG.alternativesCollection.test(c));
  if (alt) return `both in ${publisher}'s "${alt}"`;
  const peer = both.find((c) => peers.has(c));
  return peer ? `both in ${publisher}'s "${peer}"` : null;
}

// ---------------------------------------------------------------------------------------------
// capabilities

const TAG_ORDER = new Map<string, number>(CAPABILITY_TAGS.map((t, i) => [t.tag, i]));
const tagCache = new WeakMap<Product, { job: Set<string>; openWeights: boolean }>();

/** A product's tags, derived once per product object: what it does, and whether its weights are open. */
function tagInfo(p: Product): { job: Set<string>; openWeights: boolean } {
  let info = tagCache.get(p);
  if (!info) {
    const tags = tagsFor(p);
    info = { job: new Set(tags.filter((t) => !ALTERNATIVES_CONFIG.attributeTags.includes(t))), openWeights: tags.includes('open-weights') };
    tagCache.set(p, info);
  }
  return info;
}

/** The capability tags that describe what a product does (price and distribution tags left out). */
export function jobTags(p: Product): Set<string> {
  return tagInfo(p).job;
}

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function sharedLabels(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  let shared = [...a].filter((t) => b.has(t)).sort((x, y) => (TAG_ORDER.get(x) ?? 99) - (TAG_ORDER.get(y) ?? 99));
  // "text generation" says little next to anything more specific
  if (shared.length > 1) shared = shared.filter((t) => t !== 'text-generation');
  return shared.slice(0, ALTERNATIVES_CONFIG.maxSharedLabels).map((t) => capabilityLabel(t).toLowerCase());
}

/** "a coding assistant", "an AI assistant", "an image generator", "a UI and web design tool" */
export function withArticle(label: string): string {
  const first = label.split(' ')[0]!;
  const acronym = first.length > 1 && first === first.toUpperCase() && /^[A-Z]/.test(first);
  const an = acronym ? 'AEFHILMNORSX'.includes(first[0]!) : /^[aeiou]/i.test(first);
  return `${an ? 'an' : 'a'} ${label}`;
}

// ---------------------------------------------------------------------------------------------
// ranking

export interface AlternativesQuery {
  target: Product;
  products: readonly Product[];
  /** latest UnfragileRank per product id */
  ranks: ReadonlyMap<string, number>;
  /** how often each product was compared with the target */
  compared: ReadonlyMap<string, number>;
  /** OSS Insight collections per product id */
  collections: ReadonlyMap<string, readonly string[]>;
  /** only products cheaper than the target */
  cheaper: boolean;
  type: ProductType | null;
  limit: number;
  /** match events from which two products count as compared */
  comparedMin: number;
  taxonomy?: JobTaxonomy;
}

export interface RankedAlternative {
  product: Product;
  rank: number;
  fit: FitLevel;
  /** models only: how close it sits to the target in price range and in openness (0-2); 0 for products */
  kinship: number;
  job: JobRule | null;
  /** Jaccard overlap of job tags with the target */
  overlap: number;
  reasons: string[];
}

export interface AlternativesResult {
  job: JobRule | null;
  alternatives: RankedAlternative[];
}

const jobCaches = new WeakMap<JobTaxonomy, WeakMap<Product, JobRule | null>>();

/** The job of a product under a taxonomy, cached per product object. */
export function jobFor(p: Product, collections: ReadonlyMap<string, readonly string[]>, taxonomy: JobTaxonomy = JOB_TAXONOMY): JobRule | null {
  let cache = jobCaches.get(taxonomy);
  if (!cache) {
    cache = new WeakMap();
    jobCaches.set(taxonomy, cache);
  }
  if (cache.has(p)) return cache.get(p)!;
  const job = taxonomy.jobOf(p, collections.get(p.id) ?? []);
  cache.set(p, job);
  return job;
}

/** Products whose per-product facts (job, tags, names, site) are computed, per catalog list. */
const prepared = new WeakMap<readonly Product[], Promise<void>>();
/** Products prepared between two turns of the event loop. */
const PREPARE_SLICE = 64;

/**
 * Computes and caches what ranking needs of every product, a slice at a time with the event loop
 * running in between, so the first /alternatives after an import does not hold it for the whole catalog.
 */
export function prepareAlternatives(
  products: readonly Product[],
  collections: ReadonlyMap<string, readonly string[]>,
  taxonomy: JobTaxonomy = JOB_TAXONOMY,
): Promise<void> {
  let p = prepared.get(products);
  if (!p) {
    p = (async () => {
      for (let i = 0; i < products.length; i += PREPARE_SLICE) {
        for (const x of products.slice(i, i + PREPARE_SLICE)) {
          jobFor(x, collections, taxonomy);
          jobTags(x);
          nameKeys(x);
          siteOf(x);
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    prepared.set(products, p);
  }
  return p;
}

/**
 * How alike two models are beyond their job: input prices in the same range (ALTERNATIVES_CONFIG.priceRangeFactor)
 * and the same openness (both with open weights, or both without). Products get 0: their plans say too little.
 */
export function modelKinship(target: Product, p: Product): { score: number; priceRange: string | null; openWeights: boolean } {
  if (target.type !== 'model' || p.type !== 'model') return { score: 0, priceRange: null, openWeights: false };
  const a = target.pricing.promptPerToken;
  const b = p.pricing.promptPerToken;
  const f = ALTERNATIVES_CONFIG.priceRangeFactor;
  const inRange = a !== null && b !== null && (a === b || (a > 0 && b > 0 && Math.max(a, b) <= f * Math.min(a, b)));
  const openA = tagInfo(target).openWeights;
  const sameOpenness = openA === tagInfo(p).openWeights;
  return {
    score: (inRange ? 1 : 0) + (sameOpenness ? 1 : 0),
    priceRange: inRange ? `${perMillion(b!)} vs ${perMillion(a!)} per 1M input tokens` : null,
    openWeights: openA && sameOpenness,
  };
}

export function rankAlternatives(q: AlternativesQuery): AlternativesResult {
  const taxonomy = q.taxonomy ?? JOB_TAXONOMY;
  const { target } = q;
  const targetJob = jobFor(target, q.collections, taxonomy);
  const targetTags = jobTags(target);
  const targetRank = q.ranks.get(target.id) ?? 0;
  const shownTargetRank = Math.round(targetRank);
  const peers = new Set(taxonomy.jobs.flatMap((j) => j.collections));

  const out: RankedAlternative[] = [];
  for (const p of q.products) {
    if (p.id === target.id) continue;
    if (q.type && p.type !== q.type) continue;
    // routers pick a model per request: they stand in for no single product
    if ((p.type === 'router') !== (target.type === 'router')) continue;
    if (isDuplicate(target, p)) continue;
    const cheaper = cheaperBy(p, target);
    const freeTier = cheaper ? null : freeTierOver(p, target);
    if (q.cheaper && !cheaper && !freeTier) continue;

    const rival = rivalSource(target, p);
    if (!rival && runsOn(target, p)) continue;
    const timesCompared = q.compared.get(p.id) ?? 0;
    const compared = timesCompared >= q.comparedMin;
    const listed = collectionReason(target, p, q.collections, peers);
    const evidence = compared || listed !== null;
    const sameType = p.type === target.type;
    if (!sameType && !rival && !compared) continue;

    const job = jobFor(p, q.collections, taxonomy);
    const tags = jobTags(p);
    const overlap = jaccard(targetTags, tags);
    const sameCategory = p.category === target.category;
    const similar = overlap >= ALTERNATIVES_CONFIG.similarMin;
    const sameJob = sameType && targetJob !== null && job?.id === targetJob.id;
    const closeWithoutJob = sameType && targetJob === null && sameCategory && similar;
    const otherJob = targetJob !== null && job !== null && job.id !== targetJob.id;

    let fit: FitLevel;
    if (rival) fit = rival.own ? FIT.rival : FIT.rivalOf;
    else if ((sameJob || closeWithoutJob) && evidence) fit = FIT.jobAndEvidence;
    else if (sameJob || closeWithoutJob) fit = FIT.job;
    else if (evidence) fit = FIT.evidence;
    // a product known to do another job is not an alternative on category or tags alone
    else if (sameType && !otherJob && (sameCategory || similar)) fit = FIT.related;
    else continue;

    const reasons: string[] = [];
    if (rival) reasons.push(`named as a rival by ${hostOf(rival.source) ?? rival.source}`);
    if (compared) reasons.push(timesCompared === 1 ? 'compared once' : `often compared (${timesCompared} times)`);
    const shared = sharedLabels(targetTags, tags);
    const shares = shared.length ? ` (shares ${shared.join(', ')})` : '';
    if (sameJob) reasons.push(`also ${withArticle(targetJob!.label)}${shares}`);
    else if (sameCategory) reasons.push(`also in ${p.category}${shares}`);
    else if (similar) reasons.push(`shares ${shared.join(', ')}`);
    if (listed) reasons.push(listed);
    const rank = q.ranks.get(p.id) ?? 0;
    if (Math.round(rank) > shownTargetRank) reasons.push(`ranks higher (${Math.round(rank)} vs ${shownTargetRank})`);
    const kin = modelKinship(target, p);
    if (kin.openWeights) reasons.push('also open weights');
    if (cheaper) reasons.push(`cheaper (${cheaper})`);
    else {
      // a model's free tier is a free route of it (an offer merged into it), named as such
      const freeRoute = p.type === 'model' ? p.offers.find((o) => o.kind === 'free') : undefined;
      if (freeTier) reasons.push(freeRoute ? `has a free route (${freeRoute.id})` : `has a free tier (${freeTier})`);
      if (kin.priceRange) reasons.push(`in the same price range (${kin.priceRange})`);
    }
    out.push({ product: p, rank, fit, kinship: kin.score, job, overlap, reasons });
  }

  out.sort((a, b) => {
    if (a.fit !== b.fit) return b.fit - a.fit;
    if (a.kinship !== b.kinship) return b.kinship - a.kinship;
    if (a.rank !== b.rank) return b.rank - a.rank;
    const [ta, pa] = priceOrder(a.product);
    const [tb, pb] = priceOrder(b.product);
    if (ta !== tb) return ta - tb;
    if (pa !== pb) return pa - pb;
    if (a.overlap !== b.overlap) return b.overlap - a.overlap;
    return a.product.id < b.product.id ? -1 : a.product.id > b.product.id ? 1 : 0;
  });
  return { job: targetJob, alternatives: out.slice(0, q.limit) };
}

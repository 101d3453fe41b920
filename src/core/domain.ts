/**
 * Domain types shared by the core, the commands, the importers and the adapters.
 * Plain data only: no platform or database types here.
 */

/**
 * model: an AI model served by API; product: an app or tool people use; router: a service that picks a model per
 * request (OpenRouter's auto router, `~vendor/...-latest` aliases). Routers are listed but never ranked against models.
 */
export const PRODUCT_TYPES = ['model', 'product', 'router'] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

/**
 * free: no paid plan at all; freemium: a permanent free plan next to paid ones; free-trial: paid, with a
 * time-limited trial; paid: no free use; usage-based: pay per use (tokens, credits, songs) with no subscription;
 * open-source: the code or weights are free to run yourself (hosted versions may cost money).
 */
export const PRICING_MODELS = ['free', 'freemium', 'free-trial', 'paid', 'usage-based', 'open-source'] as const;
export type PricingModel = (typeof PRICING_MODELS)[number];

export interface StartingPrice {
  /** USD amount, e.g. 2.7e-8 */
  amount: number;
  /** what the amount buys, e.g. "per prompt token", "per month" */
  unit: string;
}

/** Tokens in the "per 1M tokens" unit every price is shown in. */
export const PER_MTOK = 1_000_000;

export interface Pricing {
  model: PricingModel | null;
  startingPrice: StartingPrice | null;
  /** USD per single prompt (input) token, where known */
  promptPerToken: number | null;
  /** USD per single completion (output) token, where known */
  completionPerToken: number | null;
}

export interface Capability {
  /** taxonomy tag this capability was derived from (e.g. "chat", "long-context"), or null for hand-written ones */
  tag: string | null;
  title: string;
  description: string;
  unique: string;
  vsAlternatives: string;
}

/** Boolean facts used to derive capabilities; undefined means "not known". */
export interface ProductFeatures {
  toolCalling?: boolean;
  reasoning?: boolean;
  vision?: boolean;
  openWeights?: boolean;
  structuredOutput?: boolean;
  audioInput?: boolean;
  audioOutput?: boolean;
  webSearch?: boolean;
  freeTier?: boolean;
  /** a time-limited free trial (or one-off starter credits) exists */
  freeTrial?: boolean;
  openSource?: boolean;
  /** capability tags a page states, each with that page and the day it was checked (also listed in Product.facts) */
  statedCapabilities?: Array<{ tag: string; source: string; date: string }>;
}

/**
 * Another way to buy the same thing: a free copy, a `-latest` alias, a dated snapshot or a tool variant of a model.
 * Offers are merged into their base entry so the thing is ranked once, and their prices stay visible.
 */
export interface Offer {
  /** the id the source uses for it, e.g. "openai/gpt-oss-120b:free" */
  id: string;
  name: string;
  kind: 'free' | 'alias' | 'snapshot' | 'variant';
  promptPerToken: number | null;
  completionPerToken: number | null;
}

/** A fact checked by hand against a public page. */
export interface SourcedFact {
  /** what the fact is about, e.g. "pricing", "vendor", "poweredBy", "repository", "rivals" */
  field: string;
  /** the fact in words, as shown on the card, e.g. "Plus $20 per month" */
  value: string;
  /** URL of the page it was checked against */
  source: string;
  /** ISO date it was checked */
  date: string;
}

/** A model a product runs ("ChatGPT is powered by GPT-5"), from curated facts. */
export interface PoweredBy {
  modelId: string;
  source: string;
  date: string;
}

/** A product named by a public page as a direct competitor doing the same job. */
export interface Rival {
  id: string;
  source: string;
  date: string;
}

export interface Provenance {
  /** source ids, e.g. ["openrouter", "litellm"] */
  sources: string[];
  /** ISO date of the newest source snapshot that contributed */
  fetchedAt: string;
}

export interface Product {
  /** stable slug id, e.g. "meta-llama/llama-3.2-1b-instruct" or "gemini" */
  id: string;
  name: string;
  aliases: string[];
  type: ProductType;
  vendor: string | null;
  /** display category, e.g. "Text models", "Chatbots", "Coding" */
  category: string;
  description: string;
  url: string | null;
  pricing: Pricing;
  contextLength: number | null;
  inputModalities: string[];
  outputModalities: string[];
  /** OpenRouter supported_parameters, where known */
  supportedParameters: string[];
  features: ProductFeatures;
  /** serving providers (for models) or integrations (for products) */
  providers: string[];
  capabilities: Capability[];
  provenance: Provenance;
  /** other entries merged into this one (free copies, aliases, snapshots, variants); their prices stay visible */
  offers: Offer[];
  /** models this product runs (products only) */
  poweredBy: PoweredBy[];
  /** curated direct competitors */
  rivals: Rival[];
  /** curated facts with the page each was checked against */
  facts: SourcedFact[];
  /** source repository ("owner/repo" on GitHub), where known */
  repository: string | null;
}

/** Evidence kinds the importers store. */
export type SourceEvidenceKind =
  | 'hf_downloads'
  | 'hf_likes'
  | 'github_stars'
  | 'arena_rating'
  /** half-width of an arena rating's 95% interval: it narrows as votes accumulate */
  | 'arena_interval'
  | 'benchmark'
  | 'providers'
  | 'integrations'
  | 'list_mentions'
  /** people using it (users, active users, downloads) as its vendor states the figure (curated facts) */
  | 'stated_users'
  /** paying customers (organisations, or people on a paid plan) as its vendor states the figure (curated facts) */
  | 'stated_customers';

/**
 * Evidence kinds a scoring run derives from stored evidence (src/core/scoring/derive.ts); never stored.
 * - quality_index: arena ratings and benchmarks put on one scale (the LMArena text scale)
 * - model_quality: a product's quality taken from the best model it runs (its Quality among models)
 * - arena_votes: relative number of LMArena votes, estimated from the rating interval
 * - list_presence: curated-list mentions, each weighing less the older its list is
 */
export type DerivedEvidenceKind = 'quality_index' | 'model_quality' | 'arena_votes' | 'list_presence';

export type EvidenceKind = SourceEvidenceKind | DerivedEvidenceKind;

export type SignalName = 'adoption' | 'quality' | 'ecosystem' | 'matchGraph';
export const SIGNALS: readonly SignalName[] = ['adoption', 'quality', 'ecosystem', 'matchGraph'] as const;

export interface Evidence {
  productId: string;
  kind: EvidenceKind;
  value: number;
  /** source id, e.g. "huggingface", "lmarena" */
  source: string;
  /** ISO date of the observation */
  date: string;
  /** human-readable detail, e.g. "LMArena text (style control)", "SWE-Bench Verified" */
  detail?: string;
  /** derived evidence only: how many observations it combines (counts toward confidence) */
  items?: number;
  /**
   * how it was obtained, shown in its evidence line (derived evidence); on stored evidence, which entry
   * of the source the row is, e.g. the LMArena board entry an image product is rated by
   */
  note?: string;
}

export type MatchOrigin = 'compare' | 'alternatives' | 'import';

export interface MatchEvent {
  a: string;
  b: string;
  origin: MatchOrigin;
  /** ISO timestamp */
  at: string;
  weight: number;
}

export interface SourceInfo {
  id: string;
  name: string;
  /** ISO date of the snapshot */
  date: string;
  licence: string;
  url?: string;
}

/** Everything an import produces; written to the store in one transaction. */
export interface CatalogBuild {
  products: Product[];
  evidence: Evidence[];
  sources: SourceInfo[];
  /** what the build merged and which source rows matched nothing (kept for `catalog report`) */
  coverage?: BuildCoverage;
}

/** One entry folded into another by the build's entity resolution. */
export interface MergeRecord {
  from: string;
  into: string;
  reason: string;
}

/** Rows of one source that the build could not attach to any catalog entry. */
export interface UnmatchedRows {
  /** source id, e.g. "lmarena" */
  source: string;
  /** what the rows are, e.g. "LMArena text models" */
  label: string;
  rows: number;
  matched: number;
  unmatched: number;
  /** the most notable unmatched rows (most stars, downloads, votes...), with a short detail */
  examples: Array<{ name: string; detail: string }>;
  /** anything else worth knowing about these rows */
  note?: string;
}

/** A listing left out of the catalog because a sourced fact says it is no longer offered. */
export interface DiscontinuedRecord {
  id: string;
  name: string;
  /** when, as the page gives it: yyyy, yyyy-mm or yyyy-mm-dd */
  since: string | null;
  /** what it became or was folded into, in words */
  successor: string | null;
  source: string;
  checked: string;
}

export interface BuildCoverage {
  merges: MergeRecord[];
  unmatched: UnmatchedRows[];
  /** listings left out as no longer offered (absent from catalogs imported before it was recorded) */
  discontinued?: DiscontinuedRecord[];
}

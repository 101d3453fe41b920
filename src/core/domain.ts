/**
 * Domain types shared by the core, the commands, the importers and the adapters.
 * Plain data only: no platform or database types here.
 */

export type ProductType = 'model' | 'product';
export type PricingModel = 'free' | 'freemium' | 'paid';

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
  openSource?: boolean;
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
}

export type EvidenceKind =
  | 'hf_downloads'
  | 'hf_likes'
  | 'github_stars'
  | 'arena_rating'
  | 'benchmark'
  | 'providers'
  | 'integrations'
  | 'list_mentions';

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
}

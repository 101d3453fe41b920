/**
 * Neutral views: what a command returns. Renderers (console text, Discord embeds,
 * Slack Block Kit) turn these into platform messages; commands never format for a platform.
 * Text fields here are raw catalog text: renderers escape them for their platform.
 */
import type { Capability, Offer, PricingModel, ProductType, SignalName, SourcedFact, StartingPrice } from './domain.js';
import type { ViewLinks } from './links.js';
import type { Platform } from './alerts/types.js';
import type { BreakdownPart } from './scoring/types.js';
import type { VerdictCall } from './scoring/verdict.js';

export interface Position {
  overall: number;
  ofOverall: number;
  category: number;
  ofCategory: number;
  /** how many other products share this position in the category (equal scores share a position) */
  tiedCategory?: number;
  /** how many other products share this position overall */
  tiedOverall?: number;
}

export interface PricingView {
  model: PricingModel | null;
  startingPrice: StartingPrice | null;
  /** USD per 1M input tokens */
  promptPerMTok: number | null;
  /** USD per 1M output tokens */
  completionPerMTok: number | null;
}

/** Another way to buy the same model (a free copy, an alias, a snapshot, a variant) and its prices. */
export interface OfferView {
  id: string;
  name: string;
  kind: Offer['kind'];
  /** USD per 1M input tokens */
  promptPerMTok: number | null;
  /** USD per 1M output tokens */
  completionPerMTok: number | null;
}

export interface ProductCardView {
  id: string;
  name: string;
  type: ProductType;
  vendor: string | null;
  category: string;
  url: string | null;
  /** UnfragileRank 0-100 */
  rank: number;
  position: Position;
  /** null: no evidence for the signal (shown as "no data") */
  signals: Record<SignalName, number | null>;
  /**
   * Signals with a value that rests on too little evidence to decide anything (confidence under
   * SCORING_CONFIG.verdict.minDecisiveConfidence): shown marked, never as a plain figure.
   */
  thin?: SignalName[];
  pricing: PricingView;
  capabilities: Capability[];
  /** other routes to the same model, merged into this entry */
  offers: OfferView[];
}

export interface CapabilityMatrixRow {
  tag: string;
  label: string;
  has: Record<string, boolean>;
}

export interface CompareView {
  kind: 'compare';
  title: string;
  /** "B ranks higher at 45/100 vs A at 22/100." */
  summary: string;
  products: ProductCardView[];
  /** pairwise counts; for two products a single number */
  timesMatched: number;
  /** per signal: id of the leader, or null when tied / too close */
  leaders: Record<SignalName, string | null>;
  tooClose: boolean;
  /** what kind of answer the verdict gives (callLabel() says it in words) */
  call: VerdictCall;
  verdict: string;
  capabilityMatrix: CapabilityMatrixRow[];
  asOf: string | null;
  sources: string[];
  /** the comparison's web page and chart, when a public address is configured */
  links?: ViewLinks | null;
}

export interface AlternativeView {
  id: string;
  name: string;
  type: ProductType;
  rank: number;
  pricing: PricingView;
  reasons: string[];
}

export interface AlternativesView {
  kind: 'alternatives';
  /** job: what the product does ("coding assistant"), when the job taxonomy knows */
  product: { id: string; name: string; rank: number; job: string | null };
  filters: { cheaper: boolean; type: ProductType | null };
  alternatives: AlternativeView[];
  asOf: string | null;
  sources: string[];
}

export interface SignalDetailView {
  signal: SignalName;
  /** null: no evidence */
  value: number | null;
  confidence: number;
  evidence: string[];
}

export interface ProductView {
  kind: 'product';
  card: ProductCardView;
  description: string;
  breakdown: BreakdownPart[];
  signals: SignalDetailView[];
  contextLength: number | null;
  modalities: { input: string[]; output: string[] };
  providers: string[];
  history: Array<{ at: string; score: number; overall: number }>;
  /** curated facts with the page each was checked against ("Sources" on the card) */
  facts: SourcedFact[];
  asOf: string | null;
  sources: string[];
  /** the product's web page and chart, when a public address is configured */
  links?: ViewLinks | null;
}

export interface TopRowView {
  position: number;
  id: string;
  name: string;
  type: ProductType;
  category: string;
  rank: number;
  /** null: no evidence for the signal (shown as "no data") */
  signals: Record<SignalName, number | null>;
  /** signals whose value rests on thin evidence, shown marked (see ProductCardView.thin) */
  thin: SignalName[];
}

export interface TopView {
  kind: 'top';
  category: string | null;
  type: ProductType | null;
  rows: TopRowView[];
  total: number;
  /** plain-language notes about the list, e.g. a tie that the order of the rows does not break */
  notes: string[];
  asOf: string | null;
  sources: string[];
}

export interface Candidate {
  id: string;
  name: string;
  /** match quality 0 (worst) to 1 (exact) */
  score: number;
}

/** A name could not be resolved: either several candidates fit, or none did. */
export interface ResolutionView {
  kind: 'resolution';
  status: 'ambiguous' | 'none' | 'empty';
  /** the option the name was given for, e.g. "first" */
  field: string;
  query: string;
  candidates: Candidate[];
  message: string;
}

export interface ResolveView {
  kind: 'resolve';
  query: string;
  status: 'match' | 'ambiguous' | 'none';
  match: { id: string; name: string } | null;
  candidates: Candidate[];
}

export interface HelpView {
  kind: 'help';
  commands: Array<{ usage: string; description: string }>;
  notes: string[];
}

export interface ErrorView {
  kind: 'error';
  code: 'bad_input' | 'not_ready' | 'internal';
  message: string;
}

export type View =
  | CompareView
  | AlternativesView
  | ProductView
  | TopView
  | SearchView
  | CapabilitiesView
  | ResolutionView
  | ResolveView
  | HelpView
  | ErrorView;

/** The full capability lists of the products on a card (the Capabilities button). */
export interface CapabilitiesView {
  kind: 'capabilities';
  products: Array<{ id: string; name: string; capabilities: Capability[] }>;
  /** the page asked for, from 0: a platform that pages the lists shows this one */
  page: number;
}

/* ---------------------------------------------------------------- rank-change alerts */

/** One subscription as listed by /subscriptions and the CLI. */
export interface SubscriptionItemView {
  id: number;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  /** canonical target, e.g. "top:10:Text models" */
  target: string;
  /** raw catalog text: product or category name */
  targetLabel: string;
  /** "1+ positions", "5+ points" */
  minChange: string;
  mode: 'instant' | 'daily';
  /** "22:00-07:00 Europe/Berlin", or null */
  quietHours: string | null;
  timezone: string;
  /** "6h", or null for none */
  cooldown: string | null;
  confirm: boolean;
  status: 'active' | 'paused' | 'disabled';
  disabledReason: string | null;
  /** why it was disabled, in plain words, with what to do */
  disabledWhy: string | null;
  createdBy: string;
  createdAt: string;
  lastAlertAt: string | null;
  lastAlertSummary: string | null;
  failureCount: number;
}

export interface SubscribeView {
  kind: 'subscribed';
  /** false when an existing subscription to the same target was updated (and re-activated) */
  created: boolean;
  subscription: SubscriptionItemView;
  message: string;
}

export interface UnsubscribeView {
  kind: 'unsubscribed';
  removed: SubscriptionItemView[];
  message: string;
}

export interface SubscriptionsView {
  kind: 'subscriptions';
  /** where the list is from: one channel, or a whole workspace when channelId is null */
  scope: { platform: Platform | null; workspaceId: string | null; channelId: string | null };
  items: SubscriptionItemView[];
  message: string;
}

/** What the subscription commands return. */
export type AlertsCommandView = SubscribeView | UnsubscribeView | SubscriptionsView | ResolutionView | ErrorView;

/* ---------------------------------------------------------------- search */

export interface SearchResultView {
  id: string;
  name: string;
  type: ProductType;
  category: string;
  /** UnfragileRank 0-100 */
  rank: number;
  /** ordering score of this search, 0-1 */
  relevance: number;
  pricing: PricingView;
  /** why it matched: "capability: Speech to text", "description mentions 'meetings'" */
  matched: string[];
}

/** How a search query was read. */
export interface SearchUnderstanding {
  /** capabilities recognised in the query, with the words that named them */
  capabilities: Array<{ tag: string; label: string; phrase: string }>;
  /** the other words, searched as text */
  words: string[];
  /** the type that applied, from the option or a word like "model" */
  type: ProductType | null;
  free: boolean;
  /** USD per 1M input tokens */
  maxPricePerMTok: number | null;
  /** the query asked for cheap entries: cheaper ones rank higher */
  cheapest: boolean;
  /** the least context length asked for ("with 1m context"), in tokens */
  minContext: number | null;
}

export interface SearchView {
  kind: 'search';
  /** the query as used (cut to the search limit) */
  query: string;
  understood: SearchUnderstanding;
  results: SearchResultView[];
  /** every entry that matched, before the limit */
  total: number;
  /** nearest capabilities when nothing matched */
  suggestions: Array<{ tag: string; label: string }>;
  /** what to tell the user besides the results: nothing to search for, nothing found, partial match, query cut */
  notes: string[];
  asOf: string | null;
  sources: string[];
}

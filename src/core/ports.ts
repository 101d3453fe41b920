/**
 * Repository interfaces (ports). The core and the commands depend on these only;
 * src/db implements them on SQLite. They are async so the store can change without
 * touching the core.
 */
import type { AlertRunStore, OutboxRepo, RateSlots, SubscriptionRepo } from './alerts/ports.js';
import type { BuildCoverage, CatalogBuild, Evidence, MatchEvent, MatchOrigin, Product, SourceInfo } from './domain.js';
import type { ProductScore, ScoringRunResult } from './scoring/types.js';

export interface CatalogMeta {
  /** ISO date of the newest source snapshot */
  asOf: string | null;
  sources: SourceInfo[];
  productCount: number;
}

export interface CatalogRepo {
  /** replaces the whole catalog (products, capabilities, evidence, sources) in one transaction */
  replaceAll(build: CatalogBuild): Promise<void>;
  all(): Promise<Product[]>;
  get(id: string): Promise<Product | null>;
  getMany(ids: string[]): Promise<Product[]>;
  evidence(): Promise<Evidence[]>;
  evidenceFor(id: string): Promise<Evidence[]>;
  meta(): Promise<CatalogMeta>;
  /** what the last import merged and left unmatched (null when it recorded nothing) */
  coverage(): Promise<BuildCoverage | null>;
  /**
   * Full-text search over the catalog's names, aliases, vendors, categories, capability labels
   * and titles, and descriptions (kept in step by replaceAll, in the same transaction).
   * Best match first.
   */
  searchText(query: TextQuery): Promise<TextHit[]>;
  /** products in the full-text index; equals meta().productCount when the index is in step */
  searchIndexSize(): Promise<number>;
  /** rebuilds the full-text index from the stored catalog, in one transaction */
  rebuildSearchIndex(): Promise<void>;
}

/** The parts of a product the full-text index holds, in the index's column order. */
export const SEARCH_FIELDS = ['name', 'aliases', 'vendor', 'category', 'capabilities', 'description'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

export interface TextQuery {
  /**
   * Plain words (letters and digits); the store quotes each one, so no word can act as query
   * syntax. Any word may match; `namePrefix` also lets it match the start of a word in a name or
   * alias, `prefix` the start of a word anywhere.
   */
  terms: Array<{ word: string; namePrefix: boolean; prefix?: boolean }>;
  /** relevance weight of a match in each field */
  weights: Record<SearchField, number>;
  limit: number;
}

export interface TextHit {
  id: string;
  /** relevance, larger is better (negated bm25) */
  score: number;
  /** the words of each field that matched, as they appear in the product's text */
  fields: Partial<Record<SearchField, string[]>>;
}

export interface MatchEdge {
  a: string;
  b: string;
  /** decayed weight */
  weight: number;
}

export interface MatchRepo {
  record(a: string, b: string, origin: MatchOrigin, at?: Date): Promise<void>;
  recordMany(events: MatchEvent[]): Promise<void>;
  /** how many times this unordered pair was compared */
  timesMatched(a: string, b: string): Promise<number>;
  /** products most often compared with this one, by count */
  neighbours(id: string, limit: number): Promise<Array<{ id: string; count: number }>>;
  /** all edges aggregated per unordered pair, weights time-decayed with the given half-life */
  edges(now: Date, halfLifeDays: number): Promise<MatchEdge[]>;
}

export interface RunInfo {
  id: number;
  configVersion: string;
  at: string;
  productCount: number;
}

export interface HistoryPoint {
  runId: number;
  at: string;
  score: number;
  overall: number;
  category: number;
}

export interface ScoreRepo {
  /** stores a run and all its snapshots in one transaction; returns the run id */
  saveRun(run: ScoringRunResult): Promise<RunInfo>;
  latestRun(): Promise<RunInfo | null>;
  /** snapshots of the latest run, for the given ids or for all */
  latest(ids?: string[]): Promise<Map<string, ProductScore>>;
  history(id: string, limit: number): Promise<HistoryPoint[]>;
}

/**
 * Requests already handled (signed platform requests), remembered until they could no longer
 * pass the signature's time check, so a replay inside that window is not run again. In memory for
 * one process; in the database when several instances serve the same platforms.
 */
export interface ReplayStore {
  /** Records `key` until `expiresAtMs`; true the first time, false while an earlier record of it is live. */
  firstSeen(key: string, expiresAtMs: number): Promise<boolean>;
}

/**
 * Every repository of one database, opened by a store factory (src/db/store.ts) from the
 * configuration: SQLite by default, PostgreSQL when DATABASE_URL names one.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly catalog: CatalogRepo;
  readonly matches: MatchRepo;
  readonly scores: ScoreRepo;
  readonly subscriptions: SubscriptionRepo;
  readonly outbox: OutboxRepo;
  readonly alertRuns: AlertRunStore;
  readonly seen: ReplayStore;
  readonly chatState: ChatStateStore;
  readonly leases: JobLeases;
  /** delivery rate slots shared across workers (null: one process, its own limiter is the budget) */
  readonly rateSlots: RateSlots | null;
  /** one round trip to the database; rejects when it cannot answer */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * State of a message's buttons and menus that does not fit in a platform's custom_id (Discord
 * allows 100 characters), kept until it expires, in the database so a click reaching another
 * instance than the one that rendered the message still finds it.
 */
export interface ChatStateStore {
  /** stores `value` (JSON) under `key` until `expiresAtMs`, replacing an earlier value */
  put(key: string, value: unknown, expiresAtMs: number): Promise<void>;
  /** the live value under `key`, or null when there is none or it expired */
  get(key: string): Promise<unknown>;
}

/**
 * Elects one instance for a periodic job (the scoring run). On PostgreSQL a lease row decides
 * across instances; a SQLite store serves one process and always grants it.
 */
export interface JobLeases {
  /** true when `owner` may run `job` now; the job is then held until `untilMs` */
  tryAcquire(job: string, owner: string, nowMs: number, untilMs: number): Promise<boolean>;
}

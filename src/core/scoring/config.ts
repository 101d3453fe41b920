import type { EvidenceKind, SignalName } from '../domain.js';

/**
 * How raw values of one evidence kind are combined and normalised.
 * - `aggregate`: how several series of the same kind for one product combine
 *   (a series is one source + detail; only its newest observation counts).
 *   `sum` adds them (downloads of several repositories), `max` keeps the largest
 *   (provider counts reported by two catalogs), `perDetail` normalises every detail
 *   (benchmark name, arena category) on its own and averages the results, because
 *   different benchmarks are on different scales.
 * - `log`: compare log10(1 + value) instead of the value, for kinds spanning orders of magnitude.
 */
export interface EvidenceKindConfig {
  /** share of the kind inside its signal; the kinds of one signal sum to 1 */
  weight: number;
  log: boolean;
  aggregate: 'sum' | 'max' | 'perDetail';
  /**
   * how values become 0..100: 'percentile' (default) normalises within the product's type;
   * 'none' takes the value as it is, for derived evidence already on a 0-100 scale
   */
  normalise?: 'percentile' | 'none';
  /**
   * the share of the signal's evidence this kind stands for, in its confidence; defaults to
   * `weight` over the weights of the signal's kinds that do not set it. Lower it for indirect evidence.
   */
  coverage?: number;
}

export interface ScoringConfig {
  version: string;
  /** weights of the signals in UnfragileRank; sum to 1 */
  signalWeights: Record<SignalName, number>;
  /** which evidence kinds feed which signal; the match-graph signal is fed by match edges instead */
  evidence: Record<Exclude<SignalName, 'matchGraph'>, Partial<Record<EvidenceKind, EvidenceKindConfig>>>;
  normalisation: {
    /**
     * Share of the percentile rank in a normalised value (0..1). The rest is the value's position
     * between the smallest and largest value of its group on the kind's scale (log or linear),
     * so a tenfold lead counts for more than a narrow one.
     */
    percentileShare: number;
    /** value given when a group has a single product, or all its values are equal */
    singletonValue: number;
  };
  prior: {
    /** the score assumed for a signal without evidence (0..100) */
    value: number;
    /**
     * pseudo-count of evidence items: a signal backed by n items gets confidence
     * coverage * n / (n + strength), so one item is shrunk more than several
     */
    strength: number;
    /**
     * the prior of a product is its peers' average (same type and category, before this step),
     * shrunk toward `value` as if `peerStrength` more products sat exactly at `value`
     */
    peerStrength: number;
  };
  /** how quality evidence of models is put on one scale (src/core/scoring/derive.ts) */
  qualityScale: {
    /** evidence kinds that measure quality */
    kinds: string[];
    /** the series every other is linked to (an evidence detail) */
    reference: string;
    /** the detail of the derived quality_index rows on the reference scale */
    scaleName: string;
    /** series that measure something else and keep their own scale (text-to-image arena) */
    ownScale: string[];
    /** models a series must share with the reference (or the index) to be linked */
    minOverlap: number;
    /** an observation this many days old weighs half as much as one made on the day of the run */
    halfLifeDays: number;
  };
  /** curated-list mentions (adoption): a listing this many days old counts half */
  listPresence: { halfLifeDays: number };
  /** estimated LMArena votes (adoption) from rating intervals */
  arenaVotes: {
    /** boards to read, most representative first (evidence details) */
    boards: string[];
    /** the half-width that counts as 1 (any constant: only ratios matter after normalisation) */
    unitHalfWidth: number;
  };
  matchGraph: {
    damping: number;
    maxIterations: number;
    /** L1 change of the rank vector (which sums to 1) below which iteration stops */
    tolerance: number;
    /** half-life of match events in days, for MatchRepo.edges */
    halfLifeDays: number;
    /** decayed edge weight at which the match-graph signal reaches confidence 0.5 */
    halfConfidenceWeight: number;
    log: boolean;
  };
  verdict: {
    /** score gap (points) at or below which a comparison is "too close to call" */
    tooCloseMargin: number;
    /** how far (points) a product must be ahead on a signal to lead it */
    signalMargins: Record<SignalName, number>;
    /** minimum confidence of the leader's signal for its lead to count */
    minDecisiveConfidence: number;
    /** share of a score's weight on the prior at or above which the score rests "mostly on the prior" */
    mostlyPrior: number;
  };
}

export const SCORING_CONFIG: ScoringConfig = {
  version: 'unfragile-2026.12b',
  signalWeights: { adoption: 0.3, quality: 0.35, ecosystem: 0.2, matchGraph: 0.15 },
  evidence: {
    adoption: {
      hf_downloads: { weight: 0.3, log: true, aggregate: 'sum' },
      hf_likes: { weight: 0.1, log: true, aggregate: 'sum' },
      github_stars: { weight: 0.3, log: true, aggregate: 'sum' },
      arena_votes: { weight: 0.15, log: true, aggregate: 'max' },
      list_presence: { weight: 0.15, log: true, aggregate: 'sum' },
      // stated usage is what downloads and stars stand in for where a product has neither (closed products):
      // it counts as much as they do without lowering their share of the signal
      stated_users: { weight: 0.3, log: true, aggregate: 'max', coverage: 0.3 },
      stated_customers: { weight: 0.2, log: true, aggregate: 'max', coverage: 0.2 },
    },
    quality: {
      quality_index: { weight: 1, log: false, aggregate: 'perDetail', coverage: 1 },
      model_quality: { weight: 1, log: false, aggregate: 'max', normalise: 'none', coverage: 0.6 },
    },
    ecosystem: {
      providers: { weight: 0.6, log: true, aggregate: 'max' },
      integrations: { weight: 0.4, log: true, aggregate: 'max' },
    },
  },
  normalisation: { percentileShare: 0.75, singletonValue: 50 },
  prior: { value: 30, strength: 0.5, peerStrength: 10 },
  qualityScale: {
    kinds: ['arena_rating', 'benchmark'],
    reference: 'LMArena text (style control)',
    scaleName: 'LMArena text scale',
    ownScale: ['LMArena text-to-image'],
    minOverlap: 6,
    halfLifeDays: 365,
  },
  arenaVotes: { boards: ['LMArena text (style control)', 'LMArena vision'], unitHalfWidth: 10 },
  listPresence: { halfLifeDays: 365 },
  matchGraph: {
    damping: 0.85,
    maxIterations: 100,
    tolerance: 1e-6,
    halfLifeDays: 90,
    halfConfidenceWeight: 3,
    log: true,
  },
  verdict: {
    tooCloseMargin: 3,
    signalMargins: { adoption: 5, quality: 5, ecosystem: 5, matchGraph: 5 },
    minDecisiveConfidence: 0.25,
    mostlyPrior: 0.85,
  },
};

/** The signal an evidence kind feeds, or null when the config does not use it. */
export function signalOfKind(kind: EvidenceKind, config: ScoringConfig): Exclude<SignalName, 'matchGraph'> | null {
  for (const signal of ['adoption', 'quality', 'ecosystem'] as const) {
    if (config.evidence[signal][kind]) return signal;
  }
  return null;
}

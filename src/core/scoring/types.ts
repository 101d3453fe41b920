import type { EvidenceKind, ProductType, SignalName } from '../domain.js';

/** One signal's value for one product, with the evidence that produced it. */
export interface SignalResult {
  /** 0-100, or null when there is no evidence for the signal ("no data", never 0) */
  value: number | null;
  /** how much evidence backs it, 0 (none) to 1 (full) */
  confidence: number;
  /** plain-language evidence lines, e.g. "LMArena text rating 1342 (2025-12-11)" */
  evidence: string[];
  /** evidence kinds used */
  kinds: EvidenceKind[];
}

export interface BreakdownPart {
  /** a signal name, or "prior" for the shrinkage toward the prior */
  part: SignalName | 'prior';
  /** points this part contributes to the total; all parts sum to `score` */
  points: number;
  /** one short explanation */
  note: string;
  /**
   * The prior part only: the prior it was shrunk toward (4 significant digits) and the share of
   * the weight (percent) it covers; the note is written from these (`priorNote`). Runs stored
   * before it existed keep their stored note.
   */
  prior?: { value: number; percent: number };
}

export interface ProductScore {
  productId: string;
  type: ProductType;
  category: string;
  /** UnfragileRank 0-100, rounded to one decimal */
  score: number;
  /** share of the score's weight that rests on the prior rather than on evidence, 0..1 */
  priorShare: number;
  signals: Record<SignalName, SignalResult>;
  breakdown: BreakdownPart[];
  /** equal scores share a position; `tied*` count the others sharing it (filled by `withTies`) */
  position: { overall: number; ofOverall: number; category: number; ofCategory: number; tiedOverall?: number; tiedCategory?: number };
}

export interface ScoringRunResult {
  configVersion: string;
  /** ISO timestamp of the run */
  at: string;
  scores: ProductScore[];
  timings: { totalMs: number; pageRankMs: number };
}

import type { Evidence } from '../domain.js';
import type { MatchEdge } from '../ports.js';
import {
  buildScores,
  computeColumns,
  normaliseRange,
  packInput,
  runSteps,
  type EdgeSource,
  type PackedEdges,
  type ScoringProduct,
} from './columnar.js';
import { SCORING_CONFIG, type ScoringConfig } from './config.js';
import { withDerivedEvidence } from './derive.js';
import type { ProductScore, ScoringRunResult } from './types.js';

export type { PackedEdges, ScoringProduct };

export interface ScoringInput {
  products: ScoringProduct[];
  evidence: Evidence[];
  edges: MatchEdge[];
  at: Date;
}

export interface PackedScoringInput {
  products: ScoringProduct[];
  evidence: Evidence[];
  /** positions in `products`, from `packEdges` */
  edges: PackedEdges;
  at: Date;
}

/**
 * Normalises a group of already-scaled values to 0..100: a blend of the mid-rank percentile
 * (ties share a percentile) and the position between the group's minimum and maximum.
 * Non-decreasing in each member's own value when the others stay fixed.
 */
export function normaliseGroup(xs: readonly number[], config: ScoringConfig = SCORING_CONFIG): number[] {
  const values = Float64Array.from(xs);
  const out = new Float64Array(values.length);
  normaliseRange(values, 0, values.length, out, new Float64Array(values.length), config);
  return Array.from(out);
}

/** Turns id-based edges into positions in `products`; edges naming an unknown id are dropped. */
export function packEdges(products: readonly { id: string }[], edges: readonly MatchEdge[]): PackedEdges {
  const position = new Map<string, number>();
  for (let i = 0; i < products.length; i++) if (!position.has(products[i].id)) position.set(products[i].id, i);
  const a = new Uint32Array(edges.length);
  const b = new Uint32Array(edges.length);
  const weight = new Float64Array(edges.length);
  let k = 0;
  for (const e of edges) {
    const x = position.get(e.a);
    const y = position.get(e.b);
    if (x === undefined || y === undefined) continue;
    a[k] = x;
    b[k] = y;
    weight[k] = e.weight;
    k++;
  }
  return { a: a.slice(0, k), b: b.slice(0, k), weight: weight.slice(0, k) };
}

function run(
  products: readonly ScoringProduct[],
  evidence: readonly Evidence[],
  edges: EdgeSource,
  at: Date,
  config: ScoringConfig,
): ScoringRunResult {
  const t0 = performance.now();
  const all = withDerivedEvidence(products, evidence, at, config);
  const columns = computeColumns(runSteps(packInput(products, all, edges, config)), config);
  const scores = runSteps(buildScores(products, all, columns, config));
  return {
    configVersion: config.version,
    at: at.toISOString(),
    scores,
    timings: { totalMs: performance.now() - t0, pageRankMs: columns.pageRankMs },
  };
}

/**
 * One scoring run: every signal, UnfragileRank, breakdown and positions for every product.
 * Pure and deterministic (apart from `timings`): the order of the input arrays does not matter.
 * `timings.pageRankMs` is the match-graph step (edges to node indices, merged, and PageRank).
 */
export function runScoring(input: ScoringInput, config: ScoringConfig = SCORING_CONFIG): ScoringRunResult {
  return run(input.products, input.evidence, { ids: input.edges }, input.at, config);
}

/** `runScoring` with edges packed by `packEdges`; gives the same result. */
export function runScoringPacked(input: PackedScoringInput, config: ScoringConfig = SCORING_CONFIG): ScoringRunResult {
  return run(input.products, input.evidence, { packed: input.edges }, input.at, config);
}

/**
 * Fills `tiedOverall` and `tiedCategory` of every score's position: how many other products share
 * it (equal scores share a position). Positions are stored without them; this counts them once
 * per loaded run. Mutates and returns `scores`.
 */
export function withTies<M extends Map<string, ProductScore>>(scores: M): M {
  const overall = new Map<number, number>();
  const category = new Map<string, number>();
  for (const s of scores.values()) {
    overall.set(s.position.overall, (overall.get(s.position.overall) ?? 0) + 1);
    const key = `${s.type}\u0000${s.category}\u0000${s.position.category}`;
    category.set(key, (category.get(key) ?? 0) + 1);
  }
  for (const s of scores.values()) {
    s.position.tiedOverall = overall.get(s.position.overall)! - 1;
    s.position.tiedCategory = category.get(`${s.type}\u0000${s.category}\u0000${s.position.category}`)! - 1;
  }
  return scores;
}

/**
 * Catalog coverage: what the build could not attach (recorded with the catalog at import time), and the report
 * `npm run cli -- catalog report` prints from the stored catalog and its latest scoring run: how many entries of
 * each type have evidence for each signal, evidence kinds, merges, unmatched source rows and how scores are spread.
 */
import {
  type DiscontinuedRecord,
  PRODUCT_TYPES,
  SIGNALS,
  type BuildCoverage,
  type Evidence,
  type EvidenceKind,
  type MergeRecord,
  type Product,
  type ProductType,
  type SignalName,
  type UnmatchedRows,
} from '../core/domain.js';
import { compactNumber } from '../core/format.js';
import type { ProductScore, SignalResult } from '../core/scoring/types.js';
import type { ArenaMatchStats } from './arena.js';
import { ARENA_DETAIL } from './arena.js';
import type { LoadedSources } from './load.js';
import type { ListSource } from './products.js';
import { unjoinedAiRepos, type RepoIndex } from './repos.js';
import { SOURCE_SPECS } from './sources.js';

/** Sizes and the one target of the coverage report. */
export const REPORT_LIMITS = {
  /** unmatched rows named per source */
  examples: 10,
  /** most common scores listed per type */
  commonScores: 5,
  /** width of a score bucket, in points */
  bucket: 10,
  /** issue target: the most common product score may hold at most this share of products */
  maxScoreShare: 0.1,
} as const;

/** A list row and the product object it ended up in (objects keep their identity through curated renames). */
export interface Placement {
  source: ListSource;
  name: string;
  product: Product;
  primary: boolean;
}

export interface CoverageInput {
  src: LoadedSources;
  products: Product[];
  evidence: Evidence[];
  placements: Placement[];
  arena: ArenaMatchStats[];
  repos: RepoIndex;
  /** canonical keys of the repositories joined to a product */
  joinedRepos: Set<string>;
  merges: MergeRecord[];
  /** listings left out as no longer offered */
  discontinued?: DiscontinuedRecord[];
}

function sourceName(id: keyof typeof SOURCE_SPECS): string {
  return SOURCE_SPECS[id].name;
}

/** What the build merged and which rows of each source matched nothing. */
export function buildCoverage(input: CoverageInput): BuildCoverage {
  const { src, products, evidence, placements, arena, repos, joinedRepos, merges } = input;
  const n = REPORT_LIMITS.examples;
  const unmatched: UnmatchedRows[] = [];

  for (const a of arena) {
    unmatched.push({
      source: 'lmarena',
      label: `${ARENA_DETAIL[a.board]} models`,
      rows: a.models,
      matched: a.matchedModels,
      unmatched: a.unmatched.length,
      examples: a.unmatched.slice(0, n).map((u) => ({ name: u.key, detail: `rating ${Math.round(u.rating)}` })),
    });
  }

  const hfJoined = new Set(evidence.filter((e) => e.kind === 'hf_downloads' && e.detail).map((e) => e.detail!.toLowerCase()));
  const hfMissed = src.huggingface
    .filter((h) => !hfJoined.has(h.id.toLowerCase()))
    .sort((a, b) => b.downloads - a.downloads || a.id.localeCompare(b.id));
  unmatched.push({
    source: 'huggingface',
    label: `${sourceName('huggingface')} trending models`,
    rows: src.huggingface.length,
    matched: src.huggingface.length - hfMissed.length,
    unmatched: hfMissed.length,
    examples: hfMissed.slice(0, n).map((h) => ({
      name: h.id,
      detail: `${compactNumber(h.downloads)} downloads${h.pipelineTag ? `, ${h.pipelineTag}` : ''}`,
    })),
  });

  const aiRepos = [...repos.records.entries()].filter(([, r]) => r.looksLikeAi);
  const repoMissed = unjoinedAiRepos(repos, joinedRepos);
  unmatched.push({
    source: 'github',
    label: 'GitHub repositories that look like AI tools',
    rows: aiRepos.length,
    matched: aiRepos.length - repoMissed.length,
    unmatched: repoMissed.length,
    examples: repoMissed.slice(0, n).map((r) => ({ name: r.fullName, detail: `${compactNumber(r.stars)} stars` })),
    note: 'by name, description or topics',
  });

  const finalIds = new Set(products.map((p) => p.id));
  const gone = new Set((input.discontinued ?? []).map((d) => d.id));
  const into = new Map(merges.map((m) => [m.from, m.into]));
  // a row whose listing was left out as no longer offered matched it: it is reported as left out, not as unmatched
  const survives = (id: string): boolean => {
    for (let i = 0, cur: string | undefined = id; i < 10 && cur !== undefined; i++, cur = into.get(cur)) if (finalIds.has(cur) || gone.has(cur)) return true;
    return false;
  };
  for (const list of ['ai-tools-autoventure', 'awesome-generative-ai', 'awesome-ai-tools'] as const) {
    const rows = placements.filter((p) => p.source === list);
    const dropped = rows.filter((p) => !survives(p.product.id));
    const merged = rows.filter((p) => !p.primary && survives(p.product.id));
    unmatched.push({
      source: list,
      label: `${sourceName(list)} rows`,
      rows: rows.length,
      matched: rows.length - dropped.length,
      unmatched: dropped.length,
      examples: dropped.slice(0, n).map((p) => ({ name: p.name, detail: `was ${p.product.id}` })),
      note: `${merged.length} rows merged into another listing of the same product`,
    });
  }
  return { merges, unmatched, discontinued: input.discontinued ?? [] };
}

/* ------------------------------------------------------------------ the report */

export interface SignalCoverage {
  withEvidence: number;
  share: number;
}

export interface TypeCoverage {
  type: ProductType;
  entries: number;
  signals: Record<SignalName, SignalCoverage>;
}

export interface ScoreCount {
  score: number;
  count: number;
  share: number;
}

export interface ScoreBucket {
  /** inclusive lower bound */
  from: number;
  /** exclusive upper bound (100 is included in the last bucket) */
  to: number;
  count: number;
  share: number;
}

export interface ScoreDistribution {
  type: ProductType;
  entries: number;
  mostCommon: ScoreCount[];
  /**
   * the most entries of one category sharing one score: the tie a category's leaderboard shows. Equal scores in
   * different categories are no tie a user sees, since no list ranks them against each other.
   */
  largestCategoryTie: (ScoreCount & { category: string }) | null;
  buckets: ScoreBucket[];
}

export interface CatalogReport {
  run: { id: number; at: string; configVersion: string } | null;
  entries: number;
  types: TypeCoverage[];
  evidenceKinds: Array<{ kind: EvidenceKind; rows: number; entries: number }>;
  /** null when the stored catalog was imported without a coverage record */
  merges: MergeRecord[] | null;
  /** listings left out as no longer offered; null when the stored catalog did not record them */
  discontinued: DiscontinuedRecord[] | null;
  unmatched: UnmatchedRows[] | null;
  scores: ScoreDistribution[];
  /** the issue's target for products: no single score held by more than `maxShare` of them */
  productScoreTarget: { maxShare: number; mostCommonShare: number | null; met: boolean | null };
}

export interface ReportInput {
  products: Product[];
  evidence: Evidence[];
  scores: Map<string, ProductScore>;
  run: { id: number; at: string; configVersion: string } | null;
  coverage: BuildCoverage | null;
}

/** A signal has evidence when the scoring run used any for it (a null value means none). */
export function signalHasEvidence(s: SignalResult | null | undefined): boolean {
  if (!s || (s as { value: number | null }).value === null) return false;
  return s.kinds.length > 0 || s.evidence.length > 0 || s.confidence > 0;
}

const share = (n: number, of: number) => (of ? Math.round((n / of) * 1000) / 1000 : 0);

function distribution(type: ProductType, entries: Array<{ score: number; category: string }>): ScoreDistribution {
  const scores = entries.map((e) => e.score);
  const counts = new Map<number, number>();
  for (const s of scores) counts.set(s, (counts.get(s) ?? 0) + 1);
  const inCategory = new Map<string, { category: string; score: number; count: number }>();
  for (const e of entries) {
    const key = `${e.category}\u0000${e.score}`;
    const g = inCategory.get(key) ?? { category: e.category, score: e.score, count: 0 };
    g.count++;
    inCategory.set(key, g);
  }
  const widest = [...inCategory.values()].sort((a, b) => b.count - a.count || b.score - a.score || a.category.localeCompare(b.category))[0];
  const largestCategoryTie = widest ? { ...widest, share: share(widest.count, scores.length) } : null;
  const mostCommon = [...counts]
    .sort((a, b) => b[1] - a[1] || b[0] - a[0])
    .slice(0, REPORT_LIMITS.commonScores)
    .map(([score, count]) => ({ score, count, share: share(count, scores.length) }));
  const buckets: ScoreBucket[] = [];
  for (let from = 0; from < 100; from += REPORT_LIMITS.bucket) {
    const to = from + REPORT_LIMITS.bucket;
    const count = scores.filter((s) => s >= from && (s < to || (to >= 100 && s <= 100))).length;
    buckets.push({ from, to, count, share: share(count, scores.length) });
  }
  return { type, entries: scores.length, mostCommon, largestCategoryTie, buckets };
}

export function catalogReport(input: ReportInput): CatalogReport {
  const { products, evidence, scores, run, coverage } = input;
  const types = PRODUCT_TYPES.filter((t) => products.some((p) => p.type === t));
  const typeOf = new Map(products.map((p) => [p.id, p.type]));

  const typeCoverage: TypeCoverage[] = types.map((type) => {
    const of = products.filter((p) => p.type === type);
    const signals = {} as Record<SignalName, SignalCoverage>;
    for (const s of SIGNALS) {
      const withEvidence = of.filter((p) => signalHasEvidence(scores.get(p.id)?.signals[s])).length;
      signals[s] = { withEvidence, share: share(withEvidence, of.length) };
    }
    return { type, entries: of.length, signals };
  });

  const kinds = new Map<EvidenceKind, { rows: number; entries: Set<string> }>();
  for (const e of evidence) {
    const k = kinds.get(e.kind) ?? { rows: 0, entries: new Set<string>() };
    k.rows++;
    k.entries.add(e.productId);
    kinds.set(e.kind, k);
  }
  const evidenceKinds = [...kinds]
    .map(([kind, k]) => ({ kind, rows: k.rows, entries: k.entries.size }))
    .sort((a, b) => b.rows - a.rows || a.kind.localeCompare(b.kind));

  const categoryOf = new Map(products.map((p) => [p.id, p.category]));
  const dists = types.map((type) =>
    distribution(
      type,
      [...scores.values()]
        .filter((s) => (typeOf.get(s.productId) ?? s.type) === type && typeOf.has(s.productId))
        .map((s) => ({ score: s.score, category: categoryOf.get(s.productId)! })),
    ),
  );
  const productDist = dists.find((d) => d.type === 'product');
  const top = productDist?.mostCommon[0]?.share ?? null;
  return {
    run,
    entries: products.length,
    types: typeCoverage,
    evidenceKinds,
    merges: coverage?.merges ?? null,
    discontinued: coverage?.discontinued ?? null,
    unmatched: coverage?.unmatched ?? null,
    scores: dists,
    productScoreTarget: { maxShare: REPORT_LIMITS.maxScoreShare, mostCommonShare: top, met: top === null ? null : top <= REPORT_LIMITS.maxScoreShare },
  };
}

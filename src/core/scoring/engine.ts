import { SIGNALS, type Evidence, type EvidenceKind, type ProductType, type SignalName } from '../domain.js';
import type { MatchEdge } from '../ports.js';
import { SCORING_CONFIG, type EvidenceKindConfig, type ScoringConfig } from './config.js';
import { SIGNAL_LABELS, evidenceLine, formatPlain } from './format.js';
import { pageRank } from './pagerank.js';
import type { BreakdownPart, ProductScore, ScoringRunResult, SignalResult } from './types.js';

export interface ScoringProduct {
  id: string;
  type: ProductType;
  category: string;
}

export interface ScoringInput {
  products: ScoringProduct[];
  evidence: Evidence[];
  edges: MatchEdge[];
  at: Date;
}

type EvidenceSignal = Exclude<SignalName, 'matchGraph'>;
const EVIDENCE_SIGNALS: readonly EvidenceSignal[] = ['adoption', 'quality', 'ecosystem'];

export { SIGNAL_LABELS };

interface KindInfo {
  kind: EvidenceKind;
  signal: EvidenceSignal;
  cfg: EvidenceKindConfig;
  order: number;
}

/** One evidence kind of one product: the newest observation of every series, and normalised values. */
interface KindState {
  info: KindInfo;
  series: Evidence[];
  /** combined raw value for `sum` and `max` kinds */
  raw: number;
  /** raw value per detail for `perDetail` kinds */
  details: Map<string, number> | null;
  /** normalised 0..100 values (one, or one per detail) */
  norms: number[];
}

interface Group {
  states: KindState[];
  xs: number[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function clamp100(x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

function scale(x: number, log: boolean): number {
  return log ? Math.log10(1 + Math.max(0, x)) : x;
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Normalises a group of already-scaled values to 0..100: a blend of the mid-rank percentile
 * (ties share a percentile) and the position between the group's minimum and maximum.
 * Non-decreasing in each member's own value when the others stay fixed.
 */
export function normaliseGroup(xs: readonly number[], config: ScoringConfig = SCORING_CONFIG): number[] {
  const n = xs.length;
  const { percentileShare, singletonValue } = config.normalisation;
  if (n === 0) return [];
  const sorted = Float64Array.from(xs).sort();
  const min = sorted[0];
  const max = sorted[n - 1];
  if (n === 1 || max === min) return new Array<number>(n).fill(singletonValue);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    const below = lowerBound(sorted, x);
    const equalOthers = upperBound(sorted, x) - below - 1;
    const percentile = ((below + equalOthers / 2) / (n - 1)) * 100;
    const position = ((x - min) / (max - min)) * 100;
    out[i] = clamp100(percentileShare * percentile + (1 - percentileShare) * position);
  }
  return out;
}

function kindTable(config: ScoringConfig): Map<EvidenceKind, KindInfo> {
  const table = new Map<EvidenceKind, KindInfo>();
  let order = 0;
  for (const signal of EVIDENCE_SIGNALS) {
    const kinds = config.evidence[signal];
    for (const kind of Object.keys(kinds).sort() as EvidenceKind[]) {
      const cfg = kinds[kind];
      if (!cfg || table.has(kind)) continue;
      table.set(kind, { kind, signal, cfg, order: order++ });
    }
  }
  return table;
}

function compareEvidence(table: Map<EvidenceKind, KindInfo>) {
  return (x: Evidence, y: Evidence): number =>
    table.get(x.kind)!.order - table.get(y.kind)!.order ||
    cmp(x.source, y.source) ||
    cmp(x.detail ?? '', y.detail ?? '') ||
    cmp(y.date, x.date) ||
    y.value - x.value;
}

function emptySignal(): SignalResult {
  return { value: 0, confidence: 0, evidence: [], kinds: [] };
}

interface CanonicalEdges {
  src: Uint32Array;
  dst: Uint32Array;
  weight: Float64Array;
}

/**
 * Match edges given as positions in `products` instead of ids; built with `packEdges`. Typed
 * arrays can be transferred to a worker thread without copying.
 */
export interface PackedEdges {
  a: Uint32Array;
  b: Uint32Array;
  weight: Float64Array;
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

/** Edges mapped to node indices, as (lo, hi, weight) with lo < hi; `k` of them are filled. */
interface EdgeBuffer {
  lo: Uint32Array;
  hi: Uint32Array;
  w: Float64Array;
  k: number;
}

function edgeBuffer(m: number): EdgeBuffer {
  return { lo: new Uint32Array(m), hi: new Uint32Array(m), w: new Float64Array(m), k: 0 };
}

/** Adds one edge unless a node is unknown (-1), it is a self-loop, or its weight is not positive and finite. */
function pushEdge(buf: EdgeBuffer, a: number, b: number, weight: number): void {
  if (a < 0 || b < 0 || a === b) return;
  if (!(weight > 0) || !Number.isFinite(weight)) return;
  const k = buf.k++;
  buf.lo[k] = a < b ? a : b;
  buf.hi[k] = a < b ? b : a;
  buf.w[k] = weight;
}

/**
 * Orders edges by (lo, hi) with two stable counting sorts and merges duplicate pairs, so the
 * PageRank input does not depend on the order of the edges given.
 */
function canonicalEdges(n: number, buf: EdgeBuffer): CanonicalEdges {
  const { lo, hi, w, k } = buf;
  const count = new Uint32Array(n + 1);
  const byHi = new Uint32Array(k);
  for (let i = 0; i < k; i++) count[hi[i] + 1]++;
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  for (let i = 0; i < k; i++) byHi[count[hi[i]]++] = i;
  count.fill(0);
  const order = new Uint32Array(k);
  for (let i = 0; i < k; i++) count[lo[i] + 1]++;
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  for (let j = 0; j < k; j++) {
    const i = byHi[j];
    order[count[lo[i]]++] = i;
  }

  const src = new Uint32Array(k);
  const dst = new Uint32Array(k);
  const weight = new Float64Array(k);
  let out = 0;
  for (let j = 0; j < k; ) {
    const first = order[j];
    let end = j + 1;
    while (end < k && lo[order[end]] === lo[first] && hi[order[end]] === hi[first]) end++;
    let sum: number;
    if (end - j === 1) {
      sum = w[first];
    } else {
      const ws: number[] = [];
      for (let p = j; p < end; p++) ws.push(w[order[p]]);
      ws.sort((x, y) => x - y);
      sum = 0;
      for (const x of ws) sum += x;
    }
    src[out] = lo[first];
    dst[out] = hi[first];
    weight[out] = sum;
    out++;
    j = end;
  }
  return { src: src.subarray(0, out), dst: dst.subarray(0, out), weight: weight.subarray(0, out) };
}

interface PreparedProducts {
  /** sorted by id, one entry per id */
  products: ScoringProduct[];
  index: Map<string, number>;
}

function prepareProducts(input: readonly ScoringProduct[]): PreparedProducts {
  // sorted by id; a repeated id keeps its first entry in that order
  const sorted = [...input].sort((x, y) => cmp(x.id, y.id) || cmp(x.type, y.type) || cmp(x.category, y.category));
  const products: ScoringProduct[] = [];
  for (const p of sorted) {
    if (products.length === 0 || products[products.length - 1].id !== p.id) products.push(p);
  }
  const index = new Map<string, number>();
  for (let i = 0; i < products.length; i++) index.set(products[i].id, i);
  return { products, index };
}

/**
 * One scoring run: every signal, UnfragileRank, breakdown and positions for every product.
 * Pure and deterministic (apart from `timings`): the order of the input arrays does not matter.
 */
export function runScoring(input: ScoringInput, config: ScoringConfig = SCORING_CONFIG): ScoringRunResult {
  const t0 = performance.now();
  const prepared = prepareProducts(input.products);
  const { index } = prepared;
  return scoreAll(prepared, input.evidence, input.at, config, t0, (n) => {
    const buf = edgeBuffer(input.edges.length);
    for (const e of input.edges) pushEdge(buf, index.get(e.a) ?? -1, index.get(e.b) ?? -1, e.weight);
    return canonicalEdges(n, buf);
  });
}

export interface PackedScoringInput {
  products: ScoringProduct[];
  evidence: Evidence[];
  /** positions in `products`, from `packEdges` */
  edges: PackedEdges;
  at: Date;
}

/** `runScoring` with edges packed by `packEdges`; gives the same result. */
export function runScoringPacked(input: PackedScoringInput, config: ScoringConfig = SCORING_CONFIG): ScoringRunResult {
  const t0 = performance.now();
  const prepared = prepareProducts(input.products);
  const toNode = new Int32Array(input.products.length);
  for (let i = 0; i < input.products.length; i++) toNode[i] = prepared.index.get(input.products[i].id)!;
  const { a, b, weight } = input.edges;
  const np = input.products.length;
  return scoreAll(prepared, input.evidence, input.at, config, t0, (n) => {
    const buf = edgeBuffer(weight.length);
    for (let k = 0; k < weight.length; k++) {
      pushEdge(buf, a[k] < np ? toNode[a[k]] : -1, b[k] < np ? toNode[b[k]] : -1, weight[k]);
    }
    return canonicalEdges(n, buf);
  });
}

function scoreAll(
  prepared: PreparedProducts,
  evidenceIn: readonly Evidence[],
  at: Date,
  config: ScoringConfig,
  t0: number,
  edgesFor: (n: number) => CanonicalEdges,
): ScoringRunResult {
  const { products, index } = prepared;
  const n = products.length;

  // evidence, bucketed per product and sorted inside each bucket
  const table = kindTable(config);
  const buckets: Array<Evidence[] | undefined> = new Array(n);
  for (const e of evidenceIn) {
    const i = index.get(e.productId);
    if (i === undefined || !table.has(e.kind) || !Number.isFinite(e.value)) continue;
    (buckets[i] ??= []).push(e);
  }
  const byEvidence = compareEvidence(table);
  const states: Array<KindState[] | undefined> = new Array(n);
  // normalisation groups: one per (type, kind), and per detail for perDetail kinds
  const kindCount = table.size;
  const typeIndex = new Map<string, number>();
  const groupTable: Array<Map<string, Group> | undefined> = [];
  const addToGroup = (type: string, info: KindInfo, detail: string, state: KindState, x: number): void => {
    let t = typeIndex.get(type);
    if (t === undefined) typeIndex.set(type, (t = typeIndex.size));
    const slot = t * kindCount + info.order;
    const groups = (groupTable[slot] ??= new Map<string, Group>());
    let g = groups.get(detail);
    if (!g) groups.set(detail, (g = { states: [], xs: [] }));
    g.states.push(state);
    g.xs.push(x);
  };

  for (let i = 0; i < n; i++) {
    const bucket = buckets[i];
    if (!bucket) continue;
    bucket.sort(byEvidence);
    const list: KindState[] = [];
    let current: KindState | null = null;
    let prev: Evidence | null = null;
    for (const e of bucket) {
      // keep only the newest observation of each series (kind, source, detail)
      if (prev && prev.kind === e.kind && prev.source === e.source && (prev.detail ?? '') === (e.detail ?? '')) continue;
      prev = e;
      const info = table.get(e.kind)!;
      if (!current || current.info.kind !== e.kind) {
        current = {
          info,
          series: [],
          raw: 0,
          details: info.cfg.aggregate === 'perDetail' ? new Map() : null,
          norms: [],
        };
        list.push(current);
      }
      const s: KindState = current;
      if (s.series.length === 0) s.raw = e.value;
      else if (info.cfg.aggregate === 'sum') s.raw += e.value;
      else if (info.cfg.aggregate === 'max') s.raw = Math.max(s.raw, e.value);
      if (s.details) {
        const key = e.detail ?? '';
        const had = s.details.get(key);
        s.details.set(key, had === undefined ? e.value : Math.max(had, e.value));
      }
      s.series.push(e);
    }
    states[i] = list;
    const type = products[i].type;
    for (const s of list) {
      if (s.details) {
        const keys = [...s.details.keys()].sort(cmp);
        for (const d of keys) addToGroup(type, s.info, d, s, scale(s.details.get(d)!, s.info.cfg.log));
      } else {
        addToGroup(type, s.info, '', s, scale(s.raw, s.info.cfg.log));
      }
    }
  }
  for (const groups of groupTable) {
    if (!groups) continue;
    for (const g of groups.values()) {
      const norms = normaliseGroup(g.xs, config);
      for (let j = 0; j < g.states.length; j++) g.states[j].norms.push(norms[j]);
    }
  }

  // match graph
  const tGraph = performance.now();
  const graph = edgesFor(n);
  const mg = config.matchGraph;
  const pr = pageRank(n, graph.src, graph.dst, graph.weight, {
    damping: mg.damping,
    maxIterations: mg.maxIterations,
    tolerance: mg.tolerance,
  });
  const pageRankMs = performance.now() - tGraph;
  const strength = new Float64Array(n);
  const degree = new Uint32Array(n);
  for (let e = 0; e < graph.src.length; e++) {
    strength[graph.src[e]] += graph.weight[e];
    strength[graph.dst[e]] += graph.weight[e];
    degree[graph.src[e]]++;
    degree[graph.dst[e]]++;
  }
  const connected: number[] = [];
  const centrality: number[] = [];
  for (let i = 0; i < n; i++) {
    if (strength[i] > 0) {
      connected.push(i);
      centrality.push(scale(pr.ranks[i] * n, mg.log));
    }
  }
  const graphNorms = normaliseGroup(centrality, config);
  const graphValue = new Float64Array(n);
  for (let j = 0; j < connected.length; j++) graphValue[connected[j]] = graphNorms[j];

  // signals, score and breakdown per product
  const weights = config.signalWeights;
  const weightTotal = SIGNALS.reduce((acc, s) => acc + weights[s], 0);
  const priorValue = config.prior.value;
  const kindWeightTotals = {} as Record<EvidenceSignal, number>;
  for (const signal of EVIDENCE_SIGNALS) {
    let total = 0;
    for (const info of table.values()) if (info.signal === signal) total += info.cfg.weight;
    kindWeightTotals[signal] = total;
  }
  const notes = breakdownNotes(config, weightTotal);
  const scores: ProductScore[] = new Array(n);
  const lines: string[] = [];
  const kindsUsed: EvidenceKind[] = [];
  const scratch = new Float64Array(SIGNALS.length + 1);
  for (let i = 0; i < n; i++) {
    const p = products[i];
    const signals = {} as Record<SignalName, SignalResult>;
    for (const signal of EVIDENCE_SIGNALS) {
      const kindWeightTotal = kindWeightTotals[signal];
      let wSum = 0;
      let vSum = 0;
      let items = 0;
      lines.length = 0;
      kindsUsed.length = 0;
      for (const s of states[i] ?? []) {
        if (s.info.signal !== signal || s.norms.length === 0) continue;
        let mean = 0;
        for (const v of s.norms) mean += v;
        mean /= s.norms.length;
        wSum += s.info.cfg.weight;
        vSum += s.info.cfg.weight * mean;
        items += s.series.length;
        kindsUsed.push(s.info.kind);
        for (const e of s.series) lines.push(evidenceLine(e));
      }
      // exact-size copies of the scratch arrays keep large results compact
      const result: SignalResult = {
        value: 0,
        confidence: 0,
        evidence: lines.length > 0 ? lines.slice() : [],
        kinds: kindsUsed.length > 0 ? kindsUsed.slice() : [],
      };
      if (wSum > 0 && kindWeightTotal > 0) {
        result.value = round1(clamp100(vSum / wSum));
        const coverage = Math.min(1, wSum / kindWeightTotal);
        result.confidence = round2(coverage * (items / (items + config.prior.strength)));
      }
      signals[signal] = result;
    }
    signals.matchGraph =
      strength[i] > 0
        ? {
            value: round1(clamp100(graphValue[i])),
            confidence: round2(strength[i] / (strength[i] + mg.halfConfidenceWeight)),
            evidence: [
              `compared with ${degree[i]} other ${degree[i] === 1 ? 'product' : 'products'} (match weight ${formatPlain(strength[i])}, half-life ${mg.halfLifeDays} days)`,
              `match-graph centrality ${formatPlain(pr.ranks[i] * n)}× the average product`,
            ],
            kinds: [],
          }
        : emptySignal();

    const { score, breakdown } = scoreWithBreakdown(signals, config, weightTotal, priorValue, notes, scratch);
    scores[i] = {
      productId: p.id,
      type: p.type,
      category: p.category,
      score,
      signals,
      breakdown,
      // filled in once all scores are known
      position: undefined as unknown as ProductScore['position'],
    };
  }

  // positions: score descending, ties by id
  const ranked = [...scores].sort((x, y) => y.score - x.score || cmp(x.productId, y.productId));
  const categoryCount = new Map<string, number>();
  for (const s of ranked) categoryCount.set(s.category, (categoryCount.get(s.category) ?? 0) + 1);
  const categorySeen = new Map<string, number>();
  for (let r = 0; r < ranked.length; r++) {
    const s = ranked[r];
    const c = (categorySeen.get(s.category) ?? 0) + 1;
    categorySeen.set(s.category, c);
    s.position = { overall: r + 1, ofOverall: n, category: c, ofCategory: categoryCount.get(s.category)! };
  }

  return {
    configVersion: config.version,
    at: at.toISOString(),
    scores: ranked,
    timings: { totalMs: performance.now() - t0, pageRankMs },
  };
}

interface BreakdownNotes {
  /** per signal: the fixed text around value and confidence */
  signalPrefix: Record<SignalName, string>;
  weightText: Record<SignalName, string>;
  noEvidence: Record<SignalName, string>;
  priorPrefix: string;
}

function breakdownNotes(config: ScoringConfig, weightTotal: number): BreakdownNotes {
  const signalPrefix = {} as Record<SignalName, string>;
  const weightText = {} as Record<SignalName, string>;
  const noEvidence = {} as Record<SignalName, string>;
  for (const s of SIGNALS) {
    signalPrefix[s] = `${SIGNAL_LABELS[s]} `;
    weightText[s] = `/100 × weight ${formatPlain(config.signalWeights[s] / weightTotal)} × confidence `;
    noEvidence[s] = `no ${SIGNAL_LABELS[s]} evidence; its weight goes to the prior`;
  }
  return { signalPrefix, weightText, noEvidence, priorPrefix: `prior ${formatPlain(config.prior.value)}/100 on the ` };
}

/**
 * UnfragileRank = sum over signals of weight * (confidence * value + (1 - confidence) * prior):
 * each signal counts in proportion to how much evidence backs it, and the rest of its weight
 * goes to the prior. Signal values and confidences enter as reported (rounded), so the parts can
 * be recomputed from the card. Parts are kept in tenths of a point so they add up exactly to the score.
 */
function scoreWithBreakdown(
  signals: Record<SignalName, SignalResult>,
  config: ScoringConfig,
  weightTotal: number,
  priorValue: number,
  text: BreakdownNotes,
  tenths: Float64Array,
): { score: number; breakdown: BreakdownPart[] } {
  const parts = SIGNALS.length + 1;
  let priorWeight = 0;
  let total = 0;
  for (let j = 0; j < SIGNALS.length; j++) {
    const s = SIGNALS[j];
    const w = config.signalWeights[s] / weightTotal;
    const { value, confidence } = signals[s];
    const raw = w * confidence * value;
    total += raw;
    tenths[j] = Math.round(raw * 10);
    priorWeight += w * (1 - confidence);
  }
  const priorRaw = priorWeight * priorValue;
  total += priorRaw;
  tenths[SIGNALS.length] = Math.round(priorRaw * 10);

  const totalTenths = Math.round(clamp100(total) * 10);
  let sum = 0;
  let largest = 0;
  for (let j = 0; j < parts; j++) {
    sum += tenths[j];
    if (tenths[j] > tenths[largest]) largest = j;
  }
  tenths[largest] += totalTenths - sum;

  const breakdown: BreakdownPart[] = new Array(parts);
  for (let j = 0; j < SIGNALS.length; j++) {
    const s = SIGNALS[j];
    const { value, confidence } = signals[s];
    // value and confidence are already rounded, so String() prints them as shown elsewhere
    const note = confidence > 0 ? text.signalPrefix[s] + String(value) + text.weightText[s] + String(confidence) : text.noEvidence[s];
    breakdown[j] = { part: s, points: tenths[j] / 10, note };
  }
  breakdown[SIGNALS.length] = {
    part: 'prior',
    points: tenths[SIGNALS.length] / 10,
    note: `${text.priorPrefix}${Math.round(priorWeight * 100)}% of the weight not backed by evidence`,
  };
  return { score: totalTenths / 10, breakdown };
}

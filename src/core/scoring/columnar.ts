/**
 * The scoring run on columns: inputs are packed into typed arrays (product positions, dictionary
 * codes for strings), the whole run works on those arrays, and its result is columns again, from
 * which the ProductScore objects are built. The arrays can be transferred to and from a worker
 * thread without copying, and packing and building are split into steps (generators) that a caller
 * can run in one go or in slices between event-loop turns.
 */
import { SIGNALS, type Evidence, type EvidenceKind, type ProductType, type SignalName } from '../domain.js';
import type { MatchEdge } from '../ports.js';
import type { EvidenceKindConfig, ScoringConfig } from './config.js';
import { breakdownNotes, evidenceLine, formatPlain, priorNote } from './format.js';
import { pageRank } from './pagerank.js';
import type { BreakdownPart, ProductScore, SignalResult } from './types.js';

export interface ScoringProduct {
  id: string;
  type: ProductType;
  category: string;
  name?: string;
  /** models a product runs; its Quality can come from them (derive.ts) */
  poweredBy?: ReadonlyArray<{ modelId: string }>;
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

type EvidenceSignal = Exclude<SignalName, 'matchGraph'>;
export const EVIDENCE_SIGNALS: readonly EvidenceSignal[] = ['adoption', 'quality', 'ecosystem'];

/** A unit of work yields after about this many items. */
const STEP = 512;

/** A computation split into steps; run it with `runSteps` or `runStepsSliced`. */
export type Steps<T> = Generator<void, T, void>;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the steps, letting the event loop run whenever a slice has taken `sliceMs`. */
export async function runStepsSliced<T>(steps: Steps<T>, sliceMs = 4): Promise<T> {
  let start = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - start >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      start = performance.now();
    }
  }
}

interface KindInfo {
  kind: EvidenceKind;
  signal: number;
  cfg: EvidenceKindConfig;
}

/** Evidence kinds the config uses, in a fixed order: by signal, then by kind name. */
function kindTable(config: ScoringConfig): KindInfo[] {
  const table: KindInfo[] = [];
  const seen = new Set<string>();
  EVIDENCE_SIGNALS.forEach((signal, signalIndex) => {
    const kinds = config.evidence[signal];
    for (const kind of Object.keys(kinds).sort() as EvidenceKind[]) {
      const cfg = kinds[kind];
      if (!cfg || seen.has(kind)) continue;
      seen.add(kind);
      table.push({ kind, signal: signalIndex, cfg });
    }
  });
  return table;
}

class Dictionary {
  readonly list: string[] = [];
  private readonly codes = new Map<string, number>();
  code(s: string): number {
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.list.length;
      this.codes.set(s, c);
      this.list.push(s);
    }
    return c;
  }
}

/** Position of each string of `list` in sorted order (UTF-16 code units, as `<` compares). */
function sortRanks(list: readonly string[]): Uint32Array {
  const order = list.map((_, i) => i).sort((x, y) => (list[x] < list[y] ? -1 : list[x] > list[y] ? 1 : 0));
  const rank = new Uint32Array(list.length);
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  return rank;
}

/** Marks an edge end naming no product. */
const NO_PRODUCT = 0xffffffff;

/** The input of a run as columns. Positions refer to the caller's `products` and `evidence` arrays. */
export interface ColumnarInput {
  ids: string[];
  typeCode: Uint32Array;
  types: string[];
  categoryCode: Uint32Array;
  categories: string[];
  /** usable evidence only: its position in the caller's array, product position, kind (see kindTable), value */
  evIndex: Uint32Array;
  evProduct: Uint32Array;
  evKind: Uint8Array;
  evValue: Float64Array;
  evSource: Uint32Array;
  sources: string[];
  /** detail ?? '' */
  evDetail: Uint32Array;
  details: string[];
  evDate: Uint32Array;
  dates: string[];
  /** observations each evidence row stands for (1 unless derived) */
  evItems: Float64Array;
  /** product positions of the edge ends (>= ids.length: unknown product) */
  edgeA: Uint32Array;
  edgeB: Uint32Array;
  edgeWeight: Float64Array;
}

export type EdgeSource = { ids: readonly MatchEdge[] } | { packed: PackedEdges };

/** Packs products, evidence and edges into columns. */
export function* packInput(
  products: readonly ScoringProduct[],
  evidence: readonly Evidence[],
  edges: EdgeSource,
  config: ScoringConfig,
): Steps<ColumnarInput> {
  const np = products.length;
  const ids = new Array<string>(np);
  const typeCode = new Uint32Array(np);
  const categoryCode = new Uint32Array(np);
  const types = new Dictionary();
  const categories = new Dictionary();
  const position = new Map<string, number>();
  for (let i = 0; i < np; i++) {
    const p = products[i];
    ids[i] = p.id;
    typeCode[i] = types.code(p.type);
    categoryCode[i] = categories.code(p.category);
    if (!position.has(p.id)) position.set(p.id, i);
    if ((i & (STEP - 1)) === STEP - 1) yield;
  }

  const kindCode = new Map<string, number>(kindTable(config).map((k, i) => [k.kind, i]));
  const ne = evidence.length;
  const evIndex = new Uint32Array(ne);
  const evProduct = new Uint32Array(ne);
  const evKind = new Uint8Array(ne);
  const evValue = new Float64Array(ne);
  const evSource = new Uint32Array(ne);
  const evDetail = new Uint32Array(ne);
  const evDate = new Uint32Array(ne);
  const evItems = new Float64Array(ne);
  const sources = new Dictionary();
  const details = new Dictionary();
  const dates = new Dictionary();
  let k = 0;
  for (let i = 0; i < ne; i++) {
    if ((i & (STEP - 1)) === STEP - 1) yield;
    const e = evidence[i];
    const p = position.get(e.productId);
    const kind = kindCode.get(e.kind);
    if (p === undefined || kind === undefined || !Number.isFinite(e.value)) continue;
    evIndex[k] = i;
    evProduct[k] = p;
    evKind[k] = kind;
    evValue[k] = e.value;
    evSource[k] = sources.code(e.source);
    evDetail[k] = details.code(e.detail ?? '');
    evDate[k] = dates.code(e.date);
    evItems[k] = e.items !== undefined && e.items > 0 ? e.items : 1;
    k++;
  }

  let edgeA: Uint32Array;
  let edgeB: Uint32Array;
  let edgeWeight: Float64Array;
  if ('packed' in edges) {
    ({ a: edgeA, b: edgeB, weight: edgeWeight } = edges.packed);
  } else {
    const list = edges.ids;
    edgeA = new Uint32Array(list.length);
    edgeB = new Uint32Array(list.length);
    edgeWeight = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      edgeA[i] = position.get(e.a) ?? NO_PRODUCT;
      edgeB[i] = position.get(e.b) ?? NO_PRODUCT;
      edgeWeight[i] = e.weight;
      if ((i & (STEP - 1)) === STEP - 1) yield;
    }
  }
  return {
    ids,
    typeCode,
    types: types.list,
    categoryCode,
    categories: categories.list,
    evIndex: evIndex.subarray(0, k),
    evProduct: evProduct.subarray(0, k),
    evKind: evKind.subarray(0, k),
    evValue: evValue.subarray(0, k),
    evSource: evSource.subarray(0, k),
    sources: sources.list,
    evDetail: evDetail.subarray(0, k),
    details: details.list,
    evDate: evDate.subarray(0, k),
    dates: dates.list,
    evItems: evItems.subarray(0, k),
    edgeA,
    edgeB,
    edgeWeight,
  };
}

/** The buffers of a ColumnarInput or ColumnarResult, for a transfer list. */
export function buffersOf(columns: object): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of Object.values(columns)) {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  }
  return [...out];
}

/** The result of a run as columns, in rank order (index r is position r + 1). */
export interface ColumnarResult {
  n: number;
  /** position in the caller's `products` of the product at each rank */
  product: Uint32Array;
  /** per rank and signal (SIGNALS order), rounded as reported */
  value: Float64Array;
  confidence: Float64Array;
  /** per rank: breakdown parts in tenths of a point, SIGNALS order then the prior */
  tenths: Float64Array;
  scoreTenths: Float64Array;
  /** share of the weight given to the prior, in whole percent */
  priorPercent: Float64Array;
  /** the prior used (peers' average shrunk toward the global prior), one decimal */
  priorValue: Float64Array;
  /** position in the product's category; equal scores share a position */
  categoryPosition: Uint32Array;
  /** position overall; equal scores share a position */
  overallPosition: Uint32Array;
  categoryCount: Uint32Array;
  /** match graph: distinct neighbours, total edge weight, PageRank times n */
  degree: Uint32Array;
  strength: Float64Array;
  centrality: Float64Array;
  /** per rank and evidence signal: the range of `evidence` listing the evidence used */
  evidenceStart: Uint32Array;
  /** positions in the caller's `evidence` */
  evidence: Uint32Array;
  pageRankMs: number;
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

export function scale(x: number, log: boolean): number {
  return log ? Math.log10(1 + Math.max(0, x)) : x;
}

function lowerBound(sorted: Float64Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo - from;
}

function upperBound(sorted: Float64Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - from;
}

/**
 * Normalises xs[from..to) to 0..100 into out[from..to): a blend of the mid-rank percentile (ties
 * share a percentile) and the position between the group's minimum and maximum. `sorted` is
 * scratch space at least as long as xs.
 */
export function normaliseRange(
  xs: Float64Array,
  from: number,
  to: number,
  out: Float64Array,
  sorted: Float64Array,
  config: ScoringConfig,
): void {
  const n = to - from;
  const { percentileShare, singletonValue } = config.normalisation;
  if (n === 0) return;
  const s = sorted.subarray(from, to);
  s.set(xs.subarray(from, to));
  s.sort();
  const min = s[0];
  const max = s[n - 1];
  if (n === 1 || max === min) {
    out.fill(singletonValue, from, to);
    return;
  }
  for (let i = from; i < to; i++) {
    const x = xs[i];
    const below = lowerBound(sorted, from, to, x);
    const equalOthers = upperBound(sorted, from, to, x) - below - 1;
    const percentile = ((below + equalOthers / 2) / (n - 1)) * 100;
    const position = ((x - min) / (max - min)) * 100;
    out[i] = clamp100(percentileShare * percentile + (1 - percentileShare) * position);
  }
}

/** Stable counting sort of 0..count-1 by key (0..buckets-1); returns the order and bucket starts. */
function countingSort(keys: Uint32Array, buckets: number): { order: Uint32Array; start: Uint32Array } {
  const start = new Uint32Array(buckets + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i] + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const cursor = start.slice(0, buckets);
  const order = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) order[cursor[keys[i]]++] = i;
  return { order, start };
}

/** Edges mapped to node indices, as (lo, hi, weight) with lo < hi; `k` of them are filled. */
interface EdgeBuffer {
  lo: Uint32Array;
  hi: Uint32Array;
  w: Float64Array;
  k: number;
}

/**
 * Orders edges by (lo, hi) and merges duplicate pairs (weights added smallest first), so the
 * PageRank input does not depend on the order of the edges given. Two stable counting sorts,
 * by hi and then by lo, moving the edges themselves.
 */
function canonicalEdges(n: number, buf: EdgeBuffer): { src: Uint32Array; dst: Uint32Array; weight: Float64Array } {
  const { lo, hi, w, k } = buf;
  const count = new Uint32Array(n + 1);
  for (let i = 0; i < k; i++) count[hi[i] + 1]++;
  for (let v = 0; v < n; v++) count[v + 1] += count[v];
  const lo1 = new Uint32Array(k);
  const hi1 = new Uint32Array(k);
  const w1 = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const p = count[hi[i]]++;
    lo1[p] = lo[i];
    hi1[p] = hi[i];
    w1[p] = w[i];
  }
  count.fill(0);
  for (let i = 0; i < k; i++) count[lo1[i] + 1]++;
  for (let v = 0; v < n; v++) count[v + 1] += count[v];
  // the second pass writes into the caller's buffer, which is no longer needed
  for (let i = 0; i < k; i++) {
    const p = count[lo1[i]]++;
    lo[p] = lo1[i];
    hi[p] = hi1[i];
    w[p] = w1[i];
  }
  const src = lo1;
  const dst = hi1;
  const weight = w1;
  let out = 0;
  for (let i = 0; i < k; ) {
    const a = lo[i];
    const b = hi[i];
    let j = i + 1;
    while (j < k && lo[j] === a && hi[j] === b) j++;
    let sum = w[i];
    if (j - i > 1) {
      const ws = Array.from(w.subarray(i, j)).sort((x, y) => x - y);
      sum = ws[0];
      for (let q = 1; q < ws.length; q++) sum += ws[q];
    }
    src[out] = a;
    dst[out] = b;
    weight[out] = sum;
    out++;
    i = j;
  }
  return { src: src.subarray(0, out), dst: dst.subarray(0, out), weight: weight.subarray(0, out) };
}

/** The whole run on columns: normalisation, signals, match graph, scores, positions. */
export function computeColumns(input: ColumnarInput, config: ScoringConfig): ColumnarResult {
  const { ids, typeCode, categoryCode } = input;
  const np = ids.length;

  // products: one node per id, in id order; a repeated id keeps the entry with the smallest
  // (type, category), the first such one
  const typeRank = sortRanks(input.types);
  const categoryRank = sortRanks(input.categories);
  const byId: number[] = new Array(np);
  for (let i = 0; i < np; i++) byId[i] = i;
  byId.sort(
    (x, y) =>
      (ids[x] < ids[y] ? -1 : ids[x] > ids[y] ? 1 : 0) ||
      typeRank[typeCode[x]] - typeRank[typeCode[y]] ||
      categoryRank[categoryCode[x]] - categoryRank[categoryCode[y]] ||
      x - y,
  );
  const toNode = new Uint32Array(np);
  const chosenAll = new Int32Array(np);
  let n = 0;
  for (let i = 0; i < np; i++) {
    const pos = byId[i];
    if (i === 0 || ids[pos] !== ids[byId[i - 1]]) chosenAll[n++] = pos;
    toNode[pos] = n - 1;
  }
  const chosen = chosenAll.subarray(0, n);
  const nodeType = new Uint32Array(n);
  for (let v = 0; v < n; v++) nodeType[v] = typeCode[chosen[v]];

  // evidence per node, ordered by (kind, source, detail, newest date, largest value)
  const table = kindTable(config);
  const { evIndex, evKind, evValue, evSource, evDetail, evDate } = input;
  const ke = evIndex.length;
  const evNode = new Uint32Array(ke);
  for (let j = 0; j < ke; j++) evNode[j] = toNode[input.evProduct[j]];
  const { order: bySlot, start: bucketStart } = countingSort(evNode, n);
  const sourceRank = sortRanks(input.sources);
  const detailRank = sortRanks(input.details);
  const dateRank = sortRanks(input.dates);
  const compare = (x: number, y: number): number =>
    evKind[x] - evKind[y] ||
    sourceRank[evSource[x]] - sourceRank[evSource[y]] ||
    detailRank[evDetail[x]] - detailRank[evDetail[y]] ||
    dateRank[evDate[y]] - dateRank[evDate[x]] ||
    evValue[y] - evValue[x];
  for (let v = 0; v < n; v++) {
    const from = bucketStart[v];
    const to = bucketStart[v + 1];
    if (to - from <= 24) {
      for (let i = from + 1; i < to; i++) {
        const x = bySlot[i];
        let j = i - 1;
        while (j >= from && compare(bySlot[j], x) > 0) {
          bySlot[j + 1] = bySlot[j];
          j--;
        }
        bySlot[j + 1] = x;
      }
    } else {
      bySlot.set(Array.from(bySlot.subarray(from, to)).sort(compare), from);
    }
  }

  // states: one per (node, kind), keeping the newest observation of each series
  // (kind, source, detail); perDetail kinds keep the largest value per detail
  const stateKind = new Uint8Array(ke);
  const stateRaw = new Float64Array(ke);
  const stateSeriesEnd = new Uint32Array(ke);
  const stateDetailEnd = new Uint32Array(ke);
  const nodeStateEnd = new Uint32Array(n);
  const series = new Uint32Array(ke);
  const detailCode = new Uint32Array(ke);
  const detailValue = new Float64Array(ke);
  let ns = 0;
  let nSeries = 0;
  let nDetails = 0;
  for (let v = 0; v < n; v++) {
    let prev = -1;
    let current = -1;
    let detailFrom = 0;
    for (let i = bucketStart[v]; i < bucketStart[v + 1]; i++) {
      const j = bySlot[i];
      if (prev >= 0 && evKind[prev] === evKind[j] && evSource[prev] === evSource[j] && evDetail[prev] === evDetail[j]) continue;
      prev = j;
      const kind = evKind[j];
      const cfg = table[kind].cfg;
      const value = evValue[j];
      if (current < 0 || stateKind[current] !== kind) {
        current = ns++;
        stateKind[current] = kind;
        stateRaw[current] = value;
        detailFrom = nDetails;
      } else if (cfg.aggregate === 'sum') {
        stateRaw[current] += value;
      } else if (cfg.aggregate === 'max') {
        stateRaw[current] = Math.max(stateRaw[current], value);
      }
      if (cfg.aggregate === 'perDetail') {
        const code = evDetail[j];
        let d = detailFrom;
        while (d < nDetails && detailCode[d] !== code) d++;
        if (d === nDetails) {
          detailCode[nDetails] = code;
          detailValue[nDetails] = value;
          nDetails++;
        } else {
          detailValue[d] = Math.max(detailValue[d], value);
        }
      }
      series[nSeries++] = j;
      stateSeriesEnd[current] = nSeries;
      stateDetailEnd[current] = nDetails;
    }
    nodeStateEnd[v] = ns;
  }

  // normalisation entries: one per state, or one per detail of a perDetail state, each in the
  // group of its (type, kind, detail); groups are numbered in the order they are first seen,
  // with the details of a state in name order
  const entryGroup = new Uint32Array(ke);
  const entryX = new Float64Array(ke);
  const stateEntryEnd = new Uint32Array(ns);
  const groupOf = new Map<number, number>();
  const groupKind: number[] = [];
  const detailSlots = input.details.length + 1;
  let ne = 0;
  const groupId = (type: number, kind: number, detail: number): number => {
    const key = (type * table.length + kind) * detailSlots + detail;
    let g = groupOf.get(key);
    if (g === undefined) {
      groupOf.set(key, (g = groupOf.size));
      groupKind.push(kind);
    }
    return g;
  };
  for (let v = 0, s = 0, d = 0; v < n; v++) {
    const type = nodeType[v];
    for (; s < nodeStateEnd[v]; s++) {
      const info = table[stateKind[s]];
      if (info.cfg.aggregate === 'perDetail') {
        const from = d;
        const to = stateDetailEnd[s];
        for (let i = from + 1; i < to; i++) {
          const code = detailCode[i];
          const val = detailValue[i];
          let j = i - 1;
          while (j >= from && detailRank[detailCode[j]] > detailRank[code]) {
            detailCode[j + 1] = detailCode[j];
            detailValue[j + 1] = detailValue[j];
            j--;
          }
          detailCode[j + 1] = code;
          detailValue[j + 1] = val;
        }
        for (; d < to; d++) {
          entryGroup[ne] = groupId(type, stateKind[s], detailCode[d] + 1);
          entryX[ne++] = scale(detailValue[d], info.cfg.log);
        }
      } else {
        entryGroup[ne] = groupId(type, stateKind[s], 0);
        entryX[ne++] = scale(stateRaw[s], info.cfg.log);
      }
      stateEntryEnd[s] = ne;
    }
  }
  const groups = countingSort(entryGroup.subarray(0, ne), groupOf.size);
  const groupedX = new Float64Array(ne);
  for (let i = 0; i < ne; i++) groupedX[i] = entryX[groups.order[i]];
  const groupedNorm = new Float64Array(ne);
  const scratch = new Float64Array(ne);
  for (let g = 0; g < groupOf.size; g++) {
    if (table[groupKind[g]].cfg.normalise === 'none') {
      for (let i = groups.start[g]; i < groups.start[g + 1]; i++) groupedNorm[i] = clamp100(groupedX[i]);
    } else {
      normaliseRange(groupedX, groups.start[g], groups.start[g + 1], groupedNorm, scratch, config);
    }
  }
  const entryNorm = new Float64Array(ne);
  for (let i = 0; i < ne; i++) entryNorm[groups.order[i]] = groupedNorm[i];

  // signals from evidence: per node, the weighted mean of its kinds' normalised values
  const sigCount = SIGNALS.length;
  // NaN: no evidence for the signal (reported as null, counted as 0 with confidence 0)
  const value = new Float64Array(n * sigCount).fill(Number.NaN);
  const confidence = new Float64Array(n * sigCount);
  const kindWeightTotals = [0, 0, 0];
  // a kind's coverage is its share of its signal's weight, unless the config sets it: a kind with its own
  // coverage (stated usage, an alternative to downloads and stars) does not dilute the others' shares
  const sharedWeightTotals = [0, 0, 0];
  for (const info of table) {
    kindWeightTotals[info.signal] += info.cfg.weight;
    if (info.cfg.coverage === undefined) sharedWeightTotals[info.signal] += info.cfg.weight;
  }
  const kindCoverage = table.map((info) => info.cfg.coverage ?? (sharedWeightTotals[info.signal] > 0 ? info.cfg.weight / sharedWeightTotals[info.signal] : 0));
  const cSum = [0, 0, 0];
  // per node and evidence signal: the range of `series` it used
  const nodeSeriesStart = new Uint32Array(n * EVIDENCE_SIGNALS.length + 1);
  const wSum = [0, 0, 0];
  const vSum = [0, 0, 0];
  const items = [0, 0, 0];
  const seriesTo = [0, 0, 0];
  const normOrder: number[] = [];
  for (let v = 0, s = 0, e = 0, seriesFrom = 0; v < n; v++) {
    for (let q = 0; q < 3; q++) {
      wSum[q] = 0;
      vSum[q] = 0;
      cSum[q] = 0;
      items[q] = 0;
      seriesTo[q] = -1;
    }
    for (; s < nodeStateEnd[v]; s++) {
      const info = table[stateKind[s]];
      const entryEnd = stateEntryEnd[s];
      let mean: number;
      if (entryEnd - e === 1) {
        mean = entryNorm[e];
      } else {
        // a state's normalised values are averaged in the order their groups were first seen
        normOrder.length = 0;
        for (let i = e; i < entryEnd; i++) normOrder.push(i);
        normOrder.sort((x, y) => entryGroup[x] - entryGroup[y]);
        mean = 0;
        for (const i of normOrder) mean += entryNorm[i];
        mean /= entryEnd - e;
      }
      e = entryEnd;
      const q = info.signal;
      wSum[q] += info.cfg.weight;
      vSum[q] += info.cfg.weight * mean;
      cSum[q] += kindCoverage[stateKind[s]];
      for (let i = seriesFrom; i < stateSeriesEnd[s]; i++) items[q] += input.evItems[series[i]];
      seriesFrom = stateSeriesEnd[s];
      seriesTo[q] = seriesFrom;
    }
    // kinds are ordered by signal, so each signal's series are one run
    let at = nodeSeriesStart[v * 3];
    for (let q = 0; q < 3; q++) {
      if (seriesTo[q] >= 0) at = seriesTo[q];
      nodeSeriesStart[v * 3 + q + 1] = at;
      const kindWeightTotal = kindWeightTotals[q];
      if (wSum[q] > 0 && kindWeightTotal > 0) {
        value[v * sigCount + q] = round1(clamp100(vSum[q] / wSum[q]));
        const coverage = Math.min(1, cSum[q]);
        confidence[v * sigCount + q] = round2(coverage * (items[q] / (items[q] + config.prior.strength)));
      }
    }
  }

  // match graph
  const tGraph = performance.now();
  const { edgeA, edgeB, edgeWeight } = input;
  const m = edgeWeight.length;
  const buf: EdgeBuffer = { lo: new Uint32Array(m), hi: new Uint32Array(m), w: new Float64Array(m), k: 0 };
  for (let i = 0; i < m; i++) {
    const pa = edgeA[i];
    const pb = edgeB[i];
    if (pa >= np || pb >= np) continue;
    const a = toNode[pa];
    const b = toNode[pb];
    const w = edgeWeight[i];
    if (a === b || !(w > 0) || !Number.isFinite(w)) continue;
    const k = buf.k++;
    buf.lo[k] = a < b ? a : b;
    buf.hi[k] = a < b ? b : a;
    buf.w[k] = w;
  }
  const graph = canonicalEdges(n, buf);
  const mg = config.matchGraph;
  const pr = pageRank(n, graph.src, graph.dst, graph.weight, { damping: mg.damping, maxIterations: mg.maxIterations, tolerance: mg.tolerance });
  const pageRankMs = performance.now() - tGraph;
  const strength = new Float64Array(n);
  const degree = new Uint32Array(n);
  for (let e = 0; e < graph.src.length; e++) {
    strength[graph.src[e]] += graph.weight[e];
    strength[graph.dst[e]] += graph.weight[e];
    degree[graph.src[e]]++;
    degree[graph.dst[e]]++;
  }
  let connected = 0;
  for (let v = 0; v < n; v++) if (strength[v] > 0) connected++;
  const centralityX = new Float64Array(connected);
  for (let v = 0, j = 0; v < n; v++) if (strength[v] > 0) centralityX[j++] = scale(pr.ranks[v] * n, mg.log);
  const graphNorm = new Float64Array(connected);
  normaliseRange(centralityX, 0, connected, graphNorm, new Float64Array(connected), config);
  const mgIndex = SIGNALS.indexOf('matchGraph');
  for (let v = 0, j = 0; v < n; v++) {
    if (!(strength[v] > 0)) continue;
    value[v * sigCount + mgIndex] = round1(clamp100(graphNorm[j++]));
    confidence[v * sigCount + mgIndex] = round2(strength[v] / (strength[v] + mg.halfConfidenceWeight));
  }

  // UnfragileRank = sum over signals of weight * (confidence * value + (1 - confidence) * prior),
  // with parts in tenths of a point adding up exactly to the score. The prior is the product's
  // peers' average (same type and category) with the global prior, shrunk toward the global prior.
  const parts = sigCount + 1;
  const tenths = new Float64Array(n * parts);
  const scoreTenths = new Float64Array(n);
  const priorPercent = new Float64Array(n);
  const weightTotal = SIGNALS.reduce((acc, s) => acc + config.signalWeights[s], 0);
  const signalWeight = SIGNALS.map((s) => config.signalWeights[s] / weightTotal);
  const globalPrior = config.prior.value;
  const evidencePart = new Float64Array(n);
  const priorShare = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let ev = 0;
    let pw = 0;
    for (let j = 0; j < sigCount; j++) {
      const c = confidence[v * sigCount + j];
      const x = value[v * sigCount + j];
      if (c > 0 && x === x) ev += signalWeight[j] * c * x;
      pw += signalWeight[j] * (c > 0 && x === x ? 1 - c : 1);
    }
    evidencePart[v] = ev;
    priorShare[v] = pw;
  }
  const peerKey = new Uint32Array(n);
  for (let v = 0; v < n; v++) peerKey[v] = nodeType[v] * input.categories.length + categoryCode[chosen[v]];
  const peerSum = new Map<number, { sum: number; n: number }>();
  for (let v = 0; v < n; v++) {
    const g = peerSum.get(peerKey[v]) ?? { sum: 0, n: 0 };
    g.sum += evidencePart[v] + priorShare[v] * globalPrior;
    g.n++;
    peerSum.set(peerKey[v], g);
  }
  const priorOf = new Float64Array(n);
  const k0 = config.prior.peerStrength;
  for (let v = 0; v < n; v++) {
    const g = peerSum.get(peerKey[v])!;
    priorOf[v] = (g.sum + k0 * globalPrior) / (g.n + k0);
  }
  for (let v = 0; v < n; v++) {
    const base = v * parts;
    let total = 0;
    for (let j = 0; j < sigCount; j++) {
      const c = confidence[v * sigCount + j];
      const x = value[v * sigCount + j];
      const raw = c > 0 && x === x ? signalWeight[j] * c * x : 0;
      total += raw;
      tenths[base + j] = Math.round(raw * 10);
    }
    const priorWeight = priorShare[v];
    const priorRaw = priorWeight * priorOf[v];
    total += priorRaw;
    tenths[base + sigCount] = Math.round(priorRaw * 10);
    const totalTenths = Math.round(clamp100(total) * 10);
    let sum = 0;
    let largest = 0;
    for (let j = 0; j < parts; j++) {
      sum += tenths[base + j];
      if (tenths[base + j] > tenths[base + largest]) largest = j;
    }
    tenths[base + largest] += totalTenths - sum;
    scoreTenths[v] = totalTenths;
    priorPercent[v] = Math.round(priorWeight * 100);
  }

  // order: score descending, ties by id (node order); scores are whole tenths in 0..1000.
  // Positions are shared by equal scores (1, 2, 2, 4): a tie is not a ranking.
  const key = new Uint32Array(n);
  for (let v = 0; v < n; v++) key[v] = 1000 - scoreTenths[v];
  const ranked = countingSort(key, 1001).order;
  const categoryCount = new Uint32Array(input.categories.length);
  for (let v = 0; v < n; v++) categoryCount[categoryCode[chosen[v]]]++;
  const categorySeen = new Uint32Array(input.categories.length);
  const categoryLastTenths = new Float64Array(input.categories.length).fill(-1);
  const categoryLastPosition = new Uint32Array(input.categories.length);

  const out: ColumnarResult = {
    n,
    product: new Uint32Array(n),
    value: new Float64Array(n * sigCount),
    confidence: new Float64Array(n * sigCount),
    tenths: new Float64Array(n * parts),
    scoreTenths: new Float64Array(n),
    priorPercent: new Float64Array(n),
    priorValue: new Float64Array(n),
    categoryPosition: new Uint32Array(n),
    overallPosition: new Uint32Array(n),
    categoryCount: new Uint32Array(n),
    degree: new Uint32Array(n),
    strength: new Float64Array(n),
    centrality: new Float64Array(n),
    evidenceStart: new Uint32Array(n * 3 + 1),
    evidence: new Uint32Array(nSeries),
    pageRankMs,
  };
  let evOut = 0;
  for (let r = 0; r < n; r++) {
    const v = ranked[r];
    const c = categoryCode[chosen[v]];
    out.product[r] = chosen[v];
    for (let j = 0; j < sigCount; j++) {
      out.value[r * sigCount + j] = value[v * sigCount + j];
      out.confidence[r * sigCount + j] = confidence[v * sigCount + j];
    }
    for (let j = 0; j < parts; j++) out.tenths[r * parts + j] = tenths[v * parts + j];
    out.scoreTenths[r] = scoreTenths[v];
    out.priorPercent[r] = priorPercent[v];
    out.priorValue[r] = priorOf[v];
    categorySeen[c]++;
    if (scoreTenths[v] !== categoryLastTenths[c]) {
      categoryLastTenths[c] = scoreTenths[v];
      categoryLastPosition[c] = categorySeen[c];
    }
    out.categoryPosition[r] = categoryLastPosition[c];
    out.overallPosition[r] = r > 0 && scoreTenths[v] === out.scoreTenths[r - 1] ? out.overallPosition[r - 1] : r + 1;
    out.categoryCount[r] = categoryCount[c];
    out.degree[r] = degree[v];
    out.strength[r] = strength[v];
    out.centrality[r] = pr.ranks[v] * n;
    for (let q = 0; q < 3; q++) {
      for (let i = nodeSeriesStart[v * 3 + q]; i < nodeSeriesStart[v * 3 + q + 1]; i++) out.evidence[evOut++] = evIndex[series[i]];
      out.evidenceStart[r * 3 + q + 1] = evOut;
    }
  }
  return out;
}

/** Fixed text of the breakdown notes. */
/**
 * The same string, stored as one piece: a string built by concatenation is a tree of its parts
 * until something reads it as a whole, and for short lines that tree takes several times the
 * memory (and garbage-collection work) of the text. Converting it to a number makes V8 flatten it.
 */
let flattened = 0;
function flat(s: string): string {
  // the result is used so that the conversion is not optimised away
  if (Number(s) === 0) flattened++;
  return s;
}

/** Builds the ProductScore objects, in rank order, from a run's columns. */
export function* buildScores(
  products: readonly ScoringProduct[],
  evidence: readonly Evidence[],
  res: ColumnarResult,
  config: ScoringConfig,
): Steps<ProductScore[]> {
  const { n } = res;
  const sigCount = SIGNALS.length;
  const parts = sigCount + 1;
  const notes = breakdownNotes(config);
  const mg = config.matchGraph;
  const mgIndex = SIGNALS.indexOf('matchGraph');
  // notes repeat across products (values are rounded), so equal notes share one string
  const noteCache = new Map<number, string>();
  const signalNote = (j: number, value: number, confidence: number): string => {
    if (!(confidence > 0)) return notes.noEvidence[j];
    const key = (j * 2048 + Math.round(value * 10)) * 256 + Math.round(confidence * 100);
    let note = noteCache.get(key);
    if (note === undefined) {
      note = notes.signalPrefix[j] + String(value) + notes.weightText[j] + String(confidence);
      // value and confidence are rounded to tenths and hundredths, so the key determines them
      if (value >= 0 && value <= 100 && confidence <= 1) noteCache.set(key, note);
    }
    return note;
  };
  const priorNotes = new Map<string, string>();
  const priorPart = (percent: number, prior: number): { value: number; percent: number; note: string } => {
    const value = Number(prior.toPrecision(4));
    const key = `${percent}|${value}`;
    let note = priorNotes.get(key);
    if (note === undefined) {
      note = priorNote({ value, percent }, config);
      priorNotes.set(key, note);
    }
    return { value, percent, note };
  };
  const scores: ProductScore[] = new Array(n);
  const lines: string[] = [];
  const kinds: EvidenceKind[] = [];
  for (let r = 0; r < n; r++) {
    if ((r & 31) === 31) yield;
    const p = products[res.product[r]];
    const signals = {} as Record<SignalName, SignalResult>;
    for (let q = 0; q < EVIDENCE_SIGNALS.length; q++) {
      const from = res.evidenceStart[r * 3 + q];
      const to = res.evidenceStart[r * 3 + q + 1];
      lines.length = 0;
      kinds.length = 0;
      for (let i = from; i < to; i++) {
        const e = evidence[res.evidence[i]];
        lines.push(flat(evidenceLine(e)));
        if (kinds.length === 0 || kinds[kinds.length - 1] !== e.kind) kinds.push(e.kind);
      }
      // exact-size copies of the scratch arrays keep a large result compact
      const v = res.value[r * sigCount + q];
      signals[EVIDENCE_SIGNALS[q]] = {
        value: v === v ? v : null,
        confidence: res.confidence[r * sigCount + q],
        evidence: lines.length > 0 ? lines.slice() : [],
        kinds: kinds.length > 0 ? kinds.slice() : [],
      };
    }
    const strength = res.strength[r];
    const degree = res.degree[r];
    signals.matchGraph =
      strength > 0
        ? {
            value: res.value[r * sigCount + mgIndex],
            confidence: res.confidence[r * sigCount + mgIndex],
            evidence: [
              flat(`compared with ${degree} other ${degree === 1 ? 'product' : 'products'} (match weight ${formatPlain(strength)}, half-life ${mg.halfLifeDays} days)`),
              flat(`match-graph centrality ${formatPlain(res.centrality[r])}× the average product`),
            ],
            kinds: [],
          }
        : { value: null, confidence: 0, evidence: [], kinds: [] };

    const breakdown: BreakdownPart[] = new Array(parts);
    for (let j = 0; j < sigCount; j++) {
      const value = res.value[r * sigCount + j];
      const confidence = value === value ? res.confidence[r * sigCount + j] : 0;
      breakdown[j] = { part: SIGNALS[j], points: res.tenths[r * parts + j] / 10, note: signalNote(j, value, confidence) };
    }
    const prior = priorPart(res.priorPercent[r], res.priorValue[r]);
    breakdown[sigCount] = { part: 'prior', points: res.tenths[r * parts + sigCount] / 10, note: prior.note, prior: { value: prior.value, percent: prior.percent } };
    scores[r] = {
      productId: p.id,
      type: p.type,
      category: p.category,
      score: res.scoreTenths[r] / 10,
      priorShare: res.priorPercent[r] / 100,
      signals,
      breakdown,
      position: { overall: res.overallPosition[r], ofOverall: n, category: res.categoryPosition[r], ofCategory: res.categoryCount[r] },
    };
  }
  return scores;
}

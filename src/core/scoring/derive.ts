/**
 * Evidence a scoring run derives from the stored evidence before it normalises anything:
 *
 * - **quality_index** (models): every arena rating and benchmark put on one scale, the LMArena text
 *   rating, by linking each series to that scale through the models that have both (mean-sigma
 *   linking, as used to equate two tests through common items). A model with only recent benchmarks
 *   is placed where models with similar benchmarks sit on the arena scale, instead of being
 *   percentiled among the few frontier models a benchmark covers. Older observations weigh less.
 * - **model_quality** (products): the Quality of the best model a product runs (Product.poweredBy),
 *   already on the 0-100 scale of models, or the product's own arena rating placed among every catalog
 *   entry (models and products) rated on that board; the engine takes it as is, at reduced confidence.
 * - **arena_votes** (adoption): LMArena does not publish vote counts, but the half-width of a rating's
 *   95% interval shrinks like 1/√votes, so (1/half-width)² is proportional to the number of votes.
 *   It is the one usage-like number the bundle has for closed models.
 *
 * Pure and deterministic: the same products and evidence give the same derived rows.
 */
import type { Evidence, ProductType } from '../domain.js';
import { normaliseRange } from './columnar.js';
import type { ScoringConfig } from './config.js';
import { formatPlain } from './format.js';

export interface DerivableProduct {
  id: string;
  type: ProductType;
  name?: string;
  /** models the product runs; only products use it */
  poweredBy?: ReadonlyArray<{ modelId: string }>;
}

/** One series linked to the reference scale: reference ≈ intercept + slope × value. */
export interface QualityLink {
  /** the series (evidence detail), e.g. "SWE-Bench Verified" */
  series: string;
  /** what it was linked through: the reference series itself, or the first-pass index */
  via: 'reference' | 'index';
  /** models with both */
  overlap: number;
  slope: number;
  intercept: number;
  /** Pearson correlation on the overlap */
  r: number;
  /** weight of one observation of this series in the combined index (r², the reference 1) */
  reliability: number;
}

export interface QualityCalibration {
  reference: string;
  links: QualityLink[];
  /** series that could not be linked, with why */
  unlinked: Array<{ series: string; overlap: number; reason: string }>;
}

interface Observation {
  series: string;
  value: number;
  date: string;
  /** the source's entry the value belongs to, where the row names one (an arena board entry) */
  entry?: string;
}

const DAY_MS = 86_400_000;

/** Dates repeat across thousands of rows (one per source snapshot): parse each once. */
const parsedDates = new Map<string, number>();
function dateMs(date: string): number {
  let t = parsedDates.get(date);
  if (t === undefined) {
    t = Date.parse(date);
    if (parsedDates.size > 10_000) parsedDates.clear();
    parsedDates.set(date, t);
  }
  return t;
}

function mean(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

function sd(xs: number[], m: number): number {
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / xs.length);
}

function pearson(xs: number[], ys: number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * Order of ids and series names: by UTF-16 code units, the same on every machine whatever its locale
 * (and far cheaper than a collator on the hundreds of thousands of rows of a large catalog).
 */
function collate(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Evidence rows by kind, in one pass, so each derivation reads only the rows it uses. */
function byKind(evidence: readonly Evidence[]): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  for (const e of evidence) {
    const list = out.get(e.kind);
    if (list) list.push(e);
    else out.set(e.kind, [e]);
  }
  return out;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Newest observation per (model, series) of the kinds that measure quality, by model id then series. */
function qualityObservations(models: Set<string>, evidence: readonly Evidence[], kinds: readonly string[]): Map<string, Map<string, Observation>> {
  const out = new Map<string, Map<string, Observation>>();
  for (const e of evidence) {
    if (!models.has(e.productId) || !kinds.includes(e.kind) || !Number.isFinite(e.value)) continue;
    const series = e.detail ?? e.kind;
    const byModel = out.get(e.productId) ?? new Map<string, Observation>();
    const prev = byModel.get(series);
    if (!prev || e.date > prev.date || (e.date === prev.date && e.value > prev.value)) byModel.set(series, e.note ? { series, value: e.value, date: e.date, entry: e.note } : { series, value: e.value, date: e.date });
    out.set(e.productId, byModel);
  }
  return out;
}

function link(series: string, pairs: Array<[number, number]>, via: QualityLink['via'], minOverlap: number): QualityLink | string {
  if (pairs.length < minOverlap) return `only ${pairs.length} models also have the reference (needs ${minOverlap})`;
  const xs = pairs.map((p) => p[0]);
  const ys = pairs.map((p) => p[1]);
  const mx = mean(xs);
  const my = mean(ys);
  const sx = sd(xs, mx);
  const sy = sd(ys, my);
  if (!(sx > 0) || !(sy > 0)) return 'no spread on the overlap';
  const r = pearson(xs, ys);
  if (!(r > 0)) return `does not agree with the reference (r = ${formatPlain(r)})`;
  const slope = sy / sx;
  return { series, via, overlap: pairs.length, slope, intercept: my - slope * mx, r, reliability: r * r };
}

/**
 * Links every quality series of models to the reference scale. Pass 1 links series to the reference
 * through models that have both; pass 2 links the rest to the pass-1 index (reference and linked
 * series combined), so a benchmark that shares few models with the arena can still be placed.
 */
export function calibrateQuality(
  products: readonly DerivableProduct[],
  evidence: readonly Evidence[],
  config: ScoringConfig,
): { calibration: QualityCalibration; observations: Map<string, Map<string, Observation>> } {
  const q = config.qualityScale;
  const models = new Set(products.filter((p) => p.type === 'model').map((p) => p.id));
  const observations = qualityObservations(models, evidence, q.kinds);
  const seriesNames = new Set<string>();
  for (const obs of observations.values()) for (const s of obs.keys()) seriesNames.add(s);
  const candidates = [...seriesNames].filter((s) => s !== q.reference && !q.ownScale.includes(s)).sort();
  const links = new Map<string, QualityLink>();
  const unlinked = new Map<string, { series: string; overlap: number; reason: string }>();

  for (const series of candidates) {
    const pairs: Array<[number, number]> = [];
    for (const obs of observations.values()) {
      const x = obs.get(series);
      const y = obs.get(q.reference);
      if (x && y) pairs.push([x.value, y.value]);
    }
    const l = link(series, pairs, 'reference', q.minOverlap);
    if (typeof l === 'string') unlinked.set(series, { series, overlap: pairs.length, reason: l });
    else links.set(series, l);
  }
  // pass 2: the remaining series against the pass-1 index
  const firstPass = new Map<string, number>();
  for (const [id, obs] of observations) {
    const v = combine(obs, links, q.reference, null, q.halfLifeDays);
    if (v) firstPass.set(id, v.value);
  }
  for (const series of [...unlinked.keys()]) {
    const pairs: Array<[number, number]> = [];
    for (const [id, obs] of observations) {
      const x = obs.get(series);
      const y = firstPass.get(id);
      if (x && y !== undefined) pairs.push([x.value, y]);
    }
    const l = link(series, pairs, 'index', q.minOverlap);
    if (typeof l === 'string') unlinked.set(series, { series, overlap: pairs.length, reason: l });
    else (links.set(series, l), unlinked.delete(series));
  }
  return {
    calibration: {
      reference: q.reference,
      links: [...links.values()].sort((a, b) => collate(a.series, b.series)),
      unlinked: [...unlinked.values()].sort((a, b) => collate(a.series, b.series)),
    },
    observations,
  };
}

interface Combined {
  value: number;
  items: number;
  date: string;
  parts: string[];
}

/**
 * A model's index on the reference scale: the mean of its linked observations, each weighted by its
 * series' reliability and by its age (half-life `halfLifeDays` before `at`; no age weighting when
 * `at` is null).
 */
function combine(
  obs: Map<string, Observation>,
  links: Map<string, QualityLink>,
  reference: string,
  at: Date | null,
  halfLifeDays: number,
  named = false,
): Combined | null {
  let wSum = 0;
  let vSum = 0;
  let items = 0;
  let date = '';
  const parts: string[] = [];
  for (const o of [...obs.values()].sort((a, b) => (a.series === reference ? -1 : b.series === reference ? 1 : collate(a.series, b.series)))) {
    let calibrated: number;
    let reliability: number;
    if (o.series === reference) {
      calibrated = o.value;
      reliability = 1;
    } else {
      const l = links.get(o.series);
      if (!l) continue;
      calibrated = l.intercept + l.slope * o.value;
      reliability = l.reliability;
    }
    const age = at ? Math.max(0, (at.getTime() - dateMs(o.date)) / DAY_MS) : 0;
    const w = reliability * (Number.isFinite(age) ? 0.5 ** (age / halfLifeDays) : 1);
    if (!(w > 0)) continue;
    wSum += w;
    vSum += w * calibrated;
    items++;
    if (o.date > date) date = o.date;
    const seen = `${o.series} ${formatPlain(o.value)}${named && o.entry ? `: ${o.entry}` : ''}`;
    parts.push(o.series === reference ? seen : `${seen} ≈ ${Math.round(calibrated)}`);
  }
  return items > 0 ? { value: vSum / wSum, items, date, parts } : null;
}

/**
 * Quality index rows (reference scale, then own-scale series) of each entry with quality observations.
 * `named`: notes name the source entry each observation belongs to (for products, rated by a model's entry).
 */
function indexRowsOf(observations: Map<string, Map<string, Observation>>, links: Map<string, QualityLink>, at: Date, config: ScoringConfig, named = false): Evidence[] {
  const q = config.qualityScale;
  const rows: Evidence[] = [];
  for (const [id, obs] of [...observations].sort((a, b) => collate(a[0], b[0]))) {
    const c = combine(obs, links, q.reference, at, q.halfLifeDays, named);
    if (c) {
      rows.push({
        productId: id,
        kind: 'quality_index',
        value: round1(c.value),
        source: 'matchgraph',
        date: c.date,
        detail: q.scaleName,
        items: c.items,
        note: c.parts.join('; '),
      });
    }
    for (const series of q.ownScale) {
      const o = obs.get(series);
      if (o) {
        const note = `${series} ${formatPlain(o.value)}${named && o.entry ? `: ${o.entry}` : ''}`;
        rows.push({ productId: id, kind: 'quality_index', value: o.value, source: 'matchgraph', date: o.date, detail: series, items: 1, note });
      }
    }
  }
  return rows;
}

/**
 * Products rated themselves (an arena rating of the product, e.g. an image generator on the
 * text-to-image board): each scale's index placed among every catalog entry rated on that scale,
 * models and products together, as the engine would normalise it there, then averaged over its
 * scales. A scale of its own with fewer than `minOverlap` rated entries places no one.
 */
function productsOnTheirScales(
  productRows: readonly Evidence[],
  modelRows: readonly Evidence[],
  config: ScoringConfig,
): Map<string, { value: number; notes: string[]; date: string; entries: number[] }> {
  const out = new Map<string, { value: number; notes: string[]; date: string; entries: number[]; n: number; sum: number }>();
  const byScale = new Map<string, { models: number[]; products: Evidence[] }>();
  const scaleOf = (detail: string | undefined) => {
    let g = byScale.get(detail ?? '');
    if (!g) byScale.set(detail ?? '', (g = { models: [], products: [] }));
    return g;
  };
  for (const m of modelRows) scaleOf(m.detail).models.push(m.value);
  for (const r of productRows) scaleOf(r.detail).products.push(r);
  for (const [scale, { models, products }] of [...byScale].sort((a, b) => collate(a[0], b[0]))) {
    const n = models.length + products.length;
    if (!products.length || (scale !== config.qualityScale.scaleName && n < config.qualityScale.minOverlap)) continue;
    const xs = Float64Array.from([...models, ...products.map((r) => r.value)]);
    const norm = new Float64Array(n);
    normaliseRange(xs, 0, n, norm, new Float64Array(n), config);
    products.forEach((r, i) => {
      const prev = out.get(r.productId) ?? { value: 0, notes: [], date: '', entries: [], n: 0, sum: 0 };
      prev.sum += norm[models.length + i];
      prev.n++;
      prev.value = round1(prev.sum / prev.n);
      prev.notes.push(r.note ?? `${r.detail} ${formatPlain(r.value)}`);
      prev.entries.push(n);
      if (r.date > prev.date) prev.date = r.date;
      out.set(r.productId, prev);
    });
  }
  return out;
}

/**
 * Each model's Quality as the engine computes it from quality_index rows alone (normalised per
 * scale among models, then averaged over its scales): what a product running it inherits.
 */
function modelQualityValues(indexRows: readonly Evidence[], config: ScoringConfig): Map<string, number> {
  const byScale = new Map<string, Evidence[]>();
  for (const e of indexRows) {
    const list = byScale.get(e.detail ?? '') ?? [];
    list.push(e);
    byScale.set(e.detail ?? '', list);
  }
  const sums = new Map<string, { sum: number; n: number }>();
  for (const rows of byScale.values()) {
    const xs = Float64Array.from(rows.map((r) => r.value));
    const out = new Float64Array(xs.length);
    normaliseRange(xs, 0, xs.length, out, new Float64Array(xs.length), config);
    rows.forEach((r, i) => {
      const s = sums.get(r.productId) ?? { sum: 0, n: 0 };
      s.sum += out[i];
      s.n++;
      sums.set(r.productId, s);
    });
  }
  return new Map([...sums].map(([id, s]) => [id, round1(s.sum / s.n)]));
}

function arenaVoteRows(ids: ReadonlySet<string>, evidence: readonly Evidence[], config: ScoringConfig): Evidence[] {
  const best = new Map<string, Evidence>();
  const boardRank = (detail: string | undefined) => {
    const i = config.arenaVotes.boards.indexOf(detail ?? '');
    return i < 0 ? Infinity : i;
  };
  for (const e of evidence) {
    if (e.kind !== 'arena_interval' || !ids.has(e.productId) || !(e.value > 0) || boardRank(e.detail) === Infinity) continue;
    const prev = best.get(e.productId);
    if (!prev || boardRank(e.detail) < boardRank(prev.detail) || (boardRank(e.detail) === boardRank(prev.detail) && e.date > prev.date)) best.set(e.productId, e);
  }
  return [...best.values()]
    .sort((a, b) => collate(a.productId, b.productId))
    .map((e) => ({
      productId: e.productId,
      kind: 'arena_votes' as const,
      value: Math.round((config.arenaVotes.unitHalfWidth / e.value) ** 2 * 100) / 100,
      source: 'lmarena',
      date: e.date,
      detail: 'LMArena votes (estimated)',
      items: 1,
      note: `${e.detail ?? 'LMArena'} interval ±${formatPlain(e.value)} points; a narrower interval means more votes`,
    }));
}

/** Curated-list mentions weighted by the age of the list they come from. */
function listPresenceRows(ids: ReadonlySet<string>, evidence: readonly Evidence[], at: Date, config: ScoringConfig): Evidence[] {
  const out: Evidence[] = [];
  for (const e of evidence) {
    if (e.kind !== 'list_mentions' || !ids.has(e.productId) || !(e.value > 0)) continue;
    const age = Math.max(0, (at.getTime() - dateMs(e.date)) / DAY_MS);
    const weight = Number.isFinite(age) ? 0.5 ** (age / config.listPresence.halfLifeDays) : 1;
    out.push({
      productId: e.productId,
      kind: 'list_presence',
      value: Math.round(e.value * weight * 1000) / 1000,
      source: e.source,
      date: e.date,
      detail: e.detail,
      items: e.value,
      note: `listed in ${e.detail ?? e.source}; a listing ${Math.round(age)} days old counts ${Math.round(weight * 100)}% of a new one`,
    });
  }
  return out.sort((a, b) => collate(a.productId, b.productId) || collate(a.source, b.source));
}

/** The stored evidence plus every derived row, ready for the engine. */
export function withDerivedEvidence(
  products: readonly DerivableProduct[],
  evidence: readonly Evidence[],
  at: Date,
  config: ScoringConfig,
): Evidence[] {
  const kinds = byKind(evidence);
  const qualityRows = config.qualityScale.kinds.flatMap((k) => kinds.get(k) ?? []);
  const { calibration, observations } = calibrateQuality(products, qualityRows, config);
  const links = new Map(calibration.links.map((l) => [l.series, l]));
  // a scale of its own with fewer rated models than minOverlap cannot place a model (the engine
  // normalises models among models): percentiles among two or three entries would read as 0 and 100;
  // products rated themselves are placed among models and products together (productsOnTheirScales)
  const allIndex = indexRowsOf(observations, links, at, config);
  const perScale = new Map<string, number>();
  for (const r of allIndex) perScale.set(r.detail ?? '', (perScale.get(r.detail ?? '') ?? 0) + 1);
  const placeable = (r: Evidence) => r.detail === config.qualityScale.scaleName || (perScale.get(r.detail ?? '') ?? 0) >= config.qualityScale.minOverlap;
  const index = allIndex.filter(placeable);
  const productIds = new Set(products.filter((p) => p.type === 'product').map((p) => p.id));
  const own = productsOnTheirScales(indexRowsOf(qualityObservations(productIds, qualityRows, config.qualityScale.kinds), links, at, config, true), allIndex, config);
  const modelQuality = modelQualityValues(index, config);
  const names = new Map<string, string>();
  const allIds = new Set<string>();
  for (const p of products) {
    allIds.add(p.id);
    if (p.name) names.set(p.id, p.name);
  }
  // the row a product's inherited Quality cites: its model's reference-scale row, else its first
  const citedRow = new Map<string, Evidence>();
  for (const r of index) if (!citedRow.has(r.productId) || (r.detail === config.qualityScale.scaleName && citedRow.get(r.productId)!.detail !== r.detail)) citedRow.set(r.productId, r);
  const derived: Evidence[] = [...index, ...arenaVoteRows(allIds, kinds.get('arena_interval') ?? [], config), ...listPresenceRows(allIds, kinds.get('list_mentions') ?? [], at, config)];
  for (const p of products) {
    const rated = own.get(p.id);
    if (rated) {
      derived.push({
        productId: p.id,
        kind: 'model_quality',
        value: rated.value,
        source: 'matchgraph',
        date: rated.date,
        detail: p.id,
        items: rated.notes.length,
        note:
          rated.entries.length === 1
            ? `its own rating (${rated.notes[0]}) places it at ${formatPlain(rated.value)} among the ${rated.entries[0]} models and products rated on that scale`
            : `its own ratings (${rated.notes.join('; ')}) place it at ${formatPlain(rated.value)} on average among the models and products rated on each scale (${rated.entries.join(', ')} of them)`,
      });
      continue;
    }
    if (p.type !== 'product' || !p.poweredBy?.length) continue;
    let bestId: string | null = null;
    let bestValue = -1;
    for (const m of p.poweredBy) {
      const v = modelQuality.get(m.modelId);
      if (v !== undefined && (v > bestValue || (v === bestValue && bestId !== null && m.modelId < bestId))) {
        bestValue = v;
        bestId = m.modelId;
      }
    }
    if (bestId === null) continue;
    const from = citedRow.get(bestId)!;
    derived.push({
      productId: p.id,
      kind: 'model_quality',
      value: bestValue,
      source: 'matchgraph',
      date: from.date,
      detail: bestId,
      items: 1,
      note: `runs ${names.get(bestId) ?? bestId}, whose Quality among models is ${formatPlain(bestValue)}`,
    });
  }
  return [...evidence, ...derived];
}

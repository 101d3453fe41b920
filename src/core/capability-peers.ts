/**
 * The catalog as capability derivation sees it: one Item per product with its tags and metrics,
 * groups per (type, tag) ranked by each metric, and the peers a capability is compared with.
 * Pure and deterministic (ties by id).
 */
import { PRODUCT_TYPES, type Product, type ProductType } from './domain.js';
import { CAPABILITY_TAGS, TAG_INDEX, type CapabilityTag } from './capability-taxonomy.js';
import { servedByApi, tagsOf } from './capability-tags.js';

// ---------------------------------------------------------------------------------------------
// derivation

export interface Item {
  p: Product;
  index: number;
  tags: CapabilityTag[];
  tagSet: Set<CapabilityTag>;
  /** USD per prompt token when > 0 */
  price: number | null;
  /** USD per completion token when > 0 */
  completion: number | null;
  context: number | null;
  providers: number;
  sources: number;
  /** ordering value inside groups: price for models, breadth of sources for products */
  order: number;
  /** distance scale of `order`: log price for models, the order itself for products */
  scale: number;
  /** the same model under another route or snapshot shares this key */
  variant: string;
}

export type Metric = 'price' | 'completion' | 'context' | 'providers' | 'sources';

export interface RankInfo {
  rank: number;
  tied: number;
  of: number;
}

export function metricsFor(type: ProductType, tag: CapabilityTag): Metric[] {
  if (type === 'product') return ['sources'];
  return tag === 'reasoning' ? ['completion', 'context', 'providers'] : ['price', 'context', 'providers'];
}

export function metricValue(it: Item, m: Metric): number | null {
  switch (m) {
    case 'price':
      return it.price;
    case 'completion':
      return it.completion;
    case 'context':
      return it.context;
    case 'providers':
      return it.providers > 0 ? it.providers : null;
    case 'sources':
      return it.sources > 0 ? it.sources : null;
  }
}

function byId(a: Item, b: Item): number {
  return a.p.id < b.p.id ? -1 : a.p.id > b.p.id ? 1 : 0;
}

function variantKey(id: string): string {
  return id
    .toLowerCase()
    .replace(/^~/, '')
    .replace(/:[a-z-]+$/, '')
    .replace(/-(19|20)\d{2}-?\d{2}-?\d{2}$/, '')
    .replace(/-(preview|latest)$/, '');
}


export function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const METRICS: Metric[] = ['price', 'completion', 'context', 'providers', 'sources'];
const TAG_COUNT = CAPABILITY_TAGS.length;

/** index of the (type, tag) peer group */
function groupIndex(type: ProductType, tag: CapabilityTag): number {
  return PRODUCT_TYPES.indexOf(type) * TAG_COUNT + TAG_INDEX.get(tag)!;
}

export class Catalog {
  readonly items: Item[];
  /** members of each (type, tag) group */
  private readonly groups: Item[][] = Array.from({ length: PRODUCT_TYPES.length * TAG_COUNT }, () => []);
  /** per metric, per group: members that have the metric, best first, then by id */
  private readonly sortedBy = new Map<Metric, Item[][]>();
  private readonly medians = new Map<number, number | null>();
  /** per metric: value by item index (valid for items that have the metric) */
  private readonly values = new Map<Metric, Float64Array>();
  /** co-occurrence counts of tag pairs per type, indexed [group][other tag] */
  private readonly pairs = new Int32Array(PRODUCT_TYPES.length * TAG_COUNT * TAG_COUNT);
  /** per (type, category, tag signature): items sorted by order then id */
  private readonly bySignature = new Map<string, Item[]>();
  /** per (type, category): items sorted by order then id */
  private readonly byCategory = new Map<string, Item[]>();
  private readonly byProductId = new Map<string, Item>();

  constructor(products: Product[]) {
    this.items = products.map((p, index) => {
      const tags = tagsOf(p);
      const price = p.pricing.promptPerToken !== null && p.pricing.promptPerToken > 0 ? p.pricing.promptPerToken : null;
      const completion = p.pricing.completionPerToken !== null && p.pricing.completionPerToken > 0 ? p.pricing.completionPerToken : null;
      const sources = p.provenance.sources.length;
      return {
        p,
        index,
        tags,
        tagSet: new Set(tags),
        price,
        completion,
        context: p.contextLength && p.contextLength > 0 ? p.contextLength : null,
        providers: p.providers.length,
        sources,
        order: servedByApi(p.type) ? (price ?? Number.POSITIVE_INFINITY) : -sources,
        scale: servedByApi(p.type) ? (price === null ? Number.POSITIVE_INFINITY : Math.log(price)) : -sources,
        variant: servedByApi(p.type) ? variantKey(p.id) : p.id,
      };
    });
    for (const it of this.items) this.byProductId.set(it.p.id, it);
    for (const it of this.items) {
      for (const t of it.tags) {
        const g = groupIndex(it.p.type, t);
        this.groups[g].push(it);
        const base = g * TAG_COUNT;
        for (const s of it.tags) if (s !== t) this.pairs[base + TAG_INDEX.get(s)!]++;
      }
      push(this.bySignature, signatureKey(it.p.type, it.p.category, it.tags), it);
      push(this.byCategory, `${it.p.type}|${it.p.category}`, it);
    }
    const byOrder = (a: Item, b: Item) => a.order - b.order || byId(a, b);
    for (const list of this.bySignature.values()) list.sort(byOrder);
    for (const list of this.byCategory.values()) list.sort(byOrder);
  }

  size(type: ProductType, tag: CapabilityTag): number {
    return this.groups[groupIndex(type, tag)].length;
  }

  pairCount(type: ProductType, tag: CapabilityTag, other: CapabilityTag): number {
    return this.pairs[groupIndex(type, tag) * TAG_COUNT + TAG_INDEX.get(other)!];
  }

  /**
   * Group members that have metric `m`, best first, then by id. Every group's list comes from one sort
   * of the whole catalog per metric, so the cost is O(n log n) per metric, not per group.
   */
  private sorted(type: ProductType, tag: CapabilityTag, m: Metric): Item[] {
    let perGroup = this.sortedBy.get(m);
    if (!perGroup) {
      perGroup = Array.from({ length: PRODUCT_TYPES.length * TAG_COUNT }, () => []);
      const all = this.items.filter((it) => metricValue(it, m) !== null);
      const values = new Float64Array(this.items.length);
      for (const it of all) values[it.index] = metricValue(it, m)!;
      this.values.set(m, values);
      const sign = m === 'price' || m === 'completion' ? 1 : -1;
      all.sort((a, b) => sign * (values[a.index] - values[b.index]) || byId(a, b));
      for (const it of all) for (const t of it.tags) perGroup[groupIndex(it.p.type, t)].push(it);
      this.sortedBy.set(m, perGroup);
    }
    return perGroup[groupIndex(type, tag)];
  }

  /** 1-based rank of `it` in its (type, tag) group on metric `m`, with the size of its tie; by binary search. */
  rank(it: Item, tag: CapabilityTag, m: Metric): RankInfo | null {
    const v = metricValue(it, m);
    if (v === null) return null;
    const list = this.sorted(it.p.type, tag, m);
    const values = this.values.get(m) as Float64Array;
    const sign = m === 'price' || m === 'completion' ? 1 : -1;
    const key = sign * v;
    // first position whose value is not better than v, and first whose value is worse
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sign * values[list[mid].index] < key) lo = mid + 1;
      else hi = mid;
    }
    const first = lo;
    hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sign * values[list[mid].index] <= key) lo = mid + 1;
      else hi = mid;
    }
    return { rank: first + 1, tied: lo - first, of: list.length };
  }

  medianOf(type: ProductType, tag: CapabilityTag, m: Metric): number | null {
    const key = groupIndex(type, tag) * METRICS.length + METRICS.indexOf(m);
    if (this.medians.has(key)) return this.medians.get(key)!;
    const values = this.sorted(type, tag, m).map((it) => metricValue(it, m)!);
    const value = values.length ? median(values.sort((a, b) => a - b)) : null;
    this.medians.set(key, value);
    return value;
  }

  /**
   * The rivals a product is named against on a sourced page come first (the same rivals
   * /alternatives puts first), then nearest peers: same type and category, the most shared tags,
   * then closest in price (models) or breadth of sources (products), then id. Other routes or
   * snapshots of the same model are skipped.
   */
  alternatives(it: Item, limit = 2): Item[] {
    const picked: Item[] = [];
    const seen = new Set<number>([it.index]);
    const ok = (c: Item) => !seen.has(c.index) && c.variant !== it.variant && !c.p.id.startsWith('~');
    const take = (cands: Item[]) => {
      for (const c of cands) {
        if (picked.length >= limit) return;
        if (!ok(c)) continue;
        seen.add(c.index);
        picked.push(c);
      }
    };
    take(it.p.rivals.map((r) => this.byProductId.get(r.id)).filter((c): c is Item => c !== undefined && c.p.type === it.p.type));
    const { type, category } = it.p;
    const near = (list: Item[] | undefined) => nearest(list ?? [], it, limit, ok);
    take(near(this.bySignature.get(signatureKey(type, category, it.tags))));
    if (picked.length < limit) {
      const cands: Array<{ item: Item; overlap: number; dist: number }> = [];
      const consider = (tags: readonly CapabilityTag[], overlap: number) => {
        for (const c of near(this.bySignature.get(signatureKey(type, category, tags)))) cands.push({ item: c, overlap, dist: distance(it, c) });
      };
      for (let i = 0; i < it.tags.length; i++) consider([...it.tags.slice(0, i), ...it.tags.slice(i + 1)], it.tags.length - 1);
      for (const t of CAPABILITY_TAGS) {
        if (it.tagSet.has(t.tag)) continue;
        consider([...it.tags, t.tag].sort((a, b) => TAG_INDEX.get(a)! - TAG_INDEX.get(b)!), it.tags.length);
      }
      cands.sort((a, b) => b.overlap - a.overlap || a.dist - b.dist || byId(a.item, b.item));
      take(cands.map((c) => c.item));
    }
    if (picked.length < limit) take(near(this.byCategory.get(`${type}|${category}`)));
    return picked;
  }
}

function signatureKey(type: ProductType, category: string, tags: readonly string[]): string {
  return `${type}|${category}|${tags.join(',')}`;
}

export function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function distance(a: Item, b: Item): number {
  const fa = a.scale !== Number.POSITIVE_INFINITY;
  const fb = b.scale !== Number.POSITIVE_INFINITY;
  if (fa && fb) return Math.abs(a.scale - b.scale);
  return fa === fb ? 0 : Number.MAX_SAFE_INTEGER;
}

/** Up to `limit` acceptable items of a list sorted by (order, id), closest to `it` in order, ties by id. */
function nearest(list: Item[], it: Item, limit: number, ok: (c: Item) => boolean): Item[] {
  if (list.length === 0) return [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = list[mid];
    if (c.order < it.order || (c.order === it.order && c.p.id < it.p.id)) lo = mid + 1;
    else hi = mid;
  }
  const out: Item[] = [];
  let left = lo - 1;
  let right = lo;
  let steps = 0;
  while (out.length < limit && (left >= 0 || right < list.length) && steps++ < 64) {
    const l = left >= 0 ? list[left] : null;
    const r = right < list.length ? list[right] : null;
    let pick: Item;
    if (l && r) {
      const dl = distance(it, l);
      const dr = distance(it, r);
      pick = dl < dr || (dl === dr && l.p.id < r.p.id) ? l : r;
    } else pick = (l ?? r)!;
    if (pick === l) left--;
    else right++;
    if (ok(pick)) out.push(pick);
  }
  return out;
}

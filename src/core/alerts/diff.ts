/**
 * The difference between two scoring runs, product by product. A product "moved" only when it
 * passed, or was passed by, a product present in both runs: positions that shift because a
 * product was added or removed above do not count as moves (that product shows up as new instead).
 */
import { ALERT_LIMITS } from './config.js';
import type { PriceSnap, ProductRef, ProductSnap, RunSnapshot } from './types.js';

export interface ProductDiff {
  id: string;
  before: ProductSnap | null;
  after: ProductSnap | null;
  /** passed a product in its category / overall */
  upCategory: boolean;
  downCategory: boolean;
  upOverall: boolean;
  downOverall: boolean;
  /** in its category: the product it passed that now sits closest below it */
  overtook: ProductRef | null;
  /** in its category: the product that passed it and now sits closest above it */
  overtakenBy: ProductRef | null;
  priceChanged: boolean;
  /** in the later run's category and not in it before */
  newInCategory: boolean;
}

export interface RunDiff {
  previous: RunSnapshot;
  current: RunSnapshot;
  /** products with any difference, in id order */
  changed: ProductDiff[];
  byId: Map<string, ProductDiff>;
  /** changed products by category, under both their old and new category */
  byCategory: Map<string, ProductDiff[]>;
  summary: DiffSummary;
}

export interface DiffSummary {
  changed: number;
  movedCategory: number;
  movedOverall: number;
  added: number;
  removed: number;
  newInCategory: number;
  priceChanged: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** true when both prices are known and differ. */
export function priceDiffers(a: PriceSnap | null, b: PriceSnap | null): boolean {
  if (!a || !b) return false;
  return (
    a.model !== b.model ||
    !sameNumber(a.promptPerToken, b.promptPerToken) ||
    !sameNumber(a.completionPerToken, b.completionPerToken) ||
    !sameNumber(a.startingAmount, b.startingAmount) ||
    (a.startingUnit ?? null) !== (b.startingUnit ?? null)
  );
}

interface OrderItem {
  snap: ProductSnap;
  before: number;
  after: number;
}

interface Reorder {
  up: boolean;
  down: boolean;
  overtook: ProductRef | null;
  overtakenBy: ProductRef | null;
}

/**
 * For items present in both runs: who passed whom. Sorted by the later order, a product moved
 * up when one now below it was above it before (a suffix minimum of earlier positions), and
 * down when one now above it was below it before (a prefix maximum). Linear apart from the sort.
 */
function reorder(items: OrderItem[], withRefs: boolean): Map<string, Reorder> {
  items.sort((x, y) => x.after - y.after || cmp(x.snap.id, y.snap.id));
  const n = items.length;
  const suffixMin = new Float64Array(n + 1);
  suffixMin[n] = Infinity;
  for (let i = n - 1; i >= 0; i--) suffixMin[i] = Math.min(suffixMin[i + 1]!, items[i]!.before);
  const out = new Map<string, Reorder>();
  let prefixMax = -Infinity;
  for (let i = 0; i < n; i++) {
    const it = items[i]!;
    const up = suffixMin[i + 1]! < it.before;
    const down = prefixMax > it.before;
    prefixMax = Math.max(prefixMax, it.before);
    if (!up && !down) continue;
    let overtook: ProductRef | null = null;
    let overtakenBy: ProductRef | null = null;
    if (withRefs && up) {
      for (let j = i + 1; j < n; j++)
        if (items[j]!.before < it.before) {
          overtook = { id: items[j]!.snap.id, name: items[j]!.snap.name };
          break;
        }
    }
    if (withRefs && down) {
      for (let j = i - 1; j >= 0; j--)
        if (items[j]!.before > it.before) {
          overtakenBy = { id: items[j]!.snap.id, name: items[j]!.snap.name };
          break;
        }
    }
    out.set(it.snap.id, { up, down, overtook, overtakenBy });
  }
  return out;
}

const NO_REORDER: Reorder = { up: false, down: false, overtook: null, overtakenBy: null };

export function diffRuns(previous: RunSnapshot, current: RunSnapshot): RunDiff {
  const overall: OrderItem[] = [];
  const perCategory = new Map<string, OrderItem[]>();
  for (const [id, after] of current.products) {
    const before = previous.products.get(id);
    if (!before) continue;
    overall.push({ snap: after, before: before.overall, after: after.overall });
    if (before.category === after.category) {
      const list = perCategory.get(after.category);
      const item = { snap: after, before: before.categoryPos, after: after.categoryPos };
      if (list) list.push(item);
      else perCategory.set(after.category, [item]);
    }
  }
  const overallMoves = reorder(overall, false);
  const categoryMoves = new Map<string, Reorder>();
  for (const items of perCategory.values()) for (const [id, r] of reorder(items, true)) categoryMoves.set(id, r);

  const ids = new Set<string>([...current.products.keys(), ...previous.products.keys()]);
  const changed: ProductDiff[] = [];
  const summary: DiffSummary = { changed: 0, movedCategory: 0, movedOverall: 0, added: 0, removed: 0, newInCategory: 0, priceChanged: 0 };
  for (const id of [...ids].sort(cmp)) {
    const before = previous.products.get(id) ?? null;
    const after = current.products.get(id) ?? null;
    const cat = categoryMoves.get(id) ?? NO_REORDER;
    const all = overallMoves.get(id) ?? NO_REORDER;
    const priceChanged = priceDiffers(before?.price ?? null, after?.price ?? null);
    const newInCategory = after !== null && (before === null || before.category !== after.category);
    const differs =
      before === null ||
      after === null ||
      newInCategory ||
      priceChanged ||
      before.overall !== after.overall ||
      before.categoryPos !== after.categoryPos ||
      Math.abs(before.score - after.score) >= ALERT_LIMITS.scoreEpsilon;
    if (!differs) continue;
    const d: ProductDiff = {
      id,
      before,
      after,
      upCategory: cat.up,
      downCategory: cat.down,
      upOverall: all.up,
      downOverall: all.down,
      overtook: cat.overtook,
      overtakenBy: cat.overtakenBy,
      priceChanged,
      newInCategory,
    };
    changed.push(d);
    if (cat.up || cat.down) summary.movedCategory++;
    if (all.up || all.down) summary.movedOverall++;
    if (!before) summary.added++;
    if (!after) summary.removed++;
    if (newInCategory) summary.newInCategory++;
    if (priceChanged) summary.priceChanged++;
  }
  summary.changed = changed.length;

  const byId = new Map(changed.map((d) => [d.id, d]));
  const byCategory = new Map<string, ProductDiff[]>();
  const addTo = (c: string, d: ProductDiff) => {
    const list = byCategory.get(c);
    if (!list) byCategory.set(c, [d]);
    else if (list[list.length - 1] !== d) list.push(d);
  };
  for (const d of changed) {
    if (d.before) addTo(d.before.category, d);
    if (d.after) addTo(d.after.category, d);
  }
  return { previous, current, changed, byId, byCategory, summary };
}

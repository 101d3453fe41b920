/**
 * Which changes of a run each subscription receives. Pure: the store loads the run diff, the
 * active subscriptions and their alert state, calls planAlerts, and writes what it returns in
 * the run's transaction.
 */
import { ALERT_LIMITS } from './config.js';
import { priceDiffers, type ProductDiff, type RunDiff } from './diff.js';
import { formatTarget } from './target.js';
import type { AlertChange, AlertPayload, ChangeKind, ProductRef, ProductSnap, Subscription, Target } from './types.js';

/** A change held back: until the next run confirms it, or until the cooldown ends. */
export interface Hold {
  reason: 'confirm' | 'cooldown';
  /** run that raised it */
  runId: number;
  /** the product before the change (null: it was not there) */
  baseline: ProductSnap | null;
  overtook: ProductRef | null;
}

/** Per (subscription, product) state; a row with neither field set is deleted. */
export interface AlertStateEntry {
  subscriptionId: number;
  productId: string;
  /** ISO time of the last alert (kept for subscriptions with a cooldown) */
  lastAlertAt: string | null;
  hold: Hold | null;
}

export interface PlannedAlert {
  subscription: Subscription;
  payload: AlertPayload;
}

export interface AlertPlan {
  alerts: PlannedAlert[];
  /** state rows to write (upsert, or delete when empty) */
  states: AlertStateEntry[];
  /** changes held for confirmation or cooldown */
  held: number;
}

const KIND_ORDER: Record<ChangeKind, number> = {
  entered_top: 0,
  new_in_category: 1,
  left_top: 2,
  moved_category: 3,
  moved_overall: 4,
  price: 5,
  score: 6,
};

function topPosition(s: ProductSnap | null, category: string | null): number {
  if (!s) return Infinity;
  if (category === null) return s.overall;
  return s.category === category ? s.categoryPos : Infinity;
}

/**
 * What `target` sees changing from `before` to `after`, if it passes the subscription's minimum
 * change. With `d` (consecutive runs) a position change counts only when the product passed or
 * was passed by another; without it (re-checking a held change against its baseline) the
 * position difference alone decides.
 */
export function evaluateChange(
  sub: Pick<Subscription, 'options'>,
  target: Target,
  before: ProductSnap | null,
  after: ProductSnap | null,
  d?: ProductDiff,
): AlertChange | null {
  const { minChange, minChangeUnit } = sub.options;
  const subject = after ?? before;
  if (!subject) return null;
  const kinds: ChangeKind[] = [];
  const moved = (b: number, a: number, up: boolean | undefined, down: boolean | undefined) =>
    minChangeUnit === 'positions' && Math.abs(b - a) >= minChange && (d === undefined || (a < b ? up === true : down === true));
  const scoreMoved =
    minChangeUnit === 'points' &&
    before !== null &&
    after !== null &&
    Math.abs(after.score - before.score) >= Math.max(minChange - 1e-9, ALERT_LIMITS.scoreEpsilon);
  const priceChanged = priceDiffers(before?.price ?? null, after?.price ?? null);

  switch (target.kind) {
    case 'product': {
      if (subject.id !== target.productId || !after) return null;
      if (before && before.category !== after.category) kinds.push('new_in_category');
      if (before && before.category === after.category && moved(before.categoryPos, after.categoryPos, d?.upCategory, d?.downCategory))
        kinds.push('moved_category');
      if (before && moved(before.overall, after.overall, d?.upOverall, d?.downOverall)) kinds.push('moved_overall');
      if (priceChanged) kinds.push('price');
      if (scoreMoved) kinds.push('score');
      break;
    }
    case 'category': {
      const inBefore = before?.category === target.category;
      const inAfter = after?.category === target.category;
      if (!inAfter) return null;
      if (!inBefore) kinds.push('new_in_category');
      else {
        if (moved(before!.categoryPos, after!.categoryPos, d?.upCategory, d?.downCategory)) kinds.push('moved_category');
        if (priceChanged) kinds.push('price');
        if (scoreMoved) kinds.push('score');
      }
      break;
    }
    case 'top': {
      const pb = topPosition(before, target.category);
      const pa = topPosition(after, target.category);
      const inBefore = pb <= target.n;
      const inAfter = pa <= target.n;
      if (!inBefore && inAfter) kinds.push('entered_top');
      else if (inBefore && !inAfter) kinds.push('left_top');
      else if (inBefore && inAfter) {
        const up = target.category === null ? d?.upOverall : d?.upCategory;
        const down = target.category === null ? d?.downOverall : d?.downCategory;
        if (moved(pb, pa, up, down)) kinds.push(target.category === null ? 'moved_overall' : 'moved_category');
        if (scoreMoved) kinds.push('score');
      }
      break;
    }
  }
  if (kinds.length === 0) return null;
  const wentUp = before !== null && after !== null && after.categoryPos < before.categoryPos && before.category === after.category;
  const wentDown = before !== null && after !== null && after.categoryPos > before.categoryPos && before.category === after.category;
  return {
    productId: subject.id,
    name: subject.name,
    category: subject.category,
    kinds,
    before,
    after,
    top: target.kind === 'top' ? { n: target.n, category: target.category } : null,
    overtook: wentUp ? (d?.overtook ?? null) : null,
    overtakenBy: wentDown ? (d?.overtakenBy ?? null) : null,
  };
}

function significance(c: AlertChange): number {
  return Math.min(...c.kinds.map((k) => KIND_ORDER[k]));
}

function positionOf(c: AlertChange): number {
  const s = c.after ?? c.before!;
  return c.top && c.top.category === null ? s.overall : s.categoryPos;
}

export function sortChanges(changes: AlertChange[]): AlertChange[] {
  return changes.sort(
    (a, b) => significance(a) - significance(b) || positionOf(a) - positionOf(b) || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0),
  );
}

/** Changed products a subscription may care about. */
function candidates(diff: RunDiff, target: Target, overallSorted: () => ProductDiff[]): ProductDiff[] {
  switch (target.kind) {
    case 'product': {
      const d = diff.byId.get(target.productId);
      return d ? [d] : [];
    }
    case 'category':
      return diff.byCategory.get(target.category) ?? [];
    case 'top': {
      if (target.category !== null) return diff.byCategory.get(target.category) ?? [];
      const out: ProductDiff[] = [];
      for (const d of overallSorted()) {
        if (Math.min(d.before?.overall ?? Infinity, d.after?.overall ?? Infinity) > target.n) break;
        out.push(d);
      }
      return out;
    }
  }
}

function cooling(sub: Subscription, lastAlertAt: string | null, at: number): boolean {
  if (sub.options.cooldownMinutes <= 0 || !lastAlertAt) return false;
  return at - Date.parse(lastAlertAt) < sub.options.cooldownMinutes * 60_000;
}

/**
 * Plans the alerts of one run: for each active subscription, the changes that pass its filters,
 * after confirmation (a change must still hold on the next consecutive run) and cooldown
 * (a product alerted recently waits; its change is re-checked against the old baseline later).
 */
export function planAlerts(diff: RunDiff, subscriptions: Subscription[], states: AlertStateEntry[]): AlertPlan {
  const runId = diff.current.runId;
  const prevRunId = diff.previous.runId;
  const at = Date.parse(diff.current.at);
  let sortedOverall: ProductDiff[] | null = null;
  const overallSorted = () =>
    (sortedOverall ??= [...diff.changed].sort(
      (a, b) => Math.min(a.before?.overall ?? Infinity, a.after?.overall ?? Infinity) - Math.min(b.before?.overall ?? Infinity, b.after?.overall ?? Infinity),
    ));
  const stateBySub = new Map<number, Map<string, AlertStateEntry>>();
  for (const s of states) {
    let m = stateBySub.get(s.subscriptionId);
    if (!m) stateBySub.set(s.subscriptionId, (m = new Map()));
    m.set(s.productId, s);
  }

  const alerts: PlannedAlert[] = [];
  const writes: AlertStateEntry[] = [];
  let held = 0;
  for (const sub of subscriptions) {
    if (sub.status !== 'active') continue;
    const mine = stateBySub.get(sub.id) ?? new Map<string, AlertStateEntry>();
    const found = new Map<string, { change: AlertChange; d: ProductDiff }>();
    for (const d of candidates(diff, sub.target, overallSorted)) {
      const change = evaluateChange(sub, sub.target, d.before, d.after, d);
      if (change) found.set(d.id, { change, d });
    }
    const emit: AlertChange[] = [];
    const write = (productId: string, lastAlertAt: string | null, hold: Hold | null) => {
      const keepLast = sub.options.cooldownMinutes > 0 ? lastAlertAt : null;
      const prev = mine.get(productId);
      if (!prev && keepLast === null && hold === null) return;
      writes.push({ subscriptionId: sub.id, productId, lastAlertAt: keepLast, hold });
    };

    // changes held from earlier runs
    for (const st of mine.values()) {
      if (!st.hold) continue;
      const pid = st.productId;
      const fresh = found.get(pid);
      if (st.hold.reason === 'confirm' && st.hold.runId !== prevRunId) {
        if (!fresh) write(pid, st.lastAlertAt, null);
        continue;
      }
      const after = diff.current.products.get(pid) ?? null;
      const change = evaluateChange(sub, sub.target, st.hold.baseline, after);
      if (!change) {
        if (!fresh) write(pid, st.lastAlertAt, null);
        continue;
      }
      found.delete(pid);
      change.overtook = fresh?.change.overtook ?? (change.kinds.includes('moved_category') ? st.hold.overtook : null);
      if (cooling(sub, st.lastAlertAt, at)) {
        write(pid, st.lastAlertAt, { ...st.hold, reason: 'cooldown' });
        held++;
        continue;
      }
      emit.push(change);
      write(pid, diff.current.at, null);
    }

    // changes raised by this run
    for (const [pid, { change }] of found) {
      const st = mine.get(pid);
      const hold: Hold = { reason: 'confirm', runId, baseline: change.before, overtook: change.overtook };
      if (sub.options.confirm) {
        write(pid, st?.lastAlertAt ?? null, hold);
        held++;
        continue;
      }
      if (cooling(sub, st?.lastAlertAt ?? null, at)) {
        write(pid, st?.lastAlertAt ?? null, { ...hold, reason: 'cooldown' });
        held++;
        continue;
      }
      emit.push(change);
      write(pid, diff.current.at, null);
    }

    if (emit.length === 0) continue;
    sortChanges(emit);
    const kept = emit.slice(0, ALERT_LIMITS.changesPerRow);
    alerts.push({
      subscription: sub,
      payload: {
        v: 1,
        subscriptionId: sub.id,
        target: formatTarget(sub.target),
        targetLabel: sub.targetLabel,
        runId,
        at: diff.current.at,
        mode: sub.options.mode,
        changes: kept,
        omitted: emit.length - kept.length,
      },
    });
  }
  return { alerts, states: writes, held };
}

/**
 * Alert planning for one scoring run, as pure functions. A store calls them inside the run's
 * transaction: it loads the previous run, the active subscriptions, their alert state and which
 * digest groups have started going out, and writes back what these functions return.
 *
 *   const planned = planRunAlerts({ runId, run, products, previous, subscriptions, states });
 *   const keys = digestCandidateKeys(planned.alerts, runId, atMs);   // ask the store which have started
 *   const rows = outboxRowsFor(planned.alerts, runId, atMs, createdAt, started);
 */
import type { ScoringRunResult } from '../scoring/types.js';
import { DIGEST_SHIFT_TRIES } from './config.js';
import { diffRuns, type DiffSummary } from './diff.js';
import { planAlerts, type AlertStateEntry, type PlannedAlert } from './match.js';
import type { RunProduct } from './ports.js';
import { alertSlot, digestGroupKey, idempotencyKey, nextDigestAfter } from './schedule.js';
import type { AlertMode, AlertPayload, Platform, PriceSnap, RunSnapshot, Subscription } from './types.js';

/** One outbox row to insert (pending, never attempted). */
export interface NewOutboxRow {
  idempotencyKey: string;
  groupKey: string;
  subscriptionId: number;
  runId: number;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  mode: AlertMode;
  payload: AlertPayload;
  /** epoch ms */
  nextAttemptAt: number;
  createdAt: string;
}

/** The facts a run records per product so a later run can report price changes. */
export interface RunProductFacts {
  productId: string;
  name: string;
  pricingModel: RunProduct['pricing']['model'] | null;
  startingPriceAmount: number | null;
  startingPriceUnit: string | null;
  promptPerToken: number | null;
  completionPerToken: number | null;
}

export function priceOf(p: RunProduct['pricing']): PriceSnap {
  return {
    model: p.model,
    promptPerToken: p.promptPerToken,
    completionPerToken: p.completionPerToken,
    startingAmount: p.startingPrice?.amount ?? null,
    startingUnit: p.startingPrice?.unit ?? null,
  };
}

/** Name and pricing of every scored product (a product missing from `products` keeps its id as name). */
export function runProductFacts(run: ScoringRunResult, products: RunProduct[]): RunProductFacts[] {
  const byId = new Map(products.map((p) => [p.id, p]));
  return run.scores.map((s) => {
    const p = byId.get(s.productId);
    return {
      productId: s.productId,
      name: p?.name ?? s.productId,
      pricingModel: p?.pricing.model ?? null,
      startingPriceAmount: p?.pricing.startingPrice?.amount ?? null,
      startingPriceUnit: p?.pricing.startingPrice?.unit ?? null,
      promptPerToken: p?.pricing.promptPerToken ?? null,
      completionPerToken: p?.pricing.completionPerToken ?? null,
    };
  });
}

/** The run being saved, as the snapshot the diff compares with the previous one. */
export function currentSnapshot(runId: number, run: ScoringRunResult, products: RunProduct[]): RunSnapshot {
  const byId = new Map(products.map((p) => [p.id, p]));
  const current: RunSnapshot = { runId, at: run.at, configVersion: run.configVersion, products: new Map() };
  for (const s of run.scores) {
    const p = byId.get(s.productId);
    current.products.set(s.productId, {
      id: s.productId,
      name: p?.name ?? s.productId,
      type: s.type,
      category: s.category,
      score: s.score,
      overall: s.position.overall,
      ofOverall: s.position.ofOverall,
      categoryPos: s.position.category,
      ofCategory: s.position.ofCategory,
      price: p ? priceOf(p.pricing) : null,
    });
  }
  return current;
}

/** Why a run makes no diff, or null when it is diffed against `previous`. */
export function skipReason(previous: { configVersion: string } | null, run: { configVersion: string }): string | null {
  if (!previous) return 'first run';
  if (previous.configVersion !== run.configVersion) return `scoring config changed (${previous.configVersion} → ${run.configVersion})`;
  return null;
}

export interface RunPlanInput {
  runId: number;
  run: ScoringRunResult;
  products: RunProduct[];
  previous: RunSnapshot;
  /** active subscriptions, by id */
  subscriptions: Subscription[];
  /** stored alert state of those subscriptions */
  states: AlertStateEntry[];
}

export interface RunPlan {
  diff: DiffSummary;
  alerts: PlannedAlert[];
  /** alert state rows to write (upsert, or delete when both fields are empty) */
  states: AlertStateEntry[];
  held: number;
}

/** Diffs the run against the previous one and decides which subscription receives which change. */
export function planRunAlerts(input: RunPlanInput): RunPlan {
  const diff = diffRuns(input.previous, currentSnapshot(input.runId, input.run, input.products));
  const plan = planAlerts(diff, input.subscriptions, input.states);
  return { diff: diff.summary, alerts: plan.alerts, states: plan.states, held: plan.held };
}

/** Every digest group a daily alert of this run may join: the store reports which of them have started going out. */
export function digestCandidateKeys(alerts: PlannedAlert[], runId: number, atMs: number): string[] {
  const keys = new Set<string>();
  for (const { subscription: s } of alerts) {
    const o = s.options;
    if (o.mode !== 'daily') continue;
    let slot = alertSlot(s, runId, o.mode, atMs, o.timezone, o.quietHours);
    keys.add(slot.groupKey);
    for (let i = 0; i < DIGEST_SHIFT_TRIES; i++) {
      const dueAt = nextDigestAfter(slot.dueAt, o.timezone, o.quietHours);
      slot = { dueAt, groupKey: digestGroupKey(channelOf(s), dueAt) };
      keys.add(slot.groupKey);
    }
  }
  return [...keys];
}

const channelOf = (s: Subscription) => `${s.platform}:${s.workspaceId}:${s.channelId}`;

/**
 * The outbox rows of a run's alerts: when each is due and which message (group) it joins. A daily
 * alert whose digest has already started going out (`started`) moves to the next digest, up to
 * DIGEST_SHIFT_TRIES times.
 */
export function outboxRowsFor(alerts: PlannedAlert[], runId: number, atMs: number, createdAt: string, started: ReadonlySet<string>): NewOutboxRow[] {
  return alerts.map(({ subscription: s, payload }) => {
    const o = s.options;
    let slot = alertSlot(s, runId, o.mode, atMs, o.timezone, o.quietHours);
    if (o.mode === 'daily') {
      for (let i = 0; i < DIGEST_SHIFT_TRIES && started.has(slot.groupKey); i++) {
        const dueAt = nextDigestAfter(slot.dueAt, o.timezone, o.quietHours);
        slot = { dueAt, groupKey: digestGroupKey(channelOf(s), dueAt) };
      }
    }
    return {
      idempotencyKey: idempotencyKey(runId, s.id),
      groupKey: slot.groupKey,
      subscriptionId: s.id,
      runId,
      platform: s.platform,
      workspaceId: s.workspaceId,
      channelId: s.channelId,
      mode: o.mode,
      payload,
      nextAttemptAt: slot.dueAt,
      createdAt,
    };
  });
}

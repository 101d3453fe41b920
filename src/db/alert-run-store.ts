/**
 * AlertRunStore on SQLite: saves a scoring run, diffs it against the previous one and queues its
 * alerts, all in one transaction. The decisions are made by the pure planners in
 * src/core/alerts/plan.ts; this file only loads their inputs and writes their outputs.
 */
import { and, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { AlertStateEntry, Hold } from '../core/alerts/match.js';
import { digestCandidateKeys, outboxRowsFor, planRunAlerts, runProductFacts, skipReason } from '../core/alerts/plan.js';
import type { AlertRunStore, RunAlertsResult, RunProduct } from '../core/alerts/ports.js';
import type { ProductSnap, RunSnapshot } from '../core/alerts/types.js';
import type { ScoringRunResult } from '../core/scoring/types.js';
import { chunks } from './chunks.js';
import type { Db } from './client.js';
import { insertScoringRun } from './repos.js';
import * as t from './schema.js';
import { IN_LIST_CHUNK, toSubscription } from './subscription-repo.js';

/** Rows per multi-row INSERT of run facts and outbox rows. */
const INSERT_CHUNK = 200;

/** Loads a stored run as the snapshot alerts diff against. */
export function loadRunSnapshot(db: Pick<Db, 'select'>, run: { id: number; at: string; configVersion: string }): RunSnapshot {
  const snaps = db
    .select({
      productId: t.scoreSnapshots.productId,
      type: t.scoreSnapshots.type,
      category: t.scoreSnapshots.category,
      score: t.scoreSnapshots.score,
      overall: t.scoreSnapshots.positionOverall,
      ofOverall: t.scoreSnapshots.ofOverall,
      categoryPos: t.scoreSnapshots.positionCategory,
      ofCategory: t.scoreSnapshots.ofCategory,
    })
    .from(t.scoreSnapshots)
    .where(eq(t.scoreSnapshots.runId, run.id))
    .all();
  const facts = new Map(
    db
      .select()
      .from(t.runProducts)
      .where(eq(t.runProducts.runId, run.id))
      .all()
      .map((r) => [r.productId, r]),
  );
  const products = new Map<string, ProductSnap>();
  for (const s of snaps) {
    const f = facts.get(s.productId);
    products.set(s.productId, {
      id: s.productId,
      name: f?.name ?? s.productId,
      type: s.type as ProductSnap['type'],
      category: s.category,
      score: s.score,
      overall: s.overall,
      ofOverall: s.ofOverall,
      categoryPos: s.categoryPos,
      ofCategory: s.ofCategory,
      price: f
        ? {
            model: f.pricingModel,
            promptPerToken: f.promptPerToken,
            completionPerToken: f.completionPerToken,
            startingAmount: f.startingPriceAmount,
            startingUnit: f.startingPriceUnit,
          }
        : null,
    });
  }
  return { runId: run.id, at: run.at, configVersion: run.configVersion, products };
}

export function createSqliteAlertRunStore(db: Db): AlertRunStore {
  return {
    async saveRunWithAlerts(run: ScoringRunResult, products: RunProduct[]): Promise<RunAlertsResult> {
      return db.transaction(
        (tx) => {
          const previous = tx.select().from(t.scoringRuns).orderBy(desc(t.scoringRuns.id)).limit(1).get();
          const info = insertScoringRun(tx, run);
          for (const c of chunks(runProductFacts(run, products), INSERT_CHUNK)) tx.insert(t.runProducts).values(c.map((f) => ({ runId: info.id, ...f }))).run();

          const base = { ...info, previousRunId: previous?.id ?? null };
          const skipped = skipReason(previous ?? null, run);
          if (!previous || skipped !== null) {
            const reason = skipped ?? 'first run';
            tx.insert(t.runDiffs)
              .values({ runId: info.id, previousRunId: previous?.id ?? null, changedProducts: 0, outboxRows: 0, summary: { skipped: reason } })
              .run();
            return { ...base, diff: null, skipped: reason, outboxRows: 0, held: 0 };
          }

          const subscriptions = tx
            .select()
            .from(t.subscriptions)
            .where(eq(t.subscriptions.status, 'active'))
            .orderBy(t.subscriptions.id)
            .all()
            .map(toSubscription);
          const states: AlertStateEntry[] = chunks(
            subscriptions.map((s) => s.id),
            IN_LIST_CHUNK,
          ).flatMap((c) =>
            tx
              .select()
              .from(t.alertState)
              .where(and(inArray(t.alertState.subscriptionId, c), or(isNotNull(t.alertState.holdReason), isNotNull(t.alertState.lastAlertAt))))
              .all()
              .map((r) => ({
                subscriptionId: r.subscriptionId,
                productId: r.productId,
                lastAlertAt: r.lastAlertAt,
                hold:
                  r.holdReason !== null && r.holdRunId !== null
                    ? ({ reason: r.holdReason, runId: r.holdRunId, ...(r.holdBaseline as Omit<Hold, 'reason' | 'runId'>) } as Hold)
                    : null,
              })),
          );
          const plan = planRunAlerts({ runId: info.id, run, products, previous: loadRunSnapshot(tx, previous), subscriptions, states });

          const atMs = Date.parse(run.at);
          const started = new Set(
            chunks(digestCandidateKeys(plan.alerts, info.id, atMs), IN_LIST_CHUNK).flatMap((c) =>
              tx
                .selectDistinct({ groupKey: t.outbox.groupKey })
                .from(t.outbox)
                .where(and(inArray(t.outbox.groupKey, c), or(ne(t.outbox.state, 'pending'), sql`${t.outbox.attempts} > 0`, sql`${t.outbox.rateLimited} > 0`)))
                .all()
                .map((r) => r.groupKey),
            ),
          );
          const rows = outboxRowsFor(plan.alerts, info.id, atMs, new Date().toISOString(), started);
          for (const c of chunks(rows, INSERT_CHUNK))
            tx.insert(t.outbox)
              .values(c.map((r) => ({ ...r, state: 'pending' as const, attempts: 0, rateLimited: 0 })))
              .onConflictDoNothing({ target: t.outbox.idempotencyKey })
              .run();

          for (const st of plan.states) {
            const key = and(eq(t.alertState.subscriptionId, st.subscriptionId), eq(t.alertState.productId, st.productId));
            if (st.lastAlertAt === null && st.hold === null) {
              tx.delete(t.alertState).where(key).run();
              continue;
            }
            const values = {
              lastAlertAt: st.lastAlertAt,
              holdReason: st.hold?.reason ?? null,
              holdRunId: st.hold?.runId ?? null,
              holdBaseline: st.hold ? { baseline: st.hold.baseline, overtook: st.hold.overtook } : null,
            };
            tx.insert(t.alertState)
              .values({ subscriptionId: st.subscriptionId, productId: st.productId, ...values })
              .onConflictDoUpdate({ target: [t.alertState.subscriptionId, t.alertState.productId], set: values })
              .run();
          }

          tx.insert(t.runDiffs)
            .values({ runId: info.id, previousRunId: previous.id, changedProducts: plan.diff.changed, outboxRows: rows.length, summary: plan.diff })
            .run();
          return { ...base, diff: plan.diff, skipped: null, outboxRows: rows.length, held: plan.held };
        },
        { behavior: 'immediate' },
      );
    },
  };
}

/**
 * AlertRunStore on PostgreSQL: the same transaction as src/db/alert-run-store.ts. Saves are
 * serialised by a transaction-scoped advisory lock, so two instances saving runs at once diff
 * each against the other, never both against the same previous run.
 */
import { and, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { AlertStateEntry, Hold } from '../../core/alerts/match.js';
import { digestCandidateKeys, outboxRowsFor, planRunAlerts, runProductFacts, skipReason } from '../../core/alerts/plan.js';
import type { AlertRunStore, RunAlertsResult, RunProduct } from '../../core/alerts/ports.js';
import type { ProductSnap, RunSnapshot } from '../../core/alerts/types.js';
import type { ScoringRunResult } from '../../core/scoring/types.js';
import { chunks } from '../chunks.js';
import { IN_LIST_CHUNK, toSubscription } from '../subscription-repo.js';
import type { PgDb } from './client.js';
import { insertScoringRunPg, type PgTx } from './repos.js';
import * as t from './schema.js';

const INSERT_CHUNK = 200;
/** Advisory lock key held while a run is saved. */
const RUN_SAVE_LOCK = 'scoring-run-save';

async function loadRunSnapshotPg(tx: PgTx, run: { id: number; at: string; configVersion: string }): Promise<RunSnapshot> {
  const snaps = await tx
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
    .where(eq(t.scoreSnapshots.runId, run.id));
  const facts = new Map((await tx.select().from(t.runProducts).where(eq(t.runProducts.runId, run.id))).map((r) => [r.productId, r]));
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

export function createPgAlertRunStore(db: PgDb): AlertRunStore {
  return {
    async saveRunWithAlerts(run: ScoringRunResult, products: RunProduct[]): Promise<RunAlertsResult> {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${RUN_SAVE_LOCK}, 0))`);
        const [previous] = await tx.select().from(t.scoringRuns).orderBy(desc(t.scoringRuns.id)).limit(1);
        const info = await insertScoringRunPg(tx, run);
        for (const c of chunks(runProductFacts(run, products), INSERT_CHUNK)) await tx.insert(t.runProducts).values(c.map((f) => ({ runId: info.id, ...f })));

        const base = { ...info, previousRunId: previous?.id ?? null };
        const skipped = skipReason(previous ?? null, run);
        if (!previous || skipped !== null) {
          const reason = skipped ?? 'first run';
          await tx.insert(t.runDiffs).values({ runId: info.id, previousRunId: previous?.id ?? null, changedProducts: 0, outboxRows: 0, summary: { skipped: reason } });
          return { ...base, diff: null, skipped: reason, outboxRows: 0, held: 0 };
        }

        const subscriptions = (await tx.select().from(t.subscriptions).where(eq(t.subscriptions.status, 'active')).orderBy(t.subscriptions.id)).map(toSubscription);
        const states: AlertStateEntry[] = [];
        for (const c of chunks(
          subscriptions.map((s) => s.id),
          IN_LIST_CHUNK,
        )) {
          const rows = await tx
            .select()
            .from(t.alertState)
            .where(and(inArray(t.alertState.subscriptionId, c), or(isNotNull(t.alertState.holdReason), isNotNull(t.alertState.lastAlertAt))));
          for (const r of rows)
            states.push({
              subscriptionId: r.subscriptionId,
              productId: r.productId,
              lastAlertAt: r.lastAlertAt,
              hold:
                r.holdReason !== null && r.holdRunId !== null
                  ? ({ reason: r.holdReason, runId: r.holdRunId, ...(r.holdBaseline as Omit<Hold, 'reason' | 'runId'>) } as Hold)
                  : null,
            });
        }
        const plan = planRunAlerts({ runId: info.id, run, products, previous: await loadRunSnapshotPg(tx, previous), subscriptions, states });

        const atMs = Date.parse(run.at);
        const started = new Set<string>();
        for (const c of chunks(digestCandidateKeys(plan.alerts, info.id, atMs), IN_LIST_CHUNK)) {
          const rows = await tx
            .selectDistinct({ groupKey: t.outbox.groupKey })
            .from(t.outbox)
            .where(and(inArray(t.outbox.groupKey, c), or(ne(t.outbox.state, 'pending'), sql`${t.outbox.attempts} > 0`, sql`${t.outbox.rateLimited} > 0`)));
          for (const r of rows) started.add(r.groupKey);
        }
        const rows = outboxRowsFor(plan.alerts, info.id, atMs, new Date().toISOString(), started);
        for (const c of chunks(rows, INSERT_CHUNK))
          await tx
            .insert(t.outbox)
            .values(c.map((r) => ({ ...r, state: 'pending' as const, attempts: 0, rateLimited: 0 })))
            .onConflictDoNothing({ target: t.outbox.idempotencyKey });

        for (const st of plan.states) {
          const key = and(eq(t.alertState.subscriptionId, st.subscriptionId), eq(t.alertState.productId, st.productId));
          if (st.lastAlertAt === null && st.hold === null) {
            await tx.delete(t.alertState).where(key);
            continue;
          }
          const values = {
            lastAlertAt: st.lastAlertAt,
            holdReason: st.hold?.reason ?? null,
            holdRunId: st.hold?.runId ?? null,
            holdBaseline: st.hold ? { baseline: st.hold.baseline, overtook: st.hold.overtook } : null,
          };
          await tx
            .insert(t.alertState)
            .values({ subscriptionId: st.subscriptionId, productId: st.productId, ...values })
            .onConflictDoUpdate({ target: [t.alertState.subscriptionId, t.alertState.productId], set: values });
        }

        await tx.insert(t.runDiffs).values({ runId: info.id, previousRunId: previous.id, changedProducts: plan.diff.changed, outboxRows: rows.length, summary: plan.diff });
        return { ...base, diff: plan.diff, skipped: null, outboxRows: rows.length, held: plan.held };
      });
    },
  };
}

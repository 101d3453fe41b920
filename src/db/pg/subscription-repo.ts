/** SubscriptionRepo on PostgreSQL: the same behaviour as src/db/subscription-repo.ts. */
import { and, eq, getTableColumns, inArray, ne, sql } from 'drizzle-orm';
import type { SubscriptionFilter, SubscriptionRepo } from '../../core/alerts/ports.js';
import { formatTarget } from '../../core/alerts/target.js';
import type { DisabledReason, Platform } from '../../core/alerts/types.js';
import { chunks } from '../chunks.js';
import { IN_LIST_CHUNK, toSubscription } from '../subscription-repo.js';
import type { PgDb } from './client.js';
import type { PgTx } from './repos.js';
import * as t from './schema.js';

/** Marks undelivered (pending) alerts of these subscriptions dead with a reason. Call inside a transaction. */
export async function deadLetterPendingPg(tx: PgTx, subscriptionIds: number[], reason: string): Promise<void> {
  for (const c of chunks(subscriptionIds, IN_LIST_CHUNK))
    await tx
      .update(t.outbox)
      .set({ state: 'dead', lastError: reason, leaseOwner: null, leaseUntil: null })
      .where(and(inArray(t.outbox.subscriptionId, c), eq(t.outbox.state, 'pending')));
}

export async function disableSubscriptionsPg(
  tx: PgTx,
  scope: { platform: Platform; workspaceId: string; channelId?: string },
  reason: DisabledReason,
  detail: string,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const rows = await tx
    .update(t.subscriptions)
    .set({ status: 'disabled', disabledReason: reason, disabledDetail: detail.slice(0, 500), disabledAt: at, updatedAt: at })
    .where(
      and(
        eq(t.subscriptions.platform, scope.platform),
        eq(t.subscriptions.workspaceId, scope.workspaceId),
        scope.channelId === undefined ? undefined : eq(t.subscriptions.channelId, scope.channelId),
        ne(t.subscriptions.status, 'disabled'),
      ),
    )
    .returning({ id: t.subscriptions.id });
  if (rows.length === 0) return 0;
  await deadLetterPendingPg(
    tx,
    rows.map((r) => r.id),
    `subscription disabled: ${reason}`,
  );
  return rows.length;
}

export function createPgSubscriptionRepo(db: PgDb): SubscriptionRepo {
  return {
    async upsert(input, now) {
      const at = now.toISOString();
      const target = formatTarget(input.target);
      const o = input.options;
      const values = {
        targetLabel: input.targetLabel,
        minChange: o.minChange,
        minChangeUnit: o.minChangeUnit,
        mode: o.mode,
        quietStart: o.quietHours?.start ?? null,
        quietEnd: o.quietHours?.end ?? null,
        timezone: o.timezone,
        cooldownMinutes: o.cooldownMinutes,
        confirm: o.confirm,
        status: 'active' as const,
        disabledReason: null,
        disabledDetail: null,
        disabledAt: null,
        updatedAt: at,
        failureCount: 0,
      };
      // one statement: two instances subscribing the same channel at once end with one row
      const [row] = await db
        .insert(t.subscriptions)
        .values({ ...values, platform: input.platform, workspaceId: input.workspaceId, channelId: input.channelId, target, createdBy: input.createdBy, createdAt: at })
        .onConflictDoUpdate({ target: [t.subscriptions.platform, t.subscriptions.workspaceId, t.subscriptions.channelId, t.subscriptions.target], set: values })
        .returning({ ...getTableColumns(t.subscriptions), created: sql<boolean>`(xmax = 0)` });
      return { subscription: toSubscription(row!), created: row!.created };
    },
    async get(id) {
      const [r] = await db.select().from(t.subscriptions).where(eq(t.subscriptions.id, id));
      return r ? toSubscription(r) : null;
    },
    async list(filter: SubscriptionFilter = {}) {
      const rows = await db
        .select()
        .from(t.subscriptions)
        .where(
          and(
            filter.platform ? eq(t.subscriptions.platform, filter.platform) : undefined,
            filter.workspaceId ? eq(t.subscriptions.workspaceId, filter.workspaceId) : undefined,
            filter.channelId ? eq(t.subscriptions.channelId, filter.channelId) : undefined,
            filter.status ? eq(t.subscriptions.status, filter.status) : undefined,
          ),
        )
        .orderBy(t.subscriptions.id);
      return rows.map(toSubscription);
    },
    async countInChannel(ref) {
      const [r] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t.subscriptions)
        .where(and(eq(t.subscriptions.platform, ref.platform), eq(t.subscriptions.workspaceId, ref.workspaceId), eq(t.subscriptions.channelId, ref.channelId)));
      return r?.n ?? 0;
    },
    async remove(id) {
      return db.transaction(async (tx) => {
        const [row] = await tx.delete(t.subscriptions).where(eq(t.subscriptions.id, id)).returning();
        if (!row) return null;
        await deadLetterPendingPg(tx, [id], 'unsubscribed');
        return toSubscription(row);
      });
    },
    async setStatus(id, status, now) {
      return db.transaction(async (tx) => {
        const at = now.toISOString();
        const [updated] = await tx
          .update(t.subscriptions)
          .set(
            status === 'active'
              ? { status, disabledReason: null, disabledDetail: null, disabledAt: null, failureCount: 0, updatedAt: at }
              : { status, updatedAt: at },
          )
          .where(eq(t.subscriptions.id, id))
          .returning();
        if (!updated) return null;
        if (status === 'paused') await deadLetterPendingPg(tx, [id], 'paused');
        return toSubscription(updated);
      });
    },
    async disable(scope, reason, detail, now) {
      return db.transaction((tx) => disableSubscriptionsPg(tx, scope, reason, detail, now));
    },
  };
}

/**
 * SubscriptionRepo on SQLite: channel subscriptions to rank-change alerts. Disabling or removing a
 * subscription dead-letters its undelivered alerts in the same transaction.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { SubscriptionFilter, SubscriptionRepo } from '../core/alerts/ports.js';
import { formatTarget, parseCanonicalTarget } from '../core/alerts/target.js';
import type { DisabledReason, Platform, Subscription } from '../core/alerts/types.js';
import { chunks } from './chunks.js';
import type { Db } from './client.js';
import * as t from './schema.js';

/** Ids per `IN (...)` list. */
export const IN_LIST_CHUNK = 500;

type SubscriptionRow = typeof t.subscriptions.$inferSelect;

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    platform: r.platform,
    workspaceId: r.workspaceId,
    channelId: r.channelId,
    target: parseCanonicalTarget(r.target),
    targetLabel: r.targetLabel,
    options: {
      minChange: r.minChange,
      minChangeUnit: r.minChangeUnit,
      mode: r.mode,
      quietHours: r.quietStart !== null && r.quietEnd !== null ? { start: r.quietStart, end: r.quietEnd } : null,
      timezone: r.timezone,
      cooldownMinutes: r.cooldownMinutes,
      confirm: r.confirm,
    },
    createdBy: r.createdBy,
    status: r.status,
    disabledReason: r.disabledReason as DisabledReason | null,
    disabledDetail: r.disabledDetail,
    disabledAt: r.disabledAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    lastAlertAt: r.lastAlertAt,
    lastAlertSummary: r.lastAlertSummary,
    failureCount: r.failureCount,
  };
}

/** Marks undelivered (pending) alerts of these subscriptions dead with a reason. Call inside a transaction. */
export function deadLetterPending(db: Pick<Db, 'update'>, subscriptionIds: number[], reason: string): void {
  for (const c of chunks(subscriptionIds, IN_LIST_CHUNK))
    db.update(t.outbox)
      .set({ state: 'dead', lastError: reason, leaseOwner: null, leaseUntil: null })
      .where(and(inArray(t.outbox.subscriptionId, c), eq(t.outbox.state, 'pending')))
      .run();
}

export function disableSubscriptions(
  db: Pick<Db, 'update' | 'select'>,
  scope: { platform: Platform; workspaceId: string; channelId?: string },
  reason: DisabledReason,
  detail: string,
  now: Date,
): number {
  const where = and(
    eq(t.subscriptions.platform, scope.platform),
    eq(t.subscriptions.workspaceId, scope.workspaceId),
    scope.channelId === undefined ? undefined : eq(t.subscriptions.channelId, scope.channelId),
    ne(t.subscriptions.status, 'disabled'),
  );
  const ids = db.select({ id: t.subscriptions.id }).from(t.subscriptions).where(where).all().map((r) => r.id);
  if (ids.length === 0) return 0;
  const at = now.toISOString();
  db.update(t.subscriptions)
    .set({ status: 'disabled', disabledReason: reason, disabledDetail: detail.slice(0, 500), disabledAt: at, updatedAt: at })
    .where(inArray(t.subscriptions.id, ids))
    .run();
  deadLetterPending(db, ids, `subscription disabled: ${reason}`);
  return ids.length;
}

export function createSqliteSubscriptionRepo(db: Db): SubscriptionRepo {
  const byId = (id: number) => db.select().from(t.subscriptions).where(eq(t.subscriptions.id, id)).get();
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
      return db.transaction((tx) => {
        const existing = tx
          .select()
          .from(t.subscriptions)
          .where(
            and(
              eq(t.subscriptions.platform, input.platform),
              eq(t.subscriptions.workspaceId, input.workspaceId),
              eq(t.subscriptions.channelId, input.channelId),
              eq(t.subscriptions.target, target),
            ),
          )
          .get();
        if (existing) {
          const row = tx.update(t.subscriptions).set(values).where(eq(t.subscriptions.id, existing.id)).returning().get();
          return { subscription: toSubscription(row), created: false };
        }
        const row = tx
          .insert(t.subscriptions)
          .values({
            ...values,
            platform: input.platform,
            workspaceId: input.workspaceId,
            channelId: input.channelId,
            target,
            createdBy: input.createdBy,
            createdAt: at,
          })
          .returning()
          .get();
        return { subscription: toSubscription(row), created: true };
      });
    },
    async get(id) {
      const r = byId(id);
      return r ? toSubscription(r) : null;
    },
    async list(filter: SubscriptionFilter = {}) {
      return db
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
        .orderBy(t.subscriptions.id)
        .all()
        .map(toSubscription);
    },
    async countInChannel(ref) {
      return (
        db
          .select({ n: sql<number>`count(*)` })
          .from(t.subscriptions)
          .where(
            and(
              eq(t.subscriptions.platform, ref.platform),
              eq(t.subscriptions.workspaceId, ref.workspaceId),
              eq(t.subscriptions.channelId, ref.channelId),
            ),
          )
          .get()?.n ?? 0
      );
    },
    async remove(id) {
      return db.transaction((tx) => {
        const row = tx.select().from(t.subscriptions).where(eq(t.subscriptions.id, id)).get();
        if (!row) return null;
        deadLetterPending(tx, [id], 'unsubscribed');
        tx.delete(t.subscriptions).where(eq(t.subscriptions.id, id)).run();
        return toSubscription(row);
      });
    },
    async setStatus(id, status, now) {
      return db.transaction((tx) => {
        const row = tx.select().from(t.subscriptions).where(eq(t.subscriptions.id, id)).get();
        if (!row) return null;
        const at = now.toISOString();
        const updated = tx
          .update(t.subscriptions)
          .set(
            status === 'active'
              ? { status, disabledReason: null, disabledDetail: null, disabledAt: null, failureCount: 0, updatedAt: at }
              : { status, updatedAt: at },
          )
          .where(eq(t.subscriptions.id, id))
          .returning()
          .get();
        if (status === 'paused') deadLetterPending(tx, [id], 'paused');
        return toSubscription(updated);
      });
    },
    async disable(scope, reason, detail, now) {
      return db.transaction((tx) => disableSubscriptions(tx, scope, reason, detail, now));
    },
  };
}


/**
 * OutboxRepo on PostgreSQL, for many delivery workers on many hosts. A claim runs in one
 * transaction: for each candidate group it takes the channel's transaction-scoped advisory lock
 * (so two workers never start two groups of one channel at once), skips the channel while
 * another worker holds a live lease on it, and takes the group's rows with
 * `FOR UPDATE SKIP LOCKED` under a lease. A worker killed mid-send leaves its lease to expire;
 * the next claim after that takes the rows over (Discord's nonce absorbs the resend).
 */
import { and, eq, gt, inArray, lte, notInArray, or, sql } from 'drizzle-orm';
import type { ClaimedGroup, ClaimOptions, DeliveryOutcome, OutboxFilter, OutboxRepo, OutboxStats } from '../../core/alerts/ports.js';
import type { Platform } from '../../core/alerts/types.js';
import { toOutboxRow } from '../outbox-repo.js';
import type { PgDb } from './client.js';
import type { PgTx } from './repos.js';
import * as t from './schema.js';
import { disableSubscriptionsPg } from './subscription-repo.js';

const channelKey = (r: { platform: string; workspaceId: string; channelId: string }) => `${r.platform}:${r.workspaceId}:${r.channelId}`;

function claimable(now: number) {
  return or(and(eq(t.outbox.state, 'pending'), lte(t.outbox.nextAttemptAt, now)), and(eq(t.outbox.state, 'sending'), lte(t.outbox.leaseUntil, now)));
}

type Candidate = { groupKey: string; platform: Platform; workspaceId: string; channelId: string };
const candidateColumns = { groupKey: t.outbox.groupKey, platform: t.outbox.platform, workspaceId: t.outbox.workspaceId, channelId: t.outbox.channelId };

/** Takes the channel's advisory lock for the rest of the transaction; false when another transaction holds it. */
async function lockChannel(tx: PgTx, channel: string): Promise<boolean> {
  const r = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(hashtextextended(${`outbox:${channel}`}, 0)) as ok`);
  return r.rows[0]?.ok === true;
}

export function createPgOutboxRepo(db: PgDb): OutboxRepo {
  async function claimIn(tx: PgTx, opts: ClaimOptions): Promise<ClaimedGroup[]> {
    const taken = new Set<string>();
    const tried = new Set<string>();
    const out: ClaimedGroup[] = [];
    const consider = async (c: Candidate) => {
      if (out.length >= opts.limit || tried.has(c.groupKey)) return;
      tried.add(c.groupKey);
      const ch = channelKey(c);
      if (taken.has(ch) || opts.busyChannels?.has(ch)) return;
      if (!(await lockChannel(tx, ch))) return;
      // another worker is sending to this channel under a live lease: its turn first
      const [busy] = await tx
        .select({ id: t.outbox.id })
        .from(t.outbox)
        .where(
          and(
            eq(t.outbox.state, 'sending'),
            gt(t.outbox.leaseUntil, opts.now),
            eq(t.outbox.platform, c.platform),
            eq(t.outbox.workspaceId, c.workspaceId),
            eq(t.outbox.channelId, c.channelId),
          ),
        )
        .limit(1);
      if (busy) return;
      const locked = tx
        .select({ id: t.outbox.id })
        .from(t.outbox)
        .where(and(eq(t.outbox.groupKey, c.groupKey), claimable(opts.now)))
        .for('update', { skipLocked: true });
      // claimable rows of a group whose subscription is no longer active are dead-lettered, not sent
      await tx
        .update(t.outbox)
        .set({
          state: 'dead',
          leaseOwner: null,
          leaseUntil: null,
          lastError: sql`case when ${t.outbox.subscriptionId} in ${tx.select({ id: t.subscriptions.id }).from(t.subscriptions)} then 'subscription not active' else 'unsubscribed' end`,
        })
        .where(
          and(
            inArray(t.outbox.id, locked),
            notInArray(t.outbox.subscriptionId, tx.select({ id: t.subscriptions.id }).from(t.subscriptions).where(eq(t.subscriptions.status, 'active'))),
          ),
        );
      const rows = (
        await tx
          .update(t.outbox)
          .set({ state: 'sending', leaseOwner: opts.owner, leaseUntil: opts.now + opts.leaseMs })
          .where(inArray(t.outbox.id, locked))
          .returning()
      ).map(toOutboxRow);
      if (rows.length === 0) return;
      rows.sort((a, b) => a.id - b.id);
      taken.add(ch);
      out.push({
        groupKey: c.groupKey,
        platform: c.platform,
        workspaceId: c.workspaceId,
        channelId: c.channelId,
        rows,
        attempts: Math.max(...rows.map((r) => r.attempts)),
        rateLimited: Math.max(...rows.map((r) => r.rateLimited)),
      });
    };
    const expired = await tx
      .select(candidateColumns)
      .from(t.outbox)
      .where(and(eq(t.outbox.state, 'sending'), lte(t.outbox.leaseUntil, opts.now), inArray(t.outbox.platform, opts.platforms)))
      .orderBy(t.outbox.nextAttemptAt, t.outbox.id);
    for (const c of expired) await consider(c);
    for (let scan = Math.max(64, (opts.limit + (opts.busyChannels?.size ?? 0)) * 4); out.length < opts.limit; scan *= 4) {
      const rows = await tx
        .select(candidateColumns)
        .from(t.outbox)
        .where(and(eq(t.outbox.state, 'pending'), lte(t.outbox.nextAttemptAt, opts.now), inArray(t.outbox.platform, opts.platforms)))
        .orderBy(t.outbox.nextAttemptAt, t.outbox.id)
        .limit(scan);
      for (const c of rows) await consider(c);
      if (rows.length < scan) break;
    }
    return out;
  }

  async function completeIn(tx: PgTx, group: ClaimedGroup, owner: string, outcome: DeliveryOutcome, now: number): Promise<void> {
    const ids = group.rows.map((r) => r.id);
    const mine = and(inArray(t.outbox.id, ids), eq(t.outbox.state, 'sending'), eq(t.outbox.leaseOwner, owner));
    const subIds = [...new Set(group.rows.map((r) => r.subscriptionId))];
    const at = new Date(now).toISOString();
    const changed = async (q: Promise<unknown[]>) => (await q).length;
    switch (outcome.kind) {
      case 'delivered': {
        const n = await changed(
          tx
            .update(t.outbox)
            .set({ state: 'delivered', deliveredAt: at, messageId: outcome.messageId, leaseOwner: null, leaseUntil: null, lastError: null })
            .where(mine)
            .returning({ id: t.outbox.id }),
        );
        if (n > 0)
          await tx
            .update(t.subscriptions)
            .set({ lastAlertAt: at, lastAlertSummary: outcome.summary.slice(0, 300), failureCount: 0 })
            .where(inArray(t.subscriptions.id, subIds));
        return;
      }
      case 'retry': {
        const n = await changed(
          tx
            .update(t.outbox)
            .set({
              state: 'pending',
              attempts: outcome.attempt ? sql`${t.outbox.attempts} + 1` : t.outbox.attempts,
              rateLimited: outcome.rateLimited ? sql`${t.outbox.rateLimited} + 1` : t.outbox.rateLimited,
              nextAttemptAt: outcome.nextAttemptAt,
              lastError: outcome.error.slice(0, 500),
              leaseOwner: null,
              leaseUntil: null,
            })
            .where(mine)
            .returning({ id: t.outbox.id }),
        );
        if (n > 0 && outcome.attempt)
          await tx
            .update(t.subscriptions)
            .set({ failureCount: sql`${t.subscriptions.failureCount} + 1` })
            .where(inArray(t.subscriptions.id, subIds));
        return;
      }
      case 'dead': {
        const n = await changed(
          tx
            .update(t.outbox)
            .set({ state: 'dead', lastError: outcome.error.slice(0, 500), leaseOwner: null, leaseUntil: null })
            .where(mine)
            .returning({ id: t.outbox.id }),
        );
        if (n > 0)
          await tx
            .update(t.subscriptions)
            .set({ failureCount: sql`${t.subscriptions.failureCount} + 1` })
            .where(inArray(t.subscriptions.id, subIds));
        return;
      }
      case 'disable': {
        const n = await changed(
          tx
            .update(t.outbox)
            .set({ state: 'dead', lastError: `${outcome.reason}: ${outcome.error}`.slice(0, 500), leaseOwner: null, leaseUntil: null })
            .where(mine)
            .returning({ id: t.outbox.id }),
        );
        if (n > 0)
          await disableSubscriptionsPg(
            tx,
            { platform: group.platform, workspaceId: group.workspaceId, channelId: outcome.scope === 'channel' ? group.channelId : undefined },
            outcome.reason,
            outcome.error,
            new Date(now),
          );
        return;
      }
      case 'release':
        await tx.update(t.outbox).set({ state: 'pending', leaseOwner: null, leaseUntil: null }).where(mine);
        return;
    }
  }

  return {
    async claim(opts) {
      if (opts.platforms.length === 0 || opts.limit <= 0) return [];
      return db.transaction((tx) => claimIn(tx, opts));
    },
    async complete(group, owner, outcome, now) {
      await db.transaction((tx) => completeIn(tx, group, owner, outcome, now));
    },
    async nextDueAt(platforms) {
      if (platforms.length === 0) return null;
      const [r] = await db
        .select({ due: sql<string | null>`min(${t.outbox.nextAttemptAt})` })
        .from(t.outbox)
        .where(and(eq(t.outbox.state, 'pending'), inArray(t.outbox.platform, platforms)));
      const [lease] = await db
        .select({ due: sql<string | null>`min(${t.outbox.leaseUntil})` })
        .from(t.outbox)
        .where(and(eq(t.outbox.state, 'sending'), inArray(t.outbox.platform, platforms)));
      const xs = [r?.due, lease?.due].filter((x): x is string => x !== null && x !== undefined).map(Number);
      return xs.length ? Math.min(...xs) : null;
    },
    async stats(): Promise<OutboxStats> {
      const rows = await db
        .select({ state: t.outbox.state, n: sql<number>`count(*)::int` })
        .from(t.outbox)
        .groupBy(t.outbox.state);
      const out: OutboxStats = { pending: 0, sending: 0, delivered: 0, dead: 0 };
      for (const r of rows) out[r.state] = r.n;
      return out;
    },
    async list(filter: OutboxFilter = {}) {
      const rows = await db
        .select()
        .from(t.outbox)
        .where(
          and(
            filter.state ? eq(t.outbox.state, filter.state) : undefined,
            filter.subscriptionId !== undefined ? eq(t.outbox.subscriptionId, filter.subscriptionId) : undefined,
          ),
        )
        .orderBy(t.outbox.id)
        .limit(filter.limit ?? 1_000_000);
      return rows.map(toOutboxRow);
    },
  };
}

/**
 * OutboxRepo on SQLite: alerts waiting for delivery. A worker claims due groups (one message
 * each) under a lease; a channel is sent to by one worker at a time (none claims a channel while
 * another holds a live lease on it); a group whose lease ran out is claimable again.
 */
import { and, eq, gt, inArray, lte, notInArray, or, sql } from 'drizzle-orm';
import type { ClaimedGroup, ClaimOptions, DeliveryOutcome, OutboxFilter, OutboxRepo, OutboxRow, OutboxStats } from '../core/alerts/ports.js';
import type { AlertPayload, Platform } from '../core/alerts/types.js';
import type { Db } from './client.js';
import * as t from './schema.js';
import { disableSubscriptions } from './subscription-repo.js';

type OutboxDbRow = typeof t.outbox.$inferSelect;

export function toOutboxRow(r: OutboxDbRow): OutboxRow {
  return {
    id: r.id,
    idempotencyKey: r.idempotencyKey,
    groupKey: r.groupKey,
    subscriptionId: r.subscriptionId,
    runId: r.runId,
    platform: r.platform,
    workspaceId: r.workspaceId,
    channelId: r.channelId,
    mode: r.mode,
    payload: r.payload as AlertPayload,
    state: r.state,
    attempts: r.attempts,
    rateLimited: r.rateLimited,
    nextAttemptAt: r.nextAttemptAt,
    lastError: r.lastError,
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
    messageId: r.messageId,
  };
}

const channelKey = (r: { platform: string; workspaceId: string; channelId: string }) => `${r.platform}:${r.workspaceId}:${r.channelId}`;

/** Rows a worker may take: due and pending, or sending with a lease that ran out. */
function claimable(now: number) {
  return or(
    and(eq(t.outbox.state, 'pending'), lte(t.outbox.nextAttemptAt, now)),
    and(eq(t.outbox.state, 'sending'), lte(t.outbox.leaseUntil, now)),
  );
}

const candidateColumns = { groupKey: t.outbox.groupKey, platform: t.outbox.platform, workspaceId: t.outbox.workspaceId, channelId: t.outbox.channelId };
type Candidate = { groupKey: string; platform: Platform; workspaceId: string; channelId: string };

export function createSqliteOutboxRepo(db: Db): OutboxRepo {
  type Scans = { due: (now: number, scan: number) => Candidate[]; expired: (now: number) => Candidate[] };
  const statements = new Map<string, Scans>();
  /** Due rows in due order (through the state/next_attempt_at index, so a scan stops early), and rows whose lease ran out. */
  const scansFor = (platforms: Platform[]): Scans => {
    const key = [...platforms].sort().join(',');
    let st = statements.get(key);
    if (!st) {
      const due = db
        .select(candidateColumns)
        .from(t.outbox)
        .where(and(eq(t.outbox.state, 'pending'), lte(t.outbox.nextAttemptAt, sql.placeholder('now')), inArray(t.outbox.platform, platforms)))
        .orderBy(t.outbox.nextAttemptAt, t.outbox.id)
        .limit(sql.placeholder('scan'))
        .prepare();
      const expired = db
        .select(candidateColumns)
        .from(t.outbox)
        .where(and(eq(t.outbox.state, 'sending'), lte(t.outbox.leaseUntil, sql.placeholder('now')), inArray(t.outbox.platform, platforms)))
        .orderBy(t.outbox.nextAttemptAt, t.outbox.id)
        .prepare();
      st = { due: (now, scan) => due.all({ now, scan }), expired: (now) => expired.all({ now }) };
      statements.set(key, st);
    }
    return st;
  };

  const claim = (opts: ClaimOptions): ClaimedGroup[] =>
    db.transaction(
      (tx) => {
        if (opts.platforms.length === 0 || opts.limit <= 0) return [];
        const scans = scansFor(opts.platforms);
        const taken = new Set<string>();
        const tried = new Set<string>();
        const out: ClaimedGroup[] = [];
        const consider = (c: Candidate) => {
          if (out.length >= opts.limit || tried.has(c.groupKey)) return;
          tried.add(c.groupKey);
          const ch = channelKey(c);
          if (taken.has(ch) || opts.busyChannels?.has(ch)) return;
          // another worker is sending to this channel under a live lease: its turn first
          const busy = tx
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
            .limit(1)
            .get();
          if (busy) return;
          const mine = and(eq(t.outbox.groupKey, c.groupKey), claimable(opts.now));
          // claimable rows of a group whose subscription is no longer active are dead-lettered, not sent
          tx.update(t.outbox)
            .set({
              state: 'dead',
              leaseOwner: null,
              leaseUntil: null,
              lastError: sql`case when ${t.outbox.subscriptionId} in ${tx.select({ id: t.subscriptions.id }).from(t.subscriptions)} then 'subscription not active' else 'unsubscribed' end`,
            })
            .where(and(mine, notInArray(t.outbox.subscriptionId, tx.select({ id: t.subscriptions.id }).from(t.subscriptions).where(eq(t.subscriptions.status, 'active')))))
            .run();
          const rows = tx
            .update(t.outbox)
            .set({ state: 'sending', leaseOwner: opts.owner, leaseUntil: opts.now + opts.leaseMs })
            .where(mine)
            .returning()
            .all()
            .map(toOutboxRow);
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
        for (const c of scans.expired(opts.now)) consider(c);
        // widen the scan until enough groups are found or every due row was seen (busy channels may fill the first rows)
        for (let scan = Math.max(64, (opts.limit + (opts.busyChannels?.size ?? 0)) * 4); out.length < opts.limit; scan *= 4) {
          const rows = scans.due(opts.now, scan);
          for (const c of rows) consider(c);
          if (rows.length < scan) break;
        }
        return out;
      },
      { behavior: 'immediate' },
    );

  const complete = (group: ClaimedGroup, owner: string, outcome: DeliveryOutcome, now: number) =>
    db.transaction((tx) => {
      const ids = group.rows.map((r) => r.id);
      const mine = and(inArray(t.outbox.id, ids), eq(t.outbox.state, 'sending'), eq(t.outbox.leaseOwner, owner));
      const subIds = [...new Set(group.rows.map((r) => r.subscriptionId))];
      const at = new Date(now).toISOString();
      switch (outcome.kind) {
        case 'delivered': {
          const n = tx
            .update(t.outbox)
            .set({ state: 'delivered', deliveredAt: at, messageId: outcome.messageId, leaseOwner: null, leaseUntil: null, lastError: null })
            .where(mine)
            .run().changes;
          if (n > 0)
            tx.update(t.subscriptions)
              .set({ lastAlertAt: at, lastAlertSummary: outcome.summary.slice(0, 300), failureCount: 0 })
              .where(inArray(t.subscriptions.id, subIds))
              .run();
          return;
        }
        case 'retry': {
          const n = tx
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
            .run().changes;
          if (n > 0 && outcome.attempt)
            tx.update(t.subscriptions)
              .set({ failureCount: sql`${t.subscriptions.failureCount} + 1` })
              .where(inArray(t.subscriptions.id, subIds))
              .run();
          return;
        }
        case 'dead': {
          const n = tx
            .update(t.outbox)
            .set({ state: 'dead', lastError: outcome.error.slice(0, 500), leaseOwner: null, leaseUntil: null })
            .where(mine)
            .run().changes;
          if (n > 0)
            tx.update(t.subscriptions)
              .set({ failureCount: sql`${t.subscriptions.failureCount} + 1` })
              .where(inArray(t.subscriptions.id, subIds))
              .run();
          return;
        }
        case 'disable': {
          const n = tx
            .update(t.outbox)
            .set({ state: 'dead', lastError: `${outcome.reason}: ${outcome.error}`.slice(0, 500), leaseOwner: null, leaseUntil: null })
            .where(mine)
            .run().changes;
          if (n > 0)
            disableSubscriptions(
              tx,
              { platform: group.platform, workspaceId: group.workspaceId, channelId: outcome.scope === 'channel' ? group.channelId : undefined },
              outcome.reason,
              outcome.error,
              new Date(now),
            );
          return;
        }
        case 'release':
          tx.update(t.outbox).set({ state: 'pending', leaseOwner: null, leaseUntil: null }).where(mine).run();
          return;
      }
    });

  return {
    async claim(opts) {
      return claim(opts);
    },
    async complete(group, owner, outcome, now) {
      complete(group, owner, outcome, now);
    },
    async nextDueAt(platforms) {
      if (platforms.length === 0) return null;
      const r = db
        .select({ due: sql<number | null>`min(${t.outbox.nextAttemptAt})` })
        .from(t.outbox)
        .where(and(eq(t.outbox.state, 'pending'), inArray(t.outbox.platform, platforms)))
        .get();
      const lease = db
        .select({ due: sql<number | null>`min(${t.outbox.leaseUntil})` })
        .from(t.outbox)
        .where(and(eq(t.outbox.state, 'sending'), inArray(t.outbox.platform, platforms)))
        .get();
      const xs = [r?.due, lease?.due].filter((x): x is number => typeof x === 'number');
      return xs.length ? Math.min(...xs) : null;
    },
    async stats(): Promise<OutboxStats> {
      const rows = db
        .select({ state: t.outbox.state, n: sql<number>`count(*)` })
        .from(t.outbox)
        .groupBy(t.outbox.state)
        .all();
      const out: OutboxStats = { pending: 0, sending: 0, delivered: 0, dead: 0 };
      for (const r of rows) out[r.state] = r.n;
      return out;
    },
    async list(filter: OutboxFilter = {}) {
      return db
        .select()
        .from(t.outbox)
        .where(
          and(
            filter.state ? eq(t.outbox.state, filter.state) : undefined,
            filter.subscriptionId !== undefined ? eq(t.outbox.subscriptionId, filter.subscriptionId) : undefined,
          ),
        )
        .orderBy(t.outbox.id)
        .limit(filter.limit ?? 1_000_000)
        .all()
        .map(toOutboxRow);
    },
  };
}


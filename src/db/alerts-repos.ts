/**
 * SQLite side of rank-change alerts: subscriptions, the outbox, and the run store that saves a
 * scoring run, diffs it against the previous one and queues alerts in one transaction.
 */
import { and, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { diffRuns } from '../core/alerts/diff.js';
import { planAlerts, type AlertStateEntry, type Hold } from '../core/alerts/match.js';
import type {
  AlertRunStore,
  ClaimedGroup,
  ClaimOptions,
  DeliveryOutcome,
  OutboxFilter,
  OutboxRepo,
  OutboxRow,
  OutboxStats,
  RunAlertsResult,
  RunProduct,
  SubscriptionFilter,
  SubscriptionRepo,
} from '../core/alerts/ports.js';
import { alertSlot, idempotencyKey, nextDigestAfter, digestGroupKey } from '../core/alerts/schedule.js';
import { formatTarget, parseCanonicalTarget } from '../core/alerts/target.js';
import type { AlertPayload, DisabledReason, Platform, PriceSnap, ProductSnap, RunSnapshot, Subscription } from '../core/alerts/types.js';
import type { ScoringRunResult } from '../core/scoring/types.js';
import type { Db } from './client.js';
import { insertScoringRun } from './repos.js';
import * as t from './schema.js';

const INSERT_CHUNK = 200;

function chunks<T>(rows: T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

type SubscriptionRow = typeof t.subscriptions.$inferSelect;
type OutboxDbRow = typeof t.outbox.$inferSelect;

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

function toOutboxRow(r: OutboxDbRow): OutboxRow {
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

/** Marks undelivered (pending) alerts of these subscriptions dead with a reason. Call inside a transaction. */
function deadLetterPending(db: Pick<Db, 'update'>, subscriptionIds: number[], reason: string): void {
  for (const c of chunks(subscriptionIds, 500))
    db.update(t.outbox)
      .set({ state: 'dead', lastError: reason, leaseOwner: null, leaseUntil: null })
      .where(and(inArray(t.outbox.subscriptionId, c), eq(t.outbox.state, 'pending')))
      .run();
}

function disableSubscriptions(
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

/* ------------------------------------------------------------------ outbox */

const channelKey = (r: { platform: string; workspaceId: string; channelId: string }) => `${r.platform}:${r.workspaceId}:${r.channelId}`;

export function createSqliteOutboxRepo(db: Db): OutboxRepo {
  const client = db.$client;
  const statements = new Map<string, { due: ReturnType<typeof client.prepare>; expired: ReturnType<typeof client.prepare> }>();
  /** Due rows in due order (through the state/next_attempt_at index, so a scan stops early), and rows whose lease ran out. */
  const scansFor = (platforms: Platform[]) => {
    const key = [...platforms].sort().join(',');
    let st = statements.get(key);
    if (!st) {
      const inList = platforms.map(() => '?').join(',');
      st = {
        due: client.prepare(`
          select group_key as groupKey, platform, workspace_id as workspaceId, channel_id as channelId
          from outbox
          where state = 'pending' and next_attempt_at <= @now and platform in (${inList})
          order by next_attempt_at, id
          limit @scan`),
        expired: client.prepare(`
          select group_key as groupKey, platform, workspace_id as workspaceId, channel_id as channelId
          from outbox
          where state = 'sending' and lease_until <= @now and platform in (${inList})
          order by next_attempt_at, id`),
      };
      statements.set(key, st);
    }
    return st;
  };
  type Candidate = { groupKey: string; platform: Platform; workspaceId: string; channelId: string };
  const run = (stmt: ReturnType<typeof client.prepare>, platforms: Platform[], named: Record<string, number>) =>
    (stmt.all as (...params: unknown[]) => unknown[]).call(stmt, ...platforms, named) as Candidate[];
  /** Claimable rows of a group whose subscription is no longer active are dead-lettered, not sent. */
  const strayRows = client.prepare(`
    update outbox set state = 'dead', lease_owner = null, lease_until = null,
      last_error = case when subscription_id in (select id from subscriptions) then 'subscription not active' else 'unsubscribed' end
    where group_key = @groupKey
      and ((state = 'pending' and next_attempt_at <= @now) or (state = 'sending' and lease_until <= @now))
      and subscription_id not in (select id from subscriptions where status = 'active')`);
  const claimGroup = client.prepare(`
    update outbox set state = 'sending', lease_owner = @owner, lease_until = @until
    where group_key = @groupKey
      and ((state = 'pending' and next_attempt_at <= @now) or (state = 'sending' and lease_until <= @now))
    returning *`);

  const rowFromRaw = (r: Record<string, unknown>): OutboxRow => ({
    id: r.id as number,
    idempotencyKey: r.idempotency_key as string,
    groupKey: r.group_key as string,
    subscriptionId: r.subscription_id as number,
    runId: r.run_id as number,
    platform: r.platform as Platform,
    workspaceId: r.workspace_id as string,
    channelId: r.channel_id as string,
    mode: r.mode as OutboxRow['mode'],
    payload: JSON.parse(r.payload as string) as AlertPayload,
    state: r.state as OutboxRow['state'],
    attempts: r.attempts as number,
    rateLimited: r.rate_limited as number,
    nextAttemptAt: r.next_attempt_at as number,
    lastError: (r.last_error as string | null) ?? null,
    createdAt: r.created_at as string,
    deliveredAt: (r.delivered_at as string | null) ?? null,
    messageId: (r.message_id as string | null) ?? null,
  });

  const claim = client.transaction((opts: ClaimOptions): ClaimedGroup[] => {
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
      strayRows.run({ groupKey: c.groupKey, now: opts.now });
      const rows = (claimGroup.all({ groupKey: c.groupKey, owner: opts.owner, until: opts.now + opts.leaseMs, now: opts.now }) as Record<string, unknown>[]).map(
        rowFromRaw,
      );
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
    for (const c of run(scans.expired, opts.platforms, { now: opts.now })) consider(c);
    // widen the scan until enough groups are found or every due row was seen (busy channels may fill the first rows)
    for (let scan = Math.max(64, (opts.limit + (opts.busyChannels?.size ?? 0)) * 4); out.length < opts.limit; scan *= 4) {
      const rows = run(scans.due, opts.platforms, { now: opts.now, scan });
      for (const c of rows) consider(c);
      if (rows.length < scan) break;
    }
    return out;
  });

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
      return claim.immediate(opts);
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

/* --------------------------------------------------------------- run store */

function priceOf(p: RunProduct['pricing']): PriceSnap {
  return {
    model: p.model,
    promptPerToken: p.promptPerToken,
    completionPerToken: p.completionPerToken,
    startingAmount: p.startingPrice?.amount ?? null,
    startingUnit: p.startingPrice?.unit ?? null,
  };
}

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

/** How many later digests to try when the digest a row belongs to has already started going out. */
const DIGEST_SHIFT_TRIES = 7;

export function createSqliteAlertRunStore(db: Db): AlertRunStore {
  return {
    async saveRunWithAlerts(run: ScoringRunResult, products: RunProduct[]): Promise<RunAlertsResult> {
      return db.transaction((tx) => {
        const previous = tx.select().from(t.scoringRuns).orderBy(desc(t.scoringRuns.id)).limit(1).get();
        const info = insertScoringRun(tx, run);
        const byId = new Map(products.map((p) => [p.id, p]));
        const factRows = run.scores.map((s) => {
          const p = byId.get(s.productId);
          return {
            runId: info.id,
            productId: s.productId,
            name: p?.name ?? s.productId,
            pricingModel: p?.pricing.model ?? null,
            startingPriceAmount: p?.pricing.startingPrice?.amount ?? null,
            startingPriceUnit: p?.pricing.startingPrice?.unit ?? null,
            promptPerToken: p?.pricing.promptPerToken ?? null,
            completionPerToken: p?.pricing.completionPerToken ?? null,
          };
        });
        for (const c of chunks(factRows)) tx.insert(t.runProducts).values(c).run();

        const base = { ...info, previousRunId: previous?.id ?? null };
        const skip = (reason: string): RunAlertsResult => {
          tx.insert(t.runDiffs)
            .values({ runId: info.id, previousRunId: previous?.id ?? null, changedProducts: 0, outboxRows: 0, summary: { skipped: reason } })
            .run();
          return { ...base, diff: null, skipped: reason, outboxRows: 0, held: 0 };
        };
        if (!previous) return skip('first run');
        if (previous.configVersion !== run.configVersion)
          return skip(`scoring config changed (${previous.configVersion} → ${run.configVersion})`);

        const current: RunSnapshot = { runId: info.id, at: run.at, configVersion: run.configVersion, products: new Map() };
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
        const diff = diffRuns(loadRunSnapshot(tx, previous), current);

        const subs = tx.select().from(t.subscriptions).where(eq(t.subscriptions.status, 'active')).orderBy(t.subscriptions.id).all().map(toSubscription);
        const subIds = subs.map((s) => s.id);
        const states: AlertStateEntry[] = chunks(subIds, 500).flatMap((c) =>
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
        const plan = planAlerts(diff, subs, states);

        const atMs = Date.parse(run.at);
        const createdAt = new Date().toISOString();
        const groupStarted = (groupKey: string) =>
          tx
            .select({ id: t.outbox.id })
            .from(t.outbox)
            .where(and(eq(t.outbox.groupKey, groupKey), or(ne(t.outbox.state, 'pending'), sql`${t.outbox.attempts} > 0`, sql`${t.outbox.rateLimited} > 0`)))
            .limit(1)
            .get() !== undefined;
        const rows = plan.alerts.map(({ subscription: s, payload }) => {
          const o = s.options;
          let slot = alertSlot(s, info.id, o.mode, atMs, o.timezone, o.quietHours);
          if (o.mode === 'daily') {
            for (let i = 0; i < DIGEST_SHIFT_TRIES && groupStarted(slot.groupKey); i++) {
              const dueAt = nextDigestAfter(slot.dueAt, o.timezone, o.quietHours);
              slot = { dueAt, groupKey: digestGroupKey(`${s.platform}:${s.workspaceId}:${s.channelId}`, dueAt) };
            }
          }
          return {
            idempotencyKey: idempotencyKey(info.id, s.id),
            groupKey: slot.groupKey,
            subscriptionId: s.id,
            runId: info.id,
            platform: s.platform,
            workspaceId: s.workspaceId,
            channelId: s.channelId,
            mode: o.mode,
            payload,
            nextAttemptAt: slot.dueAt,
            createdAt,
          };
        });
        const insertRow = db.$client.prepare(
          `insert into outbox (idempotency_key, group_key, subscription_id, run_id, platform, workspace_id, channel_id, mode, payload, state, attempts, rate_limited, next_attempt_at, created_at)
           values (@idempotencyKey, @groupKey, @subscriptionId, @runId, @platform, @workspaceId, @channelId, @mode, @payload, 'pending', 0, 0, @nextAttemptAt, @createdAt)
           on conflict (idempotency_key) do nothing`,
        );
        for (const r of rows) insertRow.run({ ...r, payload: JSON.stringify(r.payload) });

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
          .values({ runId: info.id, previousRunId: previous.id, changedProducts: diff.summary.changed, outboxRows: rows.length, summary: diff.summary })
          .run();
        return { ...base, diff: diff.summary, skipped: null, outboxRows: rows.length, held: plan.held };
      }, { behavior: 'immediate' });
    },
  };
}


/**
 * Repository interfaces of rank-change alerts. src/db/subscription-repo.ts, outbox-repo.ts and alert-run-store.ts implement them on SQLite.
 */
import type { Product } from '../domain.js';
import type { RunInfo } from '../ports.js';
import type { ScoringRunResult } from '../scoring/types.js';
import type { DiffSummary } from './diff.js';
import type { PlatformRates } from './config.js';
import type { AlertMessage } from './format.js';
import type { AlertMode, AlertPayload, ChannelRef, DisabledReason, NewSubscription, Platform, Subscription, SubscriptionStatus } from './types.js';

export interface SubscriptionFilter {
  platform?: Platform;
  workspaceId?: string;
  channelId?: string;
  status?: SubscriptionStatus;
}

export interface SubscriptionRepo {
  /**
   * Creates a subscription, or updates the options of the channel's existing subscription to
   * the same target (and makes it active again).
   */
  upsert(sub: NewSubscription, now: Date): Promise<{ subscription: Subscription; created: boolean }>;
  get(id: number): Promise<Subscription | null>;
  list(filter?: SubscriptionFilter): Promise<Subscription[]>;
  /** how many subscriptions a channel holds */
  countInChannel(ref: ChannelRef): Promise<number>;
  /** deletes it; its undelivered alerts are dead-lettered as "unsubscribed" */
  remove(id: number): Promise<Subscription | null>;
  /** pauses or resumes; pausing dead-letters undelivered alerts as "paused" */
  setStatus(id: number, status: 'active' | 'paused', now: Date): Promise<Subscription | null>;
  /**
   * Disables every active subscription of a channel (or, without channelId, of a workspace)
   * with a typed reason, and dead-letters their undelivered alerts. Returns how many it disabled.
   */
  disable(scope: { platform: Platform; workspaceId: string; channelId?: string }, reason: DisabledReason, detail: string, now: Date): Promise<number>;
}

export type OutboxState = 'pending' | 'sending' | 'delivered' | 'dead';

export interface OutboxRow {
  id: number;
  idempotencyKey: string;
  groupKey: string;
  subscriptionId: number;
  runId: number;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  mode: AlertMode;
  payload: AlertPayload;
  state: OutboxState;
  attempts: number;
  rateLimited: number;
  /** epoch ms */
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  messageId: string | null;
}

/** Rows of one group claimed by a worker: sent as one message. */
export interface ClaimedGroup {
  groupKey: string;
  platform: Platform;
  workspaceId: string;
  channelId: string;
  rows: OutboxRow[];
  /** highest attempt count among the rows */
  attempts: number;
  rateLimited: number;
}

export interface ClaimOptions {
  /** epoch ms */
  now: number;
  owner: string;
  leaseMs: number;
  /** most groups to claim */
  limit: number;
  platforms: Platform[];
  /** channels ("platform:workspace:channel") this worker is already sending to */
  busyChannels?: ReadonlySet<string>;
}

export type DeliveryOutcome =
  | { kind: 'delivered'; messageId: string; summary: string }
  /** try again later; `attempt` counts it towards the cap, `rateLimited` towards the 429 cap */
  | { kind: 'retry'; nextAttemptAt: number; error: string; attempt: boolean; rateLimited: boolean }
  | { kind: 'dead'; error: string }
  | { kind: 'disable'; reason: DisabledReason; scope: 'channel' | 'workspace'; error: string }
  /** give the rows back untouched (shutting down) */
  | { kind: 'release' };

export interface OutboxStats {
  pending: number;
  sending: number;
  delivered: number;
  dead: number;
}

export interface OutboxFilter {
  state?: OutboxState;
  subscriptionId?: number;
  limit?: number;
}

export interface OutboxRepo {
  /** claims due groups (and groups whose lease ran out), at most one per channel */
  claim(opts: ClaimOptions): Promise<ClaimedGroup[]>;
  /** records what happened to a claimed group; ignored when the lease was lost to another worker */
  complete(group: ClaimedGroup, owner: string, outcome: DeliveryOutcome, now: number): Promise<void>;
  /** epoch ms of the earliest pending row of these platforms, or null */
  nextDueAt(platforms: Platform[]): Promise<number | null>;
  stats(): Promise<OutboxStats>;
  list(filter?: OutboxFilter): Promise<OutboxRow[]>;
}

/** A product's name and pricing, recorded with each run so later diffs can report price changes. */
export type RunProduct = Pick<Product, 'id' | 'name' | 'pricing'>;

export interface RunAlertsResult extends RunInfo {
  previousRunId: number | null;
  diff: DiffSummary | null;
  /** why no diff was made (first run, scoring config changed) */
  skipped: string | null;
  outboxRows: number;
  held: number;
}

/** Saves a scoring run, diffs it and queues its alerts, all in one transaction. */
export interface AlertRunStore {
  saveRunWithAlerts(run: ScoringRunResult, products: RunProduct[]): Promise<RunAlertsResult>;
}

/** One message to send: a claimed group of outbox rows rendered for one channel. */
export interface AlertDelivery {
  channel: ChannelRef;
  /** stable across retries of the same group; Discord derives its nonce from it */
  idempotencyKey: string;
  message: AlertMessage;
}

export type SendResult =
  | { ok: true; messageId: string }
  /** 429: wait this long; `global` when the whole platform (not just this channel) is limited */
  | { ok: false; kind: 'rate_limited'; retryAfterMs: number; global: boolean; error: string }
  /** 5xx, timeouts, network errors: try again later */
  | { ok: false; kind: 'transient'; error: string }
  /** the channel (or workspace) cannot receive messages: disable its subscriptions */
  | { ok: false; kind: 'permanent'; reason: DisabledReason; scope: 'channel' | 'workspace'; error: string }
  /** the platform refused this message itself (bad request): dead-letter it */
  | { ok: false; kind: 'rejected'; error: string };

/** Sends alert messages to one platform. */
export interface AlertNotifier {
  readonly platform: Platform;
  /** the request rates this platform allows; the worker keeps under them */
  readonly rates: PlatformRates;
  send(delivery: AlertDelivery): Promise<SendResult>;
}

/**
 * Request slots shared by every delivery worker on one store, so the platforms' global and
 * per-channel limits hold across workers on several hosts. A generic cell rate algorithm: each
 * key emits one slot per `intervalMs` and allows bursts of `burst` slots. Stores serving one
 * process have none (the worker's own limiter is then the whole budget).
 */
export interface RateSlots {
  /** reserves the next slot of `key` at or after `now` (epoch ms); returns when it starts */
  reserve(key: string, now: number, intervalMs: number, burst: number): Promise<number>;
  /** no slot of `key` (reserved with these interval and burst) starts before `until` (after a 429) */
  pauseUntil(key: string, until: number, intervalMs: number, burst: number): Promise<void>;
}

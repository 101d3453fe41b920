/**
 * Rank-change alerts: subscriptions, run snapshots, changes and the neutral alert payload.
 * Plain data only.
 */
import type { PricingModel, ProductType } from '../domain.js';

/**
 * The chat platforms, registered from outside the core: src/chat/platforms.ts adds one key per
 * adapter to this interface (declaration merging), so the core names no platform itself.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PlatformRegistry {}

/** A chat platform's name. */
export type Platform = keyof PlatformRegistry & string;

/** What a subscription watches. */
export type Target =
  | { kind: 'product'; productId: string }
  | { kind: 'category'; category: string }
  | { kind: 'top'; n: number; category: string | null };

export type MinChangeUnit = 'positions' | 'points';
export type AlertMode = 'instant' | 'daily';

export interface QuietHours {
  /** minutes after local midnight, 0..1439 */
  start: number;
  /** minutes after local midnight, 0..1439; before `start` when the quiet time spans midnight */
  end: number;
}

export interface SubscriptionOptions {
  /** smallest change that alerts, in positions or UnfragileRank points */
  minChange: number;
  minChangeUnit: MinChangeUnit;
  mode: AlertMode;
  quietHours: QuietHours | null;
  /** IANA time zone for quiet hours and the daily digest */
  timezone: string;
  /** after an alert about a product, further changes of it wait this long (0: no cooldown) */
  cooldownMinutes: number;
  /** alert only when a change still holds on the next consecutive run */
  confirm: boolean;
}

export type SubscriptionStatus = 'active' | 'paused' | 'disabled';

/** Why delivery to a channel stopped for good; set from the platform's permanent errors. */
export type DisabledReason =
  | 'missing_access'
  | 'missing_permissions'
  | 'unknown_channel'
  | 'channel_not_found'
  | 'not_in_channel'
  | 'is_archived'
  | 'account_inactive';

/** Where a subscription lives. */
export interface ChannelRef {
  platform: Platform;
  /** Discord guild id or Slack team id */
  workspaceId: string;
  channelId: string;
}

export interface NewSubscription extends ChannelRef {
  target: Target;
  /** the target as shown to people: product name, category name */
  targetLabel: string;
  options: SubscriptionOptions;
  /** user id (or "cli:<operator>") of whoever subscribed */
  createdBy: string;
}

export interface Subscription extends NewSubscription {
  id: number;
  status: SubscriptionStatus;
  disabledReason: DisabledReason | null;
  /** the platform's error text behind disabledReason */
  disabledDetail: string | null;
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastAlertAt: string | null;
  lastAlertSummary: string | null;
  failureCount: number;
}

export interface PriceSnap {
  model: PricingModel | null;
  promptPerToken: number | null;
  completionPerToken: number | null;
  startingAmount: number | null;
  startingUnit: string | null;
}

/** One product in one scoring run, as far as alerts are concerned. */
export interface ProductSnap {
  id: string;
  name: string;
  type: ProductType;
  category: string;
  /** UnfragileRank 0-100 */
  score: number;
  overall: number;
  ofOverall: number;
  /** position in its category */
  categoryPos: number;
  ofCategory: number;
  /** null when the run did not record pricing */
  price: PriceSnap | null;
}

export interface RunSnapshot {
  runId: number;
  /** ISO timestamp */
  at: string;
  configVersion: string;
  products: Map<string, ProductSnap>;
}

export type ChangeKind =
  | 'moved_category'
  | 'moved_overall'
  | 'score'
  | 'entered_top'
  | 'left_top'
  | 'new_in_category'
  | 'price';

export interface ProductRef {
  id: string;
  name: string;
}

/** What changed about one product, as seen by one subscription. */
export interface AlertChange {
  productId: string;
  name: string;
  category: string;
  kinds: ChangeKind[];
  /** null: not in the earlier run */
  before: ProductSnap | null;
  /** null: not in the later run */
  after: ProductSnap | null;
  /** set for top-N subscriptions */
  top: { n: number; category: string | null } | null;
  /** the product it passed on the way up (in its category) */
  overtook: ProductRef | null;
  /** the product that passed it on the way down (in its category) */
  overtakenBy: ProductRef | null;
}

/** The neutral content of one outbox row: one subscription's changes from one run. */
export interface AlertPayload {
  v: 1;
  subscriptionId: number;
  /** canonical target, e.g. "category:Text models" */
  target: string;
  targetLabel: string;
  runId: number;
  /** ISO time of the run */
  at: string;
  mode: AlertMode;
  changes: AlertChange[];
  /** changes left out to keep the row small */
  omitted: number;
}

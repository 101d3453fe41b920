/**
 * Every table of the store. Migrations in data/migrations are generated from this file
 * by drizzle-kit (`npm run db:generate`); never edit them by hand. The one exception is the
 * full-text search index (`product_search`, an FTS5 virtual table drizzle-kit cannot model):
 * it is created by the hand-written migration 0002_search.sql and used through src/db/search.ts.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { PRICING_MODELS, PRODUCT_TYPES, type Offer, type PoweredBy, type ProductFeatures, type Provenance, type Rival, type SourcedFact } from '../core/domain.js';

export const products = sqliteTable(
  'products',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    aliases: text('aliases', { mode: 'json' }).$type<string[]>().notNull(),
    type: text('type', { enum: PRODUCT_TYPES }).notNull(),
    vendor: text('vendor'),
    category: text('category').notNull(),
    description: text('description').notNull(),
    url: text('url'),
    pricingModel: text('pricing_model', { enum: PRICING_MODELS }),
    startingPriceAmount: real('starting_price_amount'),
    startingPriceUnit: text('starting_price_unit'),
    promptPerToken: real('prompt_per_token'),
    completionPerToken: real('completion_per_token'),
    contextLength: integer('context_length'),
    inputModalities: text('input_modalities', { mode: 'json' }).$type<string[]>().notNull(),
    outputModalities: text('output_modalities', { mode: 'json' }).$type<string[]>().notNull(),
    supportedParameters: text('supported_parameters', { mode: 'json' }).$type<string[]>().notNull(),
    features: text('features', { mode: 'json' }).$type<ProductFeatures>().notNull(),
    providers: text('providers', { mode: 'json' }).$type<string[]>().notNull(),
    provenance: text('provenance', { mode: 'json' }).$type<Provenance>().notNull(),
    offers: text('offers', { mode: 'json' }).$type<Offer[]>().notNull().default(sql`'[]'`),
    poweredBy: text('powered_by', { mode: 'json' }).$type<PoweredBy[]>().notNull().default(sql`'[]'`),
    rivals: text('rivals', { mode: 'json' }).$type<Rival[]>().notNull().default(sql`'[]'`),
    facts: text('facts', { mode: 'json' }).$type<SourcedFact[]>().notNull().default(sql`'[]'`),
    repository: text('repository'),
  },
  (t) => [index('products_type_category').on(t.type, t.category)],
);

export const capabilities = sqliteTable(
  'capabilities',
  {
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    ord: integer('ord').notNull(),
    tag: text('tag'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    unique: text('unique_line').notNull(),
    vsAlternatives: text('vs_alternatives').notNull(),
  },
  (t) => [primaryKey({ columns: [t.productId, t.ord] })],
);

export const evidence = sqliteTable(
  'evidence',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    value: real('value').notNull(),
    source: text('source').notNull(),
    date: text('date').notNull(),
    detail: text('detail'),
    /** which entry of the source the row is, where that differs from the product (an arena board entry) */
    note: text('note'),
  },
  (t) => [index('evidence_product').on(t.productId)],
);

export const sources = sqliteTable('sources', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  date: text('date').notNull(),
  licence: text('licence').notNull(),
  url: text('url'),
  importedAt: text('imported_at').notNull(),
});

/** Match events: one row per comparison. Product ids are not foreign keys so history survives catalog rebuilds. */
export const matchEvents = sqliteTable(
  'match_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** the smaller id of the pair */
    a: text('a').notNull(),
    /** the larger id of the pair */
    b: text('b').notNull(),
    origin: text('origin', { enum: ['compare', 'alternatives', 'import'] }).notNull(),
    at: text('at').notNull(),
    weight: real('weight').notNull().default(1),
  },
  (t) => [index('match_events_pair').on(t.a, t.b), index('match_events_b').on(t.b)],
);

export const scoringRuns = sqliteTable('scoring_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  configVersion: text('config_version').notNull(),
  at: text('at').notNull(),
  productCount: integer('product_count').notNull(),
  totalMs: real('total_ms').notNull(),
  createdAt: text('created_at')
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

export const scoreSnapshots = sqliteTable(
  'score_snapshots',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => scoringRuns.id, { onDelete: 'cascade' }),
    productId: text('product_id').notNull(),
    type: text('type').notNull(),
    category: text('category').notNull(),
    score: real('score').notNull(),
    adoption: real('adoption'), // null: no evidence for this signal
    quality: real('quality'), // null: no evidence for this signal
    ecosystem: real('ecosystem'), // null: no evidence for this signal
    matchGraph: real('match_graph'), // null: no evidence for this signal
    positionOverall: integer('position_overall').notNull(),
    ofOverall: integer('of_overall').notNull(),
    positionCategory: integer('position_category').notNull(),
    ofCategory: integer('of_category').notNull(),
    /** full ProductScore (signals with evidence lines, breakdown) */
    detail: text('detail', { mode: 'json' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.productId] }),
    index('score_snapshots_product').on(t.productId, t.runId),
  ],
);

export const kv = sqliteTable('kv', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/* ---------------------------------------------------------------- rank-change alerts */

/** A channel's subscription to a product, a category or a top N. */
export const subscriptions = sqliteTable(
  'subscriptions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform', { enum: ['discord', 'slack'] }).notNull(),
    /** Discord guild id or Slack team id */
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    /** canonical target: product:<id> | category:<name> | top:<N> | top:<N>:<category> */
    target: text('target').notNull(),
    /** the target as shown to people (product name, category name) */
    targetLabel: text('target_label').notNull(),
    minChange: real('min_change').notNull(),
    minChangeUnit: text('min_change_unit', { enum: ['positions', 'points'] }).notNull(),
    mode: text('mode', { enum: ['instant', 'daily'] }).notNull(),
    /** quiet hours as minutes after local midnight; both null when none */
    quietStart: integer('quiet_start'),
    quietEnd: integer('quiet_end'),
    /** IANA time zone for quiet hours and the daily digest */
    timezone: text('timezone').notNull(),
    cooldownMinutes: integer('cooldown_minutes').notNull(),
    /** alert only when a change holds on a second consecutive run */
    confirm: integer('confirm', { mode: 'boolean' }).notNull(),
    status: text('status', { enum: ['active', 'paused', 'disabled'] }).notNull(),
    disabledReason: text('disabled_reason'),
    disabledDetail: text('disabled_detail'),
    disabledAt: text('disabled_at'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    lastAlertAt: text('last_alert_at'),
    lastAlertSummary: text('last_alert_summary'),
    /** delivery failures since the last successful delivery */
    failureCount: integer('failure_count').notNull(),
  },
  (t) => [
    uniqueIndex('subscriptions_channel_target').on(t.platform, t.workspaceId, t.channelId, t.target),
    index('subscriptions_status').on(t.status),
  ],
);

/** Per run, the product facts alerts need besides the score snapshot: display name and pricing. */
export const runProducts = sqliteTable(
  'run_products',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => scoringRuns.id, { onDelete: 'cascade' }),
    productId: text('product_id').notNull(),
    name: text('name').notNull(),
    pricingModel: text('pricing_model', { enum: PRICING_MODELS }),
    startingPriceAmount: real('starting_price_amount'),
    startingPriceUnit: text('starting_price_unit'),
    promptPerToken: real('prompt_per_token'),
    completionPerToken: real('completion_per_token'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.productId] })],
);

/** What a run changed compared with the run before it, and how many alerts it queued. */
export const runDiffs = sqliteTable('run_diffs', {
  runId: integer('run_id')
    .primaryKey()
    .references(() => scoringRuns.id, { onDelete: 'cascade' }),
  previousRunId: integer('previous_run_id'),
  /** products with at least one change */
  changedProducts: integer('changed_products').notNull(),
  outboxRows: integer('outbox_rows').notNull(),
  /** counts per change kind, or why the diff was skipped */
  summary: text('summary', { mode: 'json' }).notNull(),
});

/**
 * Alert outbox: one row per (subscription, change group), written in the scoring run's transaction.
 * Rows sharing a group_key (one channel, one run or one digest day) are delivered as one message.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    idempotencyKey: text('idempotency_key').notNull(),
    groupKey: text('group_key').notNull(),
    subscriptionId: integer('subscription_id').notNull(),
    runId: integer('run_id').notNull(),
    platform: text('platform', { enum: ['discord', 'slack'] }).notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    mode: text('mode', { enum: ['instant', 'daily'] }).notNull(),
    /** the neutral alert (AlertPayload) */
    payload: text('payload', { mode: 'json' }).notNull(),
    state: text('state', { enum: ['pending', 'sending', 'delivered', 'dead'] }).notNull(),
    attempts: integer('attempts').notNull(),
    rateLimited: integer('rate_limited').notNull(),
    /** epoch milliseconds */
    nextAttemptAt: integer('next_attempt_at').notNull(),
    leaseOwner: text('lease_owner'),
    /** epoch milliseconds */
    leaseUntil: integer('lease_until'),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
    messageId: text('message_id'),
  },
  (t) => [
    uniqueIndex('outbox_idempotency_key').on(t.idempotencyKey),
    index('outbox_due').on(t.state, t.nextAttemptAt),
    index('outbox_group').on(t.groupKey),
    index('outbox_subscription').on(t.subscriptionId, t.state),
  ],
);

/** Per (subscription, product): when it last alerted, and a change held back for confirmation or cooldown. */
export const alertState = sqliteTable(
  'alert_state',
  {
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    productId: text('product_id').notNull(),
    lastAlertAt: text('last_alert_at'),
    holdReason: text('hold_reason', { enum: ['confirm', 'cooldown'] }),
    holdRunId: integer('hold_run_id'),
    /** the product's state before the held change (ProductSnap) */
    holdBaseline: text('hold_baseline', { mode: 'json' }),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.productId] })],
);

/* ---------------------------------------------------------------- signed requests */

/**
 * Signed platform requests already handled (Slack slash commands and clicks by signature,
 * Discord interactions by id), kept until they could no longer pass the signature's time check.
 */
export const seenRequests = sqliteTable(
  'seen_requests',
  {
    key: text('key').primaryKey(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('seen_requests_expires').on(t.expiresAt)],
);

/** State of a message's buttons and menus that does not fit in a custom_id, kept until it expires. */
export const chatState = sqliteTable(
  'chat_state',
  {
    key: text('key').primaryKey(),
    value: text('value', { mode: 'json' }).notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('chat_state_expires').on(t.expiresAt)],
);

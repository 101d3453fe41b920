/**
 * Every table of the PostgreSQL store: the same tables, columns and TypeScript types as the
 * SQLite schema (src/db/schema.ts), in PostgreSQL's types (jsonb, double precision, bigint epoch
 * milliseconds, identity ids). Migrations in data/migrations-pg are generated from this file by
 * drizzle-kit (`npm run db:generate:pg`). The full-text index (`product_search` with tsvector
 * columns, GIN index and its text search configuration) is created by a hand-written migration
 * and used through src/db/pg/search.ts.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { PRICING_MODELS, PRODUCT_TYPES, type Offer, type PoweredBy, type ProductFeatures, type Provenance, type Rival, type SourcedFact } from '../../core/domain.js';

const epochMs = (name: string) => bigint(name, { mode: 'number' });

export const products = pgTable(
  'products',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    aliases: jsonb('aliases').$type<string[]>().notNull(),
    type: text('type', { enum: PRODUCT_TYPES }).notNull(),
    vendor: text('vendor'),
    category: text('category').notNull(),
    description: text('description').notNull(),
    url: text('url'),
    pricingModel: text('pricing_model', { enum: PRICING_MODELS }),
    startingPriceAmount: doublePrecision('starting_price_amount'),
    startingPriceUnit: text('starting_price_unit'),
    promptPerToken: doublePrecision('prompt_per_token'),
    completionPerToken: doublePrecision('completion_per_token'),
    contextLength: integer('context_length'),
    inputModalities: jsonb('input_modalities').$type<string[]>().notNull(),
    outputModalities: jsonb('output_modalities').$type<string[]>().notNull(),
    supportedParameters: jsonb('supported_parameters').$type<string[]>().notNull(),
    features: jsonb('features').$type<ProductFeatures>().notNull(),
    providers: jsonb('providers').$type<string[]>().notNull(),
    provenance: jsonb('provenance').$type<Provenance>().notNull(),
    offers: jsonb('offers').$type<Offer[]>().notNull().default(sql`'[]'::jsonb`),
    poweredBy: jsonb('powered_by').$type<PoweredBy[]>().notNull().default(sql`'[]'::jsonb`),
    rivals: jsonb('rivals').$type<Rival[]>().notNull().default(sql`'[]'::jsonb`),
    facts: jsonb('facts').$type<SourcedFact[]>().notNull().default(sql`'[]'::jsonb`),
    repository: text('repository'),
  },
  (t) => [index('products_type_category').on(t.type, t.category)],
);

export const capabilities = pgTable(
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

export const evidence = pgTable(
  'evidence',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    value: doublePrecision('value').notNull(),
    source: text('source').notNull(),
    date: text('date').notNull(),
    detail: text('detail'),
    /** which entry of the source the row is, where that differs from the product (an arena board entry) */
    note: text('note'),
  },
  (t) => [index('evidence_product').on(t.productId)],
);

export const sources = pgTable('sources', {
  id: text('id').primaryKey(),
  /** import order (SQLite keeps it as the rowid): the build lists the primary sources first */
  ord: integer('ord').notNull(),
  name: text('name').notNull(),
  date: text('date').notNull(),
  licence: text('licence').notNull(),
  url: text('url'),
  importedAt: text('imported_at').notNull(),
});

/** Match events: one row per comparison. Product ids are not foreign keys so history survives catalog rebuilds. */
export const matchEvents = pgTable(
  'match_events',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    a: text('a').notNull(),
    b: text('b').notNull(),
    origin: text('origin', { enum: ['compare', 'alternatives', 'import'] }).notNull(),
    at: text('at').notNull(),
    weight: doublePrecision('weight').notNull().default(1),
  },
  (t) => [index('match_events_pair').on(t.a, t.b), index('match_events_b').on(t.b)],
);

export const scoringRuns = pgTable('scoring_runs', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  configVersion: text('config_version').notNull(),
  at: text('at').notNull(),
  productCount: integer('product_count').notNull(),
  totalMs: doublePrecision('total_ms').notNull(),
  createdAt: text('created_at')
    .notNull()
    .default(sql`to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`),
});

export const scoreSnapshots = pgTable(
  'score_snapshots',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => scoringRuns.id, { onDelete: 'cascade' }),
    productId: text('product_id').notNull(),
    type: text('type').notNull(),
    category: text('category').notNull(),
    score: doublePrecision('score').notNull(),
    adoption: doublePrecision('adoption'),
    quality: doublePrecision('quality'),
    ecosystem: doublePrecision('ecosystem'),
    matchGraph: doublePrecision('match_graph'),
    positionOverall: integer('position_overall').notNull(),
    ofOverall: integer('of_overall').notNull(),
    positionCategory: integer('position_category').notNull(),
    ofCategory: integer('of_category').notNull(),
    detail: jsonb('detail').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.productId] }), index('score_snapshots_product').on(t.productId, t.runId)],
);

export const kv = pgTable('kv', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/* ---------------------------------------------------------------- rank-change alerts */

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    platform: text('platform', { enum: ['discord', 'slack'] }).notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    target: text('target').notNull(),
    targetLabel: text('target_label').notNull(),
    minChange: doublePrecision('min_change').notNull(),
    minChangeUnit: text('min_change_unit', { enum: ['positions', 'points'] }).notNull(),
    mode: text('mode', { enum: ['instant', 'daily'] }).notNull(),
    quietStart: integer('quiet_start'),
    quietEnd: integer('quiet_end'),
    timezone: text('timezone').notNull(),
    cooldownMinutes: integer('cooldown_minutes').notNull(),
    confirm: boolean('confirm').notNull(),
    status: text('status', { enum: ['active', 'paused', 'disabled'] }).notNull(),
    disabledReason: text('disabled_reason'),
    disabledDetail: text('disabled_detail'),
    disabledAt: text('disabled_at'),
    createdBy: text('created_by').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    lastAlertAt: text('last_alert_at'),
    lastAlertSummary: text('last_alert_summary'),
    failureCount: integer('failure_count').notNull(),
  },
  (t) => [
    uniqueIndex('subscriptions_channel_target').on(t.platform, t.workspaceId, t.channelId, t.target),
    index('subscriptions_status').on(t.status),
  ],
);

export const runProducts = pgTable(
  'run_products',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => scoringRuns.id, { onDelete: 'cascade' }),
    productId: text('product_id').notNull(),
    name: text('name').notNull(),
    pricingModel: text('pricing_model', { enum: PRICING_MODELS }),
    startingPriceAmount: doublePrecision('starting_price_amount'),
    startingPriceUnit: text('starting_price_unit'),
    promptPerToken: doublePrecision('prompt_per_token'),
    completionPerToken: doublePrecision('completion_per_token'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.productId] })],
);

export const runDiffs = pgTable('run_diffs', {
  runId: integer('run_id')
    .primaryKey()
    .references(() => scoringRuns.id, { onDelete: 'cascade' }),
  previousRunId: integer('previous_run_id'),
  changedProducts: integer('changed_products').notNull(),
  outboxRows: integer('outbox_rows').notNull(),
  summary: jsonb('summary').notNull(),
});

export const outbox = pgTable(
  'outbox',
  {
    id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
    idempotencyKey: text('idempotency_key').notNull(),
    groupKey: text('group_key').notNull(),
    subscriptionId: integer('subscription_id').notNull(),
    runId: integer('run_id').notNull(),
    platform: text('platform', { enum: ['discord', 'slack'] }).notNull(),
    workspaceId: text('workspace_id').notNull(),
    channelId: text('channel_id').notNull(),
    mode: text('mode', { enum: ['instant', 'daily'] }).notNull(),
    payload: jsonb('payload').notNull(),
    state: text('state', { enum: ['pending', 'sending', 'delivered', 'dead'] }).notNull(),
    attempts: integer('attempts').notNull(),
    rateLimited: integer('rate_limited').notNull(),
    nextAttemptAt: epochMs('next_attempt_at').notNull(),
    leaseOwner: text('lease_owner'),
    leaseUntil: epochMs('lease_until'),
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

export const alertState = pgTable(
  'alert_state',
  {
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    productId: text('product_id').notNull(),
    lastAlertAt: text('last_alert_at'),
    holdReason: text('hold_reason', { enum: ['confirm', 'cooldown'] }),
    holdRunId: integer('hold_run_id'),
    holdBaseline: jsonb('hold_baseline'),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.productId] })],
);

/* ---------------------------------------------------------------- shared state of many instances */

export const seenRequests = pgTable(
  'seen_requests',
  {
    key: text('key').primaryKey(),
    expiresAt: epochMs('expires_at').notNull(),
  },
  (t) => [index('seen_requests_expires').on(t.expiresAt)],
);

/** Leases of jobs only one instance may run at a time (the scoring scheduler). */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  owner: text('owner').notNull(),
  until: epochMs('until').notNull(),
});

/** State of a message's buttons and menus that does not fit in a custom_id, kept until it expires. */
export const chatState = pgTable(
  'chat_state',
  {
    key: text('key').primaryKey(),
    value: jsonb('value').notNull(),
    expiresAt: epochMs('expires_at').notNull(),
  },
  (t) => [index('chat_state_expires').on(t.expiresAt)],
);

/**
 * Delivery pacing shared by every worker: per key (a platform's global budget, or one channel),
 * the theoretical arrival time of the next request (GCRA), epoch milliseconds.
 */
export const rateSlots = pgTable('rate_slots', {
  key: text('key').primaryKey(),
  tat: epochMs('tat').notNull(),
});

/**
 * The store factory: every repository of one database behind the core's ports. main.ts, the CLI
 * and the tests open stores here and never pick repository implementations themselves.
 * `DATABASE_URL=postgres://…` opens PostgreSQL (src/db/pg/); otherwise the SQLite file at
 * DATABASE_PATH.
 */
import { sql } from 'drizzle-orm';
import type { RateSlots } from '../core/alerts/ports.js';
import type { Store } from '../core/ports.js';
import { createSqliteAlertRunStore } from './alert-run-store.js';
import { createSqliteChatStateStore } from './chat-state.js';
import { openDb, type Db } from './client.js';
import { createSqliteOutboxRepo } from './outbox-repo.js';
import { createPgAlertRunStore } from './pg/alert-run-store.js';
import { createPgChatStateStore, createPgJobLeases } from './pg/chat-state.js';
import { isPostgresUrl, openPgDb, type PgDb } from './pg/client.js';
import { createPgOutboxRepo } from './pg/outbox-repo.js';
import { createPgRateSlots } from './pg/rate-slots.js';
import { createPgReplayStore } from './pg/replay.js';
import { createPgCatalogRepo, createPgMatchRepo, createPgScoreRepo } from './pg/repos.js';
import { createPgSubscriptionRepo } from './pg/subscription-repo.js';
import { createSqliteReplayStore } from './replay.js';
import { createSqliteCatalogRepo, createSqliteMatchRepo, createSqliteScoreRepo } from './repos.js';
import { createSqliteSubscriptionRepo } from './subscription-repo.js';

export interface SqliteStore extends Store {
  readonly dialect: 'sqlite';
  readonly db: Db;
  readonly rateSlots: null;
}

export interface PgStore extends Store {
  readonly dialect: 'postgres';
  readonly db: PgDb;
  readonly rateSlots: RateSlots;
}

export type AnyStore = SqliteStore | PgStore;

/** The repositories of an open SQLite database. */
export function createSqliteStore(db: Db): SqliteStore {
  return {
    dialect: 'sqlite',
    db,
    catalog: createSqliteCatalogRepo(db),
    matches: createSqliteMatchRepo(db),
    scores: createSqliteScoreRepo(db),
    subscriptions: createSqliteSubscriptionRepo(db),
    outbox: createSqliteOutboxRepo(db),
    alertRuns: createSqliteAlertRunStore(db),
    seen: createSqliteReplayStore(db),
    chatState: createSqliteChatStateStore(db),
    // one process serves a SQLite file: it always runs its own scheduled jobs
    leases: { tryAcquire: async () => true },
    rateSlots: null,
    async ping() {
      db.get(sql`select 1`);
    },
    async close() {
      if (db.$client.open) db.$client.close();
    },
  };
}

/** Opens (creating and migrating) a SQLite file, or ":memory:". */
export function openSqliteStore(path: string): SqliteStore {
  return createSqliteStore(openDb(path));
}

/** The repositories of a PostgreSQL database. */
export function createPgStore(db: PgDb): PgStore {
  return {
    dialect: 'postgres',
    db,
    catalog: createPgCatalogRepo(db),
    matches: createPgMatchRepo(db),
    scores: createPgScoreRepo(db),
    subscriptions: createPgSubscriptionRepo(db),
    outbox: createPgOutboxRepo(db),
    alertRuns: createPgAlertRunStore(db),
    seen: createPgReplayStore(db),
    chatState: createPgChatStateStore(db),
    leases: createPgJobLeases(db),
    rateSlots: createPgRateSlots(db),
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await db.$client.end();
    },
  };
}

/** Connects to PostgreSQL and migrates it (unless `migrate: false`). */
export async function openPgStore(url: string, opts: { migrate?: boolean; max?: number } = {}): Promise<PgStore> {
  return createPgStore(await openPgDb(url, opts));
}

export interface StoreConfig {
  DATABASE_URL?: string;
  DATABASE_PATH: string;
}

/** PostgreSQL when DATABASE_URL names one, otherwise the SQLite file at DATABASE_PATH. */
export async function openStore(config: StoreConfig, opts: { migrate?: boolean } = {}): Promise<AnyStore> {
  if (isPostgresUrl(config.DATABASE_URL)) return openPgStore(config.DATABASE_URL, opts);
  return openSqliteStore(config.DATABASE_PATH);
}

/**
 * The store factory: every repository of one database behind the core's ports. main.ts, the CLI
 * and the tests open stores here and never pick repository implementations themselves.
 */
import { sql } from 'drizzle-orm';
import type { Store } from '../core/ports.js';
import { createSqliteAlertRunStore } from './alert-run-store.js';
import { openDb, type Db } from './client.js';
import { createSqliteOutboxRepo } from './outbox-repo.js';
import { createSqliteReplayStore } from './replay.js';
import { createSqliteCatalogRepo, createSqliteMatchRepo, createSqliteScoreRepo } from './repos.js';
import { createSqliteSubscriptionRepo } from './subscription-repo.js';

export interface SqliteStore extends Store {
  readonly dialect: 'sqlite';
  readonly db: Db;
}

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

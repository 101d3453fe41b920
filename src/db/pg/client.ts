/**
 * The PostgreSQL connection: a node-postgres pool under drizzle, migrated from data/migrations-pg
 * on open. Instances starting together migrate one at a time (an advisory lock held while migrating).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export const PG_MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../data/migrations-pg');

/** Advisory lock key held while migrating ("mg-migr" in ASCII). */
const MIGRATION_LOCK = 0x6d672d6d69677260n;

export const PG_POOL = {
  /** connections per process */
  max: 10,
  /** a connection attempt longer than this fails */
  connectionTimeoutMs: 10_000,
  /** idle connections are closed after this */
  idleTimeoutMs: 30_000,
} as const;

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** Connects, and migrates unless `migrate: false`. */
export async function openPgDb(url: string, opts: { migrate?: boolean; max?: number } = {}): Promise<PgDb> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? PG_POOL.max,
    connectionTimeoutMillis: PG_POOL.connectionTimeoutMs,
    idleTimeoutMillis: PG_POOL.idleTimeoutMs,
  });
  // an idle client losing its connection must not crash the process; the next query reconnects
  pool.on('error', () => {});
  const db = drizzle(pool, { schema }) as PgDb;
  if (opts.migrate !== false) {
    try {
      await migratePg(db);
    } catch (err) {
      await pool.end();
      throw err;
    }
  }
  return db;
}

/** Runs the pending migrations, one instance at a time. */
export async function migratePg(db: PgDb): Promise<void> {
  const client = await db.$client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    try {
      await migrate(db, { migrationsFolder: PG_MIGRATIONS_DIR });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
    }
  } finally {
    client.release();
  }
}

/**
 * `db copy`: moves a team's data from the SQLite file to PostgreSQL when it outgrows one host. The
 * target is migrated first; every copied table then goes over in one PostgreSQL transaction (all or
 * nothing), in chunks, with the identity sequences moved past the copied ids. Ephemeral state
 * (replay ids, button state, leases, rate slots) is not copied: it expires within minutes anyway.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { chunks } from './chunks.js';
import * as pgT from './pg/schema.js';
import * as t from './schema.js';
import { openPgStore, openSqliteStore, type PgStore, type SqliteStore } from './store.js';

/** The tables copied, in an order that satisfies their references, with what to adapt per row. */
const COPIED: ReadonlyArray<{ name: string; from: SQLiteTable; to: PgTable; adapt?: (row: Record<string, unknown>, i: number) => Record<string, unknown>; identity?: boolean }> = [
  { name: 'products', from: t.products, to: pgT.products },
  { name: 'capabilities', from: t.capabilities, to: pgT.capabilities },
  { name: 'evidence', from: t.evidence, to: pgT.evidence, identity: true },
  // PostgreSQL keeps the sources' order in a column of its own
  { name: 'sources', from: t.sources, to: pgT.sources, adapt: (row, i) => ({ ...row, ord: i }) },
  { name: 'kv', from: t.kv, to: pgT.kv },
  { name: 'match_events', from: t.matchEvents, to: pgT.matchEvents, identity: true },
  { name: 'scoring_runs', from: t.scoringRuns, to: pgT.scoringRuns, identity: true },
  { name: 'score_snapshots', from: t.scoreSnapshots, to: pgT.scoreSnapshots },
  { name: 'run_products', from: t.runProducts, to: pgT.runProducts },
  { name: 'run_diffs', from: t.runDiffs, to: pgT.runDiffs },
  { name: 'subscriptions', from: t.subscriptions, to: pgT.subscriptions, identity: true },
  { name: 'alert_state', from: t.alertState, to: pgT.alertState },
  { name: 'outbox', from: t.outbox, to: pgT.outbox, identity: true },
];

/** Tables that are not copied, and why. */
export const NOT_COPIED = {
  seen_requests: 'replay ids expire within minutes',
  chat_state: 'button state expires within the hour',
  job_leases: 'leases are taken afresh by the instances that start',
  rate_slots: 'PostgreSQL only',
} as const;

/** Tables whose rows mean the target already holds a team's data. */
const USER_DATA = ['subscriptions', 'match_events', 'scoring_runs'] as const;

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const ROWS_PER_INSERT = 500;

export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CopyError';
  }
}

export interface CopyResult {
  tables: Array<{ table: string; rows: number; ms: number }>;
  notCopied: Record<string, string>;
  ms: number;
}

/** Refuses a file that does not exist or is not a Matchgraph database, before anything opens it for writing. */
function checkSource(path: string): void {
  if (path === ':memory:' || !existsSync(path)) throw new CopyError(`No SQLite database at ${path}.`);
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const row = db.prepare("select count(*) as n from sqlite_master where type = 'table' and name in ('products', 'subscriptions', '__drizzle_migrations')").get() as { n: number };
    if (row.n < 3) throw new CopyError(`${path} is not a Matchgraph database (no products, subscriptions or migrations table).`);
  } catch (err) {
    if (err instanceof CopyError) throw err;
    throw new CopyError(`${path} cannot be read as a SQLite database: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

/** One statement, raw because drizzle has no words for it: moves a table's identity sequence past its highest id. */
function advanceIdentity(table: string): SQL {
  return sql.raw(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`);
}

export async function copySqliteToPg(sqlitePath: string, pgUrl: string, opts: { replace?: boolean } = {}): Promise<CopyResult> {
  const started = performance.now();
  checkSource(sqlitePath);
  // opening migrates both: an older file is brought up to date first, the target gets every table
  const source: SqliteStore = openSqliteStore(sqlitePath);
  let target: PgStore | null = null;
  try {
    target = await openPgStore(pgUrl);
    const tables: CopyResult['tables'] = [];
    await target.db.transaction(async (tx) => {
      for (const name of USER_DATA) {
        const [row] = (await tx.execute<{ n: string }>(sql.raw(`select count(*) as n from ${name}`))).rows;
        if (Number(row!.n) > 0 && !opts.replace)
          throw new CopyError(`The PostgreSQL database already holds ${name} (${row!.n} rows). Use --replace to empty the copied tables first.`);
      }
      if (opts.replace) {
        // children first, so references hold while emptying
        for (const c of [...COPIED].reverse()) await tx.delete(c.to);
      }
      for (const c of COPIED) {
        const t0 = performance.now();
        const rows = source.db.select().from(c.from).all() as Array<Record<string, unknown>>;
        const adapted = c.adapt ? rows.map(c.adapt) : rows;
        for (const part of chunks(adapted, ROWS_PER_INSERT)) await tx.insert(c.to).values(part as never);
        if (c.identity) await tx.execute(advanceIdentity(c.name));
        tables.push({ table: c.name, rows: rows.length, ms: Math.round(performance.now() - t0) });
      }
    });
    // the text index is derived from the products: rebuilt the store's own way
    await target.catalog.rebuildSearchIndex();
    return { tables, notCopied: { ...NOT_COPIED }, ms: Math.round(performance.now() - started) };
  } finally {
    await source.close();
    await target?.close();
  }
}

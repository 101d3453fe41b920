/**
 * The store suites run on both dialects: SQLite (in memory) always, PostgreSQL when
 * MATCHGRAPH_TEST_PG_URL names a server the tests may create databases on. Each PostgreSQL store
 * gets a fresh database, migrated by the real migrations, dropped when the test ends.
 * Without the URL the PostgreSQL variants are reported as skipped, unless
 * MATCHGRAPH_TEST_PG_REQUIRED=1 (set by .ci/run), which makes a missing server a failure.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, it } from 'vitest';
import { openPgStore, openSqliteStore, type AnyStore, type PgStore } from '../src/db/store.js';

export const PG_URL = process.env.MATCHGRAPH_TEST_PG_URL || undefined;
export const PG_REQUIRED = process.env.MATCHGRAPH_TEST_PG_REQUIRED === '1';
export type Dialect = AnyStore['dialect'];
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

const created: Array<{ store: AnyStore; drop?: string }> = [];

/** A new empty database on the test server, named mg_test_<random>; returns its URL. */
export async function freshPgUrl(): Promise<{ url: string; name: string }> {
  if (!PG_URL) throw new Error('MATCHGRAPH_TEST_PG_URL is not set');
  const name = `mg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

export async function dropPgDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** A migrated PostgreSQL store on a fresh database, closed and dropped after the test. */
export async function openTestPgStore(opts: { max?: number } = {}): Promise<PgStore & { url: string }> {
  const { url, name } = await freshPgUrl();
  const store = await openPgStore(url, opts);
  created.push({ store, drop: name });
  return Object.assign(store, { url });
}

/** A migrated store of this dialect, closed (and dropped) after the test. */
export async function openTestStore(dialect: Dialect): Promise<AnyStore> {
  if (dialect === 'postgres') return openTestPgStore();
  const store = openSqliteStore(':memory:');
  created.push({ store });
  return store;
}

afterEach(async () => {
  for (const { store, drop } of created.splice(0)) {
    await store.close().catch(() => {});
    if (drop) await dropPgDatabase(drop);
  }
});

/** Rows of a query, on either dialect (tests only: counts and checks of what is stored). */
export async function query<T = Record<string, unknown>>(store: AnyStore, text: string): Promise<T[]> {
  if (store.dialect === 'sqlite') {
    const st = store.db.$client.prepare(text);
    if (!st.reader) {
      st.run();
      return [];
    }
    return st.all() as T[];
  }
  return (await store.db.$client.query(text)).rows as T[];
}

export async function countRows(store: AnyStore, table: string): Promise<number> {
  const [r] = await query<{ n: number | string }>(store, `select count(*) as n from ${table}`);
  return Number(r!.n);
}

/** Makes every insert into `table` fail with `message` (a trigger), until `heal()`. */
export async function failInserts(store: AnyStore, table: string, message: string): Promise<{ heal(): Promise<void> }> {
  if (store.dialect === 'sqlite') {
    store.db.$client.exec(`create trigger fail_${table} before insert on ${table} begin select raise(abort, '${message}'); end;`);
    return { heal: async () => void store.db.$client.exec(`drop trigger fail_${table}`) };
  }
  await store.db.$client.query(
    `create function fail_${table}() returns trigger language plpgsql as $$ begin raise exception '${message}'; end $$;
     create trigger fail_${table} before insert on ${table} for each row execute function fail_${table}();`,
  );
  return { heal: async () => void (await store.db.$client.query(`drop trigger fail_${table} on ${table}; drop function fail_${table}();`)) };
}

/**
 * `describe` once per dialect, as "<title> [sqlite]" and "<title> [postgres]". Without a test
 * server the PostgreSQL variant is skipped, and says why; when it is required it fails.
 */
export function describeStores(title: string, body: (dialect: Dialect) => void): void {
  describe(`${title} [sqlite]`, () => body('sqlite'));
  if (PG_URL) describe(`${title} [postgres]`, () => body('postgres'));
  else if (PG_REQUIRED)
    describe(`${title} [postgres]`, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error('MATCHGRAPH_TEST_PG_REQUIRED=1 but MATCHGRAPH_TEST_PG_URL is not set');
      });
    });
  else describe.skip(`${title} [postgres] (skipped: set MATCHGRAPH_TEST_PG_URL=postgres://… to run it; .ci/run does)`, () => body('postgres'));
}

/** The message of a rejection and of its cause (drizzle wraps PostgreSQL's error as the cause). */
export async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as Error & { cause?: Error };
    return `${err.message}${err.cause ? ` | ${err.cause.message}` : ''}`;
  }
  throw new Error('expected a rejection');
}

/** `describe` for what exists on PostgreSQL only; skipped (or failing when required) without a test server. */
export function describePg(title: string, body: () => void): void {
  if (PG_URL) describe(`${title} [postgres]`, body);
  else if (PG_REQUIRED)
    describe(`${title} [postgres]`, () => {
      it('needs a PostgreSQL server', () => {
        throw new Error('MATCHGRAPH_TEST_PG_REQUIRED=1 but MATCHGRAPH_TEST_PG_URL is not set');
      });
    });
  else describe.skip(`${title} [postgres] (skipped: set MATCHGRAPH_TEST_PG_URL=postgres://… to run it; .ci/run does)`, body);
}

/** A migrated store for a whole suite (beforeAll); `dispose()` closes it and drops its database. */
export async function openSuiteStore(dialect: Dialect): Promise<{ store: AnyStore; url?: string; dispose(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const store = openSqliteStore(':memory:');
    return { store, dispose: () => store.close() };
  }
  const { url, name } = await freshPgUrl();
  const store = await openPgStore(url);
  return {
    store,
    url,
    async dispose() {
      await store.close();
      await dropPgDatabase(name);
    },
  };
}

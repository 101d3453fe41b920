/**
 * Opens the store and builds the core. On an empty database the shipped catalog is
 * imported and scored, so a fresh checkout works with no setup.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from './core/app.js';
import type { JobLeases, Store } from './core/ports.js';
import type { Db } from './db/client.js';
import { openSqliteStore, openStore, type AnyStore, type SqliteStore, type StoreConfig } from './db/store.js';
import { buildCatalog } from './importers/build.js';
import type { Logger } from './log.js';

export const SOURCES_DIR = resolve(fileURLToPath(new URL('../data/sources', import.meta.url)));

export interface App {
  store: AnyStore;
  core: Core;
  close(): Promise<void>;
}

/** An app on a SQLite file, whose database tests may read directly. */
export interface SqliteApp extends App {
  db: Db;
  store: SqliteStore;
}

/** The core on the store's repositories. */
export function coreOn(store: Store, opts: { publicUrl?: string | null } = {}): Core {
  return createCore({
    catalog: store.catalog,
    matches: store.matches,
    scores: store.scores,
    alertRuns: store.alertRuns,
    subscriptions: store.subscriptions,
    seen: store.seen,
    chatState: store.chatState,
    publicUrl: opts.publicUrl ?? null,
  });
}

/** The app on a SQLite file (or ":memory:"). */
export function createApp(databasePath: string, opts: { publicUrl?: string | null } = {}): SqliteApp {
  const store = openSqliteStore(databasePath);
  return { db: store.db, store, core: coreOn(store, opts), close: () => store.close() };
}

/** The app on the configured store: PostgreSQL when DATABASE_URL is set, otherwise the SQLite file. */
export async function openApp(config: StoreConfig, opts: { publicUrl?: string | null } = {}): Promise<App> {
  const store = await openStore(config);
  return { store, core: coreOn(store, opts), close: () => store.close() };
}

/**
 * Imports the shipped catalog when the store is empty, indexes it for search when the index is
 * not in step (a store filled before the search migration), and scores it when it has never been scored.
 */
/**
 * Instances starting together on one empty shared database elect one of them to import the
 * catalog: the winner holds this lease while it imports and scores, the others wait for its work
 * (or for the lease to lapse, if the winner died) instead of importing a second time.
 */
export const BOOTSTRAP = {
  job: 'catalog-bootstrap',
  /** how long the winner holds the lease: far longer than an import and first scoring run take */
  leaseMs: 5 * 60_000,
  /** how often a waiting instance looks again */
  pollMs: 500,
} as const;

export interface EnsureCatalogOptions {
  /** the store's job leases: given, instances sharing the database import the catalog once */
  leases?: JobLeases;
  /** this instance's name in the lease */
  instance?: string;
}

/**
 * On an empty database: imports and scores the shipped catalog; on a catalog without a run:
 * scores it; on a search index out of step: rebuilds it. With `leases`, one instance at a time.
 */
export async function ensureCatalog(core: Core, log?: Logger, opts: EnsureCatalogOptions = {}): Promise<void> {
  if (opts.leases) await waitForBootstrapTurn(core, opts.leases, opts.instance ?? randomUUID(), log);
  const meta = await core.catalog.meta();
  if (meta.productCount === 0) {
    const started = performance.now();
    const build = buildCatalog({ dir: SOURCES_DIR });
    const run = await core.importCatalog(build);
    log?.info(
      { products: build.products.length, evidence: build.evidence.length, run: run.id, ms: Math.round(performance.now() - started) },
      'imported the bundled catalog',
    );
    return;
  }
  if ((await core.catalog.searchIndexSize()) !== meta.productCount) {
    await core.catalog.rebuildSearchIndex();
    log?.info({ products: meta.productCount }, 'indexed the catalog for search');
  }
  if (!(await core.scores.latestRun())) {
    const run = await core.score();
    log?.info({ run: run.id }, 'scored the catalog');
  }
}

async function needsBootstrap(core: Core): Promise<boolean> {
  return (await core.catalog.meta()).productCount === 0 || !(await core.scores.latestRun());
}

/** Returns when this instance holds the bootstrap lease, or when another has done the work. */
async function waitForBootstrapTurn(core: Core, leases: JobLeases, owner: string, log?: Logger): Promise<void> {
  let told = false;
  while (await needsBootstrap(core)) {
    const now = Date.now();
    if (await leases.tryAcquire(BOOTSTRAP.job, owner, now, now + BOOTSTRAP.leaseMs)) return;
    if (!told) {
      log?.info('another instance is importing the catalog; waiting for it');
      told = true;
    }
    await new Promise((r) => setTimeout(r, BOOTSTRAP.pollMs));
  }
}


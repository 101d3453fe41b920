/**
 * "A catalog import is one transaction: an import that fails changes nothing." The import here is real: the
 * bundled sources with a crafted, valid OpenRouter download (one model renamed, one added), built by the real
 * importers and written by the real repository into a real, migrated, scored SQLite file. The failure comes
 * after the parse, part-way through the writes: a trigger that raises on the Nth row inserted into one table,
 * or a fault in the driver on the third chunk of the search index. Every table, the FTS5 index and its shadow
 * tables included, is then compared with a full dump taken before (see test/db-dump.ts). The same download is
 * also imported from a URL, served by a local HTTP server on 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, ensureCatalog, SOURCES_DIR } from '../src/bootstrap.js';
import { main } from '../src/cli/index.js';
import type { CatalogBuild } from '../src/core/domain.js';
import { openDb } from '../src/db/client.js';
import { createSqliteCatalogRepo, createSqliteMatchRepo } from '../src/db/repos.js';
import { buildCatalog } from '../src/importers/build.js';
import { changedTables, dumpConnection, dumpFile } from './db-dump.js';

const dir = mkdtempSync(join(tmpdir(), 'mg-import-tx-'));
const template = join(dir, 'template.db');
const craftedFile = join(dir, 'openrouter.json');
const RENAMED = 'Renamed Test Model';
const ADDED_ID = 'acme/transaction-probe-1';
let build: CatalogBuild;
let copies = 0;

/** A fresh copy of the imported and scored database. */
function fresh(): string {
  const path = join(dir, `copy-${++copies}.db`);
  copyFileSync(template, path);
  return path;
}

/** A trigger that aborts the statement inserting the Nth row of `table` in this import. */
function failAt(table: string, nth: number): string {
  return `CREATE TRIGGER injected_failure BEFORE INSERT ON ${table}
    WHEN (SELECT count(*) FROM ${table}) >= ${nth - 1}
    BEGIN SELECT RAISE(ABORT, 'injected failure: ${table} row ${nth}'); END;`;
}

/** The message of an error and of its causes (the query builder wraps driver errors). */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const parts: string[] = [];
    for (let c: unknown = e; c instanceof Error; c = c.cause) parts.push(c.message);
    return parts.join(' <- ');
  }
  return 'no failure';
}

/** Makes `prepare` throw on the `nth` statement that inserts into the search index. */
function failSearchIndexChunk(target: { prepare: Database.Database['prepare'] }, nth: number): () => void {
  const own = Object.prototype.hasOwnProperty.call(target, 'prepare');
  const original = target.prepare;
  let seen = 0;
  target.prepare = function (this: Database.Database, source: string) {
    if (/^insert into product_search\b/i.test(source) && ++seen === nth) throw new Error(`injected failure: search index chunk ${nth}`);
    return original.call(this, source);
  } as Database.Database['prepare'];
  return () => {
    if (own) target.prepare = original;
    else delete (target as { prepare?: unknown }).prepare;
  };
}

beforeAll(async () => {
  const app = createApp(template);
  await ensureCatalog(app.core);
  await createSqliteMatchRepo(app.db).record('gemini', 'cursor', 'compare', new Date('2026-11-20T00:00:00Z'));
  app.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  app.close();

  const openrouter = JSON.parse(readFileSync(join(SOURCES_DIR, 'openrouter', 'models.json'), 'utf8')) as { data: Array<Record<string, unknown>> };
  openrouter.data[0] = { ...openrouter.data[0], name: `Acme: ${RENAMED}` };
  openrouter.data.push({ ...openrouter.data[1], id: ADDED_ID, canonical_slug: ADDED_ID, name: 'Acme: Transaction Probe', hugging_face_id: null });
  writeFileSync(craftedFile, JSON.stringify(openrouter));
  build = buildCatalog({ dir: SOURCES_DIR, overrides: { openrouter } });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a catalog import that fails part-way changes nothing', () => {
  it('the crafted source is valid: with nothing failing, the import rewrites the catalog and its index', async () => {
    expect(build.products.map((p) => p.id)).toContain(ADDED_ID);
    expect(build.products.length).toBeGreaterThan(1000);
    const path = fresh();
    const db = openDb(path);
    try {
      const before = dumpConnection(db.$client);
      await createSqliteCatalogRepo(db).replaceAll(build);
      expect(changedTables(before, dumpConnection(db.$client))).toEqual(
        expect.arrayContaining(['products', 'capabilities', 'sources', 'product_search', 'product_search_content', 'product_search_data']),
      );
      const hits = db.$client.prepare(`SELECT id FROM product_search WHERE product_search MATCH 'probe'`).pluck().all();
      expect(hits).toContain(ADDED_ID);
    } finally {
      db.$client.close();
    }
  });

  // row numbers past the first 400-row chunk, so earlier statements of the same step have already written
  const steps: Array<[table: string, nth: number]> = [
    ['products', 600],
    ['capabilities', 2500],
    ['evidence', 1000],
    ['sources', 1],
  ];
  it.each(steps)('through the repository: a failure at %s row %i leaves every table byte for byte as it was', async (table, nth) => {
    const path = fresh();
    const db = openDb(path);
    let before;
    try {
      db.$client.exec(failAt(table, nth));
      before = dumpConnection(db.$client);
      expect(await failure(createSqliteCatalogRepo(db).replaceAll(build))).toContain(`injected failure: ${table} row ${nth}`);
      expect(changedTables(before, dumpConnection(db.$client))).toEqual([]);
    } finally {
      db.$client.close();
    }
    expect(dumpFile(path)).toEqual(before);
  });

  it('through the repository: a failure while writing the search index, after every other table, leaves all as it was', async () => {
    const path = fresh();
    const db = openDb(path);
    let before;
    const restore = failSearchIndexChunk(db.$client, 3);
    try {
      before = dumpConnection(db.$client);
      expect(await failure(createSqliteCatalogRepo(db).replaceAll(build))).toContain('injected failure: search index chunk 3');
      expect(changedTables(before, dumpConnection(db.$client))).toEqual([]);
    } finally {
      restore();
      db.$client.close();
    }
    expect(dumpFile(path)).toEqual(before);
  });

  it('through the CLI (npm run cli -- catalog import openrouter <file>): a failure at evidence row 1000 changes nothing; without it, the same command imports', () => {
    const path = fresh();
    const setup = new Database(path);
    setup.exec(failAt('evidence', 1000));
    setup.close();
    const before = dumpFile(path);
    const cli = () =>
      spawnSync(process.execPath, ['--import', 'tsx', resolve('src/cli/index.ts'), 'catalog', 'import', 'openrouter', craftedFile], {
        env: { ...process.env, DATABASE_PATH: path, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const failed = cli();
    expect(failed.stderr).toContain('injected failure: evidence row 1000');
    expect(failed.status).toBe(1);
    expect(changedTables(before, dumpFile(path))).toEqual([]);
    expect(dumpFile(path)).toEqual(before);

    const fix = new Database(path);
    fix.exec('DROP TRIGGER injected_failure');
    fix.close();
    const ok = cli();
    expect(ok.stdout).toMatch(/^Imported \d+ products/);
    expect(ok.status).toBe(0);
    expect(changedTables(before, dumpFile(path))).toEqual(expect.arrayContaining(['products', 'evidence', 'product_search_content', 'scoring_runs']));
  });

  it('through the CLI in process: a failure while writing the search index changes nothing', async () => {
    const path = fresh();
    const before = dumpFile(path);
    const saved = { DATABASE_PATH: process.env.DATABASE_PATH, LOG_LEVEL: process.env.LOG_LEVEL };
    process.env.DATABASE_PATH = path;
    process.env.LOG_LEVEL = 'silent';
    const restore = failSearchIndexChunk(Database.prototype, 3);
    try {
      expect(await failure(main(['catalog', 'import', 'openrouter', craftedFile], () => {}))).toContain('injected failure: search index chunk 3');
    } finally {
      restore();
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    expect(changedTables(before, dumpFile(path))).toEqual([]);
    expect(dumpFile(path)).toEqual(before);
  });
});

describe('catalog import from a URL', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (req.url === '/api/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(readFileSync(craftedFile));
      } else if (req.url === '/broken') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data": [');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function cliAt(path: string, ...args: string[]): Promise<{ code: number | string; out: string }> {
    const saved = { DATABASE_PATH: process.env.DATABASE_PATH, LOG_LEVEL: process.env.LOG_LEVEL };
    process.env.DATABASE_PATH = path;
    process.env.LOG_LEVEL = 'silent';
    const lines: string[] = [];
    try {
      return { code: await main(args, (l) => lines.push(l)), out: lines.join('\n') };
    } catch (e) {
      return { code: `threw: ${(e as Error).message}`, out: lines.join('\n') };
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }

  it('npm run cli -- catalog import openrouter <url> downloads the file and imports it', async () => {
    const path = fresh();
    requests.length = 0;
    const r = await cliAt(path, 'catalog', 'import', 'openrouter', `${base}/api/v1/models`, '--json');
    expect(r.code).toBe(0);
    expect(requests).toEqual(['GET /api/v1/models']);
    expect(JSON.parse(r.out)).toMatchObject({ products: build.products.length, evidence: build.evidence.length, sources: build.sources.length });
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT name FROM products WHERE id = ?').pluck().get(ADDED_ID)).toBe('Acme: Transaction Probe');
      expect(db.prepare('SELECT count(*) FROM products').pluck().get()).toBe(build.products.length);
      expect(db.prepare("SELECT id FROM product_search WHERE product_search MATCH 'probe'").pluck().all()).toContain(ADDED_ID);
    } finally {
      db.close();
    }
  });

  it('a URL that answers 404 or a truncated body changes nothing', async () => {
    const path = fresh();
    const before = dumpFile(path);
    const missing = await cliAt(path, 'catalog', 'import', 'openrouter', `${base}/nothing-here`);
    expect(missing.code).toBe(`threw: GET ${base}/nothing-here answered 404`);
    const broken = await cliAt(path, 'catalog', 'import', 'openrouter', `${base}/broken`);
    expect(broken.code).toMatch(/^threw: .*JSON/);
    expect(dumpFile(path)).toEqual(before);
  });
});

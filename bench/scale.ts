/**
 * Scale-out benchmarks: PostgreSQL next to its SQLite / single-process baseline in the same run.
 *
 *   interactions  signed Discord interactions one instance answers (autocomplete and /compare,
 *                 Ed25519 check included), per second and p50/p99, on SQLite and on PostgreSQL
 *   workers       alert fan-out by 1, 2 and 4 worker processes on PostgreSQL against the fake that
 *                 enforces 50 requests/s, next to one worker on SQLite
 *   pgscoring     a scoring run (read evidence and edges, score, save snapshots and alerts) at
 *                 100k products on PostgreSQL, next to the same run on SQLite
 *
 * They need a PostgreSQL server the benchmark may create databases on: MATCHGRAPH_BENCH_PG_URL
 * (or MATCHGRAPH_TEST_PG_URL; `source .ci/pg.sh && pg_start` starts a throwaway one). Without it
 * each measure is reported as skipped.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { coreOn, ensureCatalog, type App } from '../src/bootstrap.js';
import type { SubscriptionOptions } from '../src/core/alerts/types.js';
import type { CatalogBuild, MatchEvent, Product } from '../src/core/domain.js';
import { openPgStore, openSqliteStore, type AnyStore } from '../src/db/store.js';
import { discordNonce } from '../src/platforms/discord/notifier.js';
import { build, V1, V2 } from '../test/alerts-fixtures.js';
import { FakeDiscord } from '../test/alerts-fakes.js';
import { startBot } from '../test/signed-endpoints.js';
import { APP_ID } from '../test/signed-endpoints.js';
import { check, mulberry32, percentiles, ratio, result, round, skipped, type BenchOptions, type BenchResult } from './lib.js';

const PG_URL = process.env.MATCHGRAPH_BENCH_PG_URL || process.env.MATCHGRAPH_TEST_PG_URL || '';
const NO_PG = 'no PostgreSQL: set MATCHGRAPH_BENCH_PG_URL=postgres://… (or `source .ci/pg.sh && pg_start`)';

async function freshDb(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mg_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/* ------------------------------------------------------------------ interactions */

async function interactionLoad(app: App, requests: number, inFlight: number) {
  const bot = await startBot({ app, level: 'silent' });
  const names = ['gem', 'llama 3', 'gpt-4o', 'claude', 'mistral', 'cursor', 'whisp', 'eleven'];
  const pairs: Array<[string, string]> = [
    ['llama 3.2 1b', 'gemini'],
    ['gpt-4o', 'claude'],
    ['cursor', 'github copilot'],
    ['midjourney', 'dall-e'],
  ];
  const run = async (kind: 'autocomplete' | 'compare') => {
    const lat: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < requests) {
          const i = next++;
          const started = performance.now();
          if (kind === 'autocomplete') {
            const ix = bot.discord.autocomplete('compare', { first: names[i % names.length]!, second: '' }, 'first');
            const r = await bot.discord.send(ix);
            if (r.status !== 200) throw new Error(`autocomplete answered ${r.status}`);
          } else {
            const [a, b] = pairs[i % pairs.length]!;
            const ix = bot.discord.slash('compare', { first: a, second: b });
            const r = await bot.discord.send(ix);
            if (r.status !== 200) throw new Error(`compare answered ${r.status}`);
            await bot.discordApi.edited(APP_ID, ix.token);
          }
          lat.push(performance.now() - started);
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return { perSecond: round(requests / seconds, 1), ...percentiles(lat) };
  };
  try {
    await run('autocomplete'); // warm-up: resolver built, statements prepared
    const autocomplete = await run('autocomplete');
    const compare = await run('compare');
    return { autocomplete, compare };
  } finally {
    await bot.stop();
  }
}

export async function interactions(opts: BenchOptions): Promise<BenchResult[]> {
  const target = 'PostgreSQL answers within 2x of SQLite (p99), both well inside Discord 3 s';
  if (!PG_URL) return [skipped('interactions', NO_PG, target)];
  const requests = opts.quick ? 200 : 1000;
  const inFlight = 8;
  const sqliteStore = openSqliteStore(':memory:');
  const sqliteApp: App = { store: sqliteStore, core: coreOn(sqliteStore), close: () => sqliteStore.close() };
  await ensureCatalog(sqliteApp.core);
  const sqlite = await interactionLoad(sqliteApp, requests, inFlight);
  await sqliteApp.close();
  const db = await freshDb();
  try {
    const store = await openPgStore(db.url);
    const app: App = { store, core: coreOn(store), close: () => store.close() };
    await ensureCatalog(app.core);
    const pgr = await interactionLoad(app, requests, inFlight);
    await app.close();
    return (['autocomplete', 'compare'] as const).map((k) =>
      result({
        name: `interactions-${k}`,
        params: { requests, inFlight, signed: 'Ed25519, verified by the server', catalog: 'bundled', ...(k === 'compare' ? { until: 'the deferred reply is edited' } : {}) },
        unit: 'requests/s, ms',
        value: { perSecond: pgr[k].perSecond, p50: pgr[k].p50, p99: pgr[k].p99 },
        baseline: { label: 'the same instance on SQLite', perSecond: sqlite[k].perSecond, p50: sqlite[k].p50, p99: sqlite[k].p99 },
        ratio: { perSecond: round(pgr[k].perSecond / sqlite[k].perSecond, 2), p99: ratio(sqlite[k].p99, pgr[k].p99) },
        ratioMeaning: 'perSecond: PostgreSQL / SQLite (above 1: PostgreSQL answers more); p99: SQLite / PostgreSQL (above 1: PostgreSQL faster)',
        target,
        checks: [check('p99 vs SQLite', pgr[k].p99 / sqlite[k].p99, '<=', 2), check('p99 ms', pgr[k].p99, '<=', 3000)],
      }),
    );
  } finally {
    await db.drop();
  }
}

/* ------------------------------------------------------------------ workers */

const OPTS: SubscriptionOptions = { minChange: 1, minChangeUnit: 'positions', mode: 'instant', quietHours: null, timezone: 'UTC', cooldownMinutes: 0, confirm: false };

async function queueAlerts(store: AnyStore, alerts: number): Promise<void> {
  const core = coreOn(store);
  await core.importCatalog(build(V1));
  for (let i = 0; i < alerts; i++)
    await store.subscriptions.upsert(
      { platform: 'discord', workspaceId: 'guild', channelId: `${100_000 + i}`, target: { kind: 'category', category: 'Text models' }, targetLabel: 'Text models', options: OPTS, createdBy: 'bench' },
      new Date(),
    );
  await core.importCatalog(build(V2));
}

function drainWorker(env: Record<string, string>): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/alerts-crash-worker.ts'], { env: { ...process.env, ...env, MG_MODE: 'drain', MG_WORKER: 'defaults' }, stdio: 'ignore' });
    child.once('exit', (code) => resolve(code));
  });
}

async function fanoutWith(workers: number, env: Record<string, string>, store: AnyStore) {
  const discord = new FakeDiscord({ globalLimit: { limit: 50, windowMs: 1000 } });
  await discord.listen();
  try {
    const codes = await Promise.all(Array.from({ length: workers }, () => drainWorker({ ...env, MG_DISCORD_API: discord.apiBase })));
    if (codes.some((c) => c !== 0)) throw new Error(`a worker exited with ${codes.join(', ')}`);
    const rows = await store.outbox.list();
    const at = discord.messages.map((m) => m.at);
    const seconds = (Math.max(...at) - Math.min(...at)) / 1000;
    const delivered = new Set(discord.messages.map((m) => `${m.channel}:${m.nonce}`));
    const lost = rows.filter((r) => !delivered.has(`${r.channelId}:${discordNonce(r.groupKey)}`)).length;
    return {
      messagesPerSecond: round((discord.messages.length - 1) / seconds, 1),
      lost,
      duplicated: discord.messages.length - delivered.size + discord.duplicateNonces().length,
      answered429: discord.globalLimited,
    };
  } finally {
    await discord.close();
  }
}

export async function workers(opts: BenchOptions): Promise<BenchResult[]> {
  const target = '>= 45 messages/s with any number of workers (the budget is shared), none lost, none duplicated';
  if (!PG_URL) return [skipped('workers', NO_PG, target)];
  const alerts = opts.quick ? 300 : 1000;
  const dir = mkdtempSync(join(tmpdir(), 'mg-workers-'));
  const out: BenchResult[] = [];
  try {
    const file = join(dir, 'base.db');
    const base = openSqliteStore(file);
    await queueAlerts(base, alerts);
    const single = await fanoutWith(1, { MG_DB: file }, base);
    await base.close();
    for (const n of [1, 2, 4]) {
      const db = await freshDb();
      try {
        const store = await openPgStore(db.url);
        await queueAlerts(store, alerts);
        const r = await fanoutWith(n, { MG_DATABASE_URL: db.url }, store);
        await store.close();
        out.push(
          result({
            name: `fanout-pg-${n}-worker${n > 1 ? 's' : ''}`,
            params: { alerts, workers: n, store: 'PostgreSQL', fakeDiscordLimit: '50 requests/s, 429 beyond' },
            unit: 'messages/s',
            value: r,
            baseline: { label: 'one worker on SQLite', ...single },
            ratio: { messagesPerSecond: round(r.messagesPerSecond / single.messagesPerSecond, 2) },
            ratioMeaning: 'PostgreSQL workers / one SQLite worker, messages per second',
            target,
            checks: [check('messagesPerSecond', r.messagesPerSecond, '>=', 45), check('lost', r.lost, '<=', 0), check('duplicated', r.duplicated, '<=', 0)],
          }),
        );
      } finally {
        await db.drop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/* ------------------------------------------------------------------ scoring on PostgreSQL */

function syntheticCatalog(n: number, edges: number): { build: CatalogBuild; events: MatchEvent[] } {
  const rnd = mulberry32(11);
  const products: Product[] = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    name: `Product ${i}`,
    aliases: [],
    type: i % 3 === 0 ? 'product' : 'model',
    vendor: `Vendor ${i % 500}`,
    category: `Category ${i % 40}`,
    description: `Synthetic product ${i} for the scoring benchmark`,
    url: null,
    pricing: { model: 'paid', startingPrice: null, promptPerToken: rnd() * 1e-5, completionPerToken: rnd() * 2e-5 },
    contextLength: 8192,
    inputModalities: ['text'],
    outputModalities: ['text'],
    supportedParameters: [],
    features: {},
    providers: [],
    capabilities: [],
    provenance: { sources: ['bench'], fetchedAt: '2026-11-01' },
    offers: [],
    poweredBy: [],
    rivals: [],
    facts: [],
    repository: null,
  }));
  const evidence = products.flatMap((p) => [
    { productId: p.id, kind: 'hf_downloads' as const, value: Math.floor(10 ** (2 + rnd() * 5)), source: 'bench', date: '2026-11-01' },
    { productId: p.id, kind: 'hf_likes' as const, value: Math.floor(10 ** (rnd() * 4)), source: 'bench', date: '2026-11-01' },
  ]);
  const events: MatchEvent[] = Array.from({ length: edges }, () => {
    const a = Math.floor(n * rnd() ** 2);
    let b = Math.floor(n * rnd());
    if (b === a) b = (a + 1) % n;
    return { a: `p${a}`, b: `p${b}`, origin: 'import' as const, at: '2026-11-01T00:00:00Z', weight: 1 };
  });
  return { build: { products, evidence, sources: [{ id: 'bench', name: 'Bench', date: '2026-11-01', licence: 'none' }] }, events };
}

async function timeScoring(store: AnyStore, data: ReturnType<typeof syntheticCatalog>) {
  const core = coreOn(store);
  await store.catalog.replaceAll(data.build);
  await store.matches.recordMany(data.events);
  await core.score(); // first run: nothing to diff
  const t0 = performance.now();
  const run = await core.score();
  return { ms: round(performance.now() - t0, 0), products: run.productCount };
}

export async function pgScoring(opts: BenchOptions): Promise<BenchResult[]> {
  const target = 'a scoring run at 100k products on PostgreSQL within 3x of SQLite';
  if (!PG_URL) return [skipped('pgscoring', NO_PG, target)];
  const n = opts.quick ? 20_000 : 100_000;
  const edges = opts.quick ? 40_000 : 200_000;
  const data = syntheticCatalog(n, edges);
  const sqlite = openSqliteStore(':memory:');
  const base = await timeScoring(sqlite, data);
  await sqlite.close();
  const db = await freshDb();
  try {
    const store = await openPgStore(db.url);
    const ours = await timeScoring(store, data);
    await store.close();
    return [
      result({
        name: 'scoring-run-pg',
        params: { products: n, matchEvents: edges, evidence: data.build.evidence.length, includes: 'read evidence and edges, score off the event loop, save snapshots, run facts and the diff in one transaction' },
        unit: 'ms',
        value: { ms: ours.ms },
        baseline: { label: 'the same run on SQLite', ms: base.ms },
        ratio: { ms: ratio(base.ms, ours.ms) },
        target,
        checks: [check('PostgreSQL / SQLite', ours.ms / base.ms, '<=', 3)],
      }),
    ];
  } finally {
    await db.drop();
  }
}

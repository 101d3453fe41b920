/**
 * PostgreSQL implementations of the catalog, match and score ports: the same behaviour as
 * src/db/repos.ts (whose row mappers they share), through drizzle's node-postgres driver.
 */
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { BuildCoverage, CatalogBuild, MatchEvent, MatchOrigin, Product } from '../../core/domain.js';
import type { CatalogMeta, CatalogRepo, HistoryPoint, MatchEdge, MatchRepo, RunInfo, ScoreRepo } from '../../core/ports.js';
import type { ProductScore, ScoringRunResult } from '../../core/scoring/types.js';
import { chunks } from '../chunks.js';
import { catalogIndex, COVERAGE_KEY, orderedPair, toEvidence, toProduct, toProductRow, toRunInfo } from '../repos.js';
import { planTargetRedirects } from '../../core/alerts/target.js';
import { deadLetterPendingPg } from './subscription-repo.js';
import type { PgDb } from './client.js';
import * as t from './schema.js';
import { searchIndexPg, searchIndexSizePg, writeSearchIndexPg } from './search.js';

/** Rows per multi-row INSERT: keeps statements under PostgreSQL's 65,535 bound parameters. */
const INSERT_CHUNK = 400;
/** Ids per `IN (...)` list. */
const IN_LIST_CHUNK = 1_000;

/** A transaction or the database: what the helpers below write through. */
export type PgTx = Pick<PgDb, 'select' | 'insert' | 'update' | 'delete' | 'execute' | 'selectDistinct'>;

type CapabilityRow = typeof t.capabilities.$inferSelect;

export function createPgCatalogRepo(db: PgDb): CatalogRepo {
  async function loadCaps(ids: string[] | null): Promise<Map<string, CapabilityRow[]>> {
    const rows =
      ids === null
        ? await db.select().from(t.capabilities)
        : (await Promise.all(chunks(ids, IN_LIST_CHUNK).map((c) => db.select().from(t.capabilities).where(inArray(t.capabilities.productId, c))))).flat();
    const map = new Map<string, CapabilityRow[]>();
    for (const r of rows) {
      const list = map.get(r.productId);
      if (list) list.push(r);
      else map.set(r.productId, [r]);
    }
    return map;
  }

  async function loadAll(): Promise<Product[]> {
    const rows = await db.select().from(t.products).orderBy(t.products.id);
    const caps = await loadCaps(null);
    return rows.map((r) => toProduct(r, caps.get(r.id) ?? []));
  }

  return {
    async replaceAll(build: CatalogBuild) {
      const importedAt = new Date().toISOString();
      await db.transaction(async (tx) => {
        await tx.delete(t.evidence);
        await tx.delete(t.capabilities);
        await tx.delete(t.products);
        await tx.delete(t.sources);
        for (const c of chunks(build.products, INSERT_CHUNK)) await tx.insert(t.products).values(c.map(toProductRow));
        const caps = build.products.flatMap((p) =>
          p.capabilities.map((c, ord) => ({
            productId: p.id,
            ord,
            tag: c.tag,
            title: c.title,
            description: c.description,
            unique: c.unique,
            vsAlternatives: c.vsAlternatives,
          })),
        );
        for (const c of chunks(caps, INSERT_CHUNK)) await tx.insert(t.capabilities).values(c);
        for (const c of chunks(build.evidence, INSERT_CHUNK)) await tx.insert(t.evidence).values(c.map((e) => ({ ...e, detail: e.detail ?? null, note: e.note ?? null })));
        if (build.sources.length) await tx.insert(t.sources).values(build.sources.map((s, ord) => ({ ...s, ord, url: s.url ?? null, importedAt })));
        await writeSearchIndexPg(tx, build.products);
        // subscribers of a product merged into another follow it, in the same transaction
        const plan = planTargetRedirects(
          await tx.select({ id: t.subscriptions.id, platform: t.subscriptions.platform, workspaceId: t.subscriptions.workspaceId, channelId: t.subscriptions.channelId, target: t.subscriptions.target }).from(t.subscriptions),
          catalogIndex(build),
          build.coverage?.merges ?? [],
        );
        for (const u of plan.update) await tx.update(t.subscriptions).set({ target: u.target, targetLabel: u.targetLabel, updatedAt: importedAt }).where(eq(t.subscriptions.id, u.id));
        if (plan.remove.length) {
          await deadLetterPendingPg(tx, plan.remove, 'merged into a product the channel already follows');
          for (const c of chunks(plan.remove, INSERT_CHUNK)) await tx.delete(t.subscriptions).where(inArray(t.subscriptions.id, c));
        }
        await tx.delete(t.kv).where(eq(t.kv.key, COVERAGE_KEY));
        if (build.coverage) await tx.insert(t.kv).values({ key: COVERAGE_KEY, value: JSON.stringify(build.coverage) });
      });
    },
    async coverage() {
      const [row] = await db.select({ value: t.kv.value }).from(t.kv).where(eq(t.kv.key, COVERAGE_KEY));
      return row ? (JSON.parse(row.value) as BuildCoverage) : null;
    },
    async all() {
      return loadAll();
    },
    async get(id) {
      const [row] = await db.select().from(t.products).where(eq(t.products.id, id));
      if (!row) return null;
      return toProduct(row, (await loadCaps([id])).get(id) ?? []);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = (await Promise.all(chunks(ids, IN_LIST_CHUNK).map((c) => db.select().from(t.products).where(inArray(t.products.id, c))))).flat();
      const caps = await loadCaps(ids);
      const byId = new Map(rows.map((r) => [r.id, toProduct(r, caps.get(r.id) ?? [])]));
      return ids.map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
    },
    async evidence() {
      return (await db.select().from(t.evidence).orderBy(t.evidence.id)).map(toEvidence);
    },
    async evidenceFor(id) {
      return (await db.select().from(t.evidence).where(eq(t.evidence.productId, id)).orderBy(t.evidence.id)).map(toEvidence);
    },
    async meta(): Promise<CatalogMeta> {
      const srcs = await db.select().from(t.sources).orderBy(t.sources.ord);
      const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(t.products);
      const asOf = srcs.reduce<string | null>((max, s) => (max === null || s.date > max ? s.date : max), null);
      return {
        asOf,
        sources: srcs.map((s) => ({ id: s.id, name: s.name, date: s.date, licence: s.licence, ...(s.url ? { url: s.url } : {}) })),
        productCount: count?.n ?? 0,
      };
    },
    async searchText(query) {
      return searchIndexPg(db, query);
    },
    async searchIndexSize() {
      return searchIndexSizePg(db);
    },
    async rebuildSearchIndex() {
      const products = await loadAll();
      await db.transaction((tx) => writeSearchIndexPg(tx, products));
    },
  };
}

export function createPgMatchRepo(db: PgDb): MatchRepo {
  return {
    async record(a: string, b: string, origin: MatchOrigin, at = new Date()) {
      if (a === b) return;
      const [x, y] = orderedPair(a, b);
      await db.insert(t.matchEvents).values({ a: x, b: y, origin, at: at.toISOString(), weight: 1 });
    },
    async recordMany(events: MatchEvent[]) {
      const rows = events
        .filter((e) => e.a !== e.b)
        .map((e) => {
          const [x, y] = orderedPair(e.a, e.b);
          return { a: x, b: y, origin: e.origin, at: e.at, weight: e.weight };
        });
      await db.transaction(async (tx) => {
        for (const c of chunks(rows, INSERT_CHUNK)) await tx.insert(t.matchEvents).values(c);
      });
    },
    async timesMatched(a, b) {
      const [x, y] = orderedPair(a, b);
      const [r] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t.matchEvents)
        .where(and(eq(t.matchEvents.a, x), eq(t.matchEvents.b, y)));
      return r?.n ?? 0;
    },
    async neighbours(id, limit) {
      const other = sql<string>`case when ${t.matchEvents.a} = ${id} then ${t.matchEvents.b} else ${t.matchEvents.a} end`;
      return db
        .select({ id: other, count: sql<number>`count(*)::int` })
        .from(t.matchEvents)
        .where(or(eq(t.matchEvents.a, id), eq(t.matchEvents.b, id)))
        // by position: PostgreSQL sees each bound copy of `other` as a different expression
        .groupBy(sql`1`)
        .orderBy(sql`2 desc`, sql`1`)
        .limit(limit);
    },
    async edges(now: Date, halfLifeDays: number): Promise<MatchEdge[]> {
      // weight * 0.5^(age/halfLife), summed per pair; age in fractional days
      const nowIso = now.toISOString();
      const age = sql`greatest(0, extract(epoch from (${nowIso}::timestamptz - ${t.matchEvents.at}::timestamptz)) / 86400.0)`;
      return db
        .select({
          a: t.matchEvents.a,
          b: t.matchEvents.b,
          weight: sql<number>`sum(${t.matchEvents.weight} * power(0.5, ${age} / ${halfLifeDays}))::float8`,
        })
        .from(t.matchEvents)
        .groupBy(t.matchEvents.a, t.matchEvents.b)
        .orderBy(t.matchEvents.a, t.matchEvents.b);
    },
  };
}

/** Inserts a run and its snapshots; call inside a transaction. */
export async function insertScoringRunPg(tx: PgTx, run: ScoringRunResult): Promise<RunInfo> {
  const [inserted] = await tx
    .insert(t.scoringRuns)
    .values({ configVersion: run.configVersion, at: run.at, productCount: run.scores.length, totalMs: run.timings.totalMs })
    .returning();
  const rows = run.scores.map((s) => ({
    runId: inserted!.id,
    productId: s.productId,
    type: s.type,
    category: s.category,
    score: s.score,
    adoption: s.signals.adoption.value,
    quality: s.signals.quality.value,
    ecosystem: s.signals.ecosystem.value,
    matchGraph: s.signals.matchGraph.value,
    positionOverall: s.position.overall,
    ofOverall: s.position.ofOverall,
    positionCategory: s.position.category,
    ofCategory: s.position.ofCategory,
    detail: s,
  }));
  for (const c of chunks(rows, 200)) await tx.insert(t.scoreSnapshots).values(c);
  return toRunInfo(inserted!);
}

export function createPgScoreRepo(db: PgDb): ScoreRepo {
  const latestRunRow = async () => (await db.select().from(t.scoringRuns).orderBy(desc(t.scoringRuns.id)).limit(1))[0];

  return {
    async saveRun(run: ScoringRunResult) {
      return db.transaction((tx) => insertScoringRunPg(tx, run));
    },
    async latestRun() {
      const r = await latestRunRow();
      return r ? toRunInfo(r) : null;
    },
    async latest(ids?: string[]) {
      const run = await latestRunRow();
      const out = new Map<string, ProductScore>();
      if (!run) return out;
      const rows =
        ids === undefined
          ? await db.select({ detail: t.scoreSnapshots.detail }).from(t.scoreSnapshots).where(eq(t.scoreSnapshots.runId, run.id))
          : (
              await Promise.all(
                chunks(ids, IN_LIST_CHUNK).map((c) =>
                  db
                    .select({ detail: t.scoreSnapshots.detail })
                    .from(t.scoreSnapshots)
                    .where(and(eq(t.scoreSnapshots.runId, run.id), inArray(t.scoreSnapshots.productId, c))),
                ),
              )
            ).flat();
      for (const r of rows) {
        const s = r.detail as ProductScore;
        out.set(s.productId, s);
      }
      return out;
    },
    async history(id, limit): Promise<HistoryPoint[]> {
      const rows = await db
        .select({
          runId: t.scoreSnapshots.runId,
          at: t.scoringRuns.at,
          score: t.scoreSnapshots.score,
          overall: t.scoreSnapshots.positionOverall,
          category: t.scoreSnapshots.positionCategory,
        })
        .from(t.scoreSnapshots)
        .innerJoin(t.scoringRuns, eq(t.scoringRuns.id, t.scoreSnapshots.runId))
        .where(eq(t.scoreSnapshots.productId, id))
        .orderBy(desc(t.scoreSnapshots.runId))
        .limit(limit);
      return rows.reverse();
    },
  };
}

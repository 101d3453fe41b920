/**
 * SQLite implementations of the core's repository ports.
 * better-sqlite3 is synchronous; the ports are async so another store can replace it.
 */
import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { BuildCoverage, Capability, CatalogBuild, Evidence, EvidenceKind, MatchEvent, MatchOrigin, Product } from '../core/domain.js';
import type { CatalogMeta, CatalogRepo, HistoryPoint, MatchEdge, MatchRepo, RunInfo, ScoreRepo } from '../core/ports.js';
import type { ProductScore, ScoringRunResult } from '../core/scoring/types.js';
import type { Db } from './client.js';
import * as t from './schema.js';
import { searchIndex, searchIndexSize, writeSearchIndex } from './search.js';
import { deadLetterPending } from './subscription-repo.js';
import { planTargetRedirects } from '../core/alerts/target.js';

/** kv key of the last import's coverage record (merges, unmatched source rows). */
export const COVERAGE_KEY = 'catalog.coverage';

/** Rows per multi-row INSERT: keeps statements well under SQLite's bound-parameter limit. */
const INSERT_CHUNK = 400;

function chunks<T>(rows: T[], size = INSERT_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

type ProductRow = typeof t.products.$inferSelect;
type CapabilityRow = typeof t.capabilities.$inferSelect;

export function toProduct(row: ProductRow, caps: CapabilityRow[]): Product {
  return {
    id: row.id,
    name: row.name,
    aliases: row.aliases,
    type: row.type,
    vendor: row.vendor,
    category: row.category,
    description: row.description,
    url: row.url,
    pricing: {
      model: row.pricingModel,
      startingPrice:
        row.startingPriceAmount !== null && row.startingPriceUnit !== null
          ? { amount: row.startingPriceAmount, unit: row.startingPriceUnit }
          : null,
      promptPerToken: row.promptPerToken,
      completionPerToken: row.completionPerToken,
    },
    contextLength: row.contextLength,
    inputModalities: row.inputModalities,
    outputModalities: row.outputModalities,
    supportedParameters: row.supportedParameters,
    features: row.features,
    providers: row.providers,
    capabilities: caps
      .sort((a, b) => a.ord - b.ord)
      .map(
        (c): Capability => ({
          tag: c.tag,
          title: c.title,
          description: c.description,
          unique: c.unique,
          vsAlternatives: c.vsAlternatives,
        }),
      ),
    provenance: row.provenance,
    offers: row.offers,
    poweredBy: row.poweredBy,
    rivals: row.rivals,
    facts: row.facts,
    repository: row.repository,
  };
}

export function toProductRow(p: Product): typeof t.products.$inferInsert {
  return {
    id: p.id,
    name: p.name,
    aliases: p.aliases,
    type: p.type,
    vendor: p.vendor,
    category: p.category,
    description: p.description,
    url: p.url,
    pricingModel: p.pricing.model,
    startingPriceAmount: p.pricing.startingPrice?.amount ?? null,
    startingPriceUnit: p.pricing.startingPrice?.unit ?? null,
    promptPerToken: p.pricing.promptPerToken,
    completionPerToken: p.pricing.completionPerToken,
    contextLength: p.contextLength,
    inputModalities: p.inputModalities,
    outputModalities: p.outputModalities,
    supportedParameters: p.supportedParameters,
    features: p.features,
    providers: p.providers,
    provenance: p.provenance,
    offers: p.offers,
    poweredBy: p.poweredBy,
    rivals: p.rivals,
    facts: p.facts,
    repository: p.repository,
  };
}

export function toEvidence(row: typeof t.evidence.$inferSelect): Evidence {
  const e: Evidence = {
    productId: row.productId,
    kind: row.kind as EvidenceKind,
    value: row.value,
    source: row.source,
    date: row.date,
  };
  if (row.detail !== null) e.detail = row.detail;
  if (row.note !== null) e.note = row.note;
  return e;
}

export function createSqliteCatalogRepo(db: Db): CatalogRepo {
  function loadCaps(ids: string[] | null): Map<string, CapabilityRow[]> {
    const rows =
      ids === null
        ? db.select().from(t.capabilities).all()
        : chunks(ids, 500).flatMap((c) => db.select().from(t.capabilities).where(inArray(t.capabilities.productId, c)).all());
    const map = new Map<string, CapabilityRow[]>();
    for (const r of rows) {
      const list = map.get(r.productId);
      if (list) list.push(r);
      else map.set(r.productId, [r]);
    }
    return map;
  }

  function loadAll(): Product[] {
    const rows = db.select().from(t.products).orderBy(t.products.id).all();
    const caps = loadCaps(null);
    return rows.map((r) => toProduct(r, caps.get(r.id) ?? []));
  }

  return {
    async replaceAll(build: CatalogBuild) {
      const importedAt = new Date().toISOString();
      db.transaction((tx) => {
        tx.delete(t.evidence).run();
        tx.delete(t.capabilities).run();
        tx.delete(t.products).run();
        tx.delete(t.sources).run();
        for (const c of chunks(build.products)) tx.insert(t.products).values(c.map(toProductRow)).run();
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
        for (const c of chunks(caps)) tx.insert(t.capabilities).values(c).run();
        for (const c of chunks(build.evidence))
          tx.insert(t.evidence)
            .values(c.map((e) => ({ ...e, detail: e.detail ?? null, note: e.note ?? null })))
            .run();
        if (build.sources.length)
          tx.insert(t.sources)
            .values(build.sources.map((s) => ({ ...s, url: s.url ?? null, importedAt })))
            .run();
        writeSearchIndex(tx, build.products);
        // subscribers of a product merged into another follow it, in the same transaction
        const plan = planTargetRedirects(
          tx.select({ id: t.subscriptions.id, platform: t.subscriptions.platform, workspaceId: t.subscriptions.workspaceId, channelId: t.subscriptions.channelId, target: t.subscriptions.target }).from(t.subscriptions).all(),
          catalogIndex(build),
          build.coverage?.merges ?? [],
        );
        for (const u of plan.update)
          tx.update(t.subscriptions).set({ target: u.target, targetLabel: u.targetLabel, updatedAt: importedAt }).where(eq(t.subscriptions.id, u.id)).run();
        if (plan.remove.length) {
          deadLetterPending(tx, plan.remove, 'merged into a product the channel already follows');
          for (const c of chunks(plan.remove)) tx.delete(t.subscriptions).where(inArray(t.subscriptions.id, c)).run();
        }
        tx.delete(t.kv).where(eq(t.kv.key, COVERAGE_KEY)).run();
        if (build.coverage) tx.insert(t.kv).values({ key: COVERAGE_KEY, value: JSON.stringify(build.coverage) }).run();
      });
    },
    async coverage() {
      const row = db.select({ value: t.kv.value }).from(t.kv).where(eq(t.kv.key, COVERAGE_KEY)).get();
      return row ? (JSON.parse(row.value) as BuildCoverage) : null;
    },
    async all() {
      return loadAll();
    },
    async get(id) {
      const row = db.select().from(t.products).where(eq(t.products.id, id)).get();
      if (!row) return null;
      return toProduct(row, loadCaps([id]).get(id) ?? []);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = chunks(ids, 500).flatMap((c) => db.select().from(t.products).where(inArray(t.products.id, c)).all());
      const caps = loadCaps(ids);
      const byId = new Map(rows.map((r) => [r.id, toProduct(r, caps.get(r.id) ?? [])]));
      return ids.map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
    },
    async evidence() {
      return db.select().from(t.evidence).orderBy(t.evidence.id).all().map(toEvidence);
    },
    async evidenceFor(id) {
      return db.select().from(t.evidence).where(eq(t.evidence.productId, id)).orderBy(t.evidence.id).all().map(toEvidence);
    },
    async meta(): Promise<CatalogMeta> {
      // import order: the build lists the primary sources first
      const srcs = db.select().from(t.sources).orderBy(sql`rowid`).all();
      const count = db.select({ n: sql<number>`count(*)` }).from(t.products).get()?.n ?? 0;
      const asOf = srcs.reduce<string | null>((max, s) => (max === null || s.date > max ? s.date : max), null);
      return {
        asOf,
        sources: srcs.map((s) => ({ id: s.id, name: s.name, date: s.date, licence: s.licence, ...(s.url ? { url: s.url } : {}) })),
        productCount: count,
      };
    },
    async searchText(query) {
      return searchIndex(db, query);
    },
    async searchIndexSize() {
      return searchIndexSize(db);
    },
    async rebuildSearchIndex() {
      db.transaction((tx) => writeSearchIndex(tx, loadAll()));
    },
  };
}

export function orderedPair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

export function createSqliteMatchRepo(db: Db): MatchRepo {
  return {
    async record(a: string, b: string, origin: MatchOrigin, at = new Date()) {
      if (a === b) return;
      const [x, y] = orderedPair(a, b);
      db.insert(t.matchEvents).values({ a: x, b: y, origin, at: at.toISOString(), weight: 1 }).run();
    },
    async recordMany(events: MatchEvent[]) {
      const rows = events
        .filter((e) => e.a !== e.b)
        .map((e) => {
          const [x, y] = orderedPair(e.a, e.b);
          return { a: x, b: y, origin: e.origin, at: e.at, weight: e.weight };
        });
      db.transaction((tx) => {
        for (const c of chunks(rows)) tx.insert(t.matchEvents).values(c).run();
      });
    },
    async timesMatched(a, b) {
      const [x, y] = orderedPair(a, b);
      return (
        db
          .select({ n: sql<number>`count(*)` })
          .from(t.matchEvents)
          .where(and(eq(t.matchEvents.a, x), eq(t.matchEvents.b, y)))
          .get()?.n ?? 0
      );
    },
    async neighbours(id, limit) {
      const other = sql<string>`case when ${t.matchEvents.a} = ${id} then ${t.matchEvents.b} else ${t.matchEvents.a} end`;
      return db
        .select({ id: other, count: sql<number>`count(*)` })
        .from(t.matchEvents)
        .where(or(eq(t.matchEvents.a, id), eq(t.matchEvents.b, id)))
        .groupBy(other)
        .orderBy(desc(sql`count(*)`), other)
        .limit(limit)
        .all();
    },
    async edges(now: Date, halfLifeDays: number): Promise<MatchEdge[]> {
      // weight * 0.5^(age/halfLife), summed per pair; julianday gives fractional days.
      const nowIso = now.toISOString();
      const rows = db
        .select({
          a: t.matchEvents.a,
          b: t.matchEvents.b,
          weight: sql<number>`sum(${t.matchEvents.weight} * pow(0.5, max(0, julianday(${nowIso}) - julianday(${t.matchEvents.at})) / ${halfLifeDays}))`,
        })
        .from(t.matchEvents)
        .groupBy(t.matchEvents.a, t.matchEvents.b)
        .orderBy(t.matchEvents.a, t.matchEvents.b)
        .all();
      return rows;
    },
  };
}

type ScoringRunRow = typeof t.scoringRuns.$inferSelect;

export function toRunInfo(r: ScoringRunRow): RunInfo {
  return { id: r.id, configVersion: r.configVersion, at: r.at, productCount: r.productCount };
}

/** Inserts a run and its snapshots; call inside a transaction (`db.transaction(tx => insertScoringRun(tx, run))`). */
export function insertScoringRun(tx: Pick<Db, 'insert'>, run: ScoringRunResult): RunInfo {
  const inserted = tx
    .insert(t.scoringRuns)
    .values({ configVersion: run.configVersion, at: run.at, productCount: run.scores.length, totalMs: run.timings.totalMs })
    .returning()
    .get();
  const rows = run.scores.map((s) => ({
    runId: inserted.id,
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
  for (const c of chunks(rows, 200)) tx.insert(t.scoreSnapshots).values(c).run();
  return toRunInfo(inserted);
}

export function createSqliteScoreRepo(db: Db): ScoreRepo {
  const latestRunRow = () => db.select().from(t.scoringRuns).orderBy(desc(t.scoringRuns.id)).limit(1).get();

  return {
    async saveRun(run: ScoringRunResult) {
      return db.transaction((tx) => insertScoringRun(tx, run));
    },
    async latestRun() {
      const r = latestRunRow();
      return r ? toRunInfo(r) : null;
    },
    async latest(ids?: string[]) {
      const run = latestRunRow();
      const out = new Map<string, ProductScore>();
      if (!run) return out;
      const rows =
        ids === undefined
          ? db.select({ detail: t.scoreSnapshots.detail }).from(t.scoreSnapshots).where(eq(t.scoreSnapshots.runId, run.id)).all()
          : chunks(ids, 500).flatMap((c) =>
              db
                .select({ detail: t.scoreSnapshots.detail })
                .from(t.scoreSnapshots)
                .where(and(eq(t.scoreSnapshots.runId, run.id), inArray(t.scoreSnapshots.productId, c)))
                .all(),
            );
      for (const r of rows) {
        const s = r.detail as ProductScore;
        out.set(s.productId, s);
      }
      return out;
    },
    async history(id, limit): Promise<HistoryPoint[]> {
      const rows = db
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
        .limit(limit)
        .all();
      return rows.reverse();
    },
  };
}

/** Product id -> name and category of a build, for planTargetRedirects. */
export function catalogIndex(build: CatalogBuild): Map<string, { name: string; category: string }> {
  return new Map(build.products.map((p) => [p.id, { name: p.name, category: p.category }]));
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CatalogBuild, Product } from '../src/core/domain.js';
import { openDb } from '../src/db/client.js';
import { describeStores, openTestStore, query, rejection } from './stores.js';

function product(id: string, over: Partial<Product> = {}): Product {
  return {
    id,
    name: id.toUpperCase(),
    aliases: [id],
    type: 'model',
    vendor: 'Acme',
    category: 'Text models',
    description: `${id} description`,
    url: null,
    pricing: { model: 'paid', startingPrice: { amount: 1e-7, unit: 'per prompt token' }, promptPerToken: 1e-7, completionPerToken: 2e-7 },
    contextLength: 8192,
    inputModalities: ['text'],
    outputModalities: ['text'],
    supportedParameters: ['tools'],
    features: { toolCalling: true },
    providers: ['openrouter'],
    capabilities: [{ tag: 'chat', title: 'Chat', description: 'Talks', unique: 'u', vsAlternatives: 'v' }],
    provenance: { sources: ['test'], fetchedAt: '2026-01-01' },
    offers: [], poweredBy: [], rivals: [], facts: [], repository: null,
    ...over,
  };
}

const build = (ids: string[]): CatalogBuild => ({
  products: ids.map((id) => product(id)),
  evidence: ids.map((id, i) => ({ productId: id, kind: 'hf_downloads', value: 100 * (i + 1), source: 'huggingface', date: '2026-05-04' })),
  sources: [{ id: 'test', name: 'Test', date: '2026-05-04', licence: 'MIT' }],
});

const dir = mkdtempSync(join(tmpdir(), 'mg-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite store', () => {
  it('creates a WAL database file, migrated, on open', () => {
    const db = openDb(join(dir, 'sub', 'a.db'));
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db.$client.prepare("select name from sqlite_master where type='table'").all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['products', 'capabilities', 'evidence', 'match_events', 'scoring_runs', 'score_snapshots']));
    db.$client.close();
  });
});

describeStores('store', (dialect) => {
  it('round-trips products with capabilities, evidence and meta', async () => {
    const repo = (await openTestStore(dialect)).catalog;
    await repo.replaceAll(build(['a', 'b', 'c']));
    const a = await repo.get('a');
    expect(a).toEqual(product('a'));
    expect((await repo.getMany(['c', 'zz', 'a'])).map((p) => p.id)).toEqual(['c', 'a']);
    expect(await repo.evidenceFor('b')).toEqual([{ productId: 'b', kind: 'hf_downloads', value: 200, source: 'huggingface', date: '2026-05-04' }]);
    const meta = await repo.meta();
    expect(meta).toMatchObject({ asOf: '2026-05-04', productCount: 3 });
    expect(await repo.coverage()).toBeNull();
    expect(await repo.searchIndexSize()).toBe(3);
  });

  it('keeps the entry an evidence row names', async () => {
    const repo = (await openTestStore(dialect)).catalog;
    const b = build(['a']);
    b.evidence.push({ productId: 'a', kind: 'arena_rating', value: 1155.5, source: 'lmarena', date: '2025-12-11', detail: 'LMArena text-to-image', note: 'flux-2-flex, best of 7 entries' });
    await repo.replaceAll(b);
    expect(await repo.evidenceFor('a')).toEqual(b.evidence);
  });

  it('opens migrated: every table of the schema is there', async () => {
    const store = await openTestStore(dialect);
    const sql =
      dialect === 'sqlite' ? "select name from sqlite_master where type='table'" : "select table_name as name from information_schema.tables where table_schema = 'public'";
    const names = (await query<{ name: string }>(store, sql)).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining(['products', 'match_events', 'scoring_runs', 'subscriptions', 'outbox', 'alert_state', 'seen_requests', 'chat_state', 'product_search']),
    );
    await store.ping();
  });

  it('replaceAll is all-or-nothing: a failing import leaves the previous catalog intact', async () => {
    const repo = (await openTestStore(dialect)).catalog;
    await repo.replaceAll(build(['a', 'b']));
    const bad = build(['x', 'y']);
    bad.evidence.push({ productId: 'missing', kind: 'hf_likes', value: 1, source: 'huggingface', date: '2026-05-04' });
    expect(await rejection(repo.replaceAll(bad))).toMatch(/FOREIGN KEY|foreign key/);
    expect((await repo.all()).map((p) => p.id)).toEqual(['a', 'b']);
    expect(await repo.evidence()).toHaveLength(2);
  });

  it('counts match events per unordered pair and decays edge weights', async () => {
    const matches = (await openTestStore(dialect)).matches;
    const now = new Date('2026-11-28T00:00:00Z');
    await matches.record('b', 'a', 'compare', now);
    await matches.record('a', 'b', 'compare', now);
    await matches.record('a', 'c', 'alternatives', new Date('2026-11-18T00:00:00Z'));
    await matches.record('a', 'a', 'compare', now);
    expect(await matches.timesMatched('a', 'b')).toBe(2);
    expect(await matches.timesMatched('b', 'a')).toBe(2);
    expect(await matches.neighbours('a', 10)).toEqual([
      { id: 'b', count: 2 },
      { id: 'c', count: 1 },
    ]);
    const edges = await matches.edges(now, 10);
    expect(edges).toHaveLength(2);
    expect(edges[0]).toMatchObject({ a: 'a', b: 'b', weight: 2 });
    expect(edges[1]!.weight).toBeCloseTo(0.5, 6);
  });

  it('stores runs and answers latest scores and history', async () => {
    const scores = (await openTestStore(dialect)).scores;
    const snap = (id: string, score: number, overall: number) => ({
      productId: id,
      type: 'model' as const,
      category: 'Text models',
      score,
      signals: {
        adoption: { value: score, confidence: 1, evidence: [], kinds: [] },
        quality: { value: 0, confidence: 0, evidence: [], kinds: [] },
        ecosystem: { value: 0, confidence: 0, evidence: [], kinds: [] },
        matchGraph: { value: 0, confidence: 0, evidence: [], kinds: [] },
      },
      breakdown: [{ part: 'adoption' as const, points: score, note: '' }],
      priorShare: 0,
      position: { overall, ofOverall: 2, category: overall, ofCategory: 2 },
    });
    expect(await scores.latestRun()).toBeNull();
    await scores.saveRun({ configVersion: 'v1', at: '2026-11-01T00:00:00Z', scores: [snap('a', 10, 2), snap('b', 20, 1)], timings: { totalMs: 1, pageRankMs: 0 } });
    const run2 = await scores.saveRun({ configVersion: 'v1', at: '2026-11-02T00:00:00Z', scores: [snap('a', 30, 1), snap('b', 20, 2)], timings: { totalMs: 1, pageRankMs: 0 } });
    expect(run2).toMatchObject({ configVersion: 'v1', productCount: 2 });
    expect((await scores.latestRun())!.id).toBe(run2.id);
    const latest = await scores.latest(['a']);
    expect([...latest.keys()]).toEqual(['a']);
    expect(latest.get('a')!.score).toBe(30);
    expect((await scores.history('a', 10)).map((h) => [h.score, h.overall])).toEqual([
      [10, 2],
      [30, 1],
    ]);
  });
});

/**
 * A catalog import that merges a product into another takes its subscribers along, in the import's
 * own transaction; a channel that already follows the product it went into keeps its older
 * subscription; a product or category that is simply gone is left alone and reported.
 */
import { describe, expect, it } from 'vitest';
import { planTargetRedirects, type StoredTarget } from '../src/core/alerts/target.js';
import type { SubscriptionOptions, Target } from '../src/core/alerts/types.js';
import type { CatalogBuild } from '../src/core/domain.js';
import { loadCatalogReport } from '../src/cli/catalog-report.js';
import { alertStoreOn, build, OPTS, V1, type DialectTestStore as TestStore } from './alerts-fixtures.js';
import { describeStores, failInserts, openTestStore, rejection } from './stores.js';

const products = (entries: Array<[string, string, string]>) => new Map(entries.map(([id, name, category]) => [id, { name, category }]));
const sub = (id: number, channelId: string, target: string): StoredTarget => ({ id, platform: 'discord', workspaceId: 'w1', channelId, target });

describe('planTargetRedirects', () => {
  const catalog = products([['y', 'Y', 'Coding'], ['k', 'K', 'Image']]);

  it('follows merges, chains too, and names the new product', () => {
    const plan = planTargetRedirects([sub(1, 'c1', 'product:x'), sub(2, 'c2', 'product:w'), sub(3, 'c3', 'product:y')], catalog, [
      { from: 'x', into: 'y' },
      { from: 'w', into: 'v' },
      { from: 'v', into: 'y' },
    ]);
    expect(plan).toEqual({
      update: [
        { id: 1, target: 'product:y', targetLabel: 'Y' },
        { id: 2, target: 'product:y', targetLabel: 'Y' },
      ],
      remove: [],
      orphaned: [],
    });
  });

  it('a channel already following the product keeps its older subscription; the merged one goes', () => {
    const plan = planTargetRedirects([sub(5, 'c1', 'product:y'), sub(9, 'c1', 'product:x')], catalog, [{ from: 'x', into: 'y' }]);
    expect(plan).toEqual({ update: [], remove: [9], orphaned: [] });
    // two merged subscriptions of one channel: the first (older) moves, the second goes
    expect(planTargetRedirects([sub(3, 'c1', 'product:x'), sub(4, 'c1', 'product:z')], catalog, [{ from: 'x', into: 'y' }, { from: 'z', into: 'y' }])).toEqual({
      update: [{ id: 3, target: 'product:y', targetLabel: 'Y' }],
      remove: [4],
      orphaned: [],
    });
  });

  it('a product merged nowhere and a category no product is in are reported, not guessed', () => {
    const plan = planTargetRedirects(
      [sub(1, 'c1', 'product:gone'), sub(2, 'c1', 'category:Agents'), sub(3, 'c1', 'top:5:Agents'), sub(4, 'c1', 'category:Coding'), sub(5, 'c1', 'top:10')],
      catalog,
      [],
    );
    expect(plan).toEqual({ update: [], remove: [], orphaned: [1, 2, 3] });
  });
});

describeStores('catalog import and subscriptions', (dialect) => {
  const subscribeTo = async (s: TestStore, channelId: string, target: Target) =>
    (
      await s.subscriptions.upsert(
        { platform: 'discord', workspaceId: 'w1', channelId, target, targetLabel: 'label', options: { ...OPTS } as SubscriptionOptions, createdBy: 'u1' },
        s.clock.now,
      )
    ).subscription;
  /** V1 where "tools/pilot" became part of "tools/coder" */
  const merged = (): CatalogBuild => ({
    ...build(V1.filter((p) => p.id !== 'tools/pilot')),
    coverage: { merges: [{ from: 'tools/pilot', into: 'tools/coder', reason: 'the same product' }], unmatched: [] },
  });
  const targets = async (s: TestStore) => (await s.subscriptions.list()).map((x) => [x.channelId, x.target.kind === 'product' ? x.target.productId : x.target, x.targetLabel]).sort();

  it('subscribers of a merged product follow it; a channel that followed both keeps one; a vanished product is reported', async () => {
    const s = alertStoreOn(await openTestStore(dialect));
    await s.core.importCatalog(build(V1));
    await subscribeTo(s, 'c1', { kind: 'product', productId: 'tools/pilot' });
    await subscribeTo(s, 'c2', { kind: 'product', productId: 'tools/pilot' });
    await subscribeTo(s, 'c2', { kind: 'product', productId: 'tools/coder' });
    await subscribeTo(s, 'c3', { kind: 'product', productId: 'acme/foxtrot' });

    await s.core.importCatalog({ ...merged(), products: merged().products.filter((p) => p.id !== 'acme/foxtrot'), evidence: merged().evidence.filter((e) => e.productId !== 'acme/foxtrot') });
    expect(await targets(s)).toEqual([
      ['c1', 'tools/coder', 'Coder'],
      ['c2', 'tools/coder', 'label'],
      ['c3', 'acme/foxtrot', 'label'],
    ]);
    const report = await loadCatalogReport(s.core);
    expect(report.orphanedSubscriptions.map((o) => [o.channelId, o.target])).toEqual([['c3', 'product:acme/foxtrot']]);
  });

  it('a failed import leaves every subscription as it was', async () => {
    const s = alertStoreOn(await openTestStore(dialect));
    await s.core.importCatalog(build(V1));
    await subscribeTo(s, 'c1', { kind: 'product', productId: 'tools/pilot' });
    const before = await targets(s);
    // the coverage record is written after the subscriptions are moved: failing it undoes the move too
    const fault = await failInserts(s.store, 'kv', 'simulated failure');
    expect(await rejection(s.core.importCatalog(merged()))).toMatch(/simulated failure/);
    expect(await targets(s)).toEqual(before);
    await fault.heal();
    await s.core.importCatalog(merged());
    expect((await targets(s))[0]![1]).toBe('tools/coder');
  });
});

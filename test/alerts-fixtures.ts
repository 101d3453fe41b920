import type { SubscriptionOptions } from '../src/core/alerts/types.js';
/**
 * Small, real-looking catalogs for alert tests: two data versions whose scores differ in
 * known ways, and a store wired like the app's.
 */
import { createCore, type Core } from '../src/core/app.js';
import type { CatalogBuild, Evidence, Product } from '../src/core/domain.js';
import type { OutboxRepo, SubscriptionRepo } from '../src/core/alerts/ports.js';
import type { Db } from '../src/db/client.js';
import { openSqliteStore, type AnyStore, type SqliteStore } from '../src/db/store.js';

export interface ProductSpec {
  id: string;
  name: string;
  category?: string;
  type?: 'model' | 'product';
  /** drives the score: more downloads rank higher */
  downloads: number;
  stars?: number;
  promptPerToken?: number | null;
  pricing?: 'free' | 'freemium' | 'paid';
}

export function product(s: ProductSpec): Product {
  const prompt = s.promptPerToken === undefined ? 1e-6 : s.promptPerToken;
  return {
    id: s.id,
    name: s.name,
    aliases: [],
    type: s.type ?? 'model',
    vendor: 'Acme',
    category: s.category ?? 'Text models',
    description: `${s.name}, a test model`,
    url: null,
    pricing: {
      model: s.pricing ?? 'paid',
      startingPrice: prompt === null ? null : { amount: prompt, unit: 'per prompt token' },
      promptPerToken: prompt,
      completionPerToken: prompt === null ? null : prompt * 4,
    },
    contextLength: 128_000,
    inputModalities: ['text'],
    outputModalities: ['text'],
    supportedParameters: [],
    features: {},
    providers: ['openrouter'],
    capabilities: [],
    provenance: { sources: ['test'], fetchedAt: '2026-11-01' },
    offers: [], poweredBy: [], rivals: [], facts: [], repository: null,
  };
}

export function build(specs: ProductSpec[], date = '2026-11-01'): CatalogBuild {
  const evidence: Evidence[] = [];
  for (const s of specs) {
    evidence.push({ productId: s.id, kind: 'hf_downloads', value: s.downloads, source: 'huggingface', date });
    evidence.push({ productId: s.id, kind: 'github_stars', value: s.stars ?? s.downloads / 10, source: 'github', date });
    evidence.push({ productId: s.id, kind: 'providers', value: Math.max(1, Math.round(Math.log10(s.downloads + 1))), source: 'openrouter', date });
  }
  return { products: specs.map(product), evidence, sources: [{ id: 'test', name: 'Test data', date, licence: 'MIT' }] };
}

/** Version 1: six text models in download order a > b > c > d > e > f, and two coding products. */
export const V1: ProductSpec[] = [
  { id: 'acme/alpha', name: 'Alpha 1', downloads: 9_000_000 },
  { id: 'acme/bravo', name: 'Bravo 2', downloads: 5_000_000 },
  { id: 'acme/charlie', name: 'Charlie 3', downloads: 2_000_000 },
  { id: 'acme/delta', name: 'Delta 4', downloads: 800_000 },
  { id: 'acme/echo', name: 'Echo 5', downloads: 300_000 },
  { id: 'acme/foxtrot', name: 'Foxtrot 6', downloads: 100_000 },
  { id: 'tools/coder', name: 'Coder', category: 'Coding', type: 'product', downloads: 50_000 },
  { id: 'tools/pilot', name: 'Pilot', category: 'Coding', type: 'product', downloads: 20_000 },
];

/**
 * Version 2: Echo 5 jumps past Charlie 3 and Delta 4 (to #3), a new model "Golf 7" appears,
 * and Bravo 2 gets cheaper. Everything else keeps its downloads.
 */
export const V2: ProductSpec[] = V1.map((s) =>
  s.id === 'acme/echo' ? { ...s, downloads: 3_000_000 } : s.id === 'acme/bravo' ? { ...s, promptPerToken: 5e-7 } : s,
).concat([{ id: 'acme/golf', name: 'Golf 7', downloads: 150_000 }]);

export interface TestStore {
  db: Db;
  store: SqliteStore;
  core: Core;
  clock: { now: Date };
  subscriptions: SubscriptionRepo;
  outbox: OutboxRepo;
}

/** The same, on a store of either dialect (test/stores.ts opens it, and closes it after the test). */
export function alertStoreOn(store: AnyStore, start = new Date('2026-11-20T12:00:00Z')): DialectTestStore {
  const clock = { now: start };
  const core = createCore({
    catalog: store.catalog,
    matches: store.matches,
    scores: store.scores,
    alertRuns: store.alertRuns,
    subscriptions: store.subscriptions,
    now: () => clock.now,
  });
  return { store, core, clock, subscriptions: store.subscriptions, outbox: store.outbox };
}

export interface DialectTestStore extends Omit<TestStore, 'db' | 'store'> {
  store: AnyStore;
}

export function createStore(path = ':memory:', start = new Date('2026-11-20T12:00:00Z')): TestStore {
  const store = openSqliteStore(path);
  const clock = { now: start };
  const core = createCore({
    catalog: store.catalog,
    matches: store.matches,
    scores: store.scores,
    alertRuns: store.alertRuns,
    subscriptions: store.subscriptions,
    now: () => clock.now,
  });
  return { db: store.db, store, core, clock, subscriptions: store.subscriptions, outbox: store.outbox };
}

/** Subscription options that alert on any one-position move, at once. */
export const OPTS: SubscriptionOptions = {
  minChange: 1,
  minChangeUnit: 'positions',
  mode: 'instant',
  quietHours: null,
  timezone: 'UTC',
  cooldownMinutes: 0,
  confirm: false,
};

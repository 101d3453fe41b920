/**
 * The core service the commands run against: repositories plus the caches built from them
 * (resolver, product list, catalog meta). Platform-neutral and store-neutral.
 */
import type { AlertRunStore, RunAlertsResult, SubscriptionRepo } from './alerts/ports.js';
import type { CatalogBuild, DiscontinuedRecord, Product } from './domain.js';
import { discontinuedWords } from './format.js';
import { productNameKey } from '../importers/normalize.js';
import type { CatalogMeta, CatalogRepo, ChatStateStore, MatchRepo, ReplayStore, ScoreRepo } from './ports.js';
import { createMemoryReplayStore } from './replay.js';
import { createResolver, RESOLVER_LIMITS, type Resolver, type ResolverEntry } from './resolve/resolver.js';
import { SCORING_CONFIG } from './scoring/config.js';
import { withTies } from './scoring/engine.js';
import { runScoringOffLoop } from './scoring/worker.js';
import type { ProductScore } from './scoring/types.js';
import { isMentionOnly, sanitizeText } from './text.js';
import { withoutPurpose } from './search.js';
import type { ResolutionView } from './views.js';

export interface CoreDeps {
  catalog: CatalogRepo;
  matches: MatchRepo;
  scores: ScoreRepo;
  now?: () => Date;
  /** saves each scoring run with its diff and alerts in one transaction */
  alertRuns: AlertRunStore;
  subscriptions?: SubscriptionRepo;
  /** signed requests already handled (default: this process's memory) */
  seen?: ReplayStore;
  /** where the web pages are reached (PUBLIC_URL); views link to them when set */
  publicUrl?: string | null;
  /** button and menu state shared by every instance on the store (the adapters' action stores, src/chat/actions.ts) */
  chatState?: ChatStateStore;
}

export type NameResolution = { ok: true; product: Product } | { ok: false; view: ResolutionView };

export interface Core {
  readonly catalog: CatalogRepo;
  readonly matches: MatchRepo;
  readonly scores: ScoreRepo;
  /** channel subscriptions to rank-change alerts (null when the store has none) */
  readonly subscriptions: SubscriptionRepo | null;
  /** signed platform requests already handled, for replay detection */
  readonly seen: ReplayStore;
  /** where the web pages are reached (PUBLIC_URL), or null: views then carry no links */
  readonly publicUrl: string | null;
  /** button and menu state that does not fit a custom_id, shared by every instance (null: none) */
  readonly chatState: ChatStateStore | null;
  now(): Date;
  resolver(): Promise<Resolver>;
  meta(): Promise<CatalogMeta>;
  /** latest scores, for all products (cached until the next run) */
  latestScores(): Promise<Map<string, ProductScore>>;
  /** all products (cached until the next import) */
  products(): Promise<Product[]>;
  /** resolves a user-typed name for the option `field` */
  resolveName(field: string, query: string): Promise<NameResolution>;
  /** replaces the catalog and starts a scoring run */
  importCatalog(build: CatalogBuild): Promise<RunAlertsResult>;
  /** recomputes every score from the stored evidence and match events, and queues the alerts the run raises */
  score(): Promise<RunAlertsResult>;
  /** drops caches (after writes made outside this service) */
  invalidate(): void;
}

/** What the resolver knows of each product: names, and the latest score as popularity. */
export function resolverEntries(products: Product[], scores: Map<string, ProductScore>): ResolverEntry[] {
  return products.map((p) => ({
    id: p.id,
    name: p.name,
    aliases: p.aliases,
    vendor: p.vendor,
    type: p.type,
    popularity: scores.get(p.id)?.score ?? 0,
  }));
}

export function createCore(deps: CoreDeps): Core {
  const now = deps.now ?? (() => new Date());
  /** listings left out as no longer offered, by name key; read once per catalog, like the products */
  let discontinuedP: Promise<Map<string, DiscontinuedRecord>> | null = null;
  const discontinuedNamed = async (q: string): Promise<DiscontinuedRecord | null> => {
    const key = productNameKey(q);
    if (!key) return null;
    discontinuedP ??= deps.catalog.coverage().then((c) => {
      const byKey = new Map<string, DiscontinuedRecord>();
      for (const d of c?.discontinued ?? []) for (const k of [productNameKey(d.name), productNameKey(d.id)]) if (k && !byKey.has(k)) byKey.set(k, d);
      return byKey;
    });
    return (await discontinuedP).get(key) ?? null;
  };
  let resolverP: Promise<Resolver> | null = null;
  let productsP: Promise<Product[]> | null = null;
  let metaP: Promise<CatalogMeta> | null = null;
  let scoresP: Promise<Map<string, ProductScore>> | null = null;

  const core: Core = {
    catalog: deps.catalog,
    matches: deps.matches,
    scores: deps.scores,
    subscriptions: deps.subscriptions ?? null,
    seen: deps.seen ?? createMemoryReplayStore(),
    publicUrl: deps.publicUrl ?? null,
    chatState: deps.chatState ?? null,
    now,
    products() {
      productsP ??= deps.catalog.all();
      return productsP;
    },
    meta() {
      metaP ??= deps.catalog.meta();
      return metaP;
    },
    latestScores() {
      scoresP ??= deps.scores.latest().then(withTies);
      return scoresP;
    },
    resolver() {
      resolverP ??= (async () => {
        const [products, scores] = await Promise.all([core.products(), core.latestScores()]);
        return createResolver(resolverEntries(products, scores));
      })();
      return resolverP;
    },
    async resolveName(field, query) {
      const q = sanitizeText(query).trim();
      const fail = (status: ResolutionView['status'], shown: string, candidates: ResolutionView['candidates'], message: string) =>
        ({ ok: false, view: { kind: 'resolution', status, field, query: shown, candidates, message } }) as const;
      // "@here", "<@123>", "<!channel>": a mention names no product, and is never fuzzy-matched
      if (isMentionOnly(q)) {
        return fail('empty', '', [], `A mention is not a product name. Please give the name of a model or product for "${field}".`);
      }
      // an exact id (autocomplete choices and buttons carry ids) needs no matching
      if (q && q.length <= RESOLVER_LIMITS.maxQueryLength) {
        const byId = await deps.catalog.get(q);
        if (byId) return { ok: true, product: byId };
      }
      const resolver = await core.resolver();
      let result = resolver.resolve(q);
      // "chatgpt for coding": a purpose that names a capability is not part of the name, when the whole is no match
      const named = withoutPurpose(q);
      if (result.status !== 'match' && named !== q) {
        const again = resolver.resolve(named);
        if (again.status === 'match') result = again;
      }
      if (result.status === 'empty' || q === '') return fail('empty', '', [], `Please give a name for "${field}".`);
      const shown = q.length > 60 ? `${q.slice(0, 57)}...` : q;
      // "woebot": a listing left out as no longer offered is named as such, unless an entry bears that very name
      const exact = result.status === 'match' && result.match !== null && productNameKey(result.match.name) === productNameKey(q);
      const retired = exact ? null : await discontinuedNamed(q);
      if (retired) {
        return fail('none', shown, [], `${retired.name} is ${discontinuedWords(retired)}, so it is not in the catalog (source: ${retired.source}).`);
      }
      if (result.status === 'match' && result.match) {
        const product = await deps.catalog.get(result.match.id);
        if (product) return { ok: true, product };
      }
      if (result.status === 'ambiguous') {
        // one near miss ("chroma": Khroma) is offered, not chosen
        const message =
          result.candidates.length === 1
            ? `No product is called "${shown}". Did you mean this one?`
            : `"${shown}" matches several products. Did you mean one of these?`;
        return fail('ambiguous', shown, result.candidates, message);
      }
      return fail(
        'none',
        shown,
        result.candidates,
        result.candidates.length
          ? `No product matches "${shown}". The nearest names are listed below.`
          : `No product matches "${shown}". Try a shorter name, such as "llama" or "gemini".`,
      );
    },
    async importCatalog(build) {
      await deps.catalog.replaceAll(build);
      core.invalidate();
      return core.score();
    },
    async score() {
      const [products, evidence, edges] = await Promise.all([
        deps.catalog.all(),
        deps.catalog.evidence(),
        deps.matches.edges(now(), SCORING_CONFIG.matchGraph.halfLifeDays),
      ]);
      // large runs go to a worker thread, small ones run here in short slices
      const result = await runScoringOffLoop({
        products: products.map((p) => ({ id: p.id, type: p.type, category: p.category, name: p.name, poweredBy: p.poweredBy })),
        evidence,
        edges,
        at: now(),
      });
      const info = await deps.alertRuns.saveRunWithAlerts(result, products);
      core.invalidate();
      return info;
    },
    invalidate() {
      resolverP = null;
      productsP = null;
      metaP = null;
      scoresP = null;
      discontinuedP = null;
    },
  };
  return core;
}

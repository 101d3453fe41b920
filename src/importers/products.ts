import type { Evidence, PricingModel, Product } from '../core/domain.js';
import type { LoadedSources } from './load.js';
import { dedupeAliases, maxDate } from './models.js';
import { githubRepoOf, hostOf, huggingFaceRepoOf, productNameKey, slugify, urlKey } from './normalize.js';
import { SOURCE_SPECS, type SourceId } from './sources.js';

/** Snapshot date of the OSS Insight collections (github-ai-repos README). */
export const COLLECTIONS_DATE = '2026-04-20';

/** Hosts many unrelated repositories use as a homepage; a match there says nothing. */
const SHARED_HOSTS = ['github.com', 'linkedin.com', 'twitter.com', 'x.com', 'youtube.com', 'medium.com', 'discord.gg', 'huggingface.co', 'npmjs.com', 'pypi.org'];

type ListSource = 'awesome-generative-ai' | 'ai-tools-autoventure' | 'awesome-ai-tools';

interface ListEntry {
  source: ListSource;
  /** position in the merged input: list priority first, then file order */
  order: number;
  name: string;
  url: string;
  description: string;
  category: string;
  openSource: boolean;
  sourceCodeUrl: string | null;
  pricing: 'Free' | 'Free Trial' | null;
}

/** The display categories products are sorted into. */
export const PRODUCT_CATEGORIES = [
  'Chatbots', 'Coding', 'Agents', 'Image', 'Video', 'Audio', 'Writing', 'Search', 'Productivity',
  'Automation', 'Design', 'Research', 'Marketing', 'Business', 'Education', 'Other',
] as const;

const AWESOME_SUBCATEGORY: Record<string, string> = {
  chatbots: 'Chatbots',
  'custom interfaces': 'Chatbots',
  models: 'Chatbots',
  'search engines': 'Search',
  'local search engines': 'Search',
  'writing assistants': 'Writing',
  'other text generators': 'Writing',
  productivity: 'Productivity',
  'meeting assistants': 'Productivity',
  'chatgpt extensions': 'Productivity',
  academia: 'Research',
  leaderboards: 'Research',
  'customer support': 'Business',
  'developer tools': 'Coding',
  'graphic design': 'Design',
};

const AWESOME_CATEGORY: Record<string, string> = {
  text: 'Writing',
  coding: 'Coding',
  code: 'Coding',
  agents: 'Agents',
  image: 'Image',
  video: 'Video',
  audio: 'Audio',
  other: 'Other',
};

export function awesomeCategory(category: string, subcategory: string | null): string {
  const cat = category.toLowerCase();
  const sub = subcategory?.toLowerCase() ?? '';
  if (cat === 'coding' || cat === 'code') return 'Coding';
  if (cat === 'agents') return 'Agents';
  if (cat === 'image') return sub === 'graphic design' ? 'Design' : 'Image';
  if (cat === 'video' || cat === 'audio') return AWESOME_CATEGORY[cat];
  return AWESOME_SUBCATEGORY[sub] ?? AWESOME_CATEGORY[cat] ?? 'Other';
}

const AUTOVENTURE_CATEGORY: Record<string, string> = {
  automation: 'Automation',
  audio: 'Audio',
  code: 'Coding',
  video: 'Video',
  design: 'Design',
  'productivity to boost workflow': 'Productivity',
  chatbot: 'Chatbots',
  'image generators': 'Image',
  research: 'Research',
  writing: 'Writing',
  translation: 'Writing',
  meeting: 'Productivity',
  email: 'Productivity',
  data: 'Productivity',
  education: 'Education',
  'marketing for small business': 'Marketing',
  seo: 'Marketing',
  'social media': 'Marketing',
  ecommerce: 'Business',
  finance: 'Business',
  health: 'Business',
  'customer service': 'Business',
  hiring: 'Business',
  'real estate': 'Business',
  legal: 'Business',
};

export function autoVentureCategory(category: string): string {
  return AUTOVENTURE_CATEGORY[category.toLowerCase()] ?? 'Other';
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

function vendorFromDescription(name: string, descriptions: string[]): string | null {
  const key = productNameKey(name);
  for (const d of descriptions) {
    const m = /^(.+?) by ([A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,2})/.exec(d);
    if (m && productNameKey(m[1]) === key) return m[2].replace(/[.,]$/, '');
  }
  return null;
}

function mergeDescriptions(descriptions: string[]): string {
  const out: string[] = [];
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  for (const d of descriptions) {
    const t = d.trim();
    if (!t) continue;
    const n = norm(t);
    if (out.some((o) => norm(o).includes(n) || n.includes(norm(o)))) {
      const i = out.findIndex((o) => n.includes(norm(o)) && n.length > norm(o).length);
      if (i >= 0) out[i] = t;
      continue;
    }
    if (out.length < 3) out.push(t);
  }
  return out.map((d) => (/[.!?]$/.test(d) ? d : `${d}.`)).join(' ');
}

export interface ProductListBuild {
  products: Product[];
  evidence: Evidence[];
  /** product id -> github repos ("owner/repo", lower case) */
  repos: Map<string, string[]>;
}

/** The three product lists merged: de-duplicated by name and by URL host + path. */
export function buildProducts(src: LoadedSources): ProductListBuild {
  const { dates } = src;
  const entries: ListEntry[] = [];
  for (const p of src.awesomeGenerativeAi) {
    entries.push({
      source: 'awesome-generative-ai',
      order: entries.length,
      name: p.name.trim(),
      url: p.url,
      description: p.description,
      category: awesomeCategory(p.category, p.subcategory),
      openSource: p.open_source,
      sourceCodeUrl: p.source_code_url ?? null,
      pricing: null,
    });
  }
  for (const t of src.autoventure) {
    entries.push({
      source: 'ai-tools-autoventure',
      order: entries.length,
      name: t.name.trim(),
      url: t.website,
      description: t.description,
      category: autoVentureCategory(t.category),
      openSource: false,
      sourceCodeUrl: null,
      pricing: t.pricing,
    });
  }
  for (const p of src.awesomeAiTools) {
    entries.push({
      source: 'awesome-ai-tools',
      order: entries.length,
      name: p.name.trim(),
      url: p.url,
      description: p.description,
      category: awesomeCategory(p.category, p.subcategory),
      openSource: p.open_source,
      sourceCodeUrl: p.source_code_url ?? null,
      pricing: null,
    });
  }

  const uf = new UnionFind(entries.length);
  const byName = new Map<string, number>();
  const byUrl = new Map<string, number>();
  entries.forEach((e, i) => {
    const nk = productNameKey(e.name);
    if (nk.length >= 2) {
      const j = byName.get(nk);
      if (j === undefined) byName.set(nk, i);
      else uf.union(i, j);
    }
    const uk = urlKey(e.url);
    if (uk) {
      const j = byUrl.get(uk);
      if (j === undefined) byUrl.set(uk, i);
      else uf.union(i, j);
    }
  });
  const groups = new Map<number, ListEntry[]>();
  entries.forEach((e, i) => {
    const root = uf.find(i);
    const g = groups.get(root) ?? [];
    g.push(e);
    groups.set(root, g);
  });

  // repository facts
  const rankingStars = new Map<string, number>();
  for (const r of src.githubRanking) {
    const full = `${r.username}/${r.repo_name}`.toLowerCase();
    rankingStars.set(full, Math.max(rankingStars.get(full) ?? 0, r.stars));
  }
  const metaStars = new Map<string, { stars: number; fullName: string }>();
  const byHomepage = new Map<string, string>();
  for (const r of src.repoMetadata) {
    const full = r.fullName.toLowerCase();
    metaStars.set(full, { stars: r.stars, fullName: r.fullName });
    const home = r.homepageUrl ? urlKey(r.homepageUrl) : null;
    if (!home || SHARED_HOSTS.some((h) => home === h || home.startsWith(`${h}/`))) continue;
    if (!byHomepage.has(home)) byHomepage.set(home, full);
  }
  /** the repository whose homepage is exactly this product's page */
  const repoForUrl = (url: string): string | undefined => {
    const uk = urlKey(url);
    return uk ? byHomepage.get(uk) : undefined;
  };
  const collectionsOf = new Map<string, string[]>();
  for (const c of src.collections) {
    for (const item of c.items) {
      const full = item.toLowerCase();
      const list = collectionsOf.get(full) ?? [];
      if (!list.includes(c.name)) list.push(c.name);
      collectionsOf.set(full, list);
    }
  }
  const hf = new Map(src.huggingface.map((h) => [h.id.toLowerCase(), h]));

  const products: Product[] = [];
  const evidence: Evidence[] = [];
  const repos = new Map<string, string[]>();
  const usedIds = new Set<string>();
  const sorted = [...groups.values()].map((g) => g.sort((a, b) => a.order - b.order)).sort((a, b) => a[0].order - b[0].order);

  for (const group of sorted) {
    const primary = group[0];
    const name = primary.name;
    let id = slugify(name);
    if (usedIds.has(id)) {
      const host = hostOf(primary.url);
      const withHost = host ? `${id}-${slugify(host.replace(/\.[a-z]+$/, ''))}` : id;
      id = withHost;
      for (let n = 2; usedIds.has(id); n++) id = `${withHost}-${n}`;
    }
    usedIds.add(id);

    const lists = [...new Set(group.map((e) => e.source))] as ListSource[];
    const auto = group.find((e) => e.pricing !== null);
    const pricingModel: PricingModel | null = auto ? (auto.pricing === 'Free' ? 'free' : 'freemium') : null;
    const openSource = group.some((e) => e.openSource);
    const descriptions = group.map((e) => e.description);
    const category = group.find((e) => e.category !== 'Other')?.category ?? 'Other';

    const productRepos: string[] = [];
    for (const e of group) {
      for (const u of [e.url, e.sourceCodeUrl]) {
        const r = githubRepoOf(u);
        if (r && !productRepos.includes(r)) productRepos.push(r);
      }
      const viaHome = repoForUrl(e.url);
      if (viaHome && !productRepos.includes(viaHome)) productRepos.push(viaHome);
    }
    repos.set(id, productRepos);

    const contributed = new Set<SourceId>(lists);
    const features: Product['features'] = {};
    if (auto) features.freeTier = true;
    if (openSource) features.openSource = true;

    // evidence
    evidence.push({
      productId: id,
      kind: 'list_mentions',
      value: lists.length,
      source: [...lists].sort().join('+'),
      date: maxDate(lists.map((l) => dates[l])),
      detail: lists.map((l) => SOURCE_SPECS[l].name).join(', '),
    });
    let best: { repo: string; stars: number; source: SourceId } | null = null;
    for (const r of productRepos) {
      const fromRanking = rankingStars.get(r);
      const candidate =
        fromRanking !== undefined
          ? { repo: r, stars: fromRanking, source: 'github-ranking' as SourceId }
          : metaStars.has(r)
            ? { repo: metaStars.get(r)!.fullName, stars: metaStars.get(r)!.stars, source: 'github-ai-repos' as SourceId }
            : null;
      if (candidate && (!best || candidate.stars > best.stars)) best = candidate;
    }
    if (best) {
      evidence.push({ productId: id, kind: 'github_stars', value: best.stars, source: best.source, date: dates[best.source], detail: best.repo });
      contributed.add(best.source);
    }
    const collections = [...new Set(productRepos.flatMap((r) => collectionsOf.get(r) ?? []))].sort();
    if (collections.length) {
      evidence.push({
        productId: id,
        kind: 'integrations',
        value: collections.length,
        source: 'github-ai-repos',
        date: COLLECTIONS_DATE,
        detail: `OSS Insight collections: ${collections.join(', ')}`,
      });
      contributed.add('github-ai-repos');
    }
    const hfRepo = group.map((e) => huggingFaceRepoOf(e.url)).find((r) => r && hf.has(r));
    if (hfRepo) {
      const row = hf.get(hfRepo)!;
      evidence.push({ productId: id, kind: 'hf_downloads', value: row.downloads, source: 'huggingface', date: dates.huggingface, detail: row.id });
      evidence.push({ productId: id, kind: 'hf_likes', value: row.likes, source: 'huggingface', date: dates.huggingface, detail: row.id });
      contributed.add('huggingface');
    }

    const provSources = [...contributed].sort();
    products.push({
      id,
      name,
      aliases: dedupeAliases(name, group.slice(1).map((e) => e.name)),
      type: 'product',
      vendor: vendorFromDescription(name, descriptions),
      category,
      description: mergeDescriptions(descriptions),
      url: primary.url,
      pricing: { model: pricingModel, startingPrice: null, promptPerToken: null, completionPerToken: null },
      contextLength: null,
      inputModalities: [],
      outputModalities: [],
      supportedParameters: [],
      features,
      providers: [],
      capabilities: [],
      provenance: { sources: provSources, fetchedAt: maxDate(provSources.map((s) => dates[s])) },
      offers: [],
      poweredBy: [],
      rivals: [],
      facts: [],
      repository: null,
    });
  }
  return { products, evidence, repos };
}

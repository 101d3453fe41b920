import type { Evidence, Product } from '../core/domain.js';
import type { LoadedSources } from './load.js';
import { dedupeAliases, maxDate } from './models.js';
import { hostOf, huggingFaceRepoOf, productNameKey, slugify, urlKey } from './normalize.js';
import { listPricing } from './pricing.js';
import type { RepoIndex } from './repos.js';
import { SOURCE_SPECS, type SourceId } from './sources.js';

export { COLLECTIONS_DATE } from './repos.js';

export type ListSource = 'awesome-generative-ai' | 'ai-tools-autoventure' | 'awesome-ai-tools';

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
  'Chatbots', 'Coding', 'Developer tools', 'Agents', 'Image', 'Video', 'Audio', 'Writing', 'Search', 'Productivity',
  'Automation', 'Design', 'Research', 'Marketing', 'Customer support', 'Finance', 'Ecommerce', 'Hiring', 'Legal',
  'Real estate', 'Health', 'Education', 'Other',
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
  'customer support': 'Customer support',
  // tools for building with models (frameworks, observability, local runtimes), not for writing code
  'developer tools': 'Developer tools',
  'local llm deployment': 'Developer tools',
  playgrounds: 'Developer tools',
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
  if (cat === 'coding' || cat === 'code') return AWESOME_SUBCATEGORY[sub] === 'Developer tools' ? 'Developer tools' : 'Coding';
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
  ecommerce: 'Ecommerce',
  finance: 'Finance',
  health: 'Health',
  'customer service': 'Customer support',
  hiring: 'Hiring',
  'real estate': 'Real estate',
  legal: 'Legal',
};

/**
 * Categories that say how a product works or nothing at all, not the job it does: a listing with a
 * job category wins over them ("Agents" in one list and "Coding" in another is a coding tool).
 */
const BROAD_CATEGORIES: ReadonlySet<string> = new Set(['Other', 'Agents']);

/** The category of a product listed several times: the first job category, else the first that is not "Other". */
export function listingCategory(categories: readonly string[]): string {
  return categories.find((c) => !BROAD_CATEGORIES.has(c)) ?? categories.find((c) => c !== 'Other') ?? 'Other';
}

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

/** Share of the shorter text's words the other one also has, at which two listings say the same thing. */
const SAME_DESCRIPTION_WORDS = 0.85;

/** Two lists' wordings of one sentence ("a clone which uses" / "a clone that uses") are one description. */
function sameDescription(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return true;
  const wa = new Set(a.split(' '));
  const wb = new Set(b.split(' '));
  const [small, large] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return small.size >= 4 && shared / small.size >= SAME_DESCRIPTION_WORDS;
}

function mergeDescriptions(descriptions: string[]): string {
  const out: string[] = [];
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  for (const d of descriptions) {
    const t = d.trim();
    if (!t) continue;
    const n = norm(t);
    const same = out.findIndex((o) => sameDescription(norm(o), n));
    if (same >= 0) {
      // the longer wording stays
      if (n.length > norm(out[same]!).length) out[same] = t;
      continue;
    }
    if (out.length < 3) out.push(t);
  }
  return out.map((d) => (/[.!?]$/.test(d) ? d : `${d}.`)).join(' ');
}

/** Where one list row went: the product it became (primary) or was merged into. */
export interface ListingPlacement {
  source: ListSource;
  name: string;
  productId: string;
  /** the row that named the product; false for rows merged into another row's product */
  primary: boolean;
}

export interface ProductListBuild {
  products: Product[];
  evidence: Evidence[];
  /** every list row, in input order, with the product it ended up in */
  placements: ListingPlacement[];
}

/**
 * The three product lists merged: de-duplicated by name and by URL host + path. Pricing follows src/importers/pricing.ts;
 * each product's repository is found by URL through `repos` (its stars are joined later, by joinRepositories).
 */
export function buildProducts(src: LoadedSources, repos: RepoIndex): ProductListBuild {
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

  const hf = new Map(src.huggingface.map((h) => [h.id.toLowerCase(), h]));

  const products: Product[] = [];
  const evidence: Evidence[] = [];
  const placements: ListingPlacement[] = [];
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
    const openSource = group.some((e) => e.openSource);
    const pricing = listPricing({ label: auto?.pricing ?? null, description: auto?.description ?? '', openSourceFlag: openSource });
    const descriptions = group.map((e) => e.description);
    const category = listingCategory(group.map((e) => e.category));

    const repository = repos.repositoryFor(
      group.flatMap((e) => [e.url, e.sourceCodeUrl]),
      group.map((e) => e.name),
    );
    for (const e of group) placements.push({ source: e.source, name: e.name, productId: id, primary: e === primary });

    const contributed = new Set<SourceId>(lists);
    const features: Product['features'] = {};
    if (pricing.freeTier !== undefined) features.freeTier = pricing.freeTier;
    if (pricing.freeTrial !== undefined) features.freeTrial = pricing.freeTrial;
    if (openSource || pricing.model === 'open-source') features.openSource = true;

    // evidence
    evidence.push({
      productId: id,
      kind: 'list_mentions',
      value: lists.length,
      source: [...lists].sort().join('+'),
      date: maxDate(lists.map((l) => dates[l])),
      detail: lists.map((l) => SOURCE_SPECS[l].name).join(', '),
    });
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
      pricing: { model: pricing.model, startingPrice: pricing.startingPrice, promptPerToken: null, completionPerToken: null },
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
      repository,
    });
  }
  return { products, evidence, placements };
}

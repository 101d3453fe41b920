/**
 * GitHub repositories joined to products by URL: a github.com link in a list (product URL or source-code URL), a
 * repository whose homepage is the product's page, a repository on the product's own host with the product's name,
 * a repository named like its owner, the product and the product's site (chatwoot/chatwoot for chatwoot.com), or a
 * curated repository fact. Renamed repositories are followed through data/curated/repo-renames.json, so an
 * old URL (github.com/comfyanonymous/ComfyUI) finds the stars the ranking lists under the new name
 * (Comfy-Org/ComfyUI). The join writes the stars and OSS Insight collection evidence and Product.repository.
 */
import { NO_FILE, readJsonFile } from './load.js';
import { z } from 'zod';
import type { Evidence, Product } from '../core/domain.js';
import { ImportValidationError, type RowError } from './errors.js';
import type { LoadedSources } from './load.js';
import { githubRepoOf, productNameKey, urlKey } from './normalize.js';
import type { SourceId } from './sources.js';
import { fileError, isoDate, issuesToErrors } from './validate.js';

/** Snapshot date of the OSS Insight collections (github-ai-repos README). */
export const COLLECTIONS_DATE = '2026-04-20';

/** Hosts many unrelated repositories use as a homepage; a match there says nothing. */
export const SHARED_HOSTS = ['github.com', 'linkedin.com', 'twitter.com', 'x.com', 'youtube.com', 'medium.com', 'discord.gg', 'huggingface.co', 'npmjs.com', 'pypi.org'];

/** A repository looks like an AI tool when its name, description or topics say so (for the coverage report). */
const AI_TEXT =
  /\b(?:ai|llms?|gpt|agents?|agentic|diffusion|machine learning|deep learning|neural|transformers?|language models?|chat ?bots?|rag|mcp|inference|embeddings?|whisper|copilot|claude|openai|gemini|ollama|stable diffusion|text-to-speech|speech-to-text)\b/i;

const ownerRepo = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected "owner/repo"');

export const repoRenameSchema = z.strictObject({
  /** the old "owner/repo" */
  from: ownerRepo,
  /** the current "owner/repo" */
  to: ownerRepo,
  /** a page that shows the rename */
  source: z.url(),
  checked: isoDate,
  note: z.string().optional(),
});

const renamesFileSchema = z.strictObject({ description: z.string().optional(), renames: z.array(z.unknown()) });

export type RepoRename = z.output<typeof repoRenameSchema>;

/** Validates the rename table: every row, then no duplicate "from" and no cycles. */
export function parseRepoRenames(raw: unknown): { rows: RepoRename[]; errors: RowError[] } {
  const top = renamesFileSchema.safeParse(raw);
  if (!top.success) return { rows: [], errors: fileError('expected { renames: [...] }', top.error) };
  const rows: RepoRename[] = [];
  const errors: RowError[] = [];
  top.data.renames.forEach((item, i) => {
    const r = repoRenameSchema.safeParse(item);
    if (!r.success) return errors.push(...issuesToErrors(i, r.error));
    if (r.data.from.toLowerCase() === r.data.to.toLowerCase()) return errors.push({ row: i, path: 'to', message: 'a rename must change the name' });
    if (rows.some((x) => x.from.toLowerCase() === r.data.from.toLowerCase())) return errors.push({ row: i, path: 'from', message: `"${r.data.from}" is renamed twice` });
    rows.push(r.data);
  });
  const next = new Map(rows.map((r) => [r.from.toLowerCase(), r.to.toLowerCase()]));
  rows.forEach((r, i) => {
    const seen = new Set<string>();
    for (let k: string | undefined = r.from.toLowerCase(); k !== undefined; k = next.get(k)) {
      if (seen.has(k)) {
        errors.push({ row: i, path: 'to', message: `renames of "${r.from}" form a cycle` });
        break;
      }
      seen.add(k);
    }
  });
  return errors.length ? { rows: [], errors } : { rows, errors };
}

/** Reads and validates the rename table; a missing file means no renames. */
export function loadRepoRenames(path: string): RepoRename[] {
  const raw = readJsonFile('repo-renames', path, { missing: NO_FILE });
  if (raw === NO_FILE) return [];
  const { rows, errors } = parseRepoRenames(raw);
  if (errors.length) throw new ImportValidationError('repo-renames', errors);
  return rows;
}

/** "Owner/Repo" as written in a github.com URL (case kept), or null. */
export function githubFullName(url: string | null | undefined): string | null {
  const key = githubRepoOf(url);
  if (!key || !url) return null;
  const m = /github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/i.exec(url);
  return m ? `${m[1]}/${m[2]!.replace(/\.git$/i, '')}` : key;
}

export interface RepoRecord {
  /** "Owner/Repo" as the source spells it */
  fullName: string;
  stars: number;
  /** the newer source wins: the GitHub ranking (2026-08) over the AI repository metadata (2026-05) */
  source: Extract<SourceId, 'github-ranking' | 'github-ai-repos'>;
  homepage: string | null;
  /** name, description and topics say it is an AI tool */
  looksLikeAi: boolean;
}

/** Every repository the GitHub sources know, by lower-case "owner/repo", with renames followed. */
export class RepoIndex {
  readonly records = new Map<string, RepoRecord>();
  private readonly renames = new Map<string, string>();
  private readonly byHomepage = new Map<string, string>();
  private readonly byHost = new Map<string, string[]>();
  private readonly collections = new Map<string, string[]>();
  /** repositories named like their owner ("chatwoot/chatwoot"), by that name's key */
  private readonly selfNamed = new Map<string, string[]>();

  constructor(src: Pick<LoadedSources, 'githubRanking' | 'repoMetadata' | 'collections'>, renames: RepoRename[]) {
    for (const r of renames) this.renames.set(r.from.toLowerCase(), r.to.toLowerCase());
    for (const r of src.repoMetadata) {
      const key = this.canonical(r.fullName);
      const text = [r.fullName, r.description ?? '', ...r.topics].join(' ');
      this.records.set(key, { fullName: r.fullName, stars: r.stars, source: 'github-ai-repos', homepage: r.homepageUrl ?? null, looksLikeAi: AI_TEXT.test(text) });
      const home = r.homepageUrl ? urlKey(r.homepageUrl) : null;
      if (!home || SHARED_HOSTS.some((h) => home === h || home.startsWith(`${h}/`) || home.split('/')[0]!.endsWith(`.${h}`))) continue;
      if (!this.byHomepage.has(home)) this.byHomepage.set(home, key);
      const host = home.split('/')[0]!;
      const list = this.byHost.get(host) ?? [];
      if (!list.includes(key)) list.push(key);
      this.byHost.set(host, list);
    }
    for (const r of src.githubRanking) {
      const fullName = `${r.username}/${r.repo_name}`;
      const key = this.canonical(fullName);
      const meta = this.records.get(key);
      if (meta?.source === 'github-ranking' && meta.stars >= r.stars) continue;
      this.records.set(key, {
        fullName,
        stars: r.stars,
        source: 'github-ranking',
        homepage: meta?.homepage ?? null,
        looksLikeAi: meta?.looksLikeAi || AI_TEXT.test(`${r.repo_name} ${r.description}`),
      });
    }
    for (const [key, r] of this.records) {
      const [owner, name] = key.split('/') as [string, string];
      const k = productNameKey(name);
      if (k.length < 4 || productNameKey(owner) !== k) continue;
      this.selfNamed.set(k, [...(this.selfNamed.get(k) ?? []), r.fullName]);
    }
    for (const c of src.collections) {
      for (const item of c.items) {
        const key = this.canonical(item);
        const list = this.collections.get(key) ?? [];
        if (!list.includes(c.name)) list.push(c.name);
        this.collections.set(key, list);
      }
    }
  }

  /** lower-case "owner/repo" with renames followed */
  canonical(fullName: string): string {
    let key = fullName.toLowerCase();
    for (let i = 0; i < 10 && this.renames.has(key); i++) key = this.renames.get(key)!;
    return key;
  }

  get(fullName: string): RepoRecord | undefined {
    return this.records.get(this.canonical(fullName));
  }

  collectionsOf(fullName: string): string[] {
    return this.collections.get(this.canonical(fullName)) ?? [];
  }

  /** "Owner/Repo" as the sources spell it (renames followed), or as given when no source knows it */
  displayName(fullName: string): string {
    return this.get(fullName)?.fullName ?? (this.renames.has(fullName.toLowerCase()) ? this.canonical(fullName) : fullName);
  }

  /**
   * The repository of a product, from its URLs and names: github.com links first, then a repository whose homepage is
   * exactly one of the URLs, then one on the URL's own host whose name is the product's name, then the one repository
   * named like its owner, the site and the product ("chatwoot/chatwoot" for Chatwoot at chatwoot.com). Among several, the one
   * with the most stars; a github.com link no source knows is kept when nothing better is found.
   */
  repositoryFor(urls: Array<string | null | undefined>, names: string[]): string | null {
    const candidates: string[] = [];
    const add = (fullName: string) => {
      if (!candidates.some((c) => this.canonical(c) === this.canonical(fullName))) candidates.push(fullName);
    };
    for (const u of urls) {
      const gh = githubFullName(u);
      if (gh) add(gh);
    }
    const nameKeys = new Set(names.map(productNameKey).filter((k) => k.length >= 3));
    for (const u of urls) {
      const key = u ? urlKey(u) : null;
      if (!key) continue;
      const exact = this.byHomepage.get(key);
      if (exact) add(exact);
      // chatwoot.com and "Chatwoot": the repository chatwoot/chatwoot, when it is the only one so named
      const label = siteLabel(key);
      const own = label && nameKeys.has(label) ? (this.selfNamed.get(label) ?? []) : [];
      if (own.length === 1) add(own[0]!);
      if (key.includes('/')) continue;
      const onHost = (this.byHost.get(key) ?? []).filter((k) => nameKeys.has(productNameKey(k.slice(k.indexOf('/') + 1))));
      if (onHost.length === 1) add(onHost[0]!);
    }
    let best: string | null = null;
    let bestStars = -1;
    for (const c of candidates) {
      const stars = this.get(c)?.stars ?? -1;
      if (best === null || stars > bestStars) (best = c), (bestStars = stars);
    }
    return best === null ? null : this.displayName(best);
  }
}

/** The name a site goes by: "chatwoot" for chatwoot.com or app.chatwoot.com, "screamingfrog" for screamingfrog.co.uk. */
export function siteLabel(host: string): string | null {
  const labels = host.split('/')[0]!.split('.');
  if (labels.length < 2) return null;
  const second = labels.length >= 3 && /^(?:co|com|org|net|ac)$/.test(labels[labels.length - 2]!) ? labels.length - 3 : labels.length - 2;
  return labels[second]!.replace(/[^a-z0-9]/g, '') || null;
}

export interface RepoJoin {
  evidence: Evidence[];
  /** canonical keys of the repositories joined to a product */
  joined: Set<string>;
}

/**
 * Stars and OSS Insight collections for every product with a repository (set by the lists, or by a curated fact).
 * Product.repository is rewritten to the current "Owner/Repo" when the repository was renamed. Adds the GitHub
 * sources to the product's provenance.
 */
export function joinRepositories(products: Product[], index: RepoIndex, dates: Record<SourceId, string>): RepoJoin {
  const evidence: Evidence[] = [];
  const joined = new Set<string>();
  for (const p of products) {
    if (!p.repository) continue;
    p.repository = index.displayName(p.repository);
    const key = index.canonical(p.repository);
    const contributed = new Set<SourceId>();
    const rec = index.get(key);
    if (rec) {
      joined.add(key);
      evidence.push({ productId: p.id, kind: 'github_stars', value: rec.stars, source: rec.source, date: dates[rec.source], detail: rec.fullName });
      contributed.add(rec.source);
    }
    const collections = index.collectionsOf(key).sort();
    if (collections.length) {
      joined.add(key);
      evidence.push({
        productId: p.id,
        kind: 'integrations',
        value: collections.length,
        source: 'github-ai-repos',
        date: COLLECTIONS_DATE,
        detail: `OSS Insight collections: ${collections.join(', ')}`,
      });
      contributed.add('github-ai-repos');
    }
    if (contributed.size) {
      const sources = new Set([...p.provenance.sources, ...contributed]);
      p.provenance = {
        sources: [...sources].sort(),
        fetchedAt: [...contributed].reduce((max, s) => (dates[s] > max ? dates[s] : max), p.provenance.fetchedAt),
      };
    }
  }
  return { evidence, joined };
}

/** Repositories that look like AI tools and joined no product, most stars first. */
export function unjoinedAiRepos(index: RepoIndex, joined: Set<string>): RepoRecord[] {
  return [...index.records.entries()]
    .filter(([key, r]) => r.looksLikeAi && !joined.has(key))
    .map(([, r]) => r)
    .sort((a, b) => b.stars - a.stars || a.fullName.localeCompare(b.fullName));
}

/**
 * Entity resolution: one catalog entry per real thing.
 *
 * Runs on the built catalog (after curated facts and arena matching), in place:
 *  1. routers (OpenRouter's own routers, any "... Router", `~` aliases whose model cannot be found) get type 'router';
 *  2. OpenRouter routes of one model become offers of its base entry: `:free` copies, `~vendor/family-latest`
 *     aliases, dated snapshots (`-2024-11-20`, `-0528`) and variants the listing itself calls a variant or
 *     "the same model as" its base. Only when the base entry exists;
 *  3. a product listing whose name is exactly a model's name merges into the model (never a brand name);
 *  4. products merge by the curated table (data/curated/merges.json) and by name key or URL.
 * A merged entry's id and names become aliases of the survivor and its evidence moves there; rows of one series
 * (same kind, source and detail) are kept once, list mentions are recounted over the union of lists.
 */
import { readJsonFile } from './load.js';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { normalise } from '../core/resolve/normalize.js';
import { SCORING_CONFIG, signalOfKind } from '../core/scoring/config.js';
import type { Evidence, EvidenceKind, Offer, Product } from '../core/domain.js';
import { ImportValidationError, type RowError } from './errors.js';
import { maxDate } from './models.js';
import { productNameKey, urlKey } from './normalize.js';
import { listingCategory } from './products.js';
import { SOURCE_SPECS, type SourceId } from './sources.js';
import { fileError, isoDate, issuesToErrors } from './validate.js';

/** data/curated/merges.json inside the project. */
export const DEFAULT_MERGES_PATH = fileURLToPath(new URL('../../data/curated/merges.json', import.meta.url));

/** The category routers are listed under. */
export const ROUTER_CATEGORY = 'Routers';

/**
 * Product names that are brands or apps, never merged into a model of a similar name ("Gemini" the app is not
 * a Gemini model). Compared after `normalise`.
 */
export const PRODUCT_BRANDS: readonly string[] = [
  'ChatGPT', 'Claude', 'Gemini', 'Grok', 'DeepSeek', 'Mistral', 'Qwen', 'Llama', 'Kimi', 'Copilot', 'Perplexity',
  'Meta AI', 'Le Chat', 'Pi', 'Command', 'Phi', 'Gemma', 'Nova', 'Sonar', 'MiniMax', 'GLM',
];

// ---------------------------------------------------------------------------------------------
// the curated merge table

const mergeEntrySchema = z
  .strictObject({
    /** id of the entry that disappears */
    from: z.string().min(1),
    /** id of the entry that stays */
    into: z.string().min(1),
    /** why these are one thing, in words a reader can check */
    reason: z.string().min(20),
    /** rename: a fact about the world (needs the page it was checked against); same-product: the listings show it */
    basis: z.enum(['rename', 'same-product']),
    source: z.url().optional(),
    /** ISO date the source was checked */
    checked: isoDate.optional(),
  })
  .refine((m) => m.from !== m.into, { message: 'from and into are the same id', path: ['into'] })
  .refine((m) => m.basis !== 'rename' || (m.source !== undefined && m.checked !== undefined), {
    message: 'a rename needs the source URL it was checked against and the date (checked)',
    path: ['source'],
  });

export const mergeFileSchema = z.strictObject({
  description: z.string().optional(),
  date: isoDate,
  merges: z.array(mergeEntrySchema),
});

export type MergeEntry = z.output<typeof mergeEntrySchema>;
export type MergeFile = z.output<typeof mergeFileSchema>;

export function parseMerges(raw: unknown): { data: MergeFile | null; errors: RowError[] } {
  const top = z.looseObject({ merges: z.array(z.unknown()) }).safeParse(raw);
  if (!top.success) return { data: null, errors: fileError('expected { date, merges: [...] }', top.error) };
  const errors: RowError[] = [];
  const seen = new Set<string>();
  top.data.merges.forEach((m, i) => {
    const r = mergeEntrySchema.safeParse(m);
    if (!r.success) errors.push(...issuesToErrors(i, r.error));
    else if (seen.has(r.data.from)) errors.push({ row: i, path: 'from', message: `"${r.data.from}" is merged twice` });
    else seen.add(r.data.from);
  });
  if (errors.length) return { data: null, errors };
  const r = mergeFileSchema.safeParse(raw);
  if (!r.success) return { data: null, errors: fileError('invalid merge table', r.error) };
  return { data: r.data, errors: [] };
}

export function loadMerges(path: string = DEFAULT_MERGES_PATH): MergeFile {
  const { data, errors } = parseMerges(readJsonFile('merges', path));
  if (!data) throw new ImportValidationError('merges', errors);
  return data;
}

// ---------------------------------------------------------------------------------------------
// report

/** How an entry came to be merged. */
export type MergeRule = Offer['kind'] | 'model-name' | 'product-name' | 'product-url' | 'table';

export interface MergeRecord {
  from: string;
  into: string;
  rule: MergeRule;
  reason: string;
}

/** An evidence row the merge did not keep as it was, and the row that now carries it. */
export interface DroppedEvidence {
  row: Evidence;
  /** 'same-series': another row of the same series on the survivor was kept; 'max-kind': the kind counts only its
   * largest row; 'lists-combined': folded into one list-mentions row over the union of lists */
  why: 'same-series' | 'max-kind' | 'lists-combined';
  keptBy: Evidence;
}

export interface EntityReport {
  before: Record<Product['type'], number>;
  after: Record<Product['type'], number>;
  offers: Record<Offer['kind'], number>;
  routers: string[];
  merges: MergeRecord[];
  /** entries that looked like another entry's copy but stayed separate, and why */
  separate: Array<{ id: string; reason: string }>;
  evidence: { before: number; after: number; dropped: DroppedEvidence[] };
  /** aliases not carried over because they are another entry's name */
  skippedAliases: Array<{ id: string; alias: string; owner: string }>;
  /** lines of the curated table left out because an entry they name is gone (lenient builds only) */
  skippedMerges: RowError[];
}

export interface ResolveOptions {
  /**
   * A build over a fresh download of one source may no longer have an entry the curated table names: such a
   * line is left out and reported instead of blocking the refresh. The bundled build is strict.
   */
  lenient?: boolean;
}

// ---------------------------------------------------------------------------------------------
// OpenRouter routes of one model

const OFFER_ORDER: Offer['kind'][] = ['free', 'alias', 'snapshot', 'variant'];
/** date-like suffix of an OpenRouter id: -2024-11-20, -20240620, -09-2025, -05-06, -0528, -2407 */
const DATE_SUFFIX = /-(\d{4}-\d{2}-\d{2}|\d{8}|\d{2}-\d{4}|\d{2}-\d{2}|\d{4})$/;
/** the listing says it is the same model as another route (served differently) */
const SAME_MODEL_TEXT = /\bsame model as\b|\bidentical capabilities\b/i;
/** the listing says it is a variant of another model: the same model only at the same prices and context */
const VARIANT_TEXT = /\bvariant of\b/i;
const ROUTER_NAME = /\brouter\b/i;

function stripVendor(name: string): string {
  const i = name.indexOf(': ');
  return i > 0 && i < 30 ? name.slice(i + 2) : name;
}

/** Name words without bracketed text, dates and (optionally) "preview": "GPT-4o (2024-11-20)" -> "gpt 4o". */
function nameCore(name: string, dropPreview: boolean): string {
  return normalise(stripVendor(name).replace(/\([^)]*\)/g, ' '))
    .split(' ')
    .filter((t) => !/^\d{2}$|^\d{4}$|^\d{8}$/.test(t) && !(dropPreview && t === 'preview'))
    .join(' ');
}

/** Numbers in an id tail, for "newest in family": "claude-opus-4.7" -> [4, 7]. */
function versionOf(id: string): number[] {
  return (id.slice(id.indexOf('/') + 1).match(/\d+/g) ?? []).map(Number);
}

function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d) return d;
  }
  return 0;
}

/** Words of an id tail that are not numbers or "preview": "gemini-3.1-pro-preview" -> "gemini pro". */
function familyWords(tail: string): string {
  return tail
    .split(/[-.]/)
    .filter((t) => t && !/\d/.test(t) && t !== 'preview' && t !== 'latest')
    .join(' ');
}

function samePrice(a: Product, b: Product): boolean {
  return a.pricing.promptPerToken === b.pricing.promptPerToken && a.pricing.completionPerToken === b.pricing.completionPerToken;
}

interface Link {
  base: string;
  kind: Offer['kind'];
  reason: string;
}

/**
 * The model a `~vendor/family-latest` alias points to: the newest model of that vendor and family (same words in
 * its id apart from numbers and "preview") at exactly the alias's prices, preferring the same context length.
 */
function aliasTarget(alias: Product, models: Product[]): Product | null {
  const id = alias.id.slice(1);
  const vendor = id.slice(0, id.indexOf('/'));
  const family = familyWords(id.slice(id.indexOf('/') + 1));
  if (!family || alias.pricing.promptPerToken === null) return null;
  const candidates = models.filter(
    (m) => m.id.startsWith(`${vendor}/`) && !m.id.includes(':') && familyWords(m.id.slice(vendor.length + 1)) === family && samePrice(m, alias),
  );
  const sameContext = candidates.filter((m) => m.contextLength === alias.contextLength);
  const pool = sameContext.length ? sameContext : candidates;
  pool.sort((a, b) => compareVersions(versionOf(b.id), versionOf(a.id)) || a.id.localeCompare(b.id));
  return pool[0] ?? null;
}

function isRouter(p: Product): boolean {
  if (p.type !== 'model') return false;
  if (ROUTER_NAME.test(p.name)) return true;
  return p.id.startsWith('openrouter/') && (p.pricing.promptPerToken === null || /\brout(er|es|ed|ing)\b/i.test(p.description));
}

/** Offer links of OpenRouter routes to their base entries, and what stayed separate. */
function offerLinks(models: Product[], separate: EntityReport['separate']): Map<string, Link> {
  const byId = new Map(models.map((m) => [m.id, m]));
  const links = new Map<string, Link>();
  for (const m of models) {
    const colon = m.id.lastIndexOf(':');
    if (colon > 0) {
      const base = m.id.slice(0, colon);
      const kind = m.id.slice(colon + 1) === 'free' ? 'free' : 'variant';
      if (byId.has(base)) links.set(m.id, { base, kind, reason: kind === 'free' ? 'free route of the same model' : `"${m.id.slice(colon + 1)}" route of the same model` });
      else separate.push({ id: m.id, reason: `no base entry "${base}" in the catalog` });
      continue;
    }
    if (m.id.startsWith('~')) {
      const target = aliasTarget(m, models);
      if (target) links.set(m.id, { base: target.id, kind: 'alias', reason: `newest ${familyWords(m.id.slice(m.id.indexOf('/') + 1))} model at the alias's prices` });
      else separate.push({ id: m.id, reason: 'alias whose current model cannot be told from the data: listed as a router' });
      continue;
    }
    const date = DATE_SUFFIX.exec(m.id);
    if (date) {
      const stem = m.id.slice(0, date.index);
      const bases = stem.endsWith('-preview') ? [stem, stem.slice(0, -'-preview'.length)] : [stem];
      const base = bases.find((b) => byId.has(b));
      if (base) {
        const dropPreview = base !== stem;
        if (nameCore(m.name, dropPreview) === nameCore(byId.get(base)!.name, dropPreview)) {
          links.set(m.id, { base, kind: 'snapshot', reason: `dated snapshot (${date[1]}) of the same name` });
        } else {
          separate.push({ id: m.id, reason: `named "${m.name}", not a dated "${byId.get(base)!.name}": a different model` });
        }
        continue;
      }
    }
    const sameModel = SAME_MODEL_TEXT.test(m.description);
    if (sameModel || VARIANT_TEXT.test(m.description)) {
      const base = [...byId.keys()].filter((b) => m.id.startsWith(`${b}-`)).sort((a, b) => b.length - a.length)[0];
      if (!base) continue;
      const b = byId.get(base)!;
      if (sameModel) links.set(m.id, { base, kind: 'variant', reason: 'its listing says it is the same model as the base' });
      else if (samePrice(m, b) && m.contextLength === b.contextLength) {
        links.set(m.id, { base, kind: 'variant', reason: 'its listing calls it a variant of the base, at the same prices and context' });
      } else separate.push({ id: m.id, reason: `its listing calls it a variant of "${b.name}", but prices or context differ: a different model` });
    }
  }
  return links;
}

// ---------------------------------------------------------------------------------------------
// merging

function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
}

class Merger {
  private readonly byId: Map<string, Product>;
  /** normalised name or stated alias -> ids of the entries that state it */
  private readonly owners = new Map<string, Set<string>>();
  readonly into = new Map<string, string>();
  readonly records: MergeRecord[] = [];
  readonly skippedAliases: EntityReport['skippedAliases'] = [];

  constructor(products: Product[]) {
    this.byId = new Map(products.map((p) => [p.id, p]));
    for (const p of products) for (const n of [p.name, ...p.aliases]) this.own(normalise(n), p.id);
  }

  private own(key: string, id: string): void {
    const set = this.owners.get(key) ?? new Set<string>();
    set.add(id);
    this.owners.set(key, set);
  }

  get(id: string): Product | undefined {
    return this.byId.get(id);
  }

  /** the entry `id` ended up in */
  survivor(id: string): string {
    let cur = id;
    for (let guard = 0; this.into.has(cur) && guard < 100; guard++) cur = this.into.get(cur)!;
    return cur;
  }

  merge(fromId: string, intoId: string, rule: MergeRule, reason: string, offer?: Offer['kind']): void {
    const from = this.byId.get(fromId)!;
    const into = this.byId.get(this.survivor(intoId))!;
    if (from === into) return;
    this.into.set(from.id, into.id);
    this.records.push({ from: from.id, into: into.id, rule, reason });

    const taken = new Set([into.name, ...into.aliases].map((a) => a.toLowerCase()));
    for (const alias of [from.name, from.id, ...from.aliases]) {
      const t = alias.trim();
      if (!t || taken.has(t.toLowerCase())) continue;
      const owners = [...(this.owners.get(normalise(t)) ?? [])].filter((o) => this.survivor(o) !== into.id && o !== from.id);
      if (owners.length) {
        this.skippedAliases.push({ id: into.id, alias: t, owner: owners[0] });
        continue;
      }
      taken.add(t.toLowerCase());
      into.aliases.push(t);
      this.own(normalise(t), into.id);
    }
    if (offer) {
      into.offers.push({
        id: from.id,
        name: from.name,
        kind: offer,
        promptPerToken: from.pricing.promptPerToken,
        completionPerToken: from.pricing.completionPerToken,
      });
    }
    into.offers.push(...from.offers);
    into.offers = uniqueBy(into.offers, (o) => o.id).sort(
      (a, b) => OFFER_ORDER.indexOf(a.kind) - OFFER_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id),
    );
    if (offer === 'free') into.features.freeTier = true;
    if (into.type === 'product' && from.type === 'product') {
      for (const k of ['freeTier', 'openSource', 'openWeights'] as const) if (from.features[k] && into.features[k] === undefined) into.features[k] = true;
      if (into.pricing.model === null) into.pricing = { ...from.pricing };
      into.category = listingCategory([into.category, from.category]);
    }
    into.vendor ??= from.vendor;
    into.url ??= from.url;
    into.repository ??= from.repository;
    if (!into.description) into.description = from.description;
    into.poweredBy = uniqueBy([...into.poweredBy, ...from.poweredBy], (x) => x.modelId);
    into.rivals = uniqueBy([...into.rivals, ...from.rivals], (x) => x.id).filter((r) => r.id !== into.id);
    into.facts = uniqueBy([...into.facts, ...from.facts], (f) => `${f.field}|${f.value}`);
    const sources = [...new Set([...into.provenance.sources, ...from.provenance.sources])].sort();
    into.provenance = { sources, fetchedAt: maxDate([into.provenance.fetchedAt, from.provenance.fetchedAt]) };
  }
}

// ---------------------------------------------------------------------------------------------
// evidence

function seriesKey(e: Evidence): string {
  return `${e.kind}|${e.source}|${e.detail ?? ''}`;
}

function aggregateOf(kind: EvidenceKind): 'sum' | 'max' | 'perDetail' | null {
  const signal = signalOfKind(kind, SCORING_CONFIG);
  return signal ? (SCORING_CONFIG.evidence[signal][kind]?.aggregate ?? null) : null;
}

const LIST_SOURCES = new Set<string>(['awesome-generative-ai', 'ai-tools-autoventure', 'awesome-ai-tools']);

/**
 * Moves evidence of merged entries to their survivors. Of rows of one series the newest is kept (the survivor's own
 * on a tie), as the scoring engine counts only the newest observation of a series; of a kind the engine counts by
 * its largest row, the largest is kept; list mentions become one row over the union of lists.
 */
function moveEvidence(evidence: Evidence[], survivor: (id: string) => string, merged: Set<string>): { kept: Evidence[]; dropped: DroppedEvidence[] } {
  const original = new Map<Evidence, string>();
  for (const e of evidence) {
    original.set(e, e.productId);
    e.productId = survivor(e.productId);
  }
  const dropped: DroppedEvidence[] = [];
  const byProduct = new Map<string, Evidence[]>();
  for (const e of evidence) {
    const list = byProduct.get(e.productId) ?? [];
    list.push(e);
    byProduct.set(e.productId, list);
  }
  const own = (e: Evidence) => original.get(e) === e.productId;
  const kept: Evidence[] = [];
  for (const [id, rows] of byProduct) {
    if (!merged.has(id)) {
      kept.push(...rows);
      continue;
    }
    // one row per series
    const series = new Map<string, Evidence>();
    for (const e of rows) {
      const k = seriesKey(e);
      const prev = series.get(k);
      if (!prev) {
        series.set(k, e);
        continue;
      }
      const better = e.date > prev.date || (e.date === prev.date && own(e) && !own(prev));
      const [keep, drop] = better ? [e, prev] : [prev, e];
      series.set(k, keep);
      dropped.push({ row: drop, why: 'same-series', keptBy: keep });
    }
    let out = [...series.values()];
    // kinds counted by their largest row keep that row
    const byKind = new Map<EvidenceKind, Evidence[]>();
    for (const e of out) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
    for (const [kind, list] of byKind) {
      if (list.length < 2) continue;
      if (aggregateOf(kind) === 'max') {
        const best = [...list].sort((a, b) => b.value - a.value || Number(own(b)) - Number(own(a)) || b.date.localeCompare(a.date))[0];
        for (const e of list) if (e !== best) dropped.push({ row: e, why: 'max-kind', keptBy: best });
        out = out.filter((e) => e.kind !== kind || e === best);
      } else if (kind === 'list_mentions' && list.every((e) => e.source.split('+').every((s) => LIST_SOURCES.has(s)))) {
        const lists = [...new Set(list.flatMap((e) => e.source.split('+')))].sort() as SourceId[];
        const combined: Evidence = {
          productId: id,
          kind,
          value: lists.length,
          source: lists.join('+'),
          date: maxDate(list.map((e) => e.date)),
          detail: lists.map((l) => SOURCE_SPECS[l].name).join(', '),
        };
        for (const e of list) dropped.push({ row: e, why: 'lists-combined', keptBy: combined });
        out = [...out.filter((e) => e.kind !== kind), combined];
      }
    }
    kept.push(...out);
  }
  // a row kept for a series may have been folded later: point at the row that is in the catalog
  const next = new Map(dropped.map((d) => [d.row, d.keptBy]));
  for (const d of dropped) while (next.has(d.keptBy)) d.keptBy = next.get(d.keptBy)!;
  // restore the original ids on dropped rows so a reader sees where they came from
  for (const d of dropped) d.row = { ...d.row, productId: original.get(d.row) ?? d.row.productId };
  return { kept, dropped };
}

// ---------------------------------------------------------------------------------------------
// the step

function countTypes(products: Product[]): Record<Product['type'], number> {
  const out = { model: 0, product: 0, router: 0 };
  for (const p of products) out[p.type]++;
  return out;
}

/** Resolves entities in place: `products` and `evidence` are replaced by the merged lists. */
export function resolveEntities(products: Product[], evidence: Evidence[], table: MergeFile, opts: ResolveOptions = {}): EntityReport {
  const before = countTypes(products);
  const evidenceBefore = evidence.length;
  const separate: EntityReport['separate'] = [];
  const merger = new Merger(products);

  // 1. routers (a `~` alias becomes one only when step 2 finds no model for it)
  const models = products.filter((p) => p.type === 'model');
  const routers = new Set(models.filter(isRouter).map((p) => p.id));
  const routable = models.filter((p) => !routers.has(p.id));

  // 2. offers of OpenRouter models
  const links = offerLinks(routable, separate);
  for (const p of routable) if (p.id.startsWith('~') && !links.has(p.id)) routers.add(p.id);
  for (const id of routers) {
    const p = merger.get(id)!;
    p.type = 'router';
    p.category = ROUTER_CATEGORY;
  }
  const order = [...links.keys()].sort();
  for (const id of order) {
    const link = links.get(id)!;
    merger.merge(id, link.base, link.kind, link.reason, link.kind);
  }

  // 3. a product listing that is a model
  const brands = new Set(PRODUCT_BRANDS.map(normalise));
  const modelNames = new Map<string, Set<string>>();
  for (const p of products) {
    if (p.type !== 'model' || merger.into.has(p.id)) continue;
    const names = [p.name, stripVendor(p.name), p.id.slice(p.id.indexOf('/') + 1), ...p.aliases.filter((a) => !a.includes(':') && !a.includes('/'))];
    for (const n of names) {
      const k = normalise(n);
      modelNames.set(k, (modelNames.get(k) ?? new Set()).add(p.id));
    }
  }
  for (const p of products) {
    if (p.type !== 'product') continue;
    const k = normalise(p.name);
    const hits = modelNames.get(k);
    if (!hits || brands.has(k)) continue;
    if (hits.size === 1) merger.merge(p.id, [...hits][0], 'model-name', `the listing "${p.name}" is the model's name`);
    else separate.push({ id: p.id, reason: `name matches ${hits.size} models: ${[...hits].sort().join(', ')}` });
  }

  // 4. products: the curated table, then name key and URL
  const errors: RowError[] = [];
  const skippedMerges: RowError[] = [];
  table.merges.forEach((m, i) => {
    const from = merger.get(m.from);
    const into = merger.get(m.into);
    const missing: RowError[] = [];
    if (!from) missing.push({ row: i, path: 'from', message: `no entry with id "${m.from}"` });
    if (!into) missing.push({ row: i, path: 'into', message: `no entry with id "${m.into}"` });
    (opts.lenient ? skippedMerges : errors).push(...missing);
    if (from && merger.into.has(from.id)) errors.push({ row: i, path: 'from', message: `"${m.from}" is already merged into "${merger.survivor(m.from)}"` });
    if (from && into && !merger.into.has(from.id)) merger.merge(from.id, into.id, 'table', m.reason);
  });
  if (errors.length) throw new ImportValidationError('merges', errors);
  const byName = new Map<string, string>();
  const byUrl = new Map<string, string>();
  for (const p of products) {
    if (p.type !== 'product' || merger.into.has(p.id)) continue;
    const nk = productNameKey(p.name);
    const uk = p.url ? urlKey(p.url) : null;
    const sameName = nk.length >= 2 ? byName.get(nk) : undefined;
    const sameUrl = uk ? byUrl.get(uk) : undefined;
    if (sameName) merger.merge(p.id, sameName, 'product-name', `same name as "${merger.get(sameName)!.name}"`);
    else if (sameUrl) merger.merge(p.id, sameUrl, 'product-url', `same page as "${merger.get(sameUrl)!.name}" (${uk})`);
    else {
      if (nk.length >= 2) byName.set(nk, p.id);
      if (uk) byUrl.set(uk, p.id);
    }
  }

  // evidence, then the surviving entries
  const survivors = new Set([...merger.into.keys()].map((id) => merger.survivor(id)));
  const { kept, dropped } = moveEvidence(evidence, (id) => merger.survivor(id), survivors);
  evidence.splice(0, evidence.length, ...kept);
  const remaining = products.filter((p) => !merger.into.has(p.id));
  products.splice(0, products.length, ...remaining);

  const offers = { free: 0, alias: 0, snapshot: 0, variant: 0 };
  for (const p of products) for (const o of p.offers) offers[o.kind]++;
  return {
    before,
    after: countTypes(products),
    offers,
    routers: [...routers].sort(),
    merges: merger.records,
    separate: separate.sort((a, b) => a.id.localeCompare(b.id)),
    evidence: { before: evidenceBefore, after: evidence.length, dropped },
    skippedAliases: merger.skippedAliases,
    skippedMerges,
  };
}

/**
 * Curated, sourced product facts (data/curated/facts.json): vendor, website, pricing, the models a product runs,
 * its rivals, its repository and whether it is open source, each checked against a public page on a given date.
 * The file format is documented in docs/catalog.md. It is validated at load (zod, row-level errors), and applied
 * after the rest of the build: every product, model and rival it names must exist, or the build fails naming the
 * row. Curated facts win over values derived from the sources, and each applied fact is kept on the product as a
 * SourcedFact so cards can show where it comes from.
 */
import { NO_FILE, readJsonFile } from './load.js';
import { z } from 'zod';
import { PRICING_MODELS, type DiscontinuedRecord, type Evidence, type PricingModel, type Product, type SourcedFact } from '../core/domain.js';
import { pricingLabel, usd } from '../core/format.js';
import { ImportValidationError, type RowError } from './errors.js';
import { githubFullName } from './repos.js';
import { capabilityLabel, isCapabilityTag } from '../core/capability-taxonomy.js';
import { fileError, isoDate, issuesToErrors } from './validate.js';
import { hostOf } from './normalize.js';
import { formatCount } from '../core/scoring/format.js';

/** Source id the applied facts are credited to in provenance and card footers. */
export const FACTS_SOURCE_ID = 'curated-facts';
/** Paid tiers named in the pricing fact's short words; the rest are counted. */
export const FACT_TIERS_SHOWN = 3;

const checked = isoDate;
const source = z.url();

/** Prices are shown in USD only; a page that gives another currency is left out by the curators. */
const currency = z.literal('USD', { message: 'prices are kept in USD only' }).optional();

const priceSchema = z.strictObject({ amount: z.number().nonnegative(), currency, unit: z.string().min(1) });
const tierSchema = z.strictObject({ name: z.string().min(1), amount: z.number().nonnegative(), currency, unit: z.string().min(1) });

const pageDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected a date: yyyy-mm-dd, yyyy-mm or yyyy');

/** What a usage figure counts: people who use it (users of some kind, app downloads) or paying customers (organisations, or people on a paid plan). */
export const USAGE_UNITS = {
  'weekly active users': 'people',
  'monthly active users': 'people',
  'daily active users': 'people',
  users: 'people',
  'registered users': 'people',
  'monthly unique visitors': 'people',
  'paying subscribers': 'customers',
  downloads: 'people',
  customers: 'customers',
} as const;
export type UsageUnit = keyof typeof USAGE_UNITS;

function sourced<T extends z.ZodType>(value: T) {
  return z.strictObject({ value, source, checked });
}

export const factEntrySchema = z.strictObject({
  /** catalog id of the product (after the build) */
  product: z.string().min(1),
  /** the product's official URL */
  website: z.url().optional(),
  vendor: sourced(z.string().min(1)).optional(),
  /** a one-line description in our own words from the page, replacing a listing's that is out of date ("powered by LaMDA") */
  description: sourced(z.string().min(1).max(300)).optional(),
  pricing: z
    .strictObject({
      model: z.enum(PRICING_MODELS),
      freeTier: z.boolean().optional(),
      freeTrial: z.boolean().optional(),
      /** cheapest paid plan for an individual; null when there is none (usage-based or free) */
      startingPrice: priceSchema.nullable().optional(),
      tiers: z.array(tierSchema).optional(),
      source,
      /** the date the page itself shows; pages often give only a month ("2026-06") */
      sourceDate: pageDate.optional(),
      checked,
    })
    .optional(),
  poweredBy: z.strictObject({ models: z.array(z.string().min(1)).min(1), source, checked }).optional(),
  repository: sourced(z.string().regex(/^https?:\/\/(www\.)?github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/?$/, 'expected https://github.com/<owner>/<repo>')).optional(),
  openSource: sourced(z.boolean()).optional(),
  rivals: sourced(z.array(z.string().min(1)).min(1)).optional(),
  /** capabilities a page states the product has, beyond its one-line listing ("ChatGPT ... generates images") */
  capabilities: z
    .array(
      z.strictObject({
        tags: z.array(z.string().refine(isCapabilityTag, { message: 'not a capability tag of data/capabilities.json' })).min(1),
        source,
        checked,
      }),
    )
    .min(1)
    .optional(),
  /**
   * how many people use it or pay for it, as the vendor states it (or the press reports the vendor's figure):
   * "800 million weekly active users" said on 2025-10-06. Third-party traffic estimates are not usage figures.
   */
  usage: z
    .strictObject({
      count: z.number().int().positive(),
      /** "over 10 million" is over, "nearly 700 million" about */
      qualifier: z.enum(['exact', 'over', 'about']).default('exact'),
      unit: z.enum(Object.keys(USAGE_UNITS) as [UsageUnit, ...UsageUnit[]]),
      /** when the figure was stated, as the page gives it */
      asOf: pageDate,
      source,
      /** the page's words that give the figure */
      quote: z.string().min(1).max(400),
      checked,
    })
    .optional(),
  /** the name the product goes by now ("DeepCrawl is now Lumar"); the listing's name stays an alias */
  renamed: sourced(z.string().min(1)).optional(),
  /** no longer offered: the build leaves it out of the catalog and the report lists it */
  discontinued: z
    .strictObject({
      /** when, as the page gives it */
      since: pageDate.optional(),
      /** what it became or was folded into, in words */
      successor: z.string().min(1).optional(),
      source,
      checked,
    })
    .optional(),
  notes: z.string().optional(),
});

export type FactEntry = z.output<typeof factEntrySchema>;

const factsFileSchema = z.strictObject({ description: z.string().optional(), products: z.array(z.unknown()) });

export function parseFacts(raw: unknown): { rows: FactEntry[]; errors: RowError[] } {
  const top = factsFileSchema.safeParse(raw);
  if (!top.success) return { rows: [], errors: fileError('expected { products: [...] }', top.error) };
  const rows: FactEntry[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  top.data.products.forEach((item, i) => {
    const r = factEntrySchema.safeParse(item);
    if (!r.success) return errors.push(...issuesToErrors(i, r.error));
    const first = seen.get(r.data.product);
    if (first !== undefined) return errors.push({ row: i, path: 'product', message: `"${r.data.product}" already has facts in row ${first}` });
    seen.set(r.data.product, i);
    rows.push(r.data);
  });
  return errors.length ? { rows: [], errors } : { rows, errors };
}

/** Reads and validates the facts file; a missing file means no facts. */
export function loadFacts(path: string): FactEntry[] {
  const raw = readJsonFile('facts', path, { missing: NO_FILE });
  if (raw === NO_FILE) return [];
  const { rows, errors } = parseFacts(raw);
  if (errors.length) throw new ImportValidationError('facts', errors);
  return rows;
}

/** "Freemium; free trial; Go $8 per month, Plus $20 per month, Pro $200 per month" */
export function pricingWords(p: NonNullable<FactEntry['pricing']>): string {
  const parts = [pricingLabel(p.model)];
  const noCost = p.model === 'free' || p.model === 'freemium';
  if (p.freeTier === true && !noCost) parts.push('free tier');
  if (p.freeTier === false && p.model !== 'paid' && p.model !== 'usage-based') parts.push('no free tier');
  if (p.freeTrial) parts.push('free trial');
  if (p.tiers?.length) {
    const shown = p.tiers.slice(0, FACT_TIERS_SHOWN).map((t) => `${t.name} ${usd(t.amount)} ${t.unit}`);
    const more = p.tiers.length - shown.length;
    parts.push(shown.join(', ') + (more > 0 ? ` +${more} more` : ''));
  } else if (p.startingPrice) {
    parts.push(`from ${usd(p.startingPrice.amount)} ${p.startingPrice.unit}`);
  }
  return parts.join('; ');
}

/** The description without its sentences that claim a free tier or plan ("Free tier available."). */
export function withoutFreeTierClaims(description: string): string {
  const sentences = description.split(/(?<=[.!?])\s+/);
  const kept = sentences.filter((x) => !/\bfree (tier|plan|version)s?\b/i.test(x));
  return kept.length === sentences.length ? description : kept.join(' ').trim();
}

export interface FactsOptions {
  /** ids merged into another entry by the build (from -> into), so a fact naming a merged model or rival still lands */
  redirects?: Map<string, string>;
  /** leave out (and report) model and rival ids the catalog does not have, instead of failing */
  lenient?: boolean;
}

export interface FactsApplied {
  /** products that received at least one fact */
  products: number;
  /** facts recorded on products */
  facts: number;
  /** newest "checked" date, or null when there are no facts */
  date: string | null;
  /** references left out because the catalog no longer has them (lenient builds only) */
  skipped: RowError[];
  /** products a fact says are no longer offered; the build leaves them out */
  discontinued: DiscontinuedRecord[];
  /** adoption evidence from stated usage figures (stated_users, stated_customers) */
  evidence: Evidence[];
}

/** 800000000 -> "800 million", 1200000000 -> "1.2 billion", 34000 -> "34,000" */
export function countWords(n: number): string {
  const big = (v: number, word: string) => `${Number((n / v).toPrecision(3))} ${word}`;
  if (n >= 1e9) return big(1e9, 'billion');
  if (n >= 1e6) return big(1e6, 'million');
  return formatCount(n);
}

/** "over 800 million weekly active users" */
export function usageWords(u: NonNullable<FactEntry['usage']>): string {
  const q = u.qualifier === 'exact' ? '' : `${u.qualifier} `;
  return `${q}${countWords(u.count)} ${u.unit}`;
}

/** The adoption evidence a usage fact gives: people who use it and paying customers are counted apart. */
export function usageEvidence(productId: string, u: NonNullable<FactEntry['usage']>): Evidence {
  return {
    productId,
    kind: USAGE_UNITS[u.unit] === 'people' ? 'stated_users' : 'stated_customers',
    value: u.count,
    source: FACTS_SOURCE_ID,
    // an ISO day for ordering and ages; the line keeps the date as the page gives it ("2025-10")
    date: u.asOf.length === 4 ? `${u.asOf}-01-01` : u.asOf.length === 7 ? `${u.asOf}-01` : u.asOf,
    detail: usageWords(u),
    note: `${hostOf(u.source) ?? u.source}, ${u.asOf}`,
  };
}

const NO_COST: ReadonlySet<PricingModel> = new Set(['free', 'freemium']);

/**
 * Applies the facts in place. Validates every reference first (product, models, rivals) and throws one
 * ImportValidationError listing every bad row, so a bad file changes nothing.
 */
export function applyFacts(products: Product[], entries: FactEntry[], opts: FactsOptions = {}): FactsApplied {
  const byId = new Map(products.map((p) => [p.id, p]));
  const offerOf = new Map<string, string>();
  for (const p of products) for (const o of p.offers) offerOf.set(o.id, p.id);
  const find = (id: string): Product | undefined => byId.get(id) ?? byId.get(opts.redirects?.get(id) ?? '') ?? byId.get(offerOf.get(id) ?? '');

  const errors: RowError[] = [];
  entries.forEach((e, i) => {
    const p = byId.get(e.product);
    if (!p) errors.push({ row: i, path: 'product', message: `no product with id "${e.product}" in the catalog` });
    e.poweredBy?.models.forEach((m, j) => {
      const model = find(m);
      if (!model) errors.push({ row: i, path: `poweredBy.models.${j}`, message: `no model with id "${m}" in the catalog` });
      else if (model.type !== 'model') errors.push({ row: i, path: `poweredBy.models.${j}`, message: `"${m}" is a ${model.type}, not a model` });
    });
    e.rivals?.value.forEach((r, j) => {
      const rival = find(r);
      if (!rival) errors.push({ row: i, path: `rivals.value.${j}`, message: `no product with id "${r}" in the catalog` });
      else if (p && rival.id === p.id) errors.push({ row: i, path: `rivals.value.${j}`, message: 'a product cannot be its own rival' });
    });
  });
  // a build over a fresh download of one source may no longer have an entry a fact names: such a
  // reference is left out and reported rather than blocking the refresh; the bundled build is strict
  const skipped = opts.lenient ? errors.filter((x) => x.path !== 'product' && /^no (model|product) with id/.test(x.message)) : [];
  const fatal = errors.filter((x) => !skipped.includes(x));
  if (fatal.length) throw new ImportValidationError('facts', fatal);
  const known = (id: string) => find(id) !== undefined;

  const discontinued: DiscontinuedRecord[] = [];
  const evidence: Evidence[] = [];
  let applied = 0;
  let count = 0;
  let newest: string | null = null;
  for (const e of entries) {
    const p = byId.get(e.product)!;
    const facts: SourcedFact[] = [];
    const record = (field: string, value: string, src: string, date: string) => {
      facts.push({ field, value, source: src, date });
      if (newest === null || date > newest) newest = date;
    };
    if (e.website) p.url = e.website;
    if (e.vendor) {
      p.vendor = e.vendor.value;
      record('vendor', e.vendor.value, e.vendor.source, e.vendor.checked);
    }
    if (e.description) {
      p.description = e.description.value;
      record('description', e.description.value, e.description.source, e.description.checked);
    }
    if (e.pricing) {
      const pr = e.pricing;
      p.pricing.model = pr.model;
      p.pricing.startingPrice = pr.startingPrice ? { amount: pr.startingPrice.amount, unit: pr.startingPrice.unit } : null;
      delete p.features.freeTier;
      delete p.features.freeTrial;
      const freeTier = pr.freeTier ?? (NO_COST.has(pr.model) ? true : undefined);
      if (freeTier !== undefined) p.features.freeTier = freeTier;
      if (pr.freeTrial !== undefined) p.features.freeTrial = pr.freeTrial;
      // a listing's "Free tier available." would contradict the sourced pricing right under it on the card
      if (freeTier === false) p.description = withoutFreeTierClaims(p.description);
      record('pricing', pricingWords(pr), pr.source, pr.checked);
    }
    if (e.poweredBy) {
      const models = e.poweredBy.models.filter(known).map((m) => find(m)!);
      if (models.length) {
        p.poweredBy = models.map((m) => ({ modelId: m.id, source: e.poweredBy!.source, date: e.poweredBy!.checked }));
        record('poweredBy', models.map((m) => m.name).join(', '), e.poweredBy.source, e.poweredBy.checked);
      }
    }
    if (e.rivals) {
      const rivals = [...new Map(e.rivals.value.filter(known).map((r) => find(r)!).map((r) => [r.id, r])).values()];
      if (rivals.length) {
        p.rivals = rivals.map((r) => ({ id: r.id, source: e.rivals!.source, date: e.rivals!.checked }));
        record('rivals', rivals.map((r) => r.name).join(', '), e.rivals.source, e.rivals.checked);
      }
    }
    if (e.repository) {
      p.repository = githubFullName(e.repository.value);
      record('repository', p.repository!, e.repository.source, e.repository.checked);
    }
    if (e.openSource) {
      p.features.openSource = e.openSource.value;
      record('openSource', e.openSource.value ? 'Open source' : 'Not open source', e.openSource.source, e.openSource.checked);
    }
    if (e.capabilities) {
      const stated = new Map((p.features.statedCapabilities ?? []).map((c) => [c.tag, c]));
      for (const c of e.capabilities) {
        for (const tag of c.tags) if (!stated.has(tag)) stated.set(tag, { tag, source: c.source, date: c.checked });
        record('capabilities', c.tags.map(capabilityLabel).join(', '), c.source, c.checked);
      }
      p.features.statedCapabilities = [...stated.values()];
    }
    if (e.usage) {
      evidence.push(usageEvidence(p.id, e.usage));
      record('usage', `${usageWords(e.usage)} (as of ${e.usage.asOf})`, e.usage.source, e.usage.checked);
    }
    if (e.renamed && e.renamed.value !== p.name) {
      const before = p.name;
      p.name = e.renamed.value;
      p.aliases = [before, ...p.aliases.filter((a) => a.toLowerCase() !== before.toLowerCase() && a.toLowerCase() !== p.name.toLowerCase())];
      record('renamed', `formerly ${before}`, e.renamed.source, e.renamed.checked);
    }
    if (e.discontinued) {
      const d = e.discontinued;
      discontinued.push({ id: p.id, name: p.name, since: d.since ?? null, successor: d.successor ?? null, source: d.source, checked: d.checked });
    }
    if (facts.length === 0 && !e.website) continue;
    p.facts = facts;
    applied++;
    count += facts.length;
    if (!p.provenance.sources.includes(FACTS_SOURCE_ID)) p.provenance.sources = [...p.provenance.sources, FACTS_SOURCE_ID].sort();
    const latest = facts.reduce((max, f) => (f.date > max ? f.date : max), p.provenance.fetchedAt);
    p.provenance.fetchedAt = latest;
  }
  return { products: applied, facts: count, date: newest, skipped, discontinued, evidence };
}

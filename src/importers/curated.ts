import { readJsonFile } from './load.js';
import { isCapabilityTag } from '../core/capabilities.js';
import { z } from 'zod';
import { PRICING_MODELS, type Evidence, type Product } from '../core/domain.js';
import { ImportValidationError, type RowError } from './errors.js';
import { productNameKey } from './normalize.js';
import { fileError, isoDate, issuesToErrors } from './validate.js';

const capabilitySchema = z.strictObject({
  /** taxonomy tag the capability belongs to, if any */
  tag: z
    .string()
    .refine(isCapabilityTag, { message: 'not a tag of the capability taxonomy (data/capabilities.json)' })
    .optional(),
  title: z.string().min(3),
  description: z.string().min(20),
  unique: z.string().min(10),
  vsAlternatives: z.string().min(10),
});

const pricingSchema = z.strictObject({
  model: z.enum(PRICING_MODELS).nullable().optional(),
  startingPrice: z.strictObject({ amount: z.number().nonnegative(), unit: z.string().min(1) }).nullable().optional(),
});

const featuresSchema = z.strictObject({
  freeTier: z.boolean().optional(),
  openSource: z.boolean().optional(),
  openWeights: z.boolean().optional(),
});

/** A correction or addition to a product the sources already give. */
export const curatedEntrySchema = z.strictObject({
  /** the product's id after curation */
  id: z.string().min(1),
  /** how to find the product when no product has `id` yet */
  match: z.strictObject({ name: z.string().min(1) }).optional(),
  /** why this fact is here and where it comes from */
  note: z.string().min(10),
  name: z.string().min(1).optional(),
  aliases: z.array(z.string().min(1)).optional(),
  type: z.enum(['model', 'product']).optional(),
  vendor: z.string().min(1).nullable().optional(),
  category: z.string().min(1).optional(),
  pricing: pricingSchema.optional(),
  features: featuresSchema.optional(),
  capabilities: z.array(capabilitySchema).min(1).optional(),
});

export const curatedFileSchema = z.strictObject({
  description: z.string().optional(),
  /** when these facts were last checked */
  date: isoDate,
  products: z.array(curatedEntrySchema),
  /** LMArena model key -> product id or name, for arena models the name normalisation cannot place */
  arenaAliases: z.record(z.string(), z.string()).default({}),
  /**
   * Product id -> the Hugging Face repositories of that product's own open weights (exact ids, or
   * "<org>/*" for a listing that is the whole model family of one organisation), with the reason
   * they are the same thing. Their downloads and likes in the trending snapshot become the
   * product's evidence.
   */
  huggingfaceRepos: z
    .record(
      z.string().min(1),
      z.strictObject({
        repos: z.array(z.string().regex(/^[A-Za-z0-9_.-]+\/(?:\*|[A-Za-z0-9_.-]+)$/, 'expected <org>/<repo> or <org>/*')).min(1),
        reason: z.string().min(10),
      }),
    )
    .default({}),
});

export type CuratedFile = z.output<typeof curatedFileSchema>;
export type CuratedEntry = z.output<typeof curatedEntrySchema>;

export function parseCurated(raw: unknown): { data: CuratedFile | null; errors: RowError[] } {
  const top = z.looseObject({ products: z.array(z.unknown()) }).safeParse(raw);
  if (!top.success) return { data: null, errors: fileError('expected { date, products: [...] }', top.error) };
  const errors: RowError[] = [];
  top.data.products.forEach((p, i) => {
    const r = curatedEntrySchema.safeParse(p);
    if (!r.success) errors.push(...issuesToErrors(i, r.error));
  });
  if (errors.length) return { data: null, errors };
  const r = curatedFileSchema.safeParse(raw);
  if (!r.success) return { data: null, errors: fileError('invalid curated file', r.error) };
  return { data: r.data, errors: [] };
}

export function loadCurated(path: string): CuratedFile {
  const { data, errors } = parseCurated(readJsonFile('curated', path));
  if (!data) throw new ImportValidationError('curated', errors);
  return data;
}

/**
 * Applies curated facts in place. Every entry must find its product (by id, else by name), and a
 * renamed id must be free; otherwise the build fails rather than silently ignoring the fact.
 * Evidence rows follow renamed ids.
 */
export function applyCurated(products: Product[], evidence: Evidence[], curated: CuratedFile): void {
  const byId = new Map(products.map((p) => [p.id, p]));
  const byName = new Map<string, Product>();
  for (const p of products) {
    const k = productNameKey(p.name);
    if (!byName.has(k)) byName.set(k, p);
  }
  const errors: RowError[] = [];
  const renames = new Map<string, string>();
  curated.products.forEach((entry, i) => {
    const p = byId.get(entry.id) ?? (entry.match ? byName.get(productNameKey(entry.match.name)) : undefined);
    if (!p) {
      errors.push({ row: i, path: entry.match ? 'match.name' : 'id', message: `no product with id "${entry.id}"${entry.match ? ` or name "${entry.match.name}"` : ''}` });
      return;
    }
    if (p.id !== entry.id) {
      renames.set(p.id, entry.id);
      byId.delete(p.id);
      p.id = entry.id;
      byId.set(p.id, p);
    }
    const oldName = p.name;
    if (entry.name) p.name = entry.name;
    const seen = new Set([p.name.toLowerCase()]);
    const aliases = [oldName, ...p.aliases].filter((a) => !seen.has(a.toLowerCase()) && (seen.add(a.toLowerCase()), true));
    // curated aliases are kept as written, even when they differ from the name only in case ("Gemini" for "gemini")
    for (const a of entry.aliases ?? []) if (a !== p.name && !aliases.includes(a)) aliases.push(a);
    p.aliases = aliases;
    if (entry.type) p.type = entry.type;
    if (entry.vendor !== undefined) p.vendor = entry.vendor;
    if (entry.category) p.category = entry.category;
    if (entry.pricing) {
      if (entry.pricing.model !== undefined) p.pricing.model = entry.pricing.model;
      if (entry.pricing.startingPrice !== undefined) p.pricing.startingPrice = entry.pricing.startingPrice;
    }
    if (entry.features) Object.assign(p.features, entry.features);
    if (entry.capabilities) p.capabilities = entry.capabilities.map((c) => ({ ...c, tag: c.tag ?? null }));
    if (!p.provenance.sources.includes('curated')) {
      p.provenance.sources = [...p.provenance.sources, 'curated'].sort();
      if (curated.date > p.provenance.fetchedAt) p.provenance.fetchedAt = curated.date;
    }
  });
  const ids = new Set<string>();
  for (const p of products) {
    if (ids.has(p.id)) errors.push({ row: p.id, path: 'id', message: `curated id "${p.id}" collides with another product` });
    ids.add(p.id);
  }
  if (errors.length) throw new ImportValidationError('curated', errors);
  for (const e of evidence) {
    const to = renames.get(e.productId);
    if (to) e.productId = to;
  }
}
